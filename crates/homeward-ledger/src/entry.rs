//! A ledger entry, its canonical encoding and hash, and appending signed entries to a chain.

use rayon::prelude::*;

use crate::encoding::{DecodeError, Reader, Writer};
use crate::event::CustodyEvent;
use crate::keys::{ContentHash, KeyId, OrganizationKey, Signature};

/// The first bytes of every entry's encoding: magic `HWLEDGER` and format version 1 (u16 BE).
pub const ENTRY_MAGIC: &[u8; 10] = b"HWLEDGER\x00\x01";

/// One custody entry, as it is hashed and signed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    /// 1 for the first entry, then +1 for each; no gaps.
    pub sequence: u64,
    /// The previous entry's hash; [`ContentHash::GENESIS`] (all zeros) for the first.
    pub previous_hash: ContentHash,
    /// When it happened, unix seconds (the caller reads the clock).
    pub time: i64,
    /// Fingerprint of the key that signs this entry (the organization's key at that point).
    pub signer_key_id: KeyId,
    /// The acting organization, whose key signs.
    pub organization: String,
    /// The person acting (name or user id).
    pub actor: String,
    pub location: String,
    /// Accession numbers of the remains concerned.
    pub remains: Vec<String>,
    /// Ids of the personal effects concerned.
    pub effects: Vec<String>,
    pub event: CustodyEvent,
    /// Free text.
    pub details: String,
}

impl Entry {
    /// The canonical bytes (README, "Ledger entry encoding v1").
    pub fn encode(&self) -> Vec<u8> {
        let mut w = Writer::with_magic(ENTRY_MAGIC);
        w.u64(self.sequence);
        w.fixed(&self.previous_hash.0);
        w.i64(self.time);
        w.fixed(&self.signer_key_id.0);
        w.str(&self.organization);
        w.str(&self.actor);
        w.str(&self.location);
        w.strs(&self.remains);
        w.strs(&self.effects);
        self.event.encode(&mut w);
        w.str(&self.details);
        w.finish()
    }

    /// Strictly decodes canonical bytes: `decode(encode(e)) == e`, and any other input is refused.
    pub fn decode(bytes: &[u8]) -> Result<Entry, DecodeError> {
        let mut r = Reader::new(bytes, ENTRY_MAGIC, "ledger entry v1")?;
        let entry = Entry {
            sequence: r.u64("sequence")?,
            previous_hash: ContentHash(r.array("previous hash")?),
            time: r.i64("time")?,
            signer_key_id: KeyId(r.array("signer key id")?),
            organization: r.str("organization")?,
            actor: r.str("actor")?,
            location: r.str("location")?,
            remains: r.strs("remains")?,
            effects: r.strs("effects")?,
            event: CustodyEvent::decode(&mut r)?,
            details: r.str("details")?,
        };
        r.finish()?;
        Ok(entry)
    }

    /// SHA-256 of [`Entry::encode`].
    pub fn hash(&self) -> ContentHash {
        ContentHash::of(&self.encode())
    }

    /// Hashes and signs: the signature is ed25519 over the 32 hash bytes.
    ///
    /// The caller must pass the key whose id is `signer_key_id`; a mismatch is refused.
    pub fn sign(self, key: &OrganizationKey) -> Result<SignedEntry, SignError> {
        if key.key_id() != self.signer_key_id {
            return Err(SignError::WrongKey {
                sequence: self.sequence,
                entry_key: self.signer_key_id,
                given_key: key.key_id(),
            });
        }
        let hash = self.hash();
        let signature = key.sign(&hash.0);
        Ok(SignedEntry {
            entry: self,
            hash,
            signature,
        })
    }
}

/// An entry as stored: its fields, the hash recorded when it was appended, and the signature.
/// `hash` is stored rather than trusted: [`crate::verify_chain`] recomputes it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SignedEntry {
    pub entry: Entry,
    pub hash: ContentHash,
    pub signature: Signature,
}

/// Why an entry could not be signed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SignError {
    #[error("entry {sequence}: names signer key {entry_key} but was given key {given_key}")]
    WrongKey {
        sequence: u64,
        entry_key: KeyId,
        given_key: KeyId,
    },
}

/// An entry before the chain places it: everything but sequence, previous hash and signer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EntryDraft {
    pub time: i64,
    pub actor: String,
    pub location: String,
    pub remains: Vec<String>,
    pub effects: Vec<String>,
    pub event: CustodyEvent,
    pub details: String,
}

impl EntryDraft {
    /// A draft with no remains, effects or details; set the public fields for more.
    pub fn new(time: i64, actor: &str, location: &str, event: CustodyEvent) -> Self {
        EntryDraft {
            time,
            actor: actor.to_string(),
            location: location.to_string(),
            remains: Vec::new(),
            effects: Vec::new(),
            event,
            details: String::new(),
        }
    }
}

/// Where the next entry goes: its sequence and the hash it must link to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ChainHead {
    pub next_sequence: u64,
    pub previous_hash: ContentHash,
}

impl Default for ChainHead {
    fn default() -> Self {
        ChainHead::GENESIS
    }
}

impl ChainHead {
    /// The head of an empty chain.
    pub const GENESIS: ChainHead = ChainHead {
        next_sequence: 1,
        previous_hash: ContentHash::GENESIS,
    };

    /// The head after `last` (the store reads the last row and continues from it).
    pub fn after(last: &SignedEntry) -> Self {
        ChainHead {
            next_sequence: last.entry.sequence + 1,
            previous_hash: last.hash,
        }
    }

    /// The entry `draft` becomes at this head, signed by `key` for `key`'s organization.
    pub fn place(&self, draft: EntryDraft, key: &OrganizationKey) -> Entry {
        Entry {
            sequence: self.next_sequence,
            previous_hash: self.previous_hash,
            time: draft.time,
            signer_key_id: key.key_id(),
            organization: key.organization().to_string(),
            actor: draft.actor,
            location: draft.location,
            remains: draft.remains,
            effects: draft.effects,
            event: draft.event,
            details: draft.details,
        }
    }

    /// Places, hashes and signs every draft in order, and advances the head past them: the same
    /// entries as calling [`ChainHead::append`] for each, but the signatures (the costly part;
    /// each over a hash already chained) are computed in parallel.
    pub fn append_all(
        &mut self,
        drafts: Vec<EntryDraft>,
        key: &OrganizationKey,
    ) -> Vec<SignedEntry> {
        let placed: Vec<(Entry, ContentHash)> = drafts
            .into_iter()
            .map(|draft| {
                let entry = self.place(draft, key);
                let hash = entry.hash();
                *self = ChainHead {
                    next_sequence: entry.sequence + 1,
                    previous_hash: hash,
                };
                (entry, hash)
            })
            .collect();
        placed
            .into_par_iter()
            .map(|(entry, hash)| SignedEntry {
                signature: key.sign(&hash.0),
                entry,
                hash,
            })
            .collect()
    }

    /// Places, hashes and signs `draft`, and advances the head past it.
    pub fn append(&mut self, draft: EntryDraft, key: &OrganizationKey) -> SignedEntry {
        let entry = self.place(draft, key);
        let hash = entry.hash();
        let signature = key.sign(&hash.0);
        *self = ChainHead {
            next_sequence: entry.sequence + 1,
            previous_hash: hash,
        };
        SignedEntry {
            entry,
            hash,
            signature,
        }
    }
}
