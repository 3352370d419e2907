// The UI's only way to Rust: typed wrappers over the app's commands. Components import from
// here, never from '@tauri-apps/api' directly. Types come from ./bindings.ts, generated from the
// Rust types (src-tauri/src/bindings.rs).
import { invoke } from '@tauri-apps/api/core';
import { listen, type UnlistenFn } from '@tauri-apps/api/event';
import type {
  AppStatus,
  ChecklistView,
  Code,
  CommandError,
  Created,
  FieldInput,
  FilePurpose,
  HistoryEntry,
  Hit,
  Home,
  IncidentState,
  Incidents,
  KindInfo,
  LockedEvent,
  Paper,
  PlanImported,
  PlanReport,
  Corrections,
  PrintDocument,
  PrintedFile,
  Readiness,
  RecordList,
  RecordView,
  Settings,
  Signoffs,
  StartIncident,
  SyncLine,
  SyncStatus,
  Team,
  InvitationInfo,
  RecoveryKeyInfo,
  NewRecoveryKey,
  GenerationInfo,
  VerifyView,
  ImportFormat,
  ExportFormat,
  ExportedFile,
  Preview,
  ImportReport,
  Theme,
  UnlockProgress,
  PocketStatus,
  ShareCheck,
  Succession,
  KitMade,
} from './bindings';

export type * from './bindings';

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

async function call<T>(command: string, args?: Record<string, unknown>): Promise<T> {
  try {
    return await invoke<T>(command, args);
  } catch (e) {
    if (isCommandError(e)) throw new ApiError(e);
    throw new ApiError({ code: 'app', message: String(e), field: null });
  }
}

/** The message to show for any error. */
export function messageOf(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

export const api = {
  appStatus: () => call<AppStatus>('app_status'),
  createBinder: (request: {
    name: string;
    organisation: string;
    passphrase: string;
    binder_path: string | null;
    starter: boolean;
  }) => call<Created>('create_binder', { request }),
  openExisting: (binderPath: string, identityPath: string | null) =>
    call<AppStatus>('open_existing', { binderPath, identityPath }),
  openDemo: () => call<AppStatus>('open_demo'),
  closeBinder: () => call<AppStatus>('close_binder'),
  makeInvitation: (name: string, passphrase: string) =>
    call<string>('make_invitation', { name, passphrase }),
  joinTeam: (sharedPath: string, passphrase: string) =>
    call<AppStatus>('join_team', { sharedPath, passphrase }),
  unlock: (passphrase: string) => call<AppStatus>('unlock', { passphrase }),
  lock: () => call<AppStatus>('lock'),
  touch: () => call<null>('touch'),
  catalog: () => call<KindInfo[]>('catalog'),
  home: () => call<Home>('home'),
  readiness: () => call<Readiness>('readiness'),
  listRecords: (kind: string) => call<RecordList>('list_records', { kind }),
  getRecord: (id: string) => call<RecordView>('get_record', { id }),
  saveRecord: (kind: string, id: string | null, fields: FieldInput[]) =>
    call<RecordView>('save_record', { kind, id, fields }),
  deleteRecord: (id: string) => call<null>('delete_record', { id }),
  markVerified: (id: string) => call<RecordView>('mark_verified', { id }),
  search: (text: string) => call<Hit[]>('search', { text }),
  history: (id: string | null) => call<HistoryEntry[]>('history', { id }),
  checklist: (id: string) => call<ChecklistView>('checklist', { id }),
  syncStatus: () => call<SyncStatus>('sync_status'),
  setSharedFile: (path: string) => call<SyncStatus>('set_shared_file', { path }),
  /** Syncs now (a person asked; the app also syncs by itself, see `events.onSyncLine`). */
  syncNow: () => call<SyncStatus>('sync_now'),
  syncLine: () => call<SyncLine>('sync_line'),
  resolveConflict: (id: string, field: string, value: string) =>
    call<SyncStatus>('resolve_conflict', { id, field, value }),
  chooseFile: (purpose: FilePurpose) => call<string | null>('choose_file', { purpose }),
  /** What importing the plan document at `path` would make; writes nothing. */
  previewPlanImport: (path: string, corrections: Corrections | null = null) =>
    call<PlanReport>('preview_plan_import', { path, corrections }),
  importPlan: (path: string, leaveOut: string[], corrections: Corrections | null = null) =>
    call<PlanImported>('import_plan', { path, leaveOut, corrections }),
  /** Prints to a PDF at `path`, or where the system's save dialog says (null when cancelled). */
  exportPdf: (document: PrintDocument, paper: Paper, path: string | null, incident: string | null = null) =>
    call<PrintedFile | null>('export_pdf', { document, incident, paper, path }),
  incidents: () => call<Incidents>('incidents'),
  startIncident: (request: StartIncident) => call<IncidentState>('start_incident', { request }),
  incidentState: (id: string, background = false) => call<IncidentState>('incident_state', { id, background }),
  tickStep: (incident: string, item: string, done: boolean, note: string) =>
    call<IncidentState>('tick_step', { incident, item, done, note }),
  logEntry: (incident: string, kind: string, text: string) =>
    call<IncidentState>('log_entry', { incident, kind, text }),
  setIncidentStatus: (incident: string, status: string) =>
    call<IncidentState>('set_incident_status', { incident, status }),
  updateIncident: (incident: string, fields: FieldInput[]) =>
    call<IncidentState>('update_incident', { incident, fields }),
  logMessage: (incident: string, template: string) =>
    call<IncidentState>('log_message', { incident, template }),
  closeIncident: (incident: string, summary: string, lessons: string) =>
    call<IncidentState>('close_incident', { incident, summary, lessons }),
  signoffs: () => call<Signoffs>('signoffs'),
  /** Signs the plan; the passphrase is checked again by opening the identity file anew. */
  signPlan: (meaning: 'reviewed' | 'approved', role: string, passphrase: string) =>
    call<Signoffs>('sign_plan', { meaning, role, passphrase }),
  saveEmergencySheet: (paper: Paper, path: string | null) =>
    call<PrintedFile | null>('save_emergency_sheet', { paper, path }),
  forgetRecoveryKey: () => call<null>('forget_recovery_key'),
  updateSettings: (idleLockMinutes: number, theme: Theme, autoSync: boolean) =>
    call<Settings>('update_settings', { idleLockMinutes, theme, autoSync }),
  team: () => call<Team>('team'),
  readInvitation: (invitation: string) => call<InvitationInfo>('read_invitation', { invitation }),
  addMember: (invitation: string, role: string) => call<Team>('add_member', { invitation, role }),
  setMemberRole: (id: string, role: string) => call<Team>('set_member_role', { id, role }),
  removeMember: (id: string) => call<Team>('remove_member', { id }),
  /** A QR code of `text` as SVG markup (made in Rust; no network, no script). */
  qrCode: (text: string) => call<string>('qr_code', { text }),
  recoveryKeys: () => call<RecoveryKeyInfo[]>('recovery_keys'),
  pocketStatus: () => call<PocketStatus>('pocket_status'),
  shareWords: () => call<string[]>('share_words'),
  checkShares: (shares: string[]) => call<ShareCheck>('check_shares', { shares }),
  shareFromImage: (path: string) => call<string>('share_from_image', { path }),
  openWithShares: (binderFile: string, shares: string[], name: string) =>
    call<AppStatus>('open_with_shares', { binderFile, shares, name }),
  takeOver: (name: string, passphrase: string) => call<AppStatus>('take_over', { name, passphrase }),
  successorKits: () => call<Succession>('successor_kits'),
  makeSuccessorKit: (holders: string[], need: number, folder: string, paper: Paper) =>
    call<KitMade>('make_successor_kit', { holders, need, folder, paper }),
  setUpPocket: (path: string | null, passphrase: string) =>
    call<PocketStatus | null>('set_up_pocket', { path, passphrase }),
  stopPocket: () => call<PocketStatus>('stop_pocket'),
  addRecoveryKey: (label: string) => call<NewRecoveryKey>('add_recovery_key', { label }),
  removeRecoveryKey: (id: string) => call<RecoveryKeyInfo[]>('remove_recovery_key', { id }),
  changePassphrase: (old: string, next: string) => call<null>('change_passphrase', { old, new: next }),
  generations: () => call<GenerationInfo[]>('generations'),
  restoreGeneration: (number: number) => call<AppStatus>('restore_generation', { number }),
  verifyBinder: () => call<VerifyView>('verify_binder'),
  /** What importing the file would do (run on a copy in memory); writes nothing. */
  previewImport: (format: ImportFormat, kind: string | null, path: string) =>
    call<Preview>('preview_import', { format, kind, path }),
  importFile: (format: ImportFormat, kind: string | null, path: string) =>
    call<ImportReport>('import_file', { format, kind, path }),
  /** Writes an export to `path`, or where the save dialog says (null when cancelled). */
  exportFile: (format: ExportFormat, kind: string | null, path: string | null) =>
    call<ExportedFile | null>('export_file', { format, kind, path }),
  openLink: (url: string) => call<null>('open_link', { url }),
  /** A timing mark for the benchmark; a no-op unless the app runs with CB_PERF_LOG. */
  perfMark: (name: 'ui-start' | 'status-done' | 'unlock-ready' | 'home-ready') => call<null>('perf_mark', { name }),
};

export const events = {
  onUnlockProgress: (f: (p: UnlockProgress) => void): Promise<UnlistenFn> =>
    listen<UnlockProgress>('unlock-progress', (e) => f(e.payload)),
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
