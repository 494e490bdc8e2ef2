//! Verifying a stored ledger: [`verify_rows`] checks a whole stored chain, naming the lowest bad
//! row; [`trusted_registry`] gives the keys a verifier starts from.

use homeward_ledger::{ChainError, KeyFault, KeyRegistry, SignedEntry, VerifyReport, verify_chain};
use rayon::prelude::*;

use homeward_store::{LedgerRow, StoredKey};

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
