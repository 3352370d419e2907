//! SLIP-39: a secret split into Shamir shares written as words, with a checksum in every share
//! (<https://github.com/satoshilabs/slips/blob/master/slip-0039.md>).
//!
//! Written here against the specification and its official test vectors
//! (`tests/fixtures/slip39/vectors.json`, from the reference implementation) because the one Rust
//! crate for it (`sssmc39` 0.0.3, 2020) calls itself unfinished and untested and predates the
//! "extendable backup" flag the reference implementation now writes by default. Python's
//! `shamir-mnemonic` combines the shares made here and the other way round (integration tests).
//!
//! Only one group is ever *made* (k of n shares, group threshold 1); shares of any group layout
//! are *combined*. Errors point at the share and the word a person has to look at again.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::OnceLock;

use hmac::{Hmac, Mac};
use rand::RngCore;
use sha2::Sha256;
use zeroize::Zeroizing;

const WORDLIST: &str = include_str!("../../assets/slip39-wordlist.txt");
const RADIX_BITS: usize = 10;
const ID_EXP_WORDS: usize = 2;
const CHECKSUM_WORDS: usize = 3;
const METADATA_WORDS: usize = ID_EXP_WORDS + 2 + CHECKSUM_WORDS;
/// The fewest words a share can have (a 128-bit secret).
pub const MIN_WORDS: usize = METADATA_WORDS + 13;
/// At most this many shares in a group.
pub const MAX_SHARES: u8 = 16;
const SECRET_INDEX: u8 = 255;
const DIGEST_INDEX: u8 = 254;
const DIGEST_BYTES: usize = 4;
const BASE_ITERATIONS: u32 = 10_000;
const ROUNDS: u8 = 4;

/// What is wrong with a set of shares, said so that a person can find it on the paper.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ShareError {
    /// A word that is not on the SLIP-39 word list.
    #[error("share {share}, word {position}: \"{word}\" is not a share word{}", hint(.suggestion))]
    UnknownWord {
        /// Which share (1-based, in the order given).
        share: usize,
        /// Which word (1-based).
        position: usize,
        /// The word as typed.
        word: String,
        /// The list word it most likely is.
        suggestion: Option<String>,
    },
    /// Too few or too many words.
    #[error(
        "share {share} has {count} words; a share has 20 words (or 33 for a longer secret) — check for a missed or doubled word"
    )]
    Length {
        /// Which share (1-based).
        share: usize,
        /// How many words it has.
        count: usize,
    },
    /// The words are all list words but the checksum fails: one word was miscopied.
    #[error(
        "share {share} does not check out: word {position} \"{word}\" looks wrong{}",
        hint(.suggestion)
    )]
    WrongWord {
        /// Which share (1-based).
        share: usize,
        /// Which word (1-based).
        position: usize,
        /// The word as typed.
        word: String,
        /// The word that makes the checksum right.
        suggestion: Option<String>,
    },
    /// The checksum fails and no single word explains it.
    #[error(
        "share {share} does not check out: more than one word is wrong; compare it with the paper word by word"
    )]
    Checksum {
        /// Which share (1-based).
        share: usize,
    },
    /// The share's padding bits are not zero (not made by a SLIP-39 tool).
    #[error("share {share} is not a valid share (its padding is wrong)")]
    Padding {
        /// Which share (1-based).
        share: usize,
    },
    /// Shares from different splits.
    #[error(
        "share {share} belongs to another set of shares (it begins \"{its}\", the first share begins \"{first}\"); every share of one set begins with the same two words"
    )]
    OtherSet {
        /// Which share (1-based).
        share: usize,
        /// Its first words.
        its: String,
        /// The first share's first words.
        first: String,
    },
    /// The same share twice.
    #[error("share {share} was given twice")]
    Duplicate {
        /// Which share (1-based).
        share: usize,
    },
    /// Not enough shares yet.
    #[error("{have} of the {need} shares needed; add {} more", .need - .have)]
    TooFew {
        /// Shares (or groups) given.
        have: usize,
        /// Shares (or groups) needed.
        need: usize,
    },
    /// The shares combine to something whose digest does not match: not shares of one secret.
    #[error(
        "these shares do not combine: they are not from the same split (or one was altered so that its checksum still holds)"
    )]
    Digest,
    /// A request to split that SLIP-39 cannot express.
    #[error("{0}")]
    Scheme(String),
}

fn hint(suggestion: &Option<String>) -> String {
    suggestion
        .as_ref()
        .map(|s| format!(" — did you mean \"{s}\"?"))
        .unwrap_or_default()
}

/// The 1,024 share words, in order.
pub fn words() -> &'static [&'static str] {
    static LIST: OnceLock<Vec<&'static str>> = OnceLock::new();
    LIST.get_or_init(|| WORDLIST.lines().map(str::trim).collect())
}

fn index_of(word: &str) -> Option<u16> {
    let w = word.to_lowercase();
    let list = words();
    if let Ok(i) = list.binary_search(&w.as_str()) {
        return Some(i as u16);
    }
    // Every word is told apart by its first four letters, so four letters are enough.
    if w.len() >= 4 {
        let mut found = list.iter().enumerate().filter(|(_, l)| l.starts_with(&w));
        if let (Some((i, _)), None) = (found.next(), found.next()) {
            return Some(i as u16);
        }
    }
    None
}

/// The list word closest to `word` (same first letters, or one letter off), for a hint.
fn closest(word: &str) -> Option<String> {
    let w = word.to_lowercase();
    let distance = |a: &str, b: &str| {
        let (a, b): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
        let mut row: Vec<usize> = (0..=b.len()).collect();
        for (i, ca) in a.iter().enumerate() {
            let mut prev = row[0];
            row[0] = i + 1;
            for (j, cb) in b.iter().enumerate() {
                let cur = row[j + 1];
                row[j + 1] = (prev + usize::from(ca != cb)).min(row[j] + 1).min(cur + 1);
                prev = cur;
            }
        }
        row[b.len()]
    };
    words()
        .iter()
        .map(|l| (distance(&w, l), *l))
        .filter(|(d, _)| *d <= 2)
        .min()
        .map(|(_, l)| l.to_string())
}

/// The words of the list beginning with `prefix` (for completion as a person types).
pub fn complete(prefix: &str) -> Vec<&'static str> {
    let p = prefix.trim().to_lowercase();
    if p.is_empty() {
        return Vec::new();
    }
    words()
        .iter()
        .copied()
        .filter(|w| w.starts_with(&p))
        .collect()
}

// --- RS1024 checksum -------------------------------------------------------------------------

fn polymod(values: impl IntoIterator<Item = u32>) -> u32 {
    const GEN: [u32; 10] = [
        0xE0E040, 0x1C1C080, 0x3838100, 0x7070200, 0xE0E0009, 0x1C0C2412, 0x38086C24, 0x3090FC48,
        0x21B1F890, 0x3F3F120,
    ];
    let mut chk = 1u32;
    for v in values {
        let b = chk >> 20;
        chk = ((chk & 0xFFFFF) << 10) ^ v;
        for (i, g) in GEN.iter().enumerate() {
            if (b >> i) & 1 == 1 {
                chk ^= g;
            }
        }
    }
    chk
}

fn customization(extendable: bool) -> &'static [u8] {
    if extendable {
        b"shamir_extendable"
    } else {
        b"shamir"
    }
}

fn checksum_ok(data: &[u16], extendable: bool) -> bool {
    let custom = customization(extendable).iter().map(|&b| u32::from(b));
    polymod(custom.chain(data.iter().map(|&v| u32::from(v)))) == 1
}

fn checksum(data: &[u16], extendable: bool) -> [u16; CHECKSUM_WORDS] {
    let custom = customization(extendable).iter().map(|&b| u32::from(b));
    let values = custom
        .chain(data.iter().map(|&v| u32::from(v)))
        .chain([0; CHECKSUM_WORDS]);
    let p = polymod(values) ^ 1;
    [
        (p >> 20) as u16 & 1023,
        (p >> 10) as u16 & 1023,
        p as u16 & 1023,
    ]
}

// --- GF(256) and Shamir ------------------------------------------------------------------------

struct Field {
    exp: [u8; 255],
    log: [u8; 256],
}

fn field() -> &'static Field {
    static F: OnceLock<Field> = OnceLock::new();
    F.get_or_init(|| {
        let mut f = Field {
            exp: [0; 255],
            log: [0; 256],
        };
        let mut poly: u16 = 1;
        for i in 0..255 {
            f.exp[i] = poly as u8;
            f.log[poly as usize] = i as u8;
            // Multiply by x + 1, reduce by x^8 + x^4 + x^3 + x + 1.
            poly ^= poly << 1;
            if poly & 0x100 != 0 {
                poly ^= 0x11B;
            }
        }
        f
    })
}

/// f(x) of the polynomial through `points` (distinct x), byte by byte.
fn interpolate(points: &[(u8, &[u8])], x: u8) -> Zeroizing<Vec<u8>> {
    if let Some((_, y)) = points.iter().find(|(px, _)| *px == x) {
        return Zeroizing::new(y.to_vec());
    }
    let f = field();
    let log = |v: u8| i64::from(f.log[v as usize]);
    let log_prod: i64 = points.iter().map(|(px, _)| log(px ^ x)).sum();
    let len = points.first().map_or(0, |(_, y)| y.len());
    let mut out = Zeroizing::new(vec![0u8; len]);
    for (px, y) in points {
        let others: i64 = points.iter().map(|(ox, _)| log(px ^ ox)).sum::<i64>();
        // log(px ^ px) is log(0), counted as 0 in the sum above, as the specification does.
        let basis = (log_prod - log(px ^ x) - others).rem_euclid(255);
        for (o, &v) in out.iter_mut().zip(y.iter()) {
            if v != 0 {
                *o ^= f.exp[((log(v) + basis) % 255) as usize];
            }
        }
    }
    out
}

fn digest(random: &[u8], secret: &[u8]) -> [u8; DIGEST_BYTES] {
    let mut mac =
        <Hmac<Sha256> as Mac>::new_from_slice(random).expect("HMAC takes a key of any length");
    mac.update(secret);
    let full = mac.finalize().into_bytes();
    let mut out = [0; DIGEST_BYTES];
    out.copy_from_slice(&full[..DIGEST_BYTES]);
    out
}

fn random_bytes(n: usize) -> Zeroizing<Vec<u8>> {
    let mut v = Zeroizing::new(vec![0u8; n]);
    rand::rngs::OsRng.fill_bytes(&mut v);
    v
}

fn split_secret(threshold: u8, count: u8, secret: &[u8]) -> Vec<(u8, Zeroizing<Vec<u8>>)> {
    if threshold == 1 {
        return (0..count)
            .map(|i| (i, Zeroizing::new(secret.to_vec())))
            .collect();
    }
    let random_count = threshold - 2;
    let mut shares: Vec<(u8, Zeroizing<Vec<u8>>)> = (0..random_count)
        .map(|i| (i, random_bytes(secret.len())))
        .collect();
    let random_part = random_bytes(secret.len() - DIGEST_BYTES);
    let mut digest_share = Zeroizing::new(digest(&random_part, secret).to_vec());
    digest_share.extend_from_slice(&random_part);
    let mut base: Vec<(u8, &[u8])> = shares.iter().map(|(x, y)| (*x, y.as_slice())).collect();
    base.push((DIGEST_INDEX, &digest_share));
    base.push((SECRET_INDEX, secret));
    let more: Vec<_> = (random_count..count)
        .map(|i| (i, interpolate(&base, i)))
        .collect();
    shares.extend(more);
    shares
}

fn recover_secret(threshold: u8, points: &[(u8, &[u8])]) -> Result<Zeroizing<Vec<u8>>, ShareError> {
    if threshold == 1 {
        return points
            .first()
            .map(|(_, y)| Zeroizing::new(y.to_vec()))
            .ok_or(ShareError::TooFew { have: 0, need: 1 });
    }
    let secret = interpolate(points, SECRET_INDEX);
    let digest_share = interpolate(points, DIGEST_INDEX);
    if digest_share[..DIGEST_BYTES] != digest(&digest_share[DIGEST_BYTES..], &secret) {
        return Err(ShareError::Digest);
    }
    Ok(secret)
}

// --- The Feistel cipher that keeps the master secret from the shares ---------------------------

fn feistel(
    data: &[u8],
    passphrase: &[u8],
    exponent: u8,
    identifier: u16,
    extendable: bool,
    rounds: impl Iterator<Item = u8>,
) -> Zeroizing<Vec<u8>> {
    let half = data.len() / 2;
    let mut l = Zeroizing::new(data[..half].to_vec());
    let mut r = Zeroizing::new(data[half..].to_vec());
    let mut salt = Vec::new();
    if !extendable {
        salt.extend_from_slice(b"shamir");
        salt.extend_from_slice(&identifier.to_be_bytes());
    }
    let iterations = (BASE_ITERATIONS << exponent) / u32::from(ROUNDS);
    for i in rounds {
        let mut password = Zeroizing::new(vec![i]);
        password.extend_from_slice(passphrase);
        let mut round_salt = salt.clone();
        round_salt.extend_from_slice(&r);
        let mut f = Zeroizing::new(vec![0u8; r.len()]);
        pbkdf2::pbkdf2_hmac::<Sha256>(&password, &round_salt, iterations, &mut f);
        let next_r: Zeroizing<Vec<u8>> =
            Zeroizing::new(l.iter().zip(f.iter()).map(|(a, b)| a ^ b).collect());
        l = std::mem::replace(&mut r, next_r);
    }
    let mut out = Zeroizing::new(r.to_vec());
    out.extend_from_slice(&l);
    out
}

// --- Shares as words ---------------------------------------------------------------------------

/// One decoded share. Its value is secret: zeroized on drop, never printed.
#[derive(Clone, PartialEq, Eq)]
pub struct Share {
    /// The random identifier common to a set of shares (15 bits).
    pub identifier: u16,
    /// The "extendable backup" flag.
    pub extendable: bool,
    /// PBKDF2 iteration exponent.
    pub iteration_exponent: u8,
    /// Its group (0-based).
    pub group_index: u8,
    /// Groups needed.
    pub group_threshold: u8,
    /// Groups made.
    pub group_count: u8,
    /// Its number within the group (0-based).
    pub member_index: u8,
    /// Shares of its group needed.
    pub member_threshold: u8,
    value: Zeroizing<Vec<u8>>,
}

impl std::fmt::Debug for Share {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Share")
            .field("identifier", &self.identifier)
            .field("group_index", &self.group_index)
            .field("member_index", &self.member_index)
            .field("member_threshold", &self.member_threshold)
            .finish_non_exhaustive()
    }
}

/// Big-endian base-1024 digits of `bytes`, `count` of them (the value left-padded with zeros).
fn to_indices(bytes: &[u8], count: usize) -> Vec<u16> {
    let total_bits = count * RADIX_BITS;
    let pad = total_bits - bytes.len() * 8;
    let bit = |i: usize| -> u16 {
        if i < pad {
            0
        } else {
            let j = i - pad;
            u16::from((bytes[j / 8] >> (7 - j % 8)) & 1)
        }
    };
    (0..count)
        .map(|w| (0..RADIX_BITS).fold(0u16, |acc, b| (acc << 1) | bit(w * RADIX_BITS + b)))
        .collect()
}

/// The bytes of base-1024 digits, dropping `pad` leading bits, which must be zero.
fn from_indices(indices: &[u16], pad: usize) -> Option<Zeroizing<Vec<u8>>> {
    let bits: Vec<u8> = indices
        .iter()
        .flat_map(|&v| (0..RADIX_BITS).rev().map(move |b| ((v >> b) & 1) as u8))
        .collect();
    if bits[..pad].iter().any(|&b| b != 0) {
        return None;
    }
    let bytes = bits[pad..]
        .chunks(8)
        .map(|c| c.iter().fold(0u8, |acc, &b| (acc << 1) | b))
        .collect();
    Some(Zeroizing::new(bytes))
}

impl Share {
    /// The share as words.
    pub fn words(&self) -> Vec<&'static str> {
        let id_exp = (u32::from(self.identifier) << 5)
            | (u32::from(self.extendable) << 4)
            | u32::from(self.iteration_exponent);
        let params = (u32::from(self.group_index) << 16)
            | (u32::from(self.group_threshold - 1) << 12)
            | (u32::from(self.group_count - 1) << 8)
            | (u32::from(self.member_index) << 4)
            | u32::from(self.member_threshold - 1);
        let value_words = (self.value.len() * 8).div_ceil(RADIX_BITS);
        let mut data = vec![
            (id_exp >> 10) as u16,
            (id_exp & 1023) as u16,
            (params >> 10) as u16,
            (params & 1023) as u16,
        ];
        data.extend(to_indices(&self.value, value_words));
        let sum = checksum(&data, self.extendable);
        data.extend(sum);
        data.iter().map(|&i| words()[i as usize]).collect()
    }

    /// The share as one line of words.
    pub fn mnemonic(&self) -> Zeroizing<String> {
        Zeroizing::new(self.words().join(" "))
    }

    /// Reads a share; `number` (1-based) is only for pointing at it in errors.
    pub fn parse(text: &str, number: usize) -> Result<Share, ShareError> {
        let typed: Vec<&str> = text
            .split(|c: char| c.is_whitespace() || c == ',')
            .filter(|w| !w.is_empty())
            // Tolerate "1. word" numbering copied from a share sheet.
            .filter(|w| {
                !w.trim_end_matches(['.', ')', ':'])
                    .chars()
                    .all(|c| c.is_ascii_digit())
            })
            .collect();
        let mut data = Vec::with_capacity(typed.len());
        for (i, w) in typed.iter().enumerate() {
            let index = index_of(w).ok_or_else(|| ShareError::UnknownWord {
                share: number,
                position: i + 1,
                word: (*w).to_string(),
                suggestion: closest(w),
            })?;
            data.push(index);
        }
        let pad = (RADIX_BITS * data.len().saturating_sub(METADATA_WORDS)) % 16;
        if data.len() < MIN_WORDS || pad > 8 {
            return Err(ShareError::Length {
                share: number,
                count: data.len(),
            });
        }
        let id_exp = (u32::from(data[0]) << 10) | u32::from(data[1]);
        let extendable = (id_exp >> 4) & 1 == 1;
        if !checksum_ok(&data, extendable) {
            return Err(locate_wrong_word(&data, extendable, &typed, number));
        }
        let params = (u32::from(data[2]) << 10) | u32::from(data[3]);
        let nibble = |shift: u32| ((params >> shift) & 15) as u8;
        let value_data = &data[ID_EXP_WORDS + 2..data.len() - CHECKSUM_WORDS];
        let value = from_indices(value_data, pad).ok_or(ShareError::Padding { share: number })?;
        let share = Share {
            identifier: (id_exp >> 5) as u16,
            extendable,
            iteration_exponent: (id_exp & 15) as u8,
            group_index: nibble(16),
            group_threshold: nibble(12) + 1,
            group_count: nibble(8) + 1,
            member_index: nibble(4),
            member_threshold: nibble(0) + 1,
            value,
        };
        if share.group_threshold > share.group_count {
            return Err(ShareError::Scheme(format!(
                "share {number} is not valid: it needs more groups than it says were made"
            )));
        }
        Ok(share)
    }

    /// Which share of how many this is, for people: (number from 1, needed).
    pub fn member(&self) -> (u8, u8) {
        (self.member_index + 1, self.member_threshold)
    }

    fn set_prefix(&self) -> String {
        self.words()[..ID_EXP_WORDS].join(" ")
    }
}

/// One wrong word is found by trying every word in every place (the RS1024 code corrects one).
fn locate_wrong_word(data: &[u16], extendable: bool, typed: &[&str], share: usize) -> ShareError {
    let mut fixes = Vec::new();
    let mut trial = data.to_vec();
    for pos in 0..data.len() {
        for candidate in 0..1024u16 {
            if candidate == data[pos] {
                continue;
            }
            trial[pos] = candidate;
            // The flag is in word 2: a change there changes the customization string too.
            let ext = if pos == 1 {
                (candidate >> 4) & 1 == 1
            } else {
                extendable
            };
            if checksum_ok(&trial, ext) {
                fixes.push((pos, candidate));
            }
        }
        trial[pos] = data[pos];
    }
    match fixes.as_slice() {
        [(pos, candidate)] => ShareError::WrongWord {
            share,
            position: pos + 1,
            word: typed[*pos].to_string(),
            suggestion: Some(words()[*candidate as usize].to_string()),
        },
        _ => ShareError::Checksum { share },
    }
}

/// Splits `secret` (16 to 32 bytes, even length) into `count` shares of which any `threshold`
/// give it back; one group, no passphrase, extendable flag set (as the reference tool's default).
pub fn split(secret: &[u8], threshold: u8, count: u8) -> Result<Vec<Share>, ShareError> {
    split_with(secret, threshold, count, b"", 0)
}

/// [`split`] with a SLIP-39 passphrase and iteration exponent.
pub fn split_with(
    secret: &[u8],
    threshold: u8,
    count: u8,
    passphrase: &[u8],
    exponent: u8,
) -> Result<Vec<Share>, ShareError> {
    if secret.len() < 16 || !secret.len().is_multiple_of(2) {
        return Err(ShareError::Scheme(
            "the secret must be at least 16 bytes and an even number of bytes".into(),
        ));
    }
    if count > MAX_SHARES || count == 0 {
        return Err(ShareError::Scheme(format!(
            "between 1 and {MAX_SHARES} holders, not {count}"
        )));
    }
    if threshold == 0 || threshold > count {
        return Err(ShareError::Scheme(format!(
            "the number of shares needed ({threshold}) must be between 1 and the number of holders ({count})"
        )));
    }
    if threshold == 1 && count > 1 {
        return Err(ShareError::Scheme(
            "with 1 share needed every holder could open the binder alone; give each the recovery key instead, or need at least 2".into(),
        ));
    }
    let mut id_bytes = [0u8; 2];
    rand::rngs::OsRng.fill_bytes(&mut id_bytes);
    let identifier = u16::from_be_bytes(id_bytes) & 0x7FFF;
    let extendable = true;
    let encrypted = feistel(
        secret,
        passphrase,
        exponent,
        identifier,
        extendable,
        0..ROUNDS,
    );
    // One group of one: the group share is the encrypted secret itself.
    Ok(split_secret(threshold, count, &encrypted)
        .into_iter()
        .map(|(x, value)| Share {
            identifier,
            extendable,
            iteration_exponent: exponent,
            group_index: 0,
            group_threshold: 1,
            group_count: 1,
            member_index: x,
            member_threshold: threshold,
            value,
        })
        .collect())
}

/// What a set of shares gives so far: every share checked, and whether enough are there.
#[derive(Debug)]
pub struct Progress {
    /// The shares read, in the order given.
    pub shares: Vec<Share>,
    /// Shares (or complete groups) still missing; 0 when the secret can be recovered.
    pub missing: usize,
}

/// Reads and checks shares typed so far (blank entries skipped), without combining them.
pub fn check(texts: &[&str]) -> Result<Progress, ShareError> {
    let mut shares: Vec<Share> = Vec::new();
    for (i, text) in texts.iter().enumerate() {
        if text.trim().is_empty() {
            continue;
        }
        let share = Share::parse(text, i + 1)?;
        if let Some(first) = shares.first()
            && (first.identifier, first.extendable, first.iteration_exponent)
                != (share.identifier, share.extendable, share.iteration_exponent)
        {
            return Err(ShareError::OtherSet {
                share: i + 1,
                its: share.set_prefix(),
                first: first.set_prefix(),
            });
        }
        if let Some(first) = shares.first()
            && (first.group_threshold, first.group_count)
                != (share.group_threshold, share.group_count)
        {
            return Err(ShareError::OtherSet {
                share: i + 1,
                its: share.set_prefix(),
                first: first.set_prefix(),
            });
        }
        if shares
            .iter()
            .any(|s| (s.group_index, s.member_index) == (share.group_index, share.member_index))
        {
            return Err(ShareError::Duplicate { share: i + 1 });
        }
        shares.push(share);
    }
    let missing = missing_of(&shares);
    Ok(Progress { shares, missing })
}

fn groups_of(shares: &[Share]) -> BTreeMap<u8, Vec<&Share>> {
    let mut groups: BTreeMap<u8, Vec<&Share>> = BTreeMap::new();
    for s in shares {
        groups.entry(s.group_index).or_default().push(s);
    }
    groups
}

fn missing_of(shares: &[Share]) -> usize {
    let Some(first) = shares.first() else {
        return 2;
    };
    let groups = groups_of(shares);
    if first.group_count == 1 {
        return usize::from(first.member_threshold).saturating_sub(shares.len());
    }
    let complete = groups
        .values()
        .filter(|g| g.len() >= usize::from(g[0].member_threshold))
        .count();
    usize::from(first.group_threshold).saturating_sub(complete)
}

/// Combines shares (SLIP-39 passphrase empty) into the secret.
pub fn combine(texts: &[&str]) -> Result<Zeroizing<Vec<u8>>, ShareError> {
    combine_with(texts, b"")
}

/// Combines shares made with a SLIP-39 `passphrase`.
pub fn combine_with(texts: &[&str], passphrase: &[u8]) -> Result<Zeroizing<Vec<u8>>, ShareError> {
    let progress = check(texts)?;
    let shares = progress.shares;
    let Some(first) = shares.first() else {
        return Err(ShareError::TooFew { have: 0, need: 2 });
    };
    let groups = groups_of(&shares);
    let need_groups = usize::from(first.group_threshold);
    let mut group_secrets: Vec<(u8, Zeroizing<Vec<u8>>)> = Vec::new();
    let mut member_short = None;
    for (&index, members) in &groups {
        if members
            .iter()
            .map(|m| m.member_threshold)
            .collect::<BTreeSet<_>>()
            .len()
            != 1
        {
            return Err(ShareError::Digest);
        }
        let need = usize::from(members[0].member_threshold);
        if members.len() < need {
            member_short.get_or_insert(ShareError::TooFew {
                have: members.len(),
                need,
            });
            continue;
        }
        let points: Vec<(u8, &[u8])> = members
            .iter()
            .take(need)
            .map(|m| (m.member_index, m.value.as_slice()))
            .collect();
        if points
            .iter()
            .map(|(_, v)| v.len())
            .collect::<BTreeSet<_>>()
            .len()
            != 1
        {
            return Err(ShareError::Digest);
        }
        group_secrets.push((index, recover_secret(need as u8, &points)?));
    }
    if group_secrets.len() < need_groups {
        return Err(match (first.group_count, member_short) {
            (1, Some(short)) => short,
            _ => ShareError::TooFew {
                have: group_secrets.len(),
                need: need_groups,
            },
        });
    }
    let points: Vec<(u8, &[u8])> = group_secrets
        .iter()
        .take(need_groups)
        .map(|(x, v)| (*x, v.as_slice()))
        .collect();
    let encrypted = recover_secret(need_groups as u8, &points)?;
    Ok(feistel(
        &encrypted,
        passphrase,
        first.iteration_exponent,
        first.identifier,
        first.extendable,
        (0..ROUNDS).rev(),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_word_list_is_sorted_and_unique_in_four_letters() {
        let list = words();
        assert_eq!(list.len(), 1024);
        assert!(list.windows(2).all(|w| w[0] < w[1]));
        let prefixes: BTreeSet<String> = list.iter().map(|w| w.chars().take(4).collect()).collect();
        assert_eq!(prefixes.len(), 1024);
    }

    #[test]
    fn split_then_combine_any_two_of_three() {
        let secret = [7u8; 32];
        let shares = split(&secret, 2, 3).unwrap();
        let texts: Vec<Zeroizing<String>> = shares.iter().map(Share::mnemonic).collect();
        assert_eq!(shares[0].words().len(), 33);
        for (a, b) in [(0, 1), (1, 2), (2, 0)] {
            let got = combine(&[&texts[a], &texts[b]]).unwrap();
            assert_eq!(got.as_slice(), &secret);
        }
        assert_eq!(
            combine(&[&texts[1]]).unwrap_err(),
            ShareError::TooFew { have: 1, need: 2 }
        );
    }

    #[test]
    fn one_changed_word_is_named_with_the_right_one() {
        let shares = split(&[9u8; 16], 2, 3).unwrap();
        let words = shares[1].words();
        let mut typed: Vec<&str> = words.clone();
        typed[9] = if words[9] == "academic" {
            "acid"
        } else {
            "academic"
        };
        let err = Share::parse(&typed.join(" "), 2).unwrap_err();
        assert_eq!(
            err,
            ShareError::WrongWord {
                share: 2,
                position: 10,
                word: typed[9].to_string(),
                suggestion: Some(words[9].to_string()),
            }
        );
        let mut misspelt = words.clone();
        misspelt[3] = "zzzq";
        assert!(matches!(
            Share::parse(&misspelt.join(" "), 1).unwrap_err(),
            ShareError::UnknownWord { position: 4, .. }
        ));
    }

    #[test]
    fn four_letters_are_enough_and_numbering_is_ignored() {
        let shares = split(&[3u8; 16], 2, 2).unwrap();
        let short: Vec<String> = shares[0]
            .words()
            .iter()
            .enumerate()
            .map(|(i, w)| format!("{}. {}", i + 1, &w[..w.len().min(4)]))
            .collect();
        let parsed = Share::parse(&short.join("\n"), 1).unwrap();
        assert_eq!(parsed, shares[0]);
    }
}

#[cfg(test)]
mod vectors {
    use super::*;

    /// The official SLIP-39 test vectors (passphrase "TREZOR"): every valid set gives its
    /// secret, every invalid one is refused.
    #[test]
    fn official_test_vectors() {
        let text = include_str!("../../tests/fixtures/slip39/vectors.json");
        let vectors: Vec<(String, Vec<String>, String, String)> =
            serde_json::from_str(text).unwrap();
        assert_eq!(vectors.len(), 45);
        for (name, mnemonics, secret, _xprv) in vectors {
            let texts: Vec<&str> = mnemonics.iter().map(String::as_str).collect();
            let got = combine_with(&texts, b"TREZOR");
            if secret.is_empty() {
                assert!(got.is_err(), "{name}: accepted");
            } else {
                let got = got.unwrap_or_else(|e| panic!("{name}: {e}"));
                assert_eq!(data_encoding::HEXLOWER.encode(&got), secret, "{name}");
            }
        }
    }
}

#[cfg(test)]
mod properties {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        // Locating a wrong word tries every word in every place: 64 cases keep this quick.
        #![proptest_config(ProptestConfig::with_cases(64))]

        /// Anything typed gets an answer, never a panic: random list words of any count, and
        /// any text at all.
        #[test]
        fn any_typing_is_answered(indices in proptest::collection::vec(0usize..1024, 0..40), text in ".{0,200}") {
            let typed: Vec<&str> = indices.iter().map(|&i| words()[i]).collect();
            let _ = combine(&[&typed.join(" "), &text]);
            let _ = check(&[&text]);
        }

        /// Any secret of an allowed size (16 to 32 bytes, even) comes back from any `need` of
        /// its shares.
        #[test]
        fn any_secret_comes_back(
            secret in (8usize..=16).prop_flat_map(|half| proptest::collection::vec(any::<u8>(), 2 * half)),
            need in 2u8..5,
            extra in 0u8..3,
        ) {
            prop_assert_eq!(comes_back(&secret, need, extra), secret);
        }
    }

    /// The secret rebuilt from the last `need` of `need + extra` shares.
    fn comes_back(secret: &[u8], need: u8, extra: u8) -> Vec<u8> {
        let shares = split(secret, need, need + extra).unwrap();
        let texts: Vec<Zeroizing<String>> = shares
            .iter()
            .rev()
            .take(need as usize)
            .map(Share::mnemonic)
            .collect();
        let refs: Vec<&str> = texts.iter().map(|t| t.as_str()).collect();
        combine(&refs).unwrap().to_vec()
    }

    /// Every allowed size, each time (the property above picks sizes at random): 16, 18, … 32
    /// bytes, with different bytes and thresholds for each.
    #[test]
    fn a_secret_of_every_allowed_size_comes_back() {
        for (i, len) in (16..=32).step_by(2).enumerate() {
            let secret: Vec<u8> = (0..len).map(|b| (b * 37 + i * 101 + 7) as u8).collect();
            let need = 2 + (i % 3) as u8;
            let back = comes_back(&secret, need, (i % 2) as u8);
            assert_eq!(back, secret, "a {len}-byte secret, {need} shares");
        }
    }
}
