// Dialogs keep focus inside while open and give it back when they close: one helper for every
// dialog (the shortcuts, search, confirmations).

const FOCUSABLE =
  'a[href], button:not([disabled]), input:not([disabled]), select:not([disabled]), textarea:not([disabled]), [tabindex]:not([tabindex="-1"])';

/** Focuses the first control in `root`, keeps Tab and Shift+Tab inside it, and returns a function
 * that stops and puts focus back where it was before (call it when the dialog closes; it is
 * returned so `onMount(() => trapFocus(el))` does both). */
export function trapFocus(root: HTMLElement | null): () => void {
  const before = document.activeElement instanceof HTMLElement ? document.activeElement : null;
  if (!root) return () => {};
  const controls = () => [...root.querySelectorAll<HTMLElement>(FOCUSABLE)].filter((e) => !e.hidden && e.offsetParent !== null);
  (controls()[0] ?? root).focus();
  const keep = (e: KeyboardEvent) => {
    if (e.key !== 'Tab') return;
    const all = controls();
    const first = all[0];
    const last = all[all.length - 1];
    if (!first || !last) {
      e.preventDefault();
      return;
    }
    if (e.shiftKey && document.activeElement === first) {
      e.preventDefault();
      last.focus();
    } else if (!e.shiftKey && document.activeElement === last) {
      e.preventDefault();
      first.focus();
    }
  };
  root.addEventListener('keydown', keep);
  return () => {
    root.removeEventListener('keydown', keep);
    if (before?.isConnected) before.focus();
  };
}
