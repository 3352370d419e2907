// The pocket binder: the plan on a phone, offline, from one HTML file. The file holds two age
// files: the phone copy's own X25519 identity wrapped with the phone passphrase (scrypt), and the
// plan encrypted to that identity. Typing the passphrase unwraps the identity, which opens the
// plan; nothing decrypted is ever stored (no localStorage, no cookies, no cache) and the page
// makes no request of any kind (its Content-Security-Policy forbids them).
import { Decrypter } from 'age-encryption';
import { callTree, recordTick, type Tree } from './calls';

/** The data format this page reads; a newer file says which version it needs. */
const FORMAT = 1;

interface Person {
  name: string;
  job_title: string;
  org: string;
  phones: string[];
  emails: string[];
}
interface Call {
  role: string;
  primary: Person | null;
  backup: Person | null;
}
interface Level {
  name: string;
  criteria: string;
  response_time: string;
  authority: string;
  steps: string;
}
interface Step {
  id: string;
  text: string;
  owner: string;
  window: string;
}
interface Checklist {
  id: string;
  title: string;
  phase: string;
  steps: Step[];
}
interface Template {
  name: string;
  subject: string;
  body: string;
}
interface Vendor {
  name: string;
  service: string;
  support_phone: string;
  support_email: string;
  support_url: string;
  account_id: string;
  sla: string;
}
interface Section {
  title: string;
  body: string;
  depth: number;
}
interface Plan {
  format: number;
  needs: string;
  title: string;
  organisation: string;
  as_of: string;
  fingerprint: string;
  levels: Level[];
  calls: Call[];
  checklists: Checklist[];
  templates: Template[];
  contacts: Person[];
  vendors: Vendor[];
  sections: Section[];
  /** The open incident's call tree, when one was open as the copy was made. */
  call_tree?: Tree | null;
}

/** The phone copy's identity while the page is open (it signs the call log); never stored. */
let identityText = '';

const $ = <T extends HTMLElement>(id: string): T => {
  const el = document.getElementById(id);
  if (!el) throw new Error(`the page is missing #${id}`);
  return el as T;
};

/** An element with text (never HTML: the plan's words are shown, not interpreted). */
function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  text?: string,
  cls?: string,
): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  if (text !== undefined) e.textContent = text;
  if (cls) e.className = cls;
  return e;
}

function block(id: string): Uint8Array | null {
  const text = document.getElementById(id)?.textContent?.trim() ?? '';
  if (!text) return null;
  try {
    const bin = atob(text);
    const out = new Uint8Array(bin.length);
    for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
    return out;
  } catch {
    return null;
  }
}

function show(screen: 'locked' | 'plan' | 'broken') {
  for (const s of ['locked', 'plan', 'broken']) $(s).hidden = s !== screen;
}

function broken(message: string) {
  $('broken-message').textContent = message;
  show('broken');
}

const UNTRUSTED =
  'This phone copy is damaged or was changed after it was made, so it cannot be trusted and nothing in it is shown. Make a new phone copy from the Continuity Binder app (or use the printed binder).';

async function unlock(passphrase: string): Promise<Plan | 'wrong' | 'untrusted'> {
  const key = block('cb-key');
  const data = block('cb-data');
  if (!key || !data) return 'untrusted';
  let identity: string;
  try {
    const d = new Decrypter();
    d.addPassphrase(passphrase);
    const t0 = performance.now();
    identity = (await d.decrypt(key, 'text')).trim();
    // How long the passphrase took (scrypt), for the benchmark.
    document.body.dataset.scryptMs = String(Math.round(performance.now() - t0));
  } catch (e) {
    // A wrong passphrase opens no recipient; anything else is a damaged file.
    const message = e instanceof Error ? e.message : String(e);
    return message.includes('no identity matched') ? 'wrong' : 'untrusted';
  }
  try {
    const d = new Decrypter();
    d.addIdentity(identity);
    const text = await d.decrypt(data, 'text');
    const plan = JSON.parse(text) as Plan;
    identityText = identity;
    return plan;
  } catch {
    return 'untrusted';
  }
}

function telOf(phone: string): string {
  return phone.replace(/[^+0-9]/g, '');
}

function person(p: Person, label: string): HTMLElement {
  const box = el('div', undefined, 'person');
  const head = el('div', undefined, 'who');
  head.append(el('span', label, 'tag'), el('strong', p.name));
  const about = [p.job_title, p.org].filter((x) => x).join(', ');
  if (about) head.append(el('span', ` · ${about}`, 'muted'));
  box.append(head);
  const actions = el('div', undefined, 'actions');
  for (const phone of p.phones) {
    const call = el('a', `Call ${phone}`, 'button call');
    call.href = `tel:${telOf(phone)}`;
    const sms = el('a', 'Text', 'button');
    sms.href = `sms:${telOf(phone)}`;
    actions.append(call, sms);
  }
  for (const email of p.emails) {
    const mail = el('a', email, 'button');
    mail.href = `mailto:${email}`;
    actions.append(mail);
  }
  if (actions.childElementCount === 0) actions.append(el('span', 'No number or e-mail in the plan', 'muted'));
  box.append(actions);
  return box;
}

function section(title: string, id: string): HTMLElement {
  const s = el('section');
  s.id = id;
  s.append(el('h2', title));
  return s;
}

/** Blanks to fill: `{service}` (the incident's facts) and `[Customer name]`. */
function blanks(body: string): string[] {
  const found = new Set<string>();
  for (const m of body.matchAll(/\{([a-z_]+)\}|\[([^\]\n]{1,40})\]/g)) found.add(m[0]);
  return [...found];
}

function templateCard(t: Template): HTMLElement {
  const card = el('div', undefined, 'card');
  card.append(el('h3', t.name));
  const values = new Map<string, string>();
  const fields = el('div', undefined, 'blanks');
  const out = el('pre', undefined, 'message');
  const filled = () => {
    let text = t.subject ? `Subject: ${t.subject}\n\n${t.body}` : t.body;
    for (const [blank, value] of values) if (value) text = text.split(blank).join(value);
    return text;
  };
  const render = () => {
    out.textContent = filled();
  };
  for (const b of blanks(`${t.subject}\n${t.body}`)) {
    const label = el('label', b.replace(/^[[{]|[\]}]$/g, '').replace(/_/g, ' '));
    const input = el('input');
    input.type = 'text';
    input.setAttribute('data-blank', b);
    input.addEventListener('input', () => {
      values.set(b, input.value);
      render();
    });
    label.append(input);
    fields.append(label);
  }
  render();
  const copy = el('button', 'Copy message', 'button');
  const said = el('span', '', 'muted copied');
  said.setAttribute('role', 'status');
  copy.addEventListener('click', async () => {
    const text = filled();
    let ok = false;
    try {
      await navigator.clipboard.writeText(text);
      ok = true;
    } catch {
      // file:// pages may not use the clipboard API: select the text for the person.
      const area = el('textarea');
      area.value = text;
      document.body.append(area);
      area.select();
      ok = document.execCommand('copy');
      area.remove();
    }
    said.textContent = ok ? 'Copied.' : 'Select the message and copy it.';
  });
  if (fields.childElementCount > 0) card.append(fields);
  card.append(out, copy, said);
  return card;
}

function render(plan: Plan) {
  const main = $('plan');
  main.replaceChildren();
  const head = el('header', undefined, 'top');
  head.append(el('h1', plan.title || 'Continuity plan'));
  head.append(el('p', `${plan.organisation} · Plan as of ${plan.as_of}, fingerprint ${plan.fingerprint}`, 'muted asof'));
  const nav = el('nav');
  for (const [id, label] of [
    ['levels', 'Levels'],
    ...(plan.call_tree ? ([['calltree', 'Call tree']] as const) : []),
    ['calls', 'Who to call'],
    ['checklists', 'Checklists'],
    ['templates', 'What to say'],
    ['people', 'Contacts & vendors'],
    ['sections', 'The plan'],
  ] as const) {
    const a = el('a', label);
    a.href = `#${id}`;
    nav.append(a);
  }
  head.append(nav);
  main.append(head);

  const levels = section('Levels', 'levels');
  if (plan.levels.length === 0) levels.append(el('p', 'The plan names no activation levels.', 'muted'));
  for (const l of plan.levels) {
    const card = el('div', undefined, 'card');
    card.append(el('h3', l.name));
    if (l.criteria) card.append(el('p', l.criteria, 'pre'));
    const facts = [
      l.response_time && `Respond within ${l.response_time}`,
      l.authority && `Who activates: ${l.authority}`,
    ].filter((x) => x);
    if (facts.length) card.append(el('p', facts.join(' · '), 'muted'));
    if (l.steps) card.append(el('p', l.steps, 'pre'));
    levels.append(card);
  }
  main.append(levels);

  if (plan.call_tree) main.append(callTree(plan.call_tree, identityText, el));

  const calls = section('Who to call, in order', 'calls');
  calls.setAttribute('data-testid', 'call-list');
  if (plan.calls.length === 0) calls.append(el('p', 'The plan names nobody to call.', 'muted'));
  plan.calls.forEach((c, i) => {
    const card = el('div', undefined, 'card');
    card.append(el('h3', `${i + 1}. ${c.role}`));
    if (c.primary) card.append(person(c.primary, 'Primary'));
    else card.append(el('p', 'Nobody named yet.', 'muted'));
    if (c.backup) card.append(person(c.backup, 'Backup'));
    calls.append(card);
  });
  main.append(calls);

  const lists = section('Checklists', 'checklists');
  const runs = plan.call_tree?.runs ?? {};
  lists.append(
    el(
      'p',
      plan.call_tree
        ? 'Ticks on the incident’s checklists go into the call log (Call tree, above): save it to take them to a laptop.'
        : 'Ticks stay on this page only, until you reload or close it; nothing is saved.',
      'muted',
    ),
  );
  for (const c of plan.checklists) {
    const card = el('div', undefined, 'card');
    const phase = c.phase && !c.title.toLowerCase().includes(c.phase.toLowerCase()) ? ` (${c.phase})` : '';
    card.append(el('h3', c.title + phase));
    const ul = el('ul', undefined, 'steps');
    for (const s of c.steps) {
      const li = el('li');
      const label = el('label');
      const box = el('input');
      box.type = 'checkbox';
      const run = runs[c.id];
      if (run) box.addEventListener('change', () => recordTick(run, s.id, s.text, box.checked));
      const extra = [s.owner, s.window].filter((x) => x).join(' · ');
      const words = el('span');
      words.append(el('span', s.text));
      if (extra) words.append(el('small', extra, 'muted step-who'));
      label.append(box, words);
      li.append(label);
      ul.append(li);
    }
    card.append(ul);
    lists.append(card);
  }
  main.append(lists);

  const templates = section('What to say', 'templates');
  for (const t of plan.templates) templates.append(templateCard(t));
  main.append(templates);

  const people = section('Contacts & vendors', 'people');
  const search = el('input');
  search.type = 'search';
  search.placeholder = 'Search names, numbers, account IDs…';
  search.setAttribute('aria-label', 'Search contacts and vendors');
  people.append(search);
  const rows: [HTMLElement, string][] = [];
  for (const p of plan.contacts) {
    const row = person(p, 'Contact');
    rows.push([row, [p.name, p.job_title, p.org, ...p.phones, ...p.emails].join(' ').toLowerCase()]);
    people.append(row);
  }
  for (const v of plan.vendors) {
    const row = el('div', undefined, 'person');
    const head = el('div', undefined, 'who');
    head.append(el('span', 'Vendor', 'tag'), el('strong', v.name));
    if (v.service) head.append(el('span', ` · ${v.service}`, 'muted'));
    row.append(head);
    const facts = [v.account_id && `Account ${v.account_id}`, v.sla && `SLA ${v.sla}`].filter((x) => x);
    if (facts.length) row.append(el('p', facts.join(' · ')));
    const actions = el('div', undefined, 'actions');
    if (v.support_phone) {
      const a = el('a', `Call ${v.support_phone}`, 'button call');
      a.href = `tel:${telOf(v.support_phone)}`;
      actions.append(a);
    }
    if (v.support_email) {
      const a = el('a', v.support_email, 'button');
      a.href = `mailto:${v.support_email}`;
      actions.append(a);
    }
    // A support site is shown, not linked: the page opens nothing by itself.
    if (v.support_url) actions.append(el('span', v.support_url, 'mono'));
    row.append(actions);
    rows.push([row, Object.values(v).join(' ').toLowerCase()]);
    people.append(row);
  }
  search.addEventListener('input', () => {
    const q = search.value.trim().toLowerCase();
    for (const [row, text] of rows) row.hidden = q !== '' && !text.includes(q);
  });
  main.append(people);

  const sections = section('The plan', 'sections');
  for (const s of plan.sections) {
    const h = el(s.depth <= 1 ? 'h3' : 'h4', s.title);
    sections.append(h);
    if (s.body) sections.append(el('p', s.body, 'pre'));
  }
  main.append(sections);
  show('plan');
  document.title = `${plan.title} — pocket binder`;
}

function start() {
  const theme = $('theme');
  theme.addEventListener('click', () => {
    const dark = document.documentElement.dataset.theme
      ? document.documentElement.dataset.theme === 'dark'
      : matchMedia('(prefers-color-scheme: dark)').matches;
    document.documentElement.dataset.theme = dark ? 'light' : 'dark';
  });
  const format = Number(document.querySelector('meta[name="cb-pocket-format"]')?.getAttribute('content') ?? '0');
  const needs = document.querySelector('meta[name="cb-pocket-needs"]')?.getAttribute('content') ?? 'a newer version';
  if (!Number.isInteger(format) || format < 1) return broken(UNTRUSTED);
  if (format > FORMAT) {
    return broken(
      `This phone copy was made by a newer Continuity Binder (format ${format}); this page reads format ${FORMAT}. Open it with Continuity Binder ${needs} or later, or make a new phone copy.`,
    );
  }
  if (!block('cb-key') || !block('cb-data')) return broken(UNTRUSTED);
  show('locked');
  const form = $<HTMLFormElement>('unlock');
  const input = $<HTMLInputElement>('passphrase');
  const error = $('unlock-error');
  const button = $<HTMLButtonElement>('open');
  input.focus();
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    error.textContent = '';
    button.disabled = true;
    button.textContent = 'Opening…';
    const t0 = performance.now();
    const result = await unlock(input.value);
    button.disabled = false;
    button.textContent = 'Open the plan';
    if (result === 'wrong') {
      error.textContent = 'That is not the phone copy’s passphrase. Try again.';
      input.select();
      return;
    }
    if (result === 'untrusted') return broken(UNTRUSTED);
    if (result.format > FORMAT) {
      return broken(
        `This phone copy was made by a newer Continuity Binder (format ${result.format}); open it with Continuity Binder ${result.needs} or later.`,
      );
    }
    input.value = '';
    render(result);
    document.body.dataset.openedMs = String(Math.round(performance.now() - t0));
  });
}

// The script comes before the encrypted blocks (so a truncated file still runs it and says so):
// it starts once the whole page is read.
if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start);
else start();
