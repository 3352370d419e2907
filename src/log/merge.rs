//! Deciding which incoming change sets a binder takes: the pure "plan" step of a merge.
//!
//! Given what the binder already holds and a batch of change sets from another copy, returns
//! which to apply and which to refuse, with the reason. A change set is taken only if it is
//! signed by its author's key, continues the author's hash chain, has a believable clock, every
//! op writes the kind its id names (a field and value the catalog allows — authority comes from
//! the record, never from the label), its author was allowed to make it *in the change's own
//! causal past* (a member, owner or editor; owners only for membership and recovery keys; not a
//! viewer, not yet removed), and no removal or demotion of its author that it had not seen is
//! held here (revocation). No I/O here and no SQLite; `store` applies the result.

use std::collections::{BTreeMap, HashMap};

use ed25519_dalek::VerifyingKey;
use serde::Serialize;

use crate::catalog::{DELETED_FIELD, Value};
use crate::log::changelog::{self, ChangeSet, Op};

/// How far in the future a change's clock may be before it is refused (a laptop with a wrong
/// clock must not win every later edit).
pub const MAX_CLOCK_SKEW_MS: i64 = 24 * 60 * 60 * 1000;

/// Why a change set was refused.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, thiserror::Error)]
#[serde(rename_all = "snake_case")]
pub enum Reason {
    /// The signature does not match the content.
    #[error("the signature does not match its content (altered or forged)")]
    BadSignature,
    /// Signed by a key no member has.
    #[error("signed by a key that belongs to no member of this binder")]
    NotAMember,
    /// The author was a viewer.
    #[error("its author is a viewer, and viewers cannot change the binder")]
    Viewer,
    /// The author had been removed, and the change knew it.
    #[error("its author had been removed from the binder before making it")]
    Removed,
    /// A membership or recovery-key change by someone who is not an owner.
    #[error("only owners may change members or recovery keys")]
    NotOwner,
    /// The author's chain does not continue from the previous change.
    #[error("it does not continue its author's chain of changes (altered, or a change is missing)")]
    BrokenChain,
    /// Earlier changes of the author are missing.
    #[error("earlier changes by the same author are missing")]
    Gap,
    /// An earlier change of the same author was refused.
    #[error("it follows a refused change by the same author")]
    FollowsRefused,
    /// Its clock is absurdly far ahead.
    #[error("its clock is more than a day in the future")]
    FutureClock,
    /// Signed by a recovery key, but doing more than a recovery key may.
    #[error(
        "it is signed by a recovery key, which may only add a new owner (a takeover) or record an incident; {0}"
    )]
    RecoveryLimit(String),
    /// It belongs to another binder.
    #[error("it belongs to another binder")]
    OtherBinder,
    /// It writes a timeline entry, tick or sign-off made by someone else.
    #[error(
        "it changes a timeline entry, tick or sign-off made by someone else (those are never edited)"
    )]
    NotTheirs,
    /// The same author and number as a change already held, with different content.
    #[error("it contradicts a change already held with the same author and number")]
    Equivocation,
    /// An op labels a record with another kind than its id names (authority comes from the
    /// record written, never from the label).
    #[error("it labels record {0} with a kind its id does not name (a forged label)")]
    Mislabelled(String),
    /// An op writes a field its record's kind does not have, or a value of the wrong shape.
    #[error("it writes {0}, which the record's kind does not allow")]
    NotInCatalog(String),
    /// Its author's access was taken away by a change this one had not seen: made in a copy
    /// that did not yet know (a removed member's old copy).
    #[error(
        "its author had been {0} by the time it arrived, and it was made in a copy that did not know it yet"
    )]
    Revoked(String),
}

/// A refused change set.
#[derive(Debug, Clone, Serialize)]
pub struct Rejection {
    /// Author key id.
    pub actor: String,
    /// The author's sequence number.
    pub seq: u64,
    /// Why.
    pub reason: Reason,
}

impl std::fmt::Display for Rejection {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "change {}#{}: {}", self.actor, self.seq, self.reason)
    }
}

/// What the binder already holds that the decision needs.
pub struct Known<'a> {
    /// The binder's id (names its creator, see [`creator_of`]).
    pub binder_id: &'a str,
    /// Each author's newest change: actor → (seq, hash).
    pub heads: BTreeMap<String, (u64, String)>,
    /// Every accepted op on member and recovery-key records, with its change (clock, deps),
    /// indexed, and the signing keys they name.
    pub authority: std::sync::Arc<Authority>,
    /// The signature of a held change (actor, seq), if held.
    pub signature_of: &'a dyn Fn(&str, u64) -> Option<String>,
}

/// Whether records of `kind` are written once, by their author, and never edited (the catalog
/// says which: [`crate::catalog::KindDef::append_only`]).
pub fn is_append_only(kind: &str) -> bool {
    crate::catalog::kind(kind).is_ok_and(|k| k.append_only)
}

/// How the id of an append-only record by `actor` begins: `entry-<actor>-`.
pub fn author_prefix(kind: &str, actor: &str) -> String {
    format!("{kind}-{actor}-")
}

/// The decision.
#[derive(Debug, Default)]
pub struct Plan {
    /// Change sets to apply, in causal order.
    pub accept: Vec<ChangeSet>,
    /// The hash of each accepted change set (same order), computed once here.
    pub hashes: Vec<String>,
    /// Change sets already held.
    pub already_present: usize,
    /// Refused change sets, with reasons.
    pub rejected: Vec<Rejection>,
}

/// The actor id of the member who created the binder, from its id (`<random>.<actor>`).
pub fn creator_of(binder_id: &str) -> Option<&str> {
    binder_id.split_once('.').map(|(_, actor)| actor)
}

/// Whether `change` had `w` in its causal past.
fn change_saw(change: &ChangeSet, w: &ChangeSet) -> bool {
    if w.actor == change.actor {
        w.seq < change.seq
    } else {
        change.deps.get(&w.actor).is_some_and(|&s| s >= w.seq)
    }
}

/// The membership and recovery-key writes a binder holds, read once per change to them (see
/// `Store::authority`): each with its change (clock, deps), indexed by record id, and the
/// signing keys they name by actor.
#[derive(Default)]
pub struct Authority {
    /// Every write, oldest clock first.
    pub writes: Vec<(ChangeSet, Op)>,
    /// Indices into `writes` by record id (`member-…`, `recovery-…`).
    by_id: HashMap<String, Vec<usize>>,
    /// The signing keys the writes name, by actor.
    keys: HashMap<String, VerifyingKey>,
}

impl Authority {
    /// The writes of a binder with id `binder_id`, indexed.
    pub fn new(binder_id: &str, writes: Vec<(ChangeSet, Op)>) -> Authority {
        let mut by_id: HashMap<String, Vec<usize>> = HashMap::new();
        for (i, (_, op)) in writes.iter().enumerate() {
            by_id.entry(op.id.clone()).or_default().push(i);
        }
        let mut keys = HashMap::new();
        keys_from(binder_id, writes.iter().map(|(_, op)| op), &mut keys);
        Authority {
            writes,
            by_id,
            keys,
        }
    }
}

/// The membership writes a decision looks at: those held (indexed) and those the pass took.
pub struct Writes<'k> {
    held: &'k Authority,
    taken: Vec<(ChangeSet, Op)>,
}

impl<'k> Writes<'k> {
    fn of_held(held: &'k Authority) -> Writes<'k> {
        Writes {
            held,
            taken: Vec::new(),
        }
    }

    /// The writes to record `id`, held ones first.
    fn of<'a>(&'a self, id: &'a str) -> impl Iterator<Item = &'a (ChangeSet, Op)> + 'a {
        self.held
            .by_id
            .get(id)
            .into_iter()
            .flatten()
            .map(|&i| &self.held.writes[i])
            .chain(self.taken.iter().filter(move |(_, op)| op.id == id))
    }

    fn push(&mut self, write: (ChangeSet, Op)) {
        self.taken.push(write);
    }
}

/// The role (`owner`, `editor`, `viewer`, `removed`) of `actor` as seen by `change`: from the
/// membership writes in the change's causal past, last writer wins per field. The creator is an
/// owner until a membership write says otherwise.
fn role_in_past(
    actor: &str,
    change: &ChangeSet,
    writes: &Writes<'_>,
    creator: Option<&str>,
) -> Option<String> {
    role_among(actor, writes, creator, |w| change_saw(change, w))
}

/// The role of `actor` as `change` would have to respect it: from every membership write this
/// copy holds that did not have `change` in its causal past — those it saw, and those made
/// without knowing of it (a removal while the author's old copy was offline). Writes that came
/// after `change` and knew of it do not reach back: what a member did before being removed
/// stays.
fn role_known_now(
    actor: &str,
    change: &ChangeSet,
    writes: &Writes<'_>,
    creator: Option<&str>,
) -> Option<String> {
    role_among(actor, writes, creator, |w| !change_saw(w, change))
}

/// Last writer wins over the membership writes of `actor` that `counts` lets through.
fn role_among(
    actor: &str,
    writes: &Writes<'_>,
    creator: Option<&str>,
    counts: impl Fn(&ChangeSet) -> bool,
) -> Option<String> {
    let member_id = format!("member-{actor}");
    let mut role: Option<((u64, &str, u64), &str)> = None;
    let mut deleted: Option<((u64, &str, u64), bool)> = None;
    for (w, op) in writes.of(&member_id) {
        if !counts(w) {
            continue;
        }
        let stamp = (w.hlc, w.actor.as_str(), w.seq);
        match (op.field.as_str(), &op.value) {
            ("role", Some(Value::Text(r))) if role.is_none_or(|(s, _)| stamp >= s) => {
                role = Some((stamp, r.as_str()));
            }
            (DELETED_FIELD, Some(Value::Bool(d))) if deleted.is_none_or(|(s, _)| stamp >= s) => {
                deleted = Some((stamp, *d));
            }
            _ => {}
        }
    }
    if deleted.is_some_and(|(_, d)| d) {
        return Some("removed".into());
    }
    match role {
        Some((_, r)) => Some(r.to_string()),
        None if creator == Some(actor) => Some("owner".into()),
        None => None,
    }
}

/// Whether `change`, allowed by what its author had seen, must still be refused because this
/// copy holds a later-arriving removal, demotion or recovery-key removal of its author that the
/// change had not seen. Returns what was taken away.
fn revoked(change: &ChangeSet, writes: &Writes<'_>, creator: Option<&str>) -> Option<Reason> {
    let actor = change.actor.as_str();
    let touches_authority = change.ops.iter().any(|o| is_authority_id(&o.id));
    let then = role_in_past(actor, change, writes, creator);
    let now = role_known_now(actor, change, writes, creator);
    let rank = |r: Option<&str>| match r {
        Some("owner") => 3,
        Some("editor") => 2,
        Some("viewer") => 1,
        _ => 0,
    };
    let why = match (then.as_deref(), now.as_deref()) {
        (None, _) => {
            let id = format!("recovery-{actor}");
            let removed = writes.of(&id).any(|(w, op)| {
                op.field == DELETED_FIELD
                    && op.value == Some(Value::Bool(true))
                    && !change_saw(change, w)
                    && !change_saw(w, change)
            });
            return (removed && recovery_in_past(actor, change, writes))
                .then(|| Reason::Revoked("removed as a recovery key".into()));
        }
        (_, None) => return None,
        (Some(t), Some(n)) if rank(Some(n)) >= rank(Some(t)) && n != "removed" => return None,
        (_, Some("removed")) => "removed from the binder",
        (_, Some("viewer")) => "made a viewer",
        (_, Some(_)) if touches_authority => "made an editor (only owners manage members and keys)",
        _ => return None,
    };
    Some(Reason::Revoked(why.into()))
}

/// Whether records of `kind` say who may sign: members and recovery keys.
pub fn is_authority(kind: &str) -> bool {
    kind == "member" || kind == "recovery"
}

/// Whether the record `id` says who may sign (its kind is taken from the id, not a label).
pub fn is_authority_id(id: &str) -> bool {
    crate::catalog::kind_of_id(id).is_some_and(|k| is_authority(k.name))
}

/// Checks that `op` writes a record of the kind its id names, a field that kind has, and a
/// value of that field's shape. Every other check (who may write it, append-only, authorship)
/// is then derived from the id, so a label chosen by the author grants nothing.
pub fn check_shape(op: &Op) -> Result<(), Reason> {
    let kind = crate::catalog::kind_of_id(&op.id)
        .filter(|k| k.name == op.kind)
        .ok_or_else(|| Reason::Mislabelled(format!("\"{}\" (labelled {})", op.id, op.kind)))?;
    let what = || format!("\"{}\" on {} {}", op.field, kind.name, op.id);
    if op.field == DELETED_FIELD {
        return match op.value {
            None | Some(Value::Bool(_)) => Ok(()),
            _ => Err(Reason::NotInCatalog(what())),
        };
    }
    let field = kind
        .field(&op.field)
        .ok_or_else(|| Reason::NotInCatalog(what()))?;
    match (&op.value, field.list) {
        (None | Some(Value::Text(_)), _) | (Some(Value::List(_)), true) => Ok(()),
        _ => Err(Reason::NotInCatalog(what())),
    }
}

/// Whether `actor` signs as a recovery key that an owner registered (`recovery-<actor>`) in
/// `change`'s causal past and did not remove since.
fn recovery_in_past(actor: &str, change: &ChangeSet, writes: &Writes<'_>) -> bool {
    let id = format!("recovery-{actor}");
    let mut registered = false;
    let mut deleted: Option<((u64, &str, u64), bool)> = None;
    for (w, op) in writes.of(&id) {
        let seen = w.actor == change.actor && w.seq < change.seq
            || change.deps.get(&w.actor).is_some_and(|&s| s >= w.seq);
        if !seen {
            continue;
        }
        let stamp = (w.hlc, w.actor.as_str(), w.seq);
        match (op.field.as_str(), &op.value) {
            ("signing_key", Some(Value::Text(_))) => registered = true,
            (DELETED_FIELD, Some(Value::Bool(d))) if deleted.is_none_or(|(s, _)| stamp >= s) => {
                deleted = Some((stamp, *d));
            }
            _ => {}
        }
    }
    registered && !deleted.is_some_and(|(_, d)| d)
}

/// What a recovery key (`actor`) may sign: a takeover — one new member, an owner, with their
/// own keys — and incident records (a successor runs an incident before taking over). Nothing
/// else: not the plan, not another member, not other recovery keys. `member_exists` says
/// whether a member record is already known. Used by merge and by a local commit alike.
pub fn recovery_allows(
    actor: &str,
    ops: &[Op],
    member_exists: impl Fn(&str) -> bool,
) -> Result<(), Reason> {
    let limit = |why: &str| Err(Reason::RecoveryLimit(why.to_string()));
    let mut new_member: Option<&str> = None;
    for op in ops {
        let group = crate::catalog::kind(&op.kind).map(|k| k.group);
        if group.is_ok_and(|g| g == crate::catalog::Group::Incident) {
            continue;
        }
        if op.kind != "member" {
            return limit(&format!("this change writes a {} record", op.kind));
        }
        if new_member.is_some_and(|m| m != op.id) {
            return limit("this change adds more than one member");
        }
        new_member = Some(&op.id);
        match (op.field.as_str(), &op.value) {
            ("role", Some(Value::Text(r))) if r != "owner" => {
                return limit(&format!("this change makes someone {r}, not owner"));
            }
            (DELETED_FIELD, _) => return limit("this change removes a member"),
            _ => {}
        }
    }
    if let Some(id) = new_member {
        if id == format!("member-{actor}") {
            return limit("a recovery key cannot make itself a member");
        }
        if member_exists(id) {
            return limit("this change edits an existing member");
        }
        let role = ops
            .iter()
            .find(|o| o.id == id && o.field == "role")
            .and_then(|o| o.value.as_ref());
        if role != Some(&Value::Text("owner".into())) {
            return limit("this change adds a member without making them owner");
        }
    }
    Ok(())
}

/// Signing keys of members, from membership writes: a key counts for an actor only if the
/// actor id is that key's hash, so no one can attach their key to another's name.
/// The keys a decision may check signatures with: those the binder holds (kept, never copied)
/// and those this merge's changes add.
pub struct KeyRing<'k> {
    held: &'k HashMap<String, VerifyingKey>,
    added: HashMap<String, VerifyingKey>,
}

impl<'k> KeyRing<'k> {
    fn of_held(held: &'k HashMap<String, VerifyingKey>) -> KeyRing<'k> {
        KeyRing {
            held,
            added: HashMap::new(),
        }
    }

    fn get(&self, actor: &str) -> Option<&VerifyingKey> {
        self.held.get(actor).or_else(|| self.added.get(actor))
    }

    /// Adds the keys `ops` name; a key held or added before for an actor is never replaced.
    fn add<'a>(&mut self, binder_id: &str, ops: impl Iterator<Item = &'a Op>) {
        let mut found = HashMap::new();
        keys_from(binder_id, ops, &mut found);
        for (actor, key) in found {
            if !self.held.contains_key(&actor) {
                self.added.entry(actor).or_insert(key);
            }
        }
    }
}

fn keys_from<'a>(
    binder_id: &str,
    ops: impl Iterator<Item = &'a Op>,
    keys: &mut HashMap<String, VerifyingKey>,
) {
    for op in ops.filter(|o| is_authority_id(&o.id) && o.field == "signing_key") {
        if let Some(Value::Text(k)) = &op.value
            && let Some(vk) = changelog::parse_verifying_key(k)
            && op.id == format!("{}-{}", op.kind, changelog::actor_id_in(binder_id, &vk))
        {
            // A key already accepted for an actor is never replaced by one from another op.
            keys.entry(changelog::actor_id_in(binder_id, &vk))
                .or_insert(vk);
        }
    }
}

/// The hash of every change, computed on all cores: the signed encoding is the costly part.
fn hashes_of(changes: &[ChangeSet]) -> Vec<String> {
    let threads = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(8);
    if changes.len() < 512 || threads == 1 {
        return changes.iter().map(ChangeSet::hash).collect();
    }
    let chunk = changes.len().div_ceil(threads);
    std::thread::scope(|scope| {
        let parts: Vec<_> = changes
            .chunks(chunk)
            .map(|part| scope.spawn(move || part.iter().map(ChangeSet::hash).collect::<Vec<_>>()))
            .collect();
        parts
            .into_iter()
            .flat_map(|p| p.join().expect("hashing cannot panic"))
            .collect()
    })
}

/// Which changes are authenticated by their author's chain: every change signs the hash of the
/// previous one *including its signature*, so one valid signature on the last change of an
/// unbroken run, with every link matching, vouches for the whole run (SHA-256 being collision
/// resistant). Changes outside such a run are checked one by one in [`decide`]. `binder verify`
/// still checks each signature on its own.
fn authenticated_runs(
    incoming: &[ChangeSet],
    hashes: &[String],
    heads: &BTreeMap<String, (u64, String)>,
    keys: &KeyRing<'_>,
) -> std::collections::HashSet<(String, u64)> {
    let mut by_actor: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
    for (i, c) in incoming.iter().enumerate() {
        by_actor.entry(&c.actor).or_default().push(i);
    }
    let mut ok = std::collections::HashSet::new();
    for (actor, mut idx) in by_actor {
        let Some(key) = keys.get(actor) else { continue };
        idx.sort_by_key(|&i| incoming[i].seq);
        let (mut seq, mut hash) = heads.get(actor).cloned().unwrap_or((0, String::new()));
        let mut run = Vec::new();
        for i in idx {
            let c = &incoming[i];
            if c.seq != seq + 1 || c.prev_hash != hash {
                break;
            }
            run.push(i);
            seq = c.seq;
            hash = hashes[i].clone();
        }
        if let Some(&last) = run.last()
            && incoming[last].verify_signature(key).is_ok()
        {
            ok.extend(
                run.iter()
                    .map(|&i| (incoming[i].actor.clone(), incoming[i].seq)),
            );
        }
    }
    ok
}

/// Decides which of `incoming` to take.
///
/// One pass decides each change in causal (clock) order against what is held and what the
/// pass has taken so far. Revocation must not depend on that order: a removal may arrive in
/// the same batch as, or sort after, the removed member's stale changes. So after a pass, every
/// taken change is checked again against all membership writes taken; those whose author's
/// access a write they had not seen took away are refused, and the batch is decided again
/// without them, until nothing changes (each round refuses at least one more change, so this
/// ends). A refusal is not undone by a later round.
pub fn plan(
    known: Known<'_>,
    mut incoming: Vec<ChangeSet>,
    now: chrono::DateTime<chrono::Utc>,
) -> Plan {
    let creator = creator_of(known.binder_id);
    // Clock order is causal order for honest authors: a change's clock is past all it had seen.
    incoming.sort_by(|a, b| (a.hlc, &a.actor, a.seq).cmp(&(b.hlc, &b.actor, b.seq)));
    incoming.dedup_by(|a, b| a.actor == b.actor && a.seq == b.seq && a.signature == b.signature);
    let hashes = hashes_of(&incoming);
    // Keys any incoming change could use (bound to actor ids by hash), for the chain check;
    // a key already held for an actor is never replaced by one an incoming op names.
    let mut candidate_keys = KeyRing::of_held(&known.authority.keys);
    candidate_keys.add(known.binder_id, incoming.iter().flat_map(|c| c.ops.iter()));
    let authenticated = authenticated_runs(&incoming, &hashes, &known.heads, &candidate_keys);
    let limit = ((now.timestamp_millis() + MAX_CLOCK_SKEW_MS).max(0) as u64) << 16;
    let mut banned: HashMap<usize, Reason> = HashMap::new();
    loop {
        let pass = decide_batch(&known, &incoming, &hashes, &authenticated, limit, &banned);
        let late: Vec<(usize, Reason)> = pass
            .accept
            .iter()
            .filter_map(|&i| revoked(&incoming[i], &pass.writes, creator).map(|r| (i, r)))
            .collect();
        if late.is_empty() {
            let mut result = Plan {
                already_present: pass.already_present,
                rejected: pass.rejected,
                ..Plan::default()
            };
            // Taken in increasing index order, which is causal order.
            let mut take = pass.accept.into_iter().peekable();
            for (i, (c, hash)) in incoming.into_iter().zip(hashes).enumerate() {
                if take.next_if_eq(&i).is_some() {
                    result.accept.push(c);
                    result.hashes.push(hash);
                }
            }
            return result;
        }
        banned.extend(late);
    }
}

/// What one pass over a batch decided: indices into the batch.
struct Pass<'k> {
    accept: Vec<usize>,
    already_present: usize,
    rejected: Vec<Rejection>,
    /// Every membership write held or taken in this pass (those held, borrowed, unless the
    /// pass took more).
    writes: Writes<'k>,
}

fn decide_batch<'k>(
    known: &'k Known<'_>,
    incoming: &[ChangeSet],
    hashes: &[String],
    authenticated: &std::collections::HashSet<(String, u64)>,
    limit: u64,
    banned: &HashMap<usize, Reason>,
) -> Pass<'k> {
    let creator = creator_of(known.binder_id);
    let mut heads = known.heads.clone();
    let mut writes = Writes::of_held(&known.authority);
    let mut keys = KeyRing::of_held(&known.authority.keys);
    let mut refused_from: HashMap<String, u64> = HashMap::new();
    let mut pass = Pass {
        accept: Vec::new(),
        already_present: 0,
        rejected: Vec::new(),
        writes: Writes::of_held(&known.authority),
    };
    for (i, (c, hash)) in incoming.iter().zip(hashes).enumerate() {
        // Only a change at or below its author's head can already be held.
        let maybe_held = known.heads.get(&c.actor).is_some_and(|&(s, _)| c.seq <= s);
        if let Some(held) = maybe_held
            .then(|| (known.signature_of)(&c.actor, c.seq))
            .flatten()
        {
            if held == c.signature {
                pass.already_present += 1;
            } else {
                pass.rejected.push(Rejection {
                    actor: c.actor.clone(),
                    seq: c.seq,
                    reason: Reason::Equivocation,
                });
            }
            continue;
        }
        let signed = authenticated.contains(&(c.actor.clone(), c.seq));
        let decision = match banned.get(&i) {
            Some(reason) => Err(reason.clone()),
            None => decide(
                c,
                signed,
                creator,
                known.binder_id,
                &heads,
                &writes,
                &mut keys,
                &refused_from,
                limit,
            ),
        };
        match decision {
            Ok(()) => {
                heads.insert(c.actor.clone(), (c.seq, hash.clone()));
                // An owner's accepted change may add a member whose changes follow in this batch.
                keys.add(known.binder_id, c.ops.iter());
                for op in c.ops.iter().filter(|o| is_authority_id(&o.id)) {
                    writes.push((c.clone(), op.clone()));
                }
                pass.accept.push(i);
            }
            Err(reason) => {
                let first = refused_from.entry(c.actor.clone()).or_insert(c.seq);
                *first = (*first).min(c.seq);
                pass.rejected.push(Rejection {
                    actor: c.actor.clone(),
                    seq: c.seq,
                    reason,
                });
            }
        }
    }
    pass.writes = writes;
    pass
}

#[allow(clippy::too_many_arguments)]
fn decide(
    c: &ChangeSet,
    signed: bool,
    creator: Option<&str>,
    binder_id: &str,
    heads: &BTreeMap<String, (u64, String)>,
    writes: &Writes<'_>,
    keys: &mut KeyRing<'_>,
    refused_from: &HashMap<String, u64>,
    clock_limit: u64,
) -> Result<(), Reason> {
    if c.binder_id != binder_id {
        return Err(Reason::OtherBinder);
    }
    if refused_from.get(&c.actor).is_some_and(|&s| c.seq > s) {
        return Err(Reason::FollowsRefused);
    }
    if c.hlc > clock_limit {
        return Err(Reason::FutureClock);
    }
    let (head_seq, head_hash) = heads.get(&c.actor).cloned().unwrap_or((0, String::new()));
    if c.seq != head_seq + 1 {
        return Err(Reason::Gap);
    }
    if c.prev_hash != head_hash {
        return Err(Reason::BrokenChain);
    }
    // The creator's first change carries its own key; everyone else's key was added by an owner.
    if creator == Some(c.actor.as_str()) && c.seq == 1 {
        keys.add(binder_id, c.ops.iter());
    }
    let key = keys.get(&c.actor).ok_or(Reason::NotAMember)?;
    if !signed {
        c.verify_signature(key).map_err(|_| Reason::BadSignature)?;
    }
    // Every op writes the kind its id names, so everything below may go by the label.
    c.ops.iter().try_for_each(check_shape)?;
    // Timeline entries, ticks and sign-offs carry their author in their id and are written once,
    // by that author only: nobody rewrites another person's entry (a check on the change set
    // alone, so merging stays order-independent).
    if c.ops
        .iter()
        .any(|o| is_append_only(&o.kind) && !o.id.starts_with(&author_prefix(&o.kind, &c.actor)))
    {
        return Err(Reason::NotTheirs);
    }
    // A member's hardware key is theirs alone to name: nobody, not even an owner, adds a
    // recipient that every copy is encrypted to under someone else's record.
    let own = format!("member-{}", c.actor);
    if c.ops
        .iter()
        .any(|o| o.kind == "member" && o.field == "hardware_recipient" && o.id != own)
    {
        return Err(Reason::NotTheirs);
    }
    match role_in_past(&c.actor, c, writes, creator).as_deref() {
        None if recovery_in_past(&c.actor, c, writes) => recovery_allows(&c.actor, &c.ops, |id| {
            writes.of(id).any(|(w, _)| change_saw(c, w))
        }),
        None => Err(Reason::NotAMember),
        Some("removed") => Err(Reason::Removed),
        Some("viewer") => Err(Reason::Viewer),
        Some("owner") => Ok(()),
        Some(_) if c.ops.iter().any(|o| is_authority_id(&o.id)) => Err(Reason::NotOwner),
        Some(_) => Ok(()),
    }?;
    match revoked(c, writes, creator) {
        Some(reason) => Err(reason),
        None => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ed25519_dalek::SigningKey;

    struct Team {
        owner: SigningKey,
        editor: SigningKey,
        binder_id: String,
        log: Vec<ChangeSet>,
    }

    fn actor(k: &SigningKey) -> String {
        changelog::actor_id(&k.verifying_key())
    }

    fn member_ops(k: &SigningKey, role: &str) -> Vec<Op> {
        let id = format!("member-{}", actor(k));
        let text = |f: &str, v: String| Op {
            kind: "member".into(),
            id: id.clone(),
            field: f.into(),
            value: Some(Value::Text(v)),
        };
        vec![
            text("name", "x".into()),
            text("role", role.into()),
            text("signing_key", changelog::hex(k.verifying_key().as_bytes())),
        ]
    }

    /// An owner who created the binder and added an editor, as two signed change sets.
    fn team() -> Team {
        let owner = SigningKey::from_bytes(&[1; 32]);
        let editor = SigningKey::from_bytes(&[2; 32]);
        let binder_id = format!("b.{}", actor(&owner));
        let c1 = ChangeSet::sign(
            &owner,
            &binder_id,
            1,
            10 << 16,
            BTreeMap::new(),
            String::new(),
            member_ops(&owner, "owner"),
        );
        let deps = BTreeMap::from([(actor(&owner), 1)]);
        let c2 = ChangeSet::sign(
            &owner,
            &binder_id,
            2,
            11 << 16,
            deps,
            c1.hash(),
            member_ops(&editor, "editor"),
        );
        Team {
            owner,
            editor,
            binder_id,
            log: vec![c1, c2],
        }
    }

    fn edit(
        key: &SigningKey,
        team: &Team,
        seq: u64,
        prev: String,
        hlc: u64,
        ops: Vec<Op>,
    ) -> ChangeSet {
        let deps = BTreeMap::from([(actor(&team.owner), 2)]);
        ChangeSet::sign(key, &team.binder_id, seq, hlc, deps, prev, ops)
    }

    fn note() -> Vec<Op> {
        vec![Op {
            kind: "contact".into(),
            id: "contact-a".into(),
            field: "notes".into(),
            value: Some(Value::Text("n".into())),
        }]
    }

    fn decide_all(team: &Team, incoming: Vec<ChangeSet>) -> Vec<Result<(), Reason>> {
        let none = |_: &str, _: u64| None;
        let known = Known {
            binder_id: &team.binder_id,
            heads: BTreeMap::new(),
            authority: Default::default(),
            signature_of: &none,
        };
        let mut all = team.log.clone();
        let keys: Vec<(String, u64)> = incoming.iter().map(|c| (c.actor.clone(), c.seq)).collect();
        all.extend(incoming);
        let now = chrono::DateTime::from_timestamp_millis(100).unwrap_or_default();
        let plan = plan(known, all, now);
        assert_eq!(
            plan.accept
                .iter()
                .filter(|c| c.actor == actor(&team.owner))
                .count(),
            2,
            "the owner's own log is taken"
        );
        keys.iter()
            .map(
                |(a, s)| match plan.rejected.iter().find(|r| &r.actor == a && r.seq == *s) {
                    Some(r) => Err(r.reason.clone()),
                    None => Ok(()),
                },
            )
            .collect()
    }

    /// What is tried, the change sets offered, and the decision expected for each.
    type Case = (&'static str, Vec<ChangeSet>, Vec<Result<(), Reason>>);

    #[test]
    fn a_hardware_key_is_named_only_by_its_member_not_even_by_an_owner() {
        let t = team();
        let hardware = |who: &SigningKey| Op {
            kind: "member".into(),
            id: format!("member-{}", actor(who)),
            field: "hardware_recipient".into(),
            value: Some(Value::Text("age1x".into())),
        };
        let prev = t.log[1].hash();
        let by_owner_for_editor = edit(
            &t.owner,
            &t,
            3,
            prev.clone(),
            30 << 16,
            vec![hardware(&t.editor)],
        );
        assert_eq!(
            decide_all(&t, vec![by_owner_for_editor]),
            vec![Err(Reason::NotTheirs)]
        );
        // (The owner naming their own is taken: tests/integration/hardware.rs.)
        let by_editor_for_owner = edit(
            &t.editor,
            &t,
            1,
            String::new(),
            30 << 16,
            vec![hardware(&t.owner)],
        );
        assert_eq!(
            decide_all(&t, vec![by_editor_for_owner]),
            vec![Err(Reason::NotTheirs)]
        );
    }

    #[test]
    fn each_kind_of_bad_change_is_refused_for_its_own_reason() {
        let t = team();
        let first = edit(&t.editor, &t, 1, String::new(), 20 << 16, note());
        let cases: Vec<Case> = vec![
            (
                "a genuine edit by the editor",
                vec![first.clone()],
                vec![Ok(())],
            ),
            (
                "a change whose predecessor is missing",
                vec![edit(&t.editor, &t, 2, first.hash(), 21 << 16, note())],
                vec![Err(Reason::Gap)],
            ),
            (
                "a change naming the wrong predecessor",
                vec![
                    first.clone(),
                    edit(&t.editor, &t, 2, "00".repeat(32), 21 << 16, note()),
                ],
                vec![Ok(()), Err(Reason::BrokenChain)],
            ),
            (
                "a refused change and the one after it",
                vec![
                    edit(&t.editor, &t, 1, "ff".into(), 20 << 16, note()),
                    edit(&t.editor, &t, 2, first.hash(), 21 << 16, note()),
                ],
                vec![Err(Reason::BrokenChain), Err(Reason::FollowsRefused)],
            ),
            (
                "a clock two days ahead",
                vec![edit(
                    &t.editor,
                    &t,
                    1,
                    String::new(),
                    (100 + 2 * 86_400_000) << 16,
                    note(),
                )],
                vec![Err(Reason::FutureClock)],
            ),
            (
                "an editor adding a member",
                vec![edit(
                    &t.editor,
                    &t,
                    1,
                    String::new(),
                    20 << 16,
                    member_ops(&SigningKey::from_bytes(&[3; 32]), "owner"),
                )],
                vec![Err(Reason::NotOwner)],
            ),
            (
                "a change of another binder",
                vec![ChangeSet::sign(
                    &t.editor,
                    "other.binder",
                    1,
                    20 << 16,
                    BTreeMap::new(),
                    String::new(),
                    note(),
                )],
                vec![Err(Reason::OtherBinder)],
            ),
            (
                "an outsider claiming to be the creator",
                vec![ChangeSet::sign(
                    &SigningKey::from_bytes(&[9; 32]),
                    &t.binder_id,
                    1,
                    20 << 16,
                    BTreeMap::new(),
                    String::new(),
                    member_ops(&SigningKey::from_bytes(&[9; 32]), "owner"),
                )],
                vec![Err(Reason::NotAMember)],
            ),
        ];
        for (what, incoming, expected) in cases {
            assert_eq!(decide_all(&t, incoming), expected, "{what}");
        }
    }

    #[test]
    fn an_op_is_checked_against_the_kind_its_id_names_not_its_label() {
        let op = |kind: &str, id: &str, field: &str, value: Option<Value>| Op {
            kind: kind.into(),
            id: id.into(),
            field: field.into(),
            value,
        };
        let text = |s: &str| Some(Value::Text(s.into()));
        let cases = [
            (op("contact", "contact-a", "notes", text("n")), true),
            (
                op("contact", "contact-a", "phones", Some(Value::List(vec![]))),
                true,
            ),
            (
                op(
                    "contact",
                    "contact-a",
                    DELETED_FIELD,
                    Some(Value::Bool(true)),
                ),
                true,
            ),
            (op("contact", "contact-a", "notes", None), true),
            (op("contact", "member-a", "role", text("owner")), false),
            (op("incident", "recovery-a", "recipient", text("x")), false),
            (op("contact", "entry-a-b", "text", text("x")), false),
            (op("nosuch", "nosuch-a", "x", text("x")), false),
            (op("contact", "contact", "notes", text("x")), false),
            (op("contact", "contact-a", "password", text("x")), false),
            (
                op("contact", "contact-a", "notes", Some(Value::Bool(true))),
                false,
            ),
            (
                op("contact", "contact-a", "notes", Some(Value::List(vec![]))),
                false,
            ),
            (
                op("contact", "contact-a", DELETED_FIELD, text("yes")),
                false,
            ),
        ];
        for (o, ok) in cases {
            assert_eq!(check_shape(&o).is_ok(), ok, "{o:?}");
        }
    }

    #[test]
    fn a_recovery_key_may_take_over_but_nothing_else_through_merge() {
        let t = team();
        let recovery = SigningKey::from_bytes(&[7; 32]);
        let rid = format!("recovery-{}", actor(&recovery));
        let register = ChangeSet::sign(
            &t.owner,
            &t.binder_id,
            3,
            12 << 16,
            BTreeMap::from([(actor(&t.owner), 2)]),
            t.log[1].hash(),
            vec![Op {
                kind: "recovery".into(),
                id: rid,
                field: "signing_key".into(),
                value: Some(Value::Text(changelog::hex(
                    recovery.verifying_key().as_bytes(),
                ))),
            }],
        );
        let by_recovery = |ops: Vec<Op>| {
            let deps = BTreeMap::from([(actor(&t.owner), 3)]);
            ChangeSet::sign(
                &recovery,
                &t.binder_id,
                1,
                20 << 16,
                deps,
                String::new(),
                ops,
            )
        };
        let successor = SigningKey::from_bytes(&[8; 32]);
        let other = SigningKey::from_bytes(&[9; 32]);
        let removal = vec![Op {
            kind: "member".into(),
            id: format!("member-{}", actor(&t.editor)),
            field: DELETED_FIELD.into(),
            value: Some(Value::Bool(true)),
        }];
        let mut two = member_ops(&successor, "owner");
        two.extend(member_ops(&other, "owner"));
        let cases: Vec<(&str, Vec<Op>, bool)> = vec![
            ("a takeover", member_ops(&successor, "owner"), true),
            ("a plan edit", note(), false),
            ("a member removed", removal, false),
            ("two members added", two, false),
            (
                "a successor made editor",
                member_ops(&successor, "editor"),
                false,
            ),
        ];
        for (what, ops, ok) in cases {
            let mut team_log = t.log.clone();
            team_log.push(register.clone());
            let mut incoming = team_log;
            incoming.push(by_recovery(ops));
            let none = |_: &str, _: u64| None;
            let known = Known {
                binder_id: &t.binder_id,
                heads: BTreeMap::new(),
                authority: Default::default(),
                signature_of: &none,
            };
            let now = chrono::DateTime::from_timestamp_millis(100).unwrap_or_default();
            let p = plan(known, incoming, now);
            assert_eq!(
                p.accept.len(),
                3 + usize::from(ok),
                "{what}: {:?}",
                p.rejected
            );
            if !ok {
                assert!(
                    matches!(p.rejected[0].reason, Reason::RecoveryLimit(_)),
                    "{what}: {:?}",
                    p.rejected
                );
            }
        }
    }

    #[test]
    fn a_change_already_held_is_counted_not_refused_but_a_different_one_is_equivocation() {
        let t = team();
        let held = t.log[1].clone();
        let sig = held.signature.clone();
        let signature_of =
            |a: &str, s: u64| (a == held.actor && s == held.seq).then(|| sig.clone());
        let heads = BTreeMap::from([(held.actor.clone(), (2, held.hash()))]);
        let known = Known {
            binder_id: &t.binder_id,
            heads,
            authority: Default::default(),
            signature_of: &signature_of,
        };
        let mut twin = held.clone();
        twin.signature = "00".repeat(64);
        let plan = plan(known, vec![held.clone(), twin], chrono::Utc::now());
        assert_eq!(plan.already_present, 1);
        assert_eq!(plan.rejected.len(), 1);
        assert_eq!(plan.rejected[0].reason, Reason::Equivocation);
    }
}
