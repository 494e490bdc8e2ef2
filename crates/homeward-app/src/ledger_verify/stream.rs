//! Verifying a stored ledger as a stream: pages of rows are read while the page before is
//! verified (decoded, hashed and its signatures batch-checked on every core), so a chain of a
//! million entries is never held in memory at once. A ledger with a fault is then read again in
//! full and checked by [`verify_rows`], so that the fault is named exactly as there.

use homeward_ledger::{ChainVerifier, KeyRegistry, SignedEntry, VerifyReport};
use rayon::prelude::*;

use homeward_store::{Ledger, LedgerRow, StoreResult};

use super::{LedgerFault, verify_rows};

/// Rows per page that keep both cores busy without holding much: about 4 MB of rows.
pub const VERIFY_PAGE: u32 = 10_000;

/// Verifies the whole ledger of `store` against `trusted`, `page` rows at a time from the first;
/// `progress` is told how many entries each verified page held. The outer error is a failed
/// read; the inner one the first bad row, named as [`verify_rows`] names it.
pub async fn verify_stored_ledger(
    store: &dyn Ledger,
    trusted: &KeyRegistry,
    page_rows: u32,
    progress: &(dyn Fn(u64) + Send + Sync),
) -> StoreResult<Result<VerifyReport, LedgerFault>> {
    let page_rows = page_rows.max(1);
    let mut verifier = ChainVerifier::new(trusted);
    let mut page = store.ledger_rows(None, page_rows).await?;
    while let Some(last) = page.last() {
        let after = last.sequence;
        let count = page.len() as u64;
        let check = tokio::task::spawn_blocking(move || {
            let result = check_page(&mut verifier, &page);
            (verifier, result)
        });
        let (next, checked) = tokio::join!(store.ledger_rows(Some(after), page_rows), check);
        let (back, result) = checked.unwrap_or_else(|e| std::panic::resume_unwind(e.into_panic()));
        if let Err(streamed) = result {
            return diagnose(store, trusted, streamed).await;
        }
        verifier = back;
        progress(count);
        page = next?;
    }
    Ok(Ok(verifier.finish()))
}

/// Decodes one page and pushes it through the verifier; any fault ends the stream.
fn check_page(verifier: &mut ChainVerifier, rows: &[LedgerRow]) -> Result<(), LedgerFault> {
    let start = verifier.entries() as usize;
    let decoded: Vec<Result<SignedEntry, String>> =
        rows.par_iter().map(LedgerRow::decode).collect();
    let mut entries = Vec::with_capacity(rows.len());
    for (i, (row, entry)) in rows.iter().zip(decoded).enumerate() {
        let entry = entry.map_err(|reason| LedgerFault::Unreadable {
            row_sequence: row.sequence,
            position: start + i,
            reason,
        })?;
        if row.sequence != entry.entry.sequence as i64 {
            return Err(LedgerFault::Misfiled {
                row_sequence: row.sequence,
                entry_sequence: entry.entry.sequence,
                position: start + i,
            });
        }
        entries.push(entry);
    }
    verifier.push(&entries).map_err(LedgerFault::from)
}

/// Reads every row and names the fault as [`verify_rows`] does; if that finds none (the rows
/// changed between the reads), the streamed fault stands.
async fn diagnose(
    store: &dyn Ledger,
    trusted: &KeyRegistry,
    streamed: LedgerFault,
) -> StoreResult<Result<VerifyReport, LedgerFault>> {
    let mut rows = Vec::new();
    let mut after = None;
    loop {
        let page = store.ledger_rows(after, VERIFY_PAGE).await?;
        let Some(last) = page.last() else { break };
        after = Some(last.sequence);
        rows.extend(page);
    }
    let trusted = trusted.clone();
    let full = tokio::task::spawn_blocking(move || verify_rows(&rows, &trusted))
        .await
        .unwrap_or_else(|e| std::panic::resume_unwind(e.into_panic()));
    Ok(Err(full.err().unwrap_or(streamed)))
}
