//! The custody ledger: appends continue the chain and read back, a stale append is refused and
//! writes nothing, keys are stored and rotated, and the database itself refuses UPDATE and
//! DELETE of ledger rows. (Verifying a stored chain, whole or streamed, is the app's:
//! `crates/homeward-app/tests/ledger_verify.rs`, on both backends.)

use crate::fixtures::key;
use homeward_ledger::{ChainHead, CustodyEvent, EntryDraft, OrganizationKey, SignedEntry};
use homeward_store::{Backend, Store, StoreError};

use super::fixtures::{ctx, signing_key, system, verified_entries};
use super::{Beside, unlock};

/// The ministry's key, from a fixed seed.
pub fn mnd_key() -> OrganizationKey {
    OrganizationKey::from_seed("MND", &[11; 32])
}

/// A recovery event for `accession` at `T0 + offset` seconds.
pub fn recovered(accession: &str, offset: i64) -> EntryDraft {
    let mut draft = EntryDraft::new(
        super::fixtures::T0 + offset,
        "system",
        "Cheorwon",
        CustodyEvent::Recovered {
            site: "GW-CW-001".into(),
        },
    );
    draft.remains = vec![accession.to_owned()];
    draft.details = format!("recovery of {accession}");
    draft
}

async fn all_entries(store: &dyn Store) -> Vec<SignedEntry> {
    let rows = store.ledger_rows(None, 1000).await.expect("rows");
    rows.iter().map(|r| r.decode().expect("decodes")).collect()
}

async fn verifies(store: &dyn Store) -> u64 {
    verified_entries(store).await.len() as u64
}

pub async fn appended_entries_read_back_and_verify(store: &dyn Store) {
    assert_eq!(store.ledger_head().await.unwrap(), ChainHead::GENESIS);
    store
        .save_organization_key(&mnd_key(), system())
        .await
        .unwrap();
    // An actor named any other way than by username (or `system`) is refused, nothing written.
    let mut by_title = recovered("HW-1", 1);
    by_title.actor = "Sgt. Kim".into();
    let err = store
        .append_ledger("MND", vec![recovered("HW-1", 1), by_title], ctx(None, 5))
        .await
        .expect_err("an actor who is no user is refused");
    assert!(
        matches!(
            &err,
            StoreError::Domain(homeward_domain::DomainError::InvalidField { field: "actor", .. })
        ),
        "{err}"
    );
    assert!(err.to_string().contains("\"Sgt. Kim\""), "{err}");
    assert_eq!(store.ledger_head().await.unwrap(), ChainHead::GENESIS);
    let drafts = (1..=3).map(|i| recovered(&format!("HW-{i}"), i)).collect();
    let signed = store
        .append_ledger("MND", drafts, ctx(None, 5))
        .await
        .unwrap();
    assert_eq!(
        signed.iter().map(|s| s.entry.sequence).collect::<Vec<_>>(),
        [1, 2, 3]
    );
    assert_eq!(all_entries(store).await, signed);
    assert_eq!(
        store.ledger_head().await.unwrap(),
        ChainHead::after(&signed[2])
    );
    assert_eq!(verifies(store).await, 3);
    let timeline = store.ledger_rows_of_remains(&key("HW-2")).await.unwrap();
    assert_eq!(timeline.len(), 1);
    assert_eq!(timeline[0].decode().unwrap(), signed[1]);
    let page = store.ledger_rows(Some(1), 1).await.unwrap();
    assert_eq!(page.len(), 1);
    assert_eq!(page[0].sequence, 2);
    let audit = store.audit_log(10, 0).await.unwrap();
    assert!(
        audit.iter().any(|a| a.entry.action == "ledger.append"),
        "{audit:?}"
    );
}

pub async fn a_second_append_continues_the_chain_and_a_stale_one_is_refused(store: &dyn Store) {
    let key = mnd_key();
    store.save_organization_key(&key, system()).await.unwrap();
    let first = store
        .append_ledger("MND", vec![recovered("HW-1", 1)], system())
        .await
        .unwrap();
    // A writer that signed at the head it read ...
    let mut head = store.ledger_head().await.unwrap();
    let mut stale_head = head;
    let second: Vec<SignedEntry> = (2..=4)
        .map(|i| head.append(recovered(&format!("HW-{i}"), i), &key))
        .collect();
    let new_head = store
        .append_ledger_entries(&second, system())
        .await
        .unwrap();
    assert_eq!(new_head, head);
    assert_eq!(second[0].entry.previous_hash, first[0].hash);
    // ... and one that signed at the same head but came second: refused, nothing written.
    let late = stale_head.append(recovered("HW-9", 9), &key);
    let err = store
        .append_ledger_entries(&[late], system())
        .await
        .expect_err("a stale append is refused");
    assert!(
        matches!(err, StoreError::LedgerFork { sequence: 2, .. }),
        "{err}"
    );
    assert!(
        store
            .ledger_rows_of_remains(&crate::fixtures::key("HW-9"))
            .await
            .unwrap()
            .is_empty()
    );
    assert_eq!(verifies(store).await, 4);
    // Entries that are not one chain are refused too.
    let mut gap = head;
    gap.next_sequence += 1;
    let err = store
        .append_ledger_entries(&[gap.append(recovered("HW-10", 10), &key)], system())
        .await
        .expect_err("a gap is refused");
    assert!(
        matches!(err, StoreError::LedgerFork { sequence: 6, .. }),
        "{err}"
    );
}

pub async fn keys_are_stored_and_rotated_in_the_chain(store: &dyn Store) {
    let old = mnd_key();
    store.save_organization_key(&old, system()).await.unwrap();
    let again = store.save_organization_key(&old, system()).await;
    assert!(
        matches!(again, Err(StoreError::Conflict { .. })),
        "{again:?}"
    );
    assert!(
        store
            .organization_signing_key("MOVA")
            .await
            .unwrap()
            .is_none(),
        "no key yet"
    );
    let missing = store
        .append_ledger("MOVA", vec![recovered("HW-1", 1)], system())
        .await;
    assert!(
        matches!(missing, Err(StoreError::NotFound { .. })),
        "{missing:?}"
    );

    store
        .append_ledger("MND", vec![recovered("HW-1", 1)], system())
        .await
        .unwrap();
    let new = OrganizationKey::from_seed("MND", &[12; 32]);
    let rotation = store.rotate_organization_key(&new, system()).await.unwrap();
    assert_eq!(
        rotation.entry.actor, "system",
        "named as every signed entry names its actor"
    );
    assert_eq!(rotation.entry.sequence, 2);
    assert_eq!(rotation.entry.signer_key_id, old.key_id());
    let current = signing_key(store, "MND").await;
    assert_eq!(current.key_id(), new.key_id());
    let after = store
        .append_ledger("MND", vec![recovered("HW-2", 3)], system())
        .await
        .unwrap();
    assert_eq!(after[0].entry.signer_key_id, new.key_id());

    let keys = store.organization_keys().await.unwrap();
    assert_eq!(keys.len(), 2);
    assert_eq!((keys[0].valid_from, keys[0].retired_at), (1, Some(2)));
    assert_eq!((keys[1].valid_from, keys[1].retired_at), (3, None));
    assert_eq!(keys[1].public_key, new.public_key());
    assert_eq!(verifies(store).await, 3);
}

pub async fn concurrent_appenders_take_turns_and_never_fork(store: &dyn Store) {
    store
        .save_organization_key(&mnd_key(), system())
        .await
        .unwrap();
    let appender = |who: usize| async move {
        for round in 0..5 {
            let drafts = (0..4)
                .map(|i| recovered(&format!("HW-{who}-{round}-{i}"), i))
                .collect();
            store.append_ledger("MND", drafts, system()).await.unwrap();
        }
    };
    tokio::join!(appender(1), appender(2), appender(3), appender(4));
    assert_eq!(verifies(store).await, 80);
}

/// Statements that would change or remove ledger rows.
const TAMPERING: &[&str] = &[
    "UPDATE ledger_entries SET hash = 'x' WHERE sequence = 1",
    "UPDATE ledger_entries SET sequence = 9 WHERE sequence = 2",
    "DELETE FROM ledger_entries WHERE sequence = 2",
    "DELETE FROM ledger_entries",
    "UPDATE ledger_remains SET accession = 'HW-9'",
    "DELETE FROM ledger_remains",
];

/// The database refuses UPDATE and DELETE of ledger rows (and, on PostgreSQL, TRUNCATE),
/// whatever client asks: raw SQL on a connection of its own, beside the store.
pub async fn the_database_refuses_to_change_ledger_rows(store: &dyn Store, beside: &Beside) {
    unlock(store).await;
    store
        .save_organization_key(&mnd_key(), system())
        .await
        .unwrap();
    let drafts = (1..=2).map(|i| recovered(&format!("HW-{i}"), i)).collect();
    store.append_ledger("MND", drafts, system()).await.unwrap();
    let mut statements = TAMPERING.to_vec();
    if store.backend() == Backend::Postgres {
        statements.push("TRUNCATE ledger_entries CASCADE");
    }
    for sql in statements {
        let Err(err) = beside.sql(sql).await else {
            panic!("{sql}: the database allowed it");
        };
        assert!(
            err.to_string().contains("ledger entries are append-only"),
            "{sql}: {err}"
        );
    }
    assert_eq!(store.ledger_rows(None, 10).await.unwrap().len(), 2);
}
