//! The custody-ledger benchmark (issue 4): append and verify rates for a long chain.
//!
//! Goals on 2 cores, SQLite: bulk append (one transaction per 1,000 entries) ≥ 20,000 entries/s
//! over 1,000,000 entries; one transaction per entry ≥ 500 entries/s; verifying the whole chain
//! read back from the store ≥ 50,000 entries/s.
//!
//! Bulk append: each batch is placed and hashed in order (the chain makes that sequential), its
//! signatures computed on every core, and the next batch is signed while the store writes this
//! one. One transaction per entry goes through [`Store::append_ledger`], which reads the key and
//! the head, signs and writes inside each transaction, as the registry's own events do.

use std::fmt;
use std::sync::Arc;
use std::time::{Duration, Instant};

use homeward_ledger::{
    ChainHead, CustodyEvent, EntryDraft, KeyFault, OrganizationKey, SignedEntry,
};
use homeward_store::{Store, StoreError, WriteContext};

use tokio::task::JoinHandle;

use crate::Progress;
use crate::ledger_verify::{LedgerFault, VERIFY_PAGE, trusted_registry, verify_stored_ledger};

/// Bulk append goal, entries/s.
pub const BULK_GOAL: f64 = 20_000.0;
/// One-transaction-per-entry goal, entries/s.
pub const PER_ENTRY_GOAL: f64 = 500.0;
/// Verification goal, entries/s.
pub const VERIFY_GOAL: f64 = 50_000.0;

/// The organization whose key signs the bench's entries.
const ORGANIZATION: &str = "Bench Ministry";

/// What to measure.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LedgerBenchOptions {
    /// Entries appended in bulk.
    pub entries: usize,
    /// Entries per bulk transaction.
    pub batch: usize,
    /// Entries appended one transaction each, after the bulk.
    pub per_entry: usize,
    /// Seed of the bench key.
    pub seed: u8,
}

impl Default for LedgerBenchOptions {
    fn default() -> Self {
        LedgerBenchOptions {
            entries: 1_000_000,
            batch: 1_000,
            per_entry: 5_000,
            seed: 53,
        }
    }
}

/// One measured rate.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Rate {
    /// Entries processed.
    pub entries: u64,
    /// Wall time.
    pub elapsed: Duration,
}

impl Rate {
    /// Entries per second.
    pub fn per_sec(&self) -> f64 {
        self.entries as f64 / self.elapsed.as_secs_f64().max(1e-9)
    }
}

/// The figures.
#[derive(Debug, Clone, PartialEq)]
pub struct LedgerBenchReport {
    /// Entries per bulk transaction.
    pub batch: usize,
    /// Bulk append.
    pub bulk: Rate,
    /// One transaction per entry.
    pub per_entry: Rate,
    /// Verifying the whole chain read back from the store.
    pub verify: Rate,
    /// Cores the process could use.
    pub cores: usize,
}

impl LedgerBenchReport {
    /// Whether every goal is met.
    pub fn meets_goals(&self) -> bool {
        self.bulk.per_sec() >= BULK_GOAL
            && self.per_entry.per_sec() >= PER_ENTRY_GOAL
            && self.verify.per_sec() >= VERIFY_GOAL
    }
}

impl fmt::Display for LedgerBenchReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let line = |f: &mut fmt::Formatter<'_>, name: &str, rate: &Rate, goal: f64, how: &str| {
            let met = if rate.per_sec() >= goal {
                "met"
            } else {
                "NOT met"
            };
            writeln!(
                f,
                "{name:<22} {:>9.0} entries/s  ({} entries in {:.2} s; {how}; goal ≥ {goal:.0}: {met})",
                rate.per_sec(),
                rate.entries,
                rate.elapsed.as_secs_f64(),
            )
        };
        writeln!(f, "cores                  {}", self.cores)?;
        line(
            f,
            "bulk append",
            &self.bulk,
            BULK_GOAL,
            &format!("one transaction per {} entries", self.batch),
        )?;
        line(
            f,
            "one tx per entry",
            &self.per_entry,
            PER_ENTRY_GOAL,
            "a sample, each signed inside its own transaction",
        )?;
        line(
            f,
            "verify",
            &self.verify,
            VERIFY_GOAL,
            "the whole chain read back from the store",
        )
    }
}

/// Why the bench could not run.
#[derive(Debug, thiserror::Error)]
pub enum LedgerBenchError {
    /// The store failed.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// The chain the bench wrote did not verify.
    #[error("the bench's own ledger does not verify: {0}")]
    Verify(#[from] LedgerFault),
    /// The stored keys contradict each other.
    #[error("the bench's keys: {0}")]
    Keys(#[from] KeyFault),
    /// The store already holds a ledger.
    #[error("the bench needs an empty store; this one's ledger is at entry {0}")]
    NotEmpty(u64),
}

/// Entry `i` of the bench: a handling event of one of 10,000 remains cases.
fn draft(i: usize) -> EntryDraft {
    let event = match i % 4 {
        0 => CustodyEvent::Stored {
            facility: "MAKRI vault B".into(),
        },
        1 => CustodyEvent::Examined {
            examination: "anthropology".into(),
        },
        2 => CustodyEvent::Encoffined {
            casket_number: (i % 88) as u32 + 1,
        },
        _ => CustodyEvent::Moved {
            from: "Seoul".into(),
            to: "Incheon".into(),
        },
    };
    let mut d = EntryDraft::new(1_663_286_400 + i as i64, "system", "Seoul", event);
    d.remains = vec![format!("BENCH-{:05}", i % 10_000)];
    d.details = format!("bench entry {i}");
    d
}

/// Starts signing entries `range` at `head` on every core, off the async threads.
fn sign_batch(
    key: Arc<OrganizationKey>,
    mut head: ChainHead,
    range: std::ops::Range<usize>,
) -> JoinHandle<(Vec<SignedEntry>, ChainHead)> {
    tokio::task::spawn_blocking(move || {
        let entries = head.append_all(range.map(draft).collect(), &key);
        (entries, head)
    })
}

/// Runs the bench on `store`, which must hold no ledger yet.
pub async fn ledger_bench(
    store: &dyn Store,
    options: &LedgerBenchOptions,
    ctx: WriteContext,
    progress: &dyn Progress,
) -> Result<LedgerBenchReport, LedgerBenchError> {
    let head = store.ledger_head().await?;
    if head != ChainHead::GENESIS {
        return Err(LedgerBenchError::NotEmpty(head.next_sequence - 1));
    }
    let key = Arc::new(OrganizationKey::from_seed(
        ORGANIZATION,
        &[options.seed; 32],
    ));
    store.save_organization_key(&key, ctx).await?;
    let batch = options.batch.max(1);

    progress.stage("bulk append", options.entries as u64);
    let started = Instant::now();
    let mut next =
        (options.entries > 0).then(|| sign_batch(key.clone(), head, 0..batch.min(options.entries)));
    let mut done = 0;
    while let Some(signing) = next.take() {
        let (entries, after) = signing
            .await
            .unwrap_or_else(|e| std::panic::resume_unwind(e.into_panic()));
        let following = done + entries.len();
        let end = (following + batch).min(options.entries);
        if following < end {
            // The next batch is signed while this one is written.
            next = Some(sign_batch(key.clone(), after, following..end));
        }
        store.append_ledger_entries(&entries, ctx).await?;
        done = following;
        progress.advance(entries.len() as u64);
    }
    let bulk = Rate {
        entries: done as u64,
        elapsed: started.elapsed(),
    };

    progress.stage("one transaction per entry", options.per_entry as u64);
    let started = Instant::now();
    for i in 0..options.per_entry {
        store
            .append_ledger(ORGANIZATION, vec![draft(done + i)], ctx)
            .await?;
        progress.advance(1);
    }
    let per_entry = Rate {
        entries: options.per_entry as u64,
        elapsed: started.elapsed(),
    };

    let total = (done + options.per_entry) as u64;
    progress.stage("verify", total);
    let keys = store.organization_keys().await?;
    let trusted = trusted_registry(&keys)?;
    let started = Instant::now();
    let report =
        verify_stored_ledger(store, &trusted, VERIFY_PAGE, &|n| progress.advance(n)).await??;
    let verify = Rate {
        entries: report.entries,
        elapsed: started.elapsed(),
    };
    progress.finish();
    Ok(LedgerBenchReport {
        batch,
        bulk,
        per_entry,
        verify,
        cores: std::thread::available_parallelism().map_or(1, |n| n.get()),
    })
}
