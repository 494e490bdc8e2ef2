//! The ledger bench on a small chain: every entry it appends is counted in its figures, the
//! chain it leaves verifies with one key, and a store that already holds a ledger is refused.

use homeward_app::NoProgress;
use homeward_app::ledger_bench::{LedgerBenchError, LedgerBenchOptions, ledger_bench};
use homeward_app::ledger_verify::{trusted_registry, verify_rows};
use homeward_testkit::registry::{fresh_store, system};

const SMALL: LedgerBenchOptions = LedgerBenchOptions {
    entries: 2_500,
    batch: 1_000,
    per_entry: 30,
    seed: 7,
};

#[tokio::test]
async fn the_bench_appends_in_batches_then_singly_and_verifies_everything() {
    let (_dir, store) = fresh_store().await;
    let report = ledger_bench(&*store, &SMALL, system(), &NoProgress)
        .await
        .unwrap();
    assert_eq!(report.bulk.entries, 2_500);
    assert_eq!(report.per_entry.entries, 30);
    assert_eq!(report.verify.entries, 2_530);
    assert!(report.bulk.per_sec() > 0.0 && report.verify.per_sec() > 0.0);
    let text = report.to_string();
    for words in [
        "bulk append",
        "one transaction per 1000 entries",
        "30 entries",
        "2530 entries",
        "goal ≥ 50000",
    ] {
        assert!(text.contains(words), "{words:?} in {text}");
    }

    let keys = store.organization_keys().await.unwrap();
    assert_eq!(keys.len(), 1);
    let rows = store.ledger_rows(None, 10_000).await.unwrap();
    let whole = verify_rows(&rows, &trusted_registry(&keys).unwrap()).unwrap();
    assert_eq!(whole.entries, 2_530);
    // The batches were three transactions (1,000 + 1,000 + 500), then one per entry.
    let appends = homeward_testkit::registry::audited(&*store, "ledger.append", 100).await;
    assert_eq!(appends, 3 + 30);

    let again = ledger_bench(&*store, &SMALL, system(), &NoProgress).await;
    assert!(
        matches!(again, Err(LedgerBenchError::NotEmpty(2_530))),
        "{again:?}"
    );
}
