// The one way to Rust: `invoke` with errors turned into `ApiError`s. The typed wrappers of every
// command (./commands.ts) are made from the Rust commands and call this.
import { invoke } from '@tauri-apps/api/core';
import type { Code, CommandError } from './bindings';

/** A command's error, as Rust sent it: `code` for the UI, `message` for the person. */
export class ApiError extends Error {
  readonly code: Code;
  readonly field: string | null;
  constructor(e: CommandError) {
    super(e.message);
    this.code = e.code;
    this.field = e.field;
  }
}

function isCommandError(e: unknown): e is CommandError {
  return typeof e === 'object' && e !== null && 'code' in e && 'message' in e;
}

export async function call<T>(command: string, args?: Record<string, unknown>): Promise<T> {
  try {
    return await invoke<T>(command, args);
  } catch (e) {
    if (isCommandError(e)) throw new ApiError(e);
    throw new ApiError({ code: 'app', message: String(e), field: null });
  }
}

