//! Integration tests of the core and the `binder` CLI. One binary; each module one concern.

/// Shared helpers: a temporary home for a binder, running the CLI, snapshots of a folder.
mod support;

/// The CLI used as a founder would: init, add, list, show, search, history, export/import…
mod cli;

/// Every bad input gets a specific error and leaves the files on disk untouched.
mod bad_input;

/// The binder file against tools we did not write: the `age` CLI and `sqlite3`.
mod interop;

/// Merge and sync between founders: conflicts, rejections, membership, concurrent syncs.
mod sync;

/// The trust model tried as an attacker would: a removed member's stale copy, changes signed
/// by hand with a borrowed kind label, hostile files in the shared folder.
mod attacks;

/// vCard import from real exporters, export, and a second parser reading our export.
mod vcard;

/// CSV export and import per kind, headers matched by the catalog's names and synonyms.
mod csv;

/// Plan import from the real plans in fixtures/plans: sections, typed records, checklists, and
/// no word of the source lost.
mod plan_import;

/// The printed binder, wallet card and emergency sheet, read back with qpdf, pdffonts, pdfinfo,
/// pdftotext and a QR decoder.
mod pdf;

/// Property tests: the fold is order-independent; JSON export/import round-trips.
mod properties;

/// Incident mode (runs, ticks, timeline, report), two founders merging an incident, readiness
/// on the fixture plans, and plan sign-off.
mod incident;

/// The call tree, run: escalation by the clock, waves in cascade, every outcome's state, two
/// founders' attempts merged, wrong numbers as readiness gaps, and the phone's call log.
mod calls;

/// The business impact analysis: MTPD from impact ratings, the impact grid, its readiness
/// rules, single points of failure, the functions an incident touches, and the map's layout.
mod impact;

/// The starter plan's examples, named by readiness until each is replaced or removed.
mod examples;

/// Plan documents that are not text files — Word, OpenDocument, web pages — made from the
/// fixture plans by a real converter (pandoc), read into the same records as the originals;
/// documents that cannot be read say why.
mod documents;
// Issue 25: the records of every fixture plan (a golden file), and of its pandoc conversions.
mod fixture_records;

/// Small documents, one per shape of writing a plan (dressed headers, headings by look, roles
/// and steps in lists, contacts in sentences): the records each gives, and no word lost.
mod documents_shapes;

/// Shapes met on plans kept apart: risks a group heading names, the jobs small organisations
/// name in their sentences.
mod shapes_causes_and_examples;
mod shapes_groups_and_jobs;

/// The phone copy: standard age inside (the `age` CLI opens it), rewritten on every save and
/// sync without the passphrase.
mod pocket;

/// The successor kit: SLIP-39 shares against Python's reference implementation, the share
/// sheets and letter, and a successor taking over through the CLI.
mod succession;

/// Failing system calls on the save and sync paths (strace fault injection): true outcomes,
/// each cause said once, retries that neither duplicate nor lose.
mod faults;

/// kill -9 at random moments of a writer and a sync: the binder always opens and verifies, no
/// acknowledged edit is lost, no temporary file outlives the next save.
mod crash;

/// Two real Syncthing instances on loopback carrying the shared file between two founders who
/// edit at the same time: they converge, and Syncthing's conflict copies are absorbed.
mod syncthing;

/// Secrets in memory: the binder process is non-dumpable.
mod memory;

/// An identity kept behind a hardware key, through the age plugin protocol: the test plugin
/// (tests/softkey) used exactly as age-plugin-yubikey would be — set up, PIN, failures, the real
/// `age` CLI, and two founders, one on a key and one on a passphrase.
mod hardware;
