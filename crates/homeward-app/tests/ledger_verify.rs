//! Verifying a stored ledger, on SQLite and (when `HOMEWARD_TEST_PG` is set) PostgreSQL: the
//! streamed verifier gives exactly the whole-chain answer in any page size, across a key
//! rotation learnt from the chain, and names the same bad entry as `verify_rows` when one entry
//! is signed by a key it does not name, reporting progress only for the pages before it.

use std::sync::Mutex;

use homeward_app::ledger_verify::{trusted_registry, verify_rows, verify_stored_ledger};
use homeward_ledger::{CustodyEvent, EntryDraft, OrganizationKey, SignedEntry};
use homeward_testkit::pg::backends;
use homeward_testkit::registry::system;

fn mnd_key() -> OrganizationKey {
    OrganizationKey::from_seed("MND", &[11; 32])
}

/// An examination of case `HW-<i>`, `i` seconds into the test's day.
fn examined(i: i64) -> EntryDraft {
    let event = CustodyEvent::Examined {
        examination: format!("examination {i}"),
    };
    let mut draft = EntryDraft::new(1_732_752_000 + i, "system", "MAKRI lab", event);
    draft.remains = vec![format!("HW-{i}")];
    draft
}

#[tokio::test]
async fn streamed_verification_agrees_with_the_whole_chain_across_a_rotation() {
    for (_keep, store) in backends("streamed_agrees").await {
        let store = store.as_ref();
        store
            .save_organization_key(&mnd_key(), system())
            .await
            .unwrap();
        let drafts = (1..=3).map(examined).collect();
        store.append_ledger("MND", drafts, system()).await.unwrap();
        let new = OrganizationKey::from_seed("MND", &[12; 32]);
        store.rotate_organization_key(&new, system()).await.unwrap();
        let drafts = (5..=6).map(examined).collect();
        store.append_ledger("MND", drafts, system()).await.unwrap();

        let trusted = trusted_registry(&store.organization_keys().await.unwrap()).unwrap();
        let rows = store.ledger_rows(None, 1000).await.unwrap();
        let whole = verify_rows(&rows, &trusted).expect("the ledger verifies");
        assert_eq!(whole.entries, 6);
        for page in [1, 3, 1000] {
            let streamed = verify_stored_ledger(store, &trusted, page, &|_| {})
                .await
                .expect("rows");
            assert_eq!(streamed.as_ref(), Ok(&whole), "in pages of {page}");
        }
    }
}

#[tokio::test]
async fn streamed_verification_names_the_same_bad_entry() {
    for (_keep, store) in backends("streamed_bad_entry").await {
        let store = store.as_ref();
        let key = mnd_key();
        store.save_organization_key(&key, system()).await.unwrap();
        let drafts = (1..=5).map(examined).collect();
        store.append_ledger("MND", drafts, system()).await.unwrap();
        // Entry 6 names the ministry's key but is signed by another: the store checks the
        // chain's links and hashes on append, not signatures, so only verification can tell.
        let mut head = store.ledger_head().await.unwrap();
        let mut forged = head.append(examined(6), &key);
        forged.signature = OrganizationKey::from_seed("MND", &[66; 32]).sign(&forged.hash.0);
        store
            .append_ledger_entries(&[forged], system())
            .await
            .unwrap();
        let more: Vec<SignedEntry> = (7..=9).map(|i| head.append(examined(i), &key)).collect();
        store.append_ledger_entries(&more, system()).await.unwrap();

        let trusted = trusted_registry(&store.organization_keys().await.unwrap()).unwrap();
        let rows = store.ledger_rows(None, 1000).await.unwrap();
        let whole = verify_rows(&rows, &trusted).expect_err("the forged entry is found");
        assert!(whole.to_string().starts_with("entry 6 "), "{whole}");
        assert!(whole.to_string().contains("bad signature"), "{whole}");
        let mut pages_reported = Vec::new();
        for page in [1, 4, 5, 100] {
            let seen = Mutex::new(0);
            let streamed = verify_stored_ledger(store, &trusted, page, &|n| {
                *seen.lock().unwrap() += n;
            })
            .await
            .unwrap();
            assert_eq!(streamed, Err(whole.clone()), "in pages of {page}");
            pages_reported.push(seen.into_inner().unwrap());
        }
        // Progress counts only the pages verified before the bad one.
        assert_eq!(pages_reported, [5, 4, 5, 0]);
    }
}
