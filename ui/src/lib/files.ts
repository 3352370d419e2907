/**
 * Files the page names go to commands as tokens Rust issued — never as paths (see
 * `src-tauri/src/chosen.rs`). A form shows and lets the person type the path; when it is
 * submitted, `fileToken` hands over the token the file chooser gave for that path, or asks Rust
 * to check the typed path and issue one (with a clear error when the file is not what the
 * form is for).
 */
import { api } from '../api';
import type { FilePurpose, FileToken } from '../api/bindings';

const issued = new Map<string, FileToken>();
const key = (purpose: FilePurpose, path: string) => `${purpose}\n${path.trim()}`;

/** Opens the system's file chooser; the path chosen (to show in the form), or null. */
export async function chooseFile(purpose: FilePurpose): Promise<string | null> {
  const chosen = await api.chooseFile(purpose);
  if (!chosen) return null;
  issued.set(key(purpose, chosen.path), chosen.token);
  return chosen.path;
}

/** The token for the file at `path` (as chosen or typed) for `purpose`. */
export async function fileToken(purpose: FilePurpose, path: string): Promise<FileToken> {
  const known = issued.get(key(purpose, path));
  if (known) return known;
  const typed = await api.typedFile(path, purpose);
  issued.set(key(purpose, typed.path), typed.token);
  return typed.token;
}
