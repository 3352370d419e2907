//! Signed change sets: the only way anything in a binder changes.
//!
//! A change set is `{binder_id, actor, seq, hlc, deps, prev_hash, ops, signature}`.
//! This module builds, encodes, signs, hashes and checks them, and keeps the hybrid logical clock.
//! It knows nothing of SQLite; folding change sets into state is `store`'s job.

use std::collections::BTreeMap;

use ed25519_dalek::{Signature, Signer, SigningKey, Verifier, VerifyingKey};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::catalog::Value;
pub use crate::file::keys::parse_verifying_key;

/// Domain separation for signatures, so a change-set signature can never be replayed as
/// anything else signed with the same key.
const SIGNING_CONTEXT: &[u8] = b"continuity-binder/change-set/v1\n";

/// One field assignment. Deleting a record is `field = "_deleted", value = true`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Op {
    /// Kind of the record.
    pub kind: String,
    /// Record id (`<kind>-<suffix>`).
    pub id: String,
    /// Field name.
    pub field: String,
    /// New value; `None` clears the field.
    pub value: Option<Value>,
}

/// A signed change set.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChangeSet {
    /// The binder this change belongs to.
    pub binder_id: String,
    /// Key id of the member's signing key (see [`actor_id`]).
    pub actor: String,
    /// 1, 2, 3… per actor.
    pub seq: u64,
    /// Hybrid logical clock: wall-clock milliseconds << 16 | counter.
    pub hlc: u64,
    /// Version vector the author had seen: actor → highest seq.
    pub deps: BTreeMap<String, u64>,
    /// Hash of this actor's previous change set (empty for seq 1).
    pub prev_hash: String,
    /// The field assignments.
    pub ops: Vec<Op>,
    /// Ed25519 signature (hex) over the canonical encoding of everything above.
    pub signature: String,
}

#[derive(Serialize)]
struct Unsigned<'a> {
    binder_id: &'a str,
    actor: &'a str,
    seq: u64,
    hlc: u64,
    deps: &'a BTreeMap<String, u64>,
    prev_hash: &'a str,
    ops: &'a [Op],
}

/// A signature that does not match (altered, forged, or another key).
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("the signature does not match the change set")]
pub struct BadSignature;

/// The key id of a signing key: 32 hex digits (128 bits) of the SHA-256 of the whole key. Used
/// as the actor name in every binder made from format 2 on; no one can find another key with
/// the same id (2^128 tries), so an id names one key.
pub fn actor_id(key: &VerifyingKey) -> String {
    hex(&Sha256::digest(key.as_bytes())[..ACTOR_BYTES])
}

/// Bytes of the key's hash in an actor id (format 2 on).
const ACTOR_BYTES: usize = 16;

/// Bytes of the key's hash in the actor ids of a binder made by format 1 (16 hex digits).
const FORMAT_1_ACTOR_BYTES: usize = 8;

/// The key id of a signing key in the binder `binder_id`: as long as the id of the member who
/// created it (which the binder's id ends with), so a binder made by format 1 keeps its 16-digit
/// ids and every other binder has ids of [`actor_id`]'s full strength.
pub fn actor_id_in(binder_id: &str, key: &VerifyingKey) -> String {
    let made_by_format_1 = binder_id
        .split_once('.')
        .is_some_and(|(_, creator)| creator.len() == 2 * FORMAT_1_ACTOR_BYTES);
    let bytes = match made_by_format_1 {
        true => FORMAT_1_ACTOR_BYTES,
        false => ACTOR_BYTES,
    };
    hex(&Sha256::digest(key.as_bytes())[..bytes])
}

/// Lower-case hex of bytes.
pub fn hex(bytes: &[u8]) -> String {
    data_encoding::HEXLOWER.encode(bytes)
}

impl ChangeSet {
    fn unsigned(&self) -> Unsigned<'_> {
        Unsigned {
            binder_id: &self.binder_id,
            actor: &self.actor,
            seq: self.seq,
            hlc: self.hlc,
            deps: &self.deps,
            prev_hash: &self.prev_hash,
            ops: &self.ops,
        }
    }

    /// The exact bytes that are signed.
    pub fn signing_bytes(&self) -> Vec<u8> {
        let mut bytes = SIGNING_CONTEXT.to_vec();
        serde_json::to_writer(&mut bytes, &self.unsigned())
            .expect("serializing plain data to memory cannot fail");
        bytes
    }

    /// Builds and signs a change set.
    #[allow(clippy::too_many_arguments)]
    pub fn sign(
        key: &SigningKey,
        binder_id: &str,
        seq: u64,
        hlc: u64,
        deps: BTreeMap<String, u64>,
        prev_hash: String,
        ops: Vec<Op>,
    ) -> ChangeSet {
        let mut change = ChangeSet {
            binder_id: binder_id.to_string(),
            actor: actor_id_in(binder_id, &key.verifying_key()),
            seq,
            hlc,
            deps,
            prev_hash,
            ops,
            signature: String::new(),
        };
        change.signature = hex(&key.sign(&change.signing_bytes()).to_bytes());
        change
    }

    /// Checks the signature with the actor's key (which must be the key the actor id names, at
    /// the length of this binder's ids).
    pub fn verify_signature(&self, key: &VerifyingKey) -> Result<(), BadSignature> {
        let bad = || BadSignature;
        if actor_id_in(&self.binder_id, key) != self.actor {
            return Err(bad());
        }
        let bytes = data_encoding::HEXLOWER
            .decode(self.signature.as_bytes())
            .map_err(|_| bad())?;
        let signature = Signature::from_slice(&bytes).map_err(|_| bad())?;
        key.verify(&self.signing_bytes(), &signature)
            .map_err(|_| bad())
    }

    /// The hash that the actor's next change set names as `prev_hash`.
    pub fn hash(&self) -> String {
        let mut h = Sha256::new();
        h.update(self.signing_bytes());
        h.update(self.signature.as_bytes());
        hex(&h.finalize())
    }

    /// The wall-clock time the change was made, from its HLC.
    pub fn time(&self) -> chrono::DateTime<chrono::Utc> {
        hlc_time(self.hlc)
    }
}

/// The next HLC value: the wall clock, but always past every HLC already seen.
pub fn next_hlc(max_seen: u64, now: chrono::DateTime<chrono::Utc>) -> u64 {
    let wall = (now.timestamp_millis().max(0) as u64) << 16;
    if wall > max_seen { wall } else { max_seen + 1 }
}

/// The wall-clock part of an HLC.
pub fn hlc_time(hlc: u64) -> chrono::DateTime<chrono::Utc> {
    chrono::DateTime::from_timestamp_millis((hlc >> 16) as i64).unwrap_or_default()
}

/// The fingerprint of a set of change sets, from each actor's newest (actor, seq, hash):
/// because every change names its predecessor's hash, the heads stand for the whole set.
/// Twenty characters of Crockford base32 (100 bits) in five groups: easy to read over the phone,
/// and too long for anyone to make two logs that share one (2^50 tries for a collision). The
/// first three groups are the 60-bit fingerprint earlier versions showed, so a copy still on
/// one compares by those.
pub fn fingerprint(heads: &BTreeMap<String, (u64, String)>) -> String {
    let mut h = Sha256::new();
    for (actor, (seq, hash)) in heads {
        h.update(format!("{actor}:{seq}:{hash}\n"));
    }
    let text = crockford(&h.finalize()[..13]);
    let groups: Vec<&str> = (0..5).map(|i| &text[i * 4..i * 4 + 4]).collect();
    groups.join("-")
}

fn crockford(bytes: &[u8]) -> String {
    let mut spec = data_encoding::Specification::new();
    spec.symbols.push_str("0123456789ABCDEFGHJKMNPQRSTVWXYZ");
    spec.encoding()
        .expect("the Crockford alphabet is a valid base32 specification")
        .encode(bytes)
}

/// The first 60 bits of a digest as `XXXX-XXXX-XXXX` in Crockford's base32: short enough to read
/// over the phone, long enough that two different plans do not meet by chance.
pub fn human_hash(digest: &[u8]) -> String {
    let text = crockford(&digest[..digest.len().min(8)]);
    format!("{}-{}-{}", &text[0..4], &text[4..8], &text[8..12])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn change(key: &SigningKey, seq: u64, prev: String) -> ChangeSet {
        let ops = vec![Op {
            kind: "contact".into(),
            id: "contact-a".into(),
            field: "name".into(),
            value: Some(Value::Text("Åsa".into())),
        }];
        ChangeSet::sign(key, "b1", seq, seq << 16, BTreeMap::new(), prev, ops)
    }

    #[test]
    fn signed_changes_verify_and_any_alteration_is_caught() {
        let key = SigningKey::generate(&mut rand::rngs::OsRng);
        let vk = key.verifying_key();
        let c1 = change(&key, 1, String::new());
        let c2 = change(&key, 2, c1.hash());
        assert!(c1.verify_signature(&vk).is_ok() && c2.verify_signature(&vk).is_ok());
        assert_eq!(
            c2.prev_hash,
            c1.hash(),
            "each change names its predecessor's hash"
        );

        let mut altered = c2.clone();
        altered.ops[0].value = Some(Value::Text("Mallory".into()));
        assert_eq!(altered.verify_signature(&vk), Err(BadSignature));
        let mut flipped = c1.clone();
        flipped.signature.replace_range(
            0..1,
            if flipped.signature.starts_with('0') {
                "1"
            } else {
                "0"
            },
        );
        assert_eq!(flipped.verify_signature(&vk), Err(BadSignature));
        assert_ne!(
            flipped.hash(),
            c1.hash(),
            "the hash covers the signature, so the chain breaks too"
        );
        let other = SigningKey::generate(&mut rand::rngs::OsRng).verifying_key();
        assert_eq!(c1.verify_signature(&other), Err(BadSignature));
    }

    #[test]
    fn actor_ids_are_128_bits_and_a_format_1_binder_keeps_its_own() {
        let key = SigningKey::generate(&mut rand::rngs::OsRng);
        let vk = key.verifying_key();
        let full = actor_id(&vk);
        assert_eq!(full.len(), 32, "128 bits");
        let new_binder = format!("abc.{full}");
        let old_binder = format!("abc.{}", &full[..16]);
        assert_eq!(actor_id_in(&new_binder, &vk), full);
        assert_eq!(actor_id_in(&old_binder, &vk), full[..16]);
        // A change signs under the id its binder's ids have, and only that id verifies.
        for binder_id in [&new_binder, &old_binder] {
            let c = ChangeSet::sign(
                &key,
                binder_id,
                1,
                1,
                BTreeMap::new(),
                String::new(),
                vec![],
            );
            assert_eq!(c.actor, actor_id_in(binder_id, &vk));
            assert_eq!(c.verify_signature(&vk), Ok(()));
        }
        let mut short = ChangeSet::sign(
            &key,
            &new_binder,
            1,
            1,
            BTreeMap::new(),
            String::new(),
            vec![],
        );
        short.actor = full[..16].to_string();
        short.signature = String::new();
        let resigned = {
            let mut c = short.clone();
            c.signature = hex(&key.sign(&c.signing_bytes()).to_bytes());
            c
        };
        assert_eq!(
            resigned.verify_signature(&vk),
            Err(BadSignature),
            "a 64-bit id in a binder of 128-bit ids names no key"
        );
    }

    #[test]
    fn hlc_never_goes_backwards() {
        let now = chrono::Utc::now();
        let far = next_hlc(0, now) + 1_000_000;
        assert_eq!(next_hlc(far, now), far + 1);
        assert!(next_hlc(0, now) > 0);
        assert_eq!(
            hlc_time(next_hlc(0, now)).timestamp_millis(),
            now.timestamp_millis()
        );
    }

    #[test]
    fn fingerprint_is_short_and_depends_on_every_head() {
        let mut heads = BTreeMap::new();
        heads.insert("a".to_string(), (1, "h1".to_string()));
        let one = fingerprint(&heads);
        assert_eq!(one.len(), 24);
        // Its first three groups are the 60-bit fingerprint of earlier versions.
        let mut h = Sha256::new();
        h.update("a:1:h1\n");
        assert_eq!(one[..14], human_hash(&h.finalize()));
        heads.insert("b".to_string(), (1, "h2".to_string()));
        assert_ne!(one, fingerprint(&heads));
    }
}
