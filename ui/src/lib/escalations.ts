/**
 * Waits that end in a running call tree, noticed on every screen: while an incident is open, its
 * call tree is worked out again every 15 seconds, and a wait that ended in the last two minutes
 * (by the app's clock) and was not announced yet raises one desktop notification and one notice
 * in the window. Waits that ended longer ago — before the binder was opened, or on another
 * laptop a while back — are not announced.
 */
import { api } from '../api';
import { app } from './app.svelte';

const announced = new Set<string>();
/** How recent a wait's end must be to be announced. */
const RECENT_MS = 2 * 60 * 1000;

async function look() {
  let open;
  try {
    open = (await api.incidents(true)).incidents.filter((i) => i.fields.status !== 'closed');
  } catch {
    return;
  }
  for (const incident of open) {
    let state;
    try {
      state = await api.incidentState(incident.id, true);
    } catch {
      continue;
    }
    const now = Date.parse(state.call_tree.now);
    for (const e of state.call_tree.escalations) {
      const key = `${incident.id} ${e.key}`;
      if (announced.has(key)) continue;
      announced.add(key);
      if (now - Date.parse(e.at) > RECENT_MS) continue;
      const next = state.call_tree.next[0];
      const then = next ? ` ${next.reason}.` : '';
      app.notify(`Wait ended: ${e.text}${then}`);
      api.notifyDesktop('Call tree: a wait ended', `${e.text}${then}`).catch(() => {});
    }
  }
}

/** Starts watching; returns the function that stops it. */
export function watchEscalations(): () => void {
  void look();
  const timer = setInterval(() => void look(), 15000);
  return () => clearInterval(timer);
}
