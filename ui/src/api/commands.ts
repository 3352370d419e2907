// Made from the app's commands (src-tauri/src/commands, read by src-tauri/src/declared.rs):
// do not edit. `BLESS=1 cargo test -p continuity-binder-app declared` writes it anew.
import { call } from './call';
import type {
  AppStatus,
  CallLogReport,
  ChecklistView,
  ChosenFile,
  Corrections,
  CreateBinder,
  Created,
  DependencyMap,
  Examples,
  ExportFormat,
  ExportedFile,
  FieldInput,
  FilePurpose,
  FileToken,
  HardwareKey,
  HistoryEntry,
  Hit,
  Home,
  ImpactGrid,
  ImportFormat,
  ImportReport,
  IncidentState,
  Incidents,
  InstalledPlugin,
  InvitationInfo,
  KeptVersion,
  KindInfo,
  KitMade,
  NewRecoveryKey,
  Paper,
  PlanImported,
  PlanReport,
  PocketStatus,
  Preview,
  PrintDocument,
  PrintedFile,
  Rating,
  Readiness,
  RecordCall,
  RecordList,
  RecordView,
  RecoveryKeyInfo,
  Settings,
  ShareCheck,
  Signoffs,
  StartIncident,
  Succession,
  SyncLine,
  SyncStatus,
  Team,
  Theme,
  VerifyView,
} from './bindings';

export const commands = {
  /** What importing a plan document would make, each proposal with how sure its reading is, and each block of the document with how it was read (`corrections`: the blocks the person said how to read; none: what they said the last time they imported a document of this name); writes nothing. */
  previewPlanImport: (file: FileToken, corrections?: Corrections | null) => call<PlanReport>('preview_plan_import', { file, corrections }),
  /** Imports a plan document into the open binder and saves, leaving out the proposals the person unticked in the preview (`leave_out`: their keys) and reading the blocks they corrected as they said. */
  importPlan: (file: FileToken, leaveOut: string[], corrections?: Corrections | null) => call<PlanImported>('import_plan', { file, leaveOut, corrections }),
  /** Prints the binder or the wallet card to a PDF file (the path given, or chosen in the system's save dialog); `None` when the dialog is cancelled. */
  exportPdf: (document: PrintDocument, incident: string | null, paper: Paper, path?: string | null) => call<PrintedFile | null>('export_pdf', { document, incident, paper, path }),
  /** Saves the emergency access sheet of the recovery key made with this binder, while the app still holds it (until "Open my binder"); the key itself never crosses back from the UI. */
  saveEmergencySheet: (paper: Paper, path?: string | null) => call<PrintedFile | null>('save_emergency_sheet', { paper, path }),
  /** The recovery key is written down: stop holding it. */
  forgetRecoveryKey: () => call<null>('forget_recovery_key'),
  /** The impact grid: every function against the time points, each cell its worst rating and whether anything there is intolerable, with each function's RTO and MTPD. */
  impactGrid: () => call<ImpactGrid>('impact_grid'),
  /** Rates one cell (a function after a time), one rating per category; saves and returns the grid as it now stands. Nothing is written when a value does not fit. */
  rateImpact: (function_: string, after: string, ratings: Rating[]) => call<ImpactGrid>('rate_impact', { function: function_, after, ratings }),
  /** The dependency map, laid out: every function, or one (`focus`, its id). */
  dependencyMap: (focus?: string | null) => call<DependencyMap>('dependency_map', { focus }),
  /** The incidents, the levels to activate and the scheduled exercises. `background`: asked by a timer, not by the person (does not hold off the idle lock). */
  incidents: (background?: boolean | null) => call<Incidents>('incidents', { background }),
  /** Activates an incident (or exercise) at a level; returns its state. */
  startIncident: (request: StartIncident) => call<IncidentState>('start_incident', { request }),
  /** An incident as it stands now. `background`: asked by a timer, not by the person (does not hold off the idle lock). */
  incidentState: (id: string, background?: boolean | null) => call<IncidentState>('incident_state', { id, background }),
  /** Ticks or unticks a step (`item` is the item's id), with an optional note. */
  tickStep: (incident: string, item: string, done: boolean, note: string) => call<IncidentState>('tick_step', { incident, item, done, note }),
  /** Adds a timeline entry (never edited; a correction is a new entry). */
  logEntry: (incident: string, kind: string, text: string) => call<IncidentState>('log_entry', { incident, kind, text }),
  /** Changes the status; the change is a timeline entry too. */
  setIncidentStatus: (incident: string, status: string) => call<IncidentState>('set_incident_status', { incident, status }),
  /** Sets the facts messages are filled from (impact, actions, ETA, next update…). */
  updateIncident: (incident: string, fields: FieldInput[]) => call<IncidentState>('update_incident', { incident, fields }),
  /** Logs a filled message as sent (its text goes into the timeline). */
  logMessage: (incident: string, template: string) => call<IncidentState>('log_message', { incident, template }),
  /** Closes with a summary and lessons learned. */
  closeIncident: (incident: string, summary: string, lessons: string) => call<IncidentState>('close_incident', { incident, summary, lessons }),
  /** Records one call attempt (who, on which number, the outcome); returns the incident's state with the call tree worked out again. */
  recordCall: (incident: string, attempt: RecordCall) => call<IncidentState>('record_call', { incident, attempt }),
  /** Merges a call log saved on the phone copy (a chosen or dropped file): refused whole, with the reason, when anything in it is not this binder's phone's or not an attempt or a tick. */
  importCallLog: (file: FileToken) => call<CallLogReport>('import_call_log', { file }),
  /** Raises a desktop notification (a call tree's wait ended): shown by the system even when the window is behind others; needs no network. Says why when the system has no notifications. */
  notifyDesktop: (title: string, body: string) => call<null>('notify_desktop', { title, body }),
  /** The recovery keys (public parts only). */
  recoveryKeys: () => call<RecoveryKeyInfo[]>('recovery_keys'),
  /** Makes a recovery key: the binder is encrypted to it from now on. Its secret is returned this once (to be written down) and held in Rust until "written down" or lock, so the emergency access sheet can be saved meanwhile. */
  addRecoveryKey: (label: string) => call<NewRecoveryKey>('add_recovery_key', { label }),
  /** Removes a recovery key: copies saved from now on are not encrypted to it. */
  removeRecoveryKey: (id: string) => call<RecoveryKeyInfo[]>('remove_recovery_key', { id }),
  /** Changes the passphrase of your identity file: the old one is typed (and checked by opening the file with it), the new one must have at least 8 characters. */
  changePassphrase: (old: string, new_: string) => call<null>('change_passphrase', { old, new: new_ }),
  /** The kept earlier versions of this binder's file, newest first, each with what changed since. */
  generations: () => call<KeptVersion[]>('generations'),
  /** Replaces the binder with its earlier version `number` (the current file is kept as a version itself, so this can be undone the same way). */
  restoreGeneration: (number: number) => call<AppStatus>('restore_generation', { number }),
  /** Checks every signature, chain and author's right, that the stored plan equals a fresh reading of the log, and the sign-offs; says the result in words. */
  verifyBinder: () => call<VerifyView>('verify_binder'),
  /** The installed age plugins (`age-plugin-*` programs on the PATH) a hardware key can be used through. */
  hardwarePlugins: () => call<InstalledPlugin[]>('hardware_plugins'),
  /** The keys `plugin` offers now (asks the plugin; a key not inserted is its error, in its words). */
  hardwareKeys: (plugin: string) => call<HardwareKey[]>('hardware_keys', { plugin }),
  /** Keeps your identity behind `key` instead of the passphrase. Refused unless a recovery key or successor kit also opens the binder; the key is tried once (its PIN or touch asked in a dialog, `hardware-prompt` events) before anything changes. Answers the app's status. */
  protectWithHardware: (key: HardwareKey) => call<AppStatus>('protect_with_hardware', { key }),
  /** Keeps your identity behind a passphrase again (of at least 8 characters) instead of its hardware key; the key is asked once more (its PIN), so an unlocked laptop alone cannot. */
  unprotectHardware: (new_: string) => call<AppStatus>('unprotect_hardware', { new: new_ }),
  /** Answers the hardware key's question `id` (a PIN, a text, "yes"/"no"); no answer cancels it. */
  answerHardwarePrompt: (id: number, answer?: string | null) => call<null>('answer_hardware_prompt', { id, answer }),
  /** Where the phone copy goes and when it was last written. */
  pocketStatus: () => call<PocketStatus>('pocket_status'),
  /** Makes the phone copy: a new key wrapped with `passphrase` (it may differ from the laptop's), written at `path` (or where the save dialog says), kept fresh from now on. `None` when the dialog was cancelled. */
  setUpPocket: (path: string | null, passphrase: string) => call<PocketStatus | null>('set_up_pocket', { path, passphrase }),
  /** Stops keeping the phone copy fresh (the file stays). */
  stopPocket: () => call<PocketStatus>('stop_pocket'),
  /** The record catalog, for the generated tables and forms. */
  catalog: () => call<KindInfo[]>('catalog'),
  /** The home screen: levels, call list, first checklist, templates, readiness. */
  home: () => call<Home>('home'),
  /** The starter plan's examples still in the plan, for "Make the plan yours". */
  examples: () => call<Examples>('examples'),
  /** Readiness with every gap. */
  readiness: () => call<Readiness>('readiness'),
  /** Every record of a kind, in order, with the titles of what they refer to. */
  listRecords: (kind: string) => call<RecordList>('list_records', { kind }),
  /** One record. */
  getRecord: (id: string) => call<RecordView>('get_record', { id }),
  /** Adds a record (no id) or changes the given fields of one; saves. */
  saveRecord: (kind: string, id: string | null, fields: FieldInput[]) => call<RecordView>('save_record', { kind, id, fields }),
  /** Deletes a record (it stays in the history and can be restored from it). */
  deleteRecord: (id: string) => call<null>('delete_record', { id }),
  /** Records that someone checked this record today. */
  markVerified: (id: string) => call<RecordView>('mark_verified', { id }),
  /** Full-text search over everything. */
  search: (text: string) => call<Hit[]>('search', { text }),
  /** Who changed what, when: of one record, or of the whole binder. */
  history: (id?: string | null) => call<HistoryEntry[]>('history', { id }),
  /** A checklist with its steps. */
  checklist: (id: string) => call<ChecklistView>('checklist', { id }),
  /** Every review and approval, checked against the plan as it is now. */
  signoffs: () => call<Signoffs>('signoffs'),
  /** Signs the plan as reviewed or approved. The passphrase is asked again for this: the identity file is opened anew with it (off the UI thread) and must be the one the binder is open with. */
  signPlan: (meaning: string, role: string, passphrase: string) => call<Signoffs>('sign_plan', { meaning, role, passphrase }),
  /** Where the app stands (first call of the UI). */
  appStatus: () => call<AppStatus>('app_status'),
  /** Creates a binder and your identity, adds a recovery key, and opens the binder. */
  createBinder: (request: CreateBinder) => call<Created>('create_binder', { request }),
  /** Chooses an existing binder file (and the identity that opens it); it stays locked. */
  openExisting: (binderFile: FileToken, identityFile?: FileToken | null) => call<AppStatus>('open_existing', { binderFile, identityFile }),
  /** Chooses the demo binder (made from the starter plan on first use); it stays locked. */
  openDemo: () => call<AppStatus>('open_demo'),
  /** Forgets the chosen binder (back to the welcome screen); the files stay where they are. */
  closeBinder: () => call<AppStatus>('close_binder'),
  /** Makes (or opens) your identity and returns the invitation to send to an owner of the team's binder. It holds only public keys. */
  makeInvitation: (name: string, passphrase: string) => call<string>('make_invitation', { name, passphrase }),
  /** Joins a team: reads the shared file with your identity (an owner must have added you) and makes your own local binder from it. */
  joinTeam: (sharedFile: FileToken, passphrase: string) => call<AppStatus>('join_team', { sharedFile, passphrase }),
  /** Unlocks the chosen binder with the passphrase of its identity. Reports progress as events. */
  unlock: (passphrase: string) => call<AppStatus>('unlock', { passphrase }),
  /** Locks now: the decrypted binder is dropped from memory. */
  lock: () => call<AppStatus>('lock'),
  /** The user is active (keyboard or pointer): restart the idle timer. */
  touch: () => call<null>('touch'),
  /** The SLIP-39 word list (public), for word completion as shares are typed. */
  shareWords: () => call<string[]>('share_words'),
  /** Checks the shares typed so far, without combining them: the first problem (which share, which word), or how many more are needed. */
  checkShares: (shares: string[]) => call<ShareCheck>('check_shares', { shares }),
  /** Reads a share from a photo or scan of its QR code. The words go back to the form they are typed into, as if typed. */
  shareFromImage: (file: FileToken) => call<string>('share_from_image', { file }),
  /** Opens a binder with successor shares: they are combined into the recovery key, which opens the binder file chosen (the shared file, or a copy from a USB stick) into a copy of the successor's own. The plan is read-only to it; incidents can be run; taking over is offered. */
  openWithShares: (binderFile: FileToken, shares: string[], name: string) => call<AppStatus>('open_with_shares', { binderFile, shares, name }),
  /** Takes over as owner: makes the successor's identity (their passphrase), adds them as an owner signed by the recovery key, saves, and puts the takeover in the shared file, where every other member sees it at their next sync. */
  takeOver: (name: string, passphrase: string) => call<AppStatus>('take_over', { name, passphrase }),
  /** The successor kits (holders' names, how many needed, when) and the takeovers so far. */
  successorKits: () => call<Succession>('successor_kits'),
  /** Makes a successor kit and writes a share sheet per holder, and the letter, into `folder`. The shares go from Rust to the PDFs only; the UI gets the files' paths. */
  makeSuccessorKit: (holders: string[], need: number, folder: string, paper: Paper) => call<KitMade>('make_successor_kit', { holders, need, folder, paper }),
  /** Sync settings and status. */
  syncStatus: () => call<SyncStatus>('sync_status'),
  /** Chooses the shared file (in a synced folder, on a USB stick…); the first sync follows. `None` stops syncing. */
  setSharedFile: (file?: FileToken | null) => call<SyncStatus>('set_shared_file', { file }),
  /** Syncs with the shared file now (a person asked: it may make the shared file afresh). */
  syncNow: () => call<SyncStatus>('sync_now'),
  /** The sync status line as it stands (it changes with the `sync-line` event). */
  syncLine: () => call<SyncLine>('sync_line'),
  /** Settles a conflict by writing the value to keep. */
  resolveConflict: (id: string, field: string, value: string) => call<SyncStatus>('resolve_conflict', { id, field, value }),
  /** Opens the system's file chooser (from Rust: the UI gets no file-system access). The page gets a token for the file chosen, which only commands for the same purpose take. */
  chooseFile: (purpose: FilePurpose) => call<ChosenFile | null>('choose_file', { purpose }),
  /** A path typed into a form in place of choosing the file: a token for it if the file holds what the form is for (see [`crate::chosen::check_typed`]), else why not. */
  typedFile: (path: string, purpose: FilePurpose) => call<ChosenFile>('typed_file', { path, purpose }),
  /** Changes the idle time, the theme and whether the app syncs by itself. */
  updateSettings: (idleLockMinutes: number, theme: Theme, autoSync: boolean) => call<Settings>('update_settings', { idleLockMinutes, theme, autoSync }),
  /** Dials or writes: hands a `tel:` or `mailto:` link to the system. Nothing else is opened. */
  openLink: (url: string) => call<null>('open_link', { url }),
  /** A timing mark for the benchmark (written only when `CB_PERF_LOG` is set; see `perf.rs`). */
  perfMark: (name: string) => call<null>('perf_mark', { name }),
  /** The members and what you may do. */
  team: () => call<Team>('team'),
  /** What adding this invitation would do: whose it is (nothing is written). */
  readInvitation: (invitation: string) => call<InvitationInfo>('read_invitation', { invitation }),
  /** Adds the person whose invitation was pasted, with a role; the next sync lets them in. */
  addMember: (invitation: string, role: string) => call<Team>('add_member', { invitation, role }),
  /** Changes a member's role (the last owner keeps theirs). */
  setMemberRole: (id: string, role: string) => call<Team>('set_member_role', { id, role }),
  /** Removes a member: copies written from now on are not encrypted to them. */
  removeMember: (id: string) => call<Team>('remove_member', { id }),
  /** A QR code of `text` (an invitation) as SVG, to be photographed or read out. */
  qrCode: (text: string) => call<string>('qr_code', { text }),
  /** What importing the file would create or change; writes nothing. */
  previewImport: (format: ImportFormat, kind: string | null, file: FileToken) => call<Preview>('preview_import', { format, kind, file }),
  /** Imports the file into the binder and saves. */
  importFile: (format: ImportFormat, kind: string | null, file: FileToken) => call<ImportReport>('import_file', { format, kind, file }),
  /** Writes an export to `path` (or where the save dialog says; `None` when cancelled). */
  exportFile: (format: ExportFormat, kind?: string | null, path?: string | null) => call<ExportedFile | null>('export_file', { format, kind, path }),
};
