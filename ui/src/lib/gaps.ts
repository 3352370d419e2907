// Where a readiness gap is fixed: the record itself, the review screen for sign-off gaps, or the
// list of that kind when a whole part of the plan is missing.
import type { Gap } from '../api';
import { app } from './app.svelte';

export function openGap(g: Gap) {
  if (g.kind === 'not_approved' || g.kind === 'bad_signature' || g.record_kind === 'plan') {
    app.go({ view: 'review' });
  } else if (g.kind === 'not_in_shared_file') {
    app.go({ view: 'sync' });
  } else if (g.kind === 'example_data') {
    app.go({ view: 'examples' });
  } else if (g.kind === 'rto_over_mtpd') {
    // The RTO and the ratings the MTPD comes from are side by side on the grid.
    app.go({ view: 'impact' });
  } else if (g.kind === 'no_dependencies' && g.id) {
    app.go({ view: 'new', kind: 'link', preset: { function: g.id } });
  } else if (g.id) {
    app.go({ view: 'record', id: g.id });
  } else if (g.record_kind === 'role') {
    app.go({ view: 'calltree' });
  } else if (g.record_kind === 'checklist') {
    app.go({ view: 'checklists' });
  } else if (g.record_kind !== 'binder') {
    app.go({ view: 'kind', kind: g.record_kind });
  }
}
