// The UI's only way to Rust: the typed wrappers of the app's commands (./commands.ts, made from
// the Rust commands) and its events. Components import from here, never from '@tauri-apps/api'
// directly. Types come from ./bindings.ts, generated from the Rust types (src-tauri/src/bindings.rs).
import { listen, type UnlistenFn } from '@tauri-apps/api/event';
import { commands } from './commands';
export { ApiError } from './call';
import type { HardwarePrompt, LockedEvent, SyncLine, UnlockProgress } from './bindings';

export type * from './bindings';

/** The message to show for any error. */
export function messageOf(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/** Every command of the app, typed (made from the Rust commands: see ./commands.ts). */
export const api = commands;

export const events = {
  onUnlockProgress: (f: (p: UnlockProgress) => void): Promise<UnlistenFn> =>
    listen<UnlockProgress>('unlock-progress', (e) => f(e.payload)),
  /** A hardware key asks for its PIN, a touch or a confirmation (see lib/HardwarePrompt.svelte). */
  onHardwarePrompt: (f: (p: HardwarePrompt) => void): Promise<UnlistenFn> =>
    listen<HardwarePrompt>('hardware-prompt', (e) => f(e.payload)),
  onLocked: (f: (e: LockedEvent) => void): Promise<UnlistenFn> =>
    listen<LockedEvent>('locked', (e) => f(e.payload)),
  /** The sync status line changed (the app syncs by itself). */
  onSyncLine: (f: (line: SyncLine) => void): Promise<UnlistenFn> =>
    listen<SyncLine>('sync-line', (e) => f(e.payload)),
  /** A sync brought in changes: what is on screen should be read again. */
  onBinderChanged: (f: () => void): Promise<UnlistenFn> => listen('binder-changed', () => f()),
  onTakeovers: (f: (sentences: string[]) => void): Promise<UnlistenFn> =>
    listen<string[]>('takeovers', (e) => f(e.payload)),
  onSavedBut: (f: (problem: string) => void): Promise<UnlistenFn> =>
    listen<string>('saved-but', (e) => f(e.payload)),
};

/** Runs `f` once the browser has painted the current state (two animation frames). */
export function afterPaint(f: () => void) {
  requestAnimationFrame(() => requestAnimationFrame(f));
}
