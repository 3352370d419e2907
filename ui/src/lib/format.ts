// Small pure helpers for showing values.
import type { FieldInfo, BinderRecord, Value } from '../api';

/** A value as one line of text (lists joined by "; "). */
export function display(value: Value | undefined | null): string {
  if (value === undefined || value === null) return '';
  if (Array.isArray(value)) return value.join('; ');
  return String(value);
}

/** A yes/no field's value (stored as the words `yes` / `no`). */
export function flag(value: Value | undefined | null): boolean {
  return display(value) === 'yes';
}

/** A value as a list of strings. */
export function items(value: Value | undefined | null): string[] {
  if (value === undefined || value === null || value === '') return [];
  if (Array.isArray(value)) return value;
  return [String(value)];
}

/** What a field shows: references by the title of the record they point to. */
export function shown(
  record: BinderRecord,
  field: FieldInfo,
  refs: { [id: string]: string | undefined },
): string {
  const value = record.fields[field.name];
  if (field.input === 'ref' && Array.isArray(value)) return value.map((id) => refs[id] ?? id).join('; ');
  const raw = display(value);
  if (field.input === 'ref' && raw) return refs[raw] ?? raw;
  if (field.input === 'datetime' && raw) return when(raw);
  return raw;
}

/** The text to put in a form field for a value (lists: one per line). */
export function formText(value: Value | undefined | null): string {
  if (Array.isArray(value)) return value.join('\n');
  return display(value);
}

/** "2026-11-23 14:05" in local time. */
export function when(rfc3339: string): string {
  const d = new Date(rfc3339);
  if (Number.isNaN(d.getTime())) return rfc3339;
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/** "3 days ago", "in 2 hours". */
export function ago(rfc3339: string, now = Date.now()): string {
  const t = new Date(rfc3339).getTime();
  if (Number.isNaN(t)) return rfc3339;
  const minutes = Math.round((now - t) / 60000);
  const abs = Math.abs(minutes);
  const [n, unit] =
    abs < 1
      ? [0, 'minute']
      : abs < 60
        ? [abs, 'minute']
        : abs < 60 * 24
          ? [Math.round(abs / 60), 'hour']
          : [Math.round(abs / 1440), 'day'];
  if (n === 0) return 'just now';
  const text = `${n} ${unit}${n === 1 ? '' : 's'}`;
  return minutes >= 0 ? `${text} ago` : `in ${text}`;
}

/** A dialable tel: link (spaces and punctuation dropped, leading + kept). */
export function telLink(phone: string): string {
  const digits = phone.replace(/[^\d+]/g, '');
  return `tel:${digits}`;
}

export interface Strength {
  score: 0 | 1 | 2 | 3 | 4;
  label: string;
  hint: string;
}

/** A rough passphrase strength, to guide (the only rule enforced is 8 characters). */
export function strength(passphrase: string): Strength {
  const length = [...passphrase].length;
  if (length === 0) return { score: 0, label: '', hint: 'Four or more unrelated words make a strong passphrase you can type at 3 a.m.' };
  let pool = 0;
  if (/[a-z]/.test(passphrase)) pool += 26;
  if (/[A-Z]/.test(passphrase)) pool += 26;
  if (/\d/.test(passphrase)) pool += 10;
  if (/[^a-zA-Z\d]/.test(passphrase)) pool += 33;
  const words = passphrase.trim().split(/[\s\-_.]+/).filter((w) => w.length >= 3).length;
  let bits = length * Math.log2(Math.max(pool, 2));
  if (/^(.)\1+$/.test(passphrase) || /^(0123|1234|abcd|qwer|pass)/i.test(passphrase)) bits /= 4;
  if (words >= 4) bits = Math.max(bits, 55);
  if (length < 8) return { score: 1, label: 'Too short', hint: 'Use at least 8 characters; four unrelated words are better.' };
  if (bits < 40) return { score: 1, label: 'Weak', hint: 'Add more words or characters.' };
  if (bits < 60) return { score: 2, label: 'Fair', hint: 'Another word or two would make it strong.' };
  if (bits < 80) return { score: 3, label: 'Strong', hint: 'Good. Write it down somewhere safe, away from the laptop.' };
  return { score: 4, label: 'Very strong', hint: 'Good. Write it down somewhere safe, away from the laptop.' };
}
