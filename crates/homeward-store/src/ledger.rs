//! The custody ledger as stored: raw rows (decoded on demand, so that a damaged row becomes a
//! verification fault naming it rather than a read error), stored organization keys, and
//! [`verify_rows`], which checks a whole stored chain.

use homeward_ledger::{
    ChainError, ContentHash, Entry, KeyFault, KeyId, KeyRegistry, PublicKey, Signature,
    SignedEntry, VerifyReport, verify_chain,
};
use rayon::prelude::*;

/// One row of `ledger_entries`, as stored: nothing in it is trusted until verified.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LedgerRow {
    /// The row's key (the sequence the entry was appended at; the encoding repeats it).
    pub sequence: i64,
    /// The entry's canonical bytes (encoding v1), as hashed and signed.
    pub encoding: Vec<u8>,
    /// The hash recorded at append time, 64 lowercase hex characters.
    pub hash: String,
    /// The ed25519 signature, 128 lowercase hex characters.
    pub signature: String,
}

impl LedgerRow {
    /// The row as it is written for `signed`.
    pub fn of(signed: &SignedEntry) -> Self {
        LedgerRow {
            sequence: signed.entry.sequence as i64,
            encoding: signed.entry.encode(),
            hash: signed.hash.to_hex(),
            signature: signed.signature.to_hex(),
        }
    }

    /// Decodes the row strictly; a row that cannot be read says why.
    pub fn decode(&self) -> Result<SignedEntry, String> {
        let entry = Entry::decode(&self.encoding).map_err(|e| format!("encoding: {e}"))?;
        let hash = ContentHash::from_hex(&self.hash).map_err(|e| format!("hash column: {e}"))?;
        let signature =
            Signature::from_hex(&self.signature).map_err(|e| format!("signature column: {e}"))?;
        Ok(SignedEntry {
            entry,
            hash,
            signature,
        })
    }
}

/// An organization key as the store holds it (the secret stays in the store; see
/// [`crate::Store::organization_signing_key`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredKey {
    /// The organization that signs with it.
    pub organization: String,
    /// Its fingerprint.
    pub key_id: KeyId,
    /// The public half.
    pub public_key: PublicKey,
    /// The first entry it may sign: 1 for a key trusted from the start, otherwise the entry
    /// after the rotation that brought it in.
    pub valid_from: u64,
    /// The rotation entry that retired it (the last entry it may sign); `None` while current.
    pub retired_at: Option<u64>,
    /// When it was stored, unix seconds.
    pub created_at: i64,
    /// How its secret is kept here.
    pub secret: SecretAtRest,
}

/// How a stored key's secret is kept.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SecretAtRest {
    /// Sealed under the key-encryption key.
    Sealed,
    /// In plaintext (a store from before the key encryption): the next unlock seals it.
    Plaintext,
    /// No secret: another organization's public key, imported to check its signatures.
    PublicOnly,
}

/// What unlocking the signing keys did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct UnlockReport {
    /// The key-encryption key was set up now (the store had none).
    pub created: bool,
    /// Plaintext secrets sealed now.
    pub sealed: usize,
}

/// The keys a verifier of this store starts from: every stored key valid from entry 1 (keys
/// brought in by rotation are learnt from the chain itself).
pub fn trusted_registry(keys: &[StoredKey]) -> Result<KeyRegistry, KeyFault> {
    KeyRegistry::with_trusted(
        keys.iter()
            .filter(|k| k.valid_from == 1)
            .map(|k| (k.organization.as_str(), k.public_key)),
    )
}

/// The first bad row of a stored ledger, and why.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum LedgerFault {
    /// The chain itself is broken (edited, deleted, reordered, inserted, bad key or signature).
    #[error(transparent)]
    Chain(#[from] ChainError),
    /// The row cannot even be decoded.
    #[error("entry at row sequence {row_sequence} (row {position}): unreadable: {reason}")]
    Unreadable {
        /// The row's sequence column.
        row_sequence: i64,
        /// 0-based position in sequence order.
        position: usize,
        /// What failed to decode.
        reason: String,
    },
    /// The row's key does not match the sequence its signed encoding claims.
    #[error(
        "entry {entry_sequence} (row {position}): stored under sequence {row_sequence}, not its own"
    )]
    Misfiled {
        /// The row's sequence column.
        row_sequence: i64,
        /// The sequence inside the signed encoding.
        entry_sequence: u64,
        /// 0-based position in sequence order.
        position: usize,
    },
}

impl LedgerFault {
    fn position(&self) -> usize {
        match self {
            LedgerFault::Chain(e) => e.position,
            LedgerFault::Unreadable { position, .. } | LedgerFault::Misfiled { position, .. } => {
                *position
            }
        }
    }
}

/// Verifies a whole stored ledger, `rows` in sequence-column order from the first: decodes
/// every row, runs [`verify_chain`] against `trusted`, and checks each row is filed under its
/// own sequence. The error names the lowest bad row; at equal rows the chain's own diagnosis
/// (e.g. reordered) wins. CPU-bound (rayon): call it from `spawn_blocking` on async threads.
pub fn verify_rows(rows: &[LedgerRow], trusted: &KeyRegistry) -> Result<VerifyReport, LedgerFault> {
    let decoded: Vec<Result<SignedEntry, String>> =
        rows.par_iter().map(LedgerRow::decode).collect();
    let readable = decoded.iter().take_while(|d| d.is_ok()).count();
    let entries: Vec<SignedEntry> = decoded
        .into_iter()
        .take(readable)
        .map(|d| d.expect("counted as readable"))
        .collect();
    let mut first: Option<LedgerFault> = rows.get(readable).map(|row| LedgerFault::Unreadable {
        row_sequence: row.sequence,
        position: readable,
        reason: row.decode().err().unwrap_or_default(),
    });
    let misfiled = rows
        .iter()
        .zip(&entries)
        .enumerate()
        .find_map(|(i, (row, e))| {
            (row.sequence != e.entry.sequence as i64).then_some(LedgerFault::Misfiled {
                row_sequence: row.sequence,
                entry_sequence: e.entry.sequence,
                position: i,
            })
        });
    let chain = verify_chain(&entries, trusted);
    for fault in [
        chain.as_ref().err().cloned().map(LedgerFault::from),
        misfiled,
    ]
    .into_iter()
    .flatten()
    {
        // Strictly lower only: at equal positions the chain's diagnosis (first here) stays.
        if first
            .as_ref()
            .is_none_or(|f| fault.position() < f.position())
        {
            first = Some(fault);
        }
    }
    match first {
        Some(fault) => Err(fault),
        None => Ok(chain.expect("no fault found")),
    }
}
