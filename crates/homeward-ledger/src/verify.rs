//! Walking a chain: sequence continuity, previous-hash links, recomputed hashes, and signatures
//! by the key valid at each point; the first bad entry is named with the reason.
//!
//! Hashes are recomputed in parallel, the links and keys walked in order, then signatures checked
//! in batches (the equation of `ed25519_dalek::verify_batch`, with each key's terms gathered:
//! `batch.rs`) in parallel; a failing batch is re-checked one by one
//! to name its bad entry. The answer is the lowest bad position, whatever the thread count.

use rayon::prelude::*;
use thiserror::Error;

use crate::batch::verify_batch_by_key;
use crate::entry::{ChainHead, SignedEntry};
use crate::keys::{ContentHash, KeyId, PublicKey, Signature};
use crate::registry::{KeyFault, KeyRegistry};

/// Signatures per batch: larger batches cost less per signature (Pippenger's multiscalar
/// multiplication), smaller ones spread better over the cores and re-check less on a failure.
const BATCH: usize = 512;

/// What is wrong with the first bad entry.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum ChainFault {
    #[error("edited: its content hashes to {recomputed}, not the recorded {stored}")]
    Edited {
        stored: ContentHash,
        recomputed: ContentHash,
    },
    #[error("deleted: entries {first_missing} to {last_missing} are missing before it")]
    Deleted {
        first_missing: u64,
        last_missing: u64,
    },
    #[error("reordered: entry {expected} should come here, and it comes later")]
    Reordered { expected: u64 },
    #[error(
        "inserted: it claims sequence {sequence}, which another entry also holds and links from"
    )]
    Inserted { sequence: u64 },
    #[error("duplicated: it repeats entry {sequence} exactly")]
    Duplicated { sequence: u64 },
    #[error(
        "broken link: it points to previous hash {found}, but the previous entry's hash is {expected}"
    )]
    BrokenLink {
        expected: ContentHash,
        found: ContentHash,
    },
    #[error("{0}")]
    Key(KeyFault),
    #[error("bad signature: not signed by key {key_id} (content or signature changed)")]
    BadSignature { key_id: KeyId },
}

/// The first bad entry: its position in the list, the sequence it claims, and why.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[error("entry {sequence} (row {position}): {fault}")]
pub struct ChainError {
    /// 0-based index in the list given to [`verify_chain`].
    pub position: usize,
    /// The sequence number the bad entry claims.
    pub sequence: u64,
    pub fault: ChainFault,
}

/// What a good chain holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VerifyReport {
    pub entries: u64,
    /// Where the next entry goes.
    pub head: ChainHead,
    pub signatures_checked: u64,
    /// Keys after replaying every rotation and introduction.
    pub keys: KeyRegistry,
}

/// Verifies a whole chain, from sequence 1, against the keys trusted at its start.
pub fn verify_chain(
    entries: &[SignedEntry],
    initial_keys: &KeyRegistry,
) -> Result<VerifyReport, ChainError> {
    let recomputed: Vec<ContentHash> = entries.par_iter().map(|e| e.entry.hash()).collect();
    let mut keys = initial_keys.clone();
    let mut previous = ChainHead::GENESIS;
    if let Some((position, fault)) = check_run(entries, &recomputed, &mut keys, &mut previous) {
        return Err(ChainError {
            position,
            sequence: entries[position].entry.sequence,
            fault: refine_insertion(entries, &recomputed, position, fault),
        });
    }
    Ok(VerifyReport {
        entries: entries.len() as u64,
        head: previous,
        signatures_checked: entries.len() as u64,
        keys,
    })
}

/// Verifies a chain piece by piece, in order, for chains too long to hold at once (a store
/// streams its rows through it): the same checks as [`verify_chain`], and the same first bad
/// position. Only the kind of some faults can differ, as they are judged from the neighbours
/// within the piece (reordered or deleted, inserted or duplicated): re-run [`verify_chain`] over
/// the whole chain to name a fault exactly.
#[derive(Debug, Clone)]
pub struct ChainVerifier {
    keys: KeyRegistry,
    head: ChainHead,
    entries: u64,
}

impl ChainVerifier {
    /// A verifier at the start of a chain, trusting `initial_keys`.
    pub fn new(initial_keys: &KeyRegistry) -> Self {
        ChainVerifier {
            keys: initial_keys.clone(),
            head: ChainHead::GENESIS,
            entries: 0,
        }
    }

    /// Entries verified so far.
    pub fn entries(&self) -> u64 {
        self.entries
    }

    /// Checks the next `piece` of the chain; the error's position counts from the chain's start.
    /// After an error the verifier is spent: further pieces are not meaningful.
    pub fn push(&mut self, piece: &[SignedEntry]) -> Result<(), ChainError> {
        let recomputed: Vec<ContentHash> = piece.par_iter().map(|e| e.entry.hash()).collect();
        if let Some((i, fault)) = check_run(piece, &recomputed, &mut self.keys, &mut self.head) {
            return Err(ChainError {
                position: self.entries as usize + i,
                sequence: piece[i].entry.sequence,
                fault: refine_insertion(piece, &recomputed, i, fault),
            });
        }
        self.entries += piece.len() as u64;
        Ok(())
    }

    /// The report for everything pushed.
    pub fn finish(self) -> VerifyReport {
        VerifyReport {
            entries: self.entries,
            head: self.head,
            signatures_checked: self.entries,
            keys: self.keys,
        }
    }
}

/// Checks `entries`, which continue the chain after `previous` under `keys` (both advanced as
/// the walk goes): the lowest bad position in `entries` and why, if any.
fn check_run(
    entries: &[SignedEntry],
    recomputed: &[ContentHash],
    keys: &mut KeyRegistry,
    previous: &mut ChainHead,
) -> Option<(usize, ChainFault)> {
    let mut signers: Vec<PublicKey> = Vec::with_capacity(entries.len());
    let mut structural: Option<(usize, ChainFault)> = None;
    for (i, signed) in entries.iter().enumerate() {
        match check_structure(entries, recomputed, i, *previous, keys) {
            Ok(key) => signers.push(key),
            Err(fault) => {
                structural = Some((i, fault));
                break;
            }
        }
        if let Err(fault) = keys.apply(&signed.entry) {
            structural = Some((i, ChainFault::Key(fault)));
            break;
        }
        *previous = ChainHead::after(signed);
    }
    let first_bad_signature = first_bad_signature(&entries[..signers.len()], &signers);
    match (first_bad_signature, structural) {
        (Some((i, f)), Some((j, _))) if i < j => Some((i, f)),
        (Some(bad), None) => Some(bad),
        (_, Some(bad)) => Some(bad),
        (None, None) => None,
    }
}

/// Everything but the signature for entry `i`, given the head after entry `i - 1`.
fn check_structure(
    entries: &[SignedEntry],
    recomputed: &[ContentHash],
    i: usize,
    previous: ChainHead,
    keys: &KeyRegistry,
) -> Result<PublicKey, ChainFault> {
    let signed = &entries[i];
    let entry = &signed.entry;
    if recomputed[i] != signed.hash {
        return Err(ChainFault::Edited {
            stored: signed.hash,
            recomputed: recomputed[i],
        });
    }
    let expected = previous.next_sequence;
    if entry.sequence > expected {
        let comes_later = entries[i + 1..]
            .iter()
            .any(|e| (expected..entry.sequence).contains(&e.entry.sequence));
        return Err(if comes_later {
            ChainFault::Reordered { expected }
        } else {
            ChainFault::Deleted {
                first_missing: expected,
                last_missing: entry.sequence - 1,
            }
        });
    }
    if entry.sequence < expected {
        let copy = entries[..i]
            .iter()
            .any(|e| e.entry.sequence == entry.sequence && e.hash == signed.hash);
        return Err(if copy {
            ChainFault::Duplicated {
                sequence: entry.sequence,
            }
        } else {
            ChainFault::Inserted {
                sequence: entry.sequence,
            }
        });
    }
    if entry.previous_hash != previous.previous_hash {
        return Err(ChainFault::BrokenLink {
            expected: previous.previous_hash,
            found: entry.previous_hash,
        });
    }
    keys.key_for(&entry.organization, entry.signer_key_id, entry.sequence)
        .copied()
        .map_err(ChainFault::Key)
}

/// A forged entry slipped in before a genuine one that claims the same sequence and links past
/// it is named as inserted rather than by its bad key or signature.
fn refine_insertion(
    entries: &[SignedEntry],
    recomputed: &[ContentHash],
    position: usize,
    fault: ChainFault,
) -> ChainFault {
    if !matches!(fault, ChainFault::Key(_) | ChainFault::BadSignature { .. }) {
        return fault;
    }
    let (bad, Some(next)) = (&entries[position], entries.get(position + 1)) else {
        return fault;
    };
    let genuine_follows = next.entry.sequence == bad.entry.sequence
        && next.entry.previous_hash == bad.entry.previous_hash
        && recomputed[position + 1] == next.hash;
    if genuine_follows {
        ChainFault::Inserted {
            sequence: bad.entry.sequence,
        }
    } else {
        fault
    }
}

/// The lowest position whose signature does not verify under its resolved key.
fn first_bad_signature(
    entries: &[SignedEntry],
    signers: &[PublicKey],
) -> Option<(usize, ChainFault)> {
    entries
        .par_chunks(BATCH)
        .zip(signers.par_chunks(BATCH))
        .enumerate()
        .filter_map(|(chunk, (entries, signers))| {
            bad_in_chunk(entries, signers).map(|(i, f)| (chunk * BATCH + i, f))
        })
        .min_by_key(|(i, _)| *i)
}

fn bad_in_chunk(entries: &[SignedEntry], signers: &[PublicKey]) -> Option<(usize, ChainFault)> {
    let messages: Vec<&[u8]> = entries.iter().map(|e| &e.hash.0[..]).collect();
    let signatures: Vec<Signature> = entries.iter().map(|e| e.signature).collect();
    if verify_batch_by_key(&messages, &signatures, signers) {
        return None;
    }
    let bad = |i: usize| ChainFault::BadSignature {
        key_id: entries[i].entry.signer_key_id,
    };
    let position = (0..entries.len())
        .find(|&i| !signers[i].verify(&entries[i].hash.0, &entries[i].signature))
        // The batch equation failed but each signature alone holds: refuse the batch's first.
        .unwrap_or(0);
    Some((position, bad(position)))
}
