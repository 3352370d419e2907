// The call tree on the phone: the open incident's waves in order, one-tap calling, an outcome
// per call recorded while the page is open, and the call log saved as a file the founder sends
// to themselves. The log is signed with the phone copy's key (Ed25519, its seed derived from the
// phone copy's age identity exactly as the Rust side does in src/formats/pocket/calllog.rs) and
// encrypted with age to every member of the binder, so only their laptops open it. Nothing is
// stored on the phone: the outcomes live in this tab until it is saved.
import { ed25519 } from '@noble/curves/ed25519.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { Encrypter } from 'age-encryption';
import { OUTCOMES } from '../src/lib/outcomes';

export const DERIVATION = 'continuity-binder pocket signing key v1\n';

export interface Way {
  via: string;
  email: boolean;
  wrong: boolean;
}
export interface Attempt {
  at: string;
  by: string;
  outcome: string;
  via: string;
}
export interface PersonCall {
  contact_id: string;
  name: string;
  backup: boolean;
  reach: 'confirmed' | 'not_confirmed' | 'unreachable';
  ways: Way[];
  attempts: Attempt[];
}
export interface RoleCall {
  role_id: string;
  role: string;
  reach: string;
  people: PersonCall[];
}
export interface WaveState {
  number: number;
  wave: { name: string; caller: string; wait_minutes: number; first_reached: boolean };
  roles: RoleCall[];
}
export interface NextCall {
  person: string;
  reason: string;
}
export interface Tree {
  binder: string;
  incident: string;
  title: string;
  by: string;
  recipients: string[];
  tree: { waves: WaveState[]; next: NextCall[]; now: string };
  /** The incident's checklist runs, by checklist id. */
  runs: Record<string, string>;
}

interface Entry {
  kind: 'attempt' | 'tick';
  fields: Record<string, string>;
}

/** What was recorded on this page since it was opened: calls, and steps ticked during the incident. */
const recorded: Entry[] = [];
let status: HTMLElement | null = null;

function now(): string {
  return new Date().toISOString().replace(/\.\d+Z$/, 'Z');
}

function counted() {
  const calls = recorded.filter((e) => e.kind === 'attempt').length;
  const ticks = recorded.length - calls;
  if (status) status.textContent = `${calls} call(s) and ${ticks} tick(s) recorded on this page; save the call log before closing it.`;
}

/** A step of the incident's checklist ticked (or unticked) on the phone: it goes into the call log. */
export function recordTick(run: string, item: string, step: string, done: boolean) {
  recorded.push({ kind: 'tick', fields: { run, item, step, done: done ? 'yes' : 'no', at: now() } });
  counted();
}

type Make = <K extends keyof HTMLElementTagNameMap>(
  tag: K,
  text?: string,
  cls?: string,
) => HTMLElementTagNameMap[K];

const REACH: Record<PersonCall['reach'], string> = {
  confirmed: 'Confirmed',
  not_confirmed: 'Not confirmed',
  unreachable: 'Unreachable',
};

function hex(bytes: Uint8Array): string {
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

/** Signs and encrypts the recorded entries: the bytes of a `.calls.age` file. */
export async function seal(tree: Tree, identity: string, entries: Entry[]): Promise<Uint8Array> {
  const body = JSON.stringify({
    kind: 'continuity-binder call log',
    format: 1,
    binder: tree.binder,
    by: tree.by,
    entries,
  });
  const seed = sha256(new TextEncoder().encode(DERIVATION + identity.trim()));
  const signature = hex(ed25519.sign(new TextEncoder().encode(body), seed));
  const e = new Encrypter();
  for (const r of tree.recipients) e.addRecipient(r);
  return e.encrypt(JSON.stringify({ body, signature }));
}

function telOf(phone: string): string {
  return phone.replace(/[^+0-9]/g, '');
}

/** The call tree section: waves, people with their numbers, an outcome per call, and saving. */
export function callTree(tree: Tree, identity: string, el: Make): HTMLElement {
  const box = el('section');
  box.id = 'calltree';
  box.setAttribute('data-testid', 'call-tree');
  box.append(el('h2', `Call tree — ${tree.title}`));
  const line = el('p', '', 'muted');
  line.setAttribute('role', 'status');
  status = line;
  const first = tree.tree.next[0];
  if (first) {
    box.append(el('p', `When this copy was made: ${first.reason}`, 'next'));
  }
  for (const w of tree.tree.waves) {
    const card = el('div', undefined, 'card');
    card.append(el('h3', `Wave ${w.number}: ${w.wave.name}`));
    const rule = w.wave.first_reached ? 'the first reached suffices' : 'reach everyone';
    card.append(el('p', `Called by ${w.wave.caller} · wait ${w.wave.wait_minutes} min, then the backup · ${rule}`, 'muted'));
    for (const r of w.roles) {
      for (const p of r.people) card.append(personRow(r, p, tree, el));
    }
    box.append(card);
  }
  const save = el('button', 'Save the call log', 'primary');
  save.type = 'button';
  save.setAttribute('data-testid', 'save-call-log');
  save.addEventListener('click', async () => {
    if (recorded.length === 0) {
      line.textContent = 'Nothing recorded yet: record an outcome after each call first.';
      return;
    }
    save.disabled = true;
    try {
      const bytes = await seal(tree, identity, recorded);
      const a = el('a');
      a.href = URL.createObjectURL(new Blob([bytes as BlobPart], { type: 'application/octet-stream' }));
      const stamp = new Date().toISOString().slice(0, 16).replace(/[:T]/g, '-');
      a.download = `calls-${stamp}.calls.age`;
      document.body.append(a);
      a.click();
      a.remove();
      line.textContent = `Saved ${recorded.length} entr${recorded.length === 1 ? 'y' : 'ies'} as ${a.download}. Send it to yourself; on a laptop, drop it on Continuity Binder (or run binder incident import-log).`;
    } catch (e) {
      line.textContent = `Could not save the call log: ${e instanceof Error ? e.message : String(e)}`;
    } finally {
      save.disabled = false;
    }
  });
  box.append(save, line);
  return box;
}

function personRow(r: RoleCall, p: PersonCall, tree: Tree, el: Make): HTMLElement {
  const row = el('div', undefined, 'person');
  row.setAttribute('data-person', p.name);
  const head = el('div', undefined, 'who');
  head.append(el('span', p.backup ? 'Backup' : 'Primary', 'tag'), el('strong', p.name));
  head.append(el('span', ` · ${r.role} · ${REACH[p.reach]}`, 'muted'));
  row.append(head);
  const actions = el('div', undefined, 'actions');
  for (const w of p.ways.filter((x) => !x.wrong)) {
    const a = el('a', w.email ? `Mail ${w.via}` : `Call ${w.via}`, 'button call');
    a.href = w.email ? `mailto:${w.via}` : `tel:${telOf(w.via)}`;
    actions.append(a);
  }
  row.append(actions);
  const log = el('ul', undefined, 'attempts');
  for (const a of p.attempts) log.append(el('li', `${a.at.slice(11, 16)} ${a.outcome} (${a.by})`));
  row.append(log);
  // The outcomes fold away until a call was made, so the tree stays short to scan.
  const record = el('details', undefined, 'record');
  record.append(el('summary', `Record a call to ${p.name}`));
  const pick = el('div', undefined, 'outcomes');
  pick.setAttribute('role', 'group');
  pick.setAttribute('aria-label', `Outcome of a call to ${p.name}`);
  record.append(pick);
  const via = p.ways.find((x) => !x.wrong)?.via ?? '';
  for (const [value, label] of OUTCOMES) {
    const b = el('button', label);
    b.type = 'button';
    b.dataset.outcome = value;
    b.addEventListener('click', () => {
      const at = now();
      recorded.push({
        kind: 'attempt',
        fields: { incident: tree.incident, contact: p.contact_id, role: r.role_id, via, outcome: value, at },
      });
      log.append(el('li', `${at.slice(11, 16)} ${value} (this phone, not saved yet)`));
      counted();
      record.open = false;
    });
    pick.append(b);
  }
  row.append(record);
  return row;
}
