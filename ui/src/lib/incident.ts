// Incident-mode arithmetic the screen's parts share: spans of minutes in words, and where a step
// stands against its window at a given moment.
import type { StepState } from '../api';

/** "3 h 05 min", "2 d 4 h", "12 min". */
export function span(minutes: number): string {
  const d = Math.floor(minutes / 1440);
  const h = Math.floor((minutes % 1440) / 60);
  const m = minutes % 60;
  if (d > 0) return `${d} d ${h} h`;
  if (h > 0) return `${h} h ${String(m).padStart(2, '0')} min`;
  return `${m} min`;
}

/** Whether an open incident's step is past its window at `now` (ms). */
export function overdue(step: StepState, open: boolean, now: number): boolean {
  return open && !step.done && !!step.due_at && new Date(step.due_at).getTime() < now;
}

/** "due in 12 min" / "overdue by 5 min"; nothing for a done step or one without a window. */
export function dueText(step: StepState, now: number): string {
  if (!step.due_at || step.done) return '';
  const left = Math.round((new Date(step.due_at).getTime() - now) / 60000);
  return left >= 0 ? `due in ${span(left)}` : `overdue by ${span(-left)}`;
}

/** Runs an incident action in the parent screen (busy, error, the new state); true when done. */
export type Act = (f: () => Promise<import('../api').IncidentState>) => Promise<boolean>;

/** The affected function with the least time left before its MTPD (else its RTO), in words:
 * "Customer support: 3 h 59 min left before its MTPD (4 hours)"; '' when none has a limit. */
export function mostUrgent(st: import('../api').IncidentState): string {
  let best: { left: number; text: string } | null = null;
  for (const o of st.objectives) {
    const limit = o.mtpd_minutes ?? o.rto_minutes;
    if (limit === null || limit === undefined) continue;
    const what = o.mtpd_minutes !== null ? `its MTPD (${o.mtpd})` : `its RTO (${o.rto})`;
    const left = Number(limit) - Number(st.elapsed_minutes);
    const text = left >= 0 ? `${o.function}: ${span(left)} left before ${what}` : `${o.function}: past ${what} by ${span(-left)}`;
    if (!best || left < best.left) best = { left, text };
  }
  return best?.text ?? '';
}
