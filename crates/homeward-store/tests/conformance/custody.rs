//! The case write's one transaction (`CaseWrite`), in which the app applies a change to a case
//! and appends its custody event: a write dropped without its commit leaves nothing (the case,
//! its history, the audit log, the ledger); a refused change changes nothing; and a failed append
//! (the stored key unreadable) rolls the change back. Which changes are custody events and who
//! signs them is the app's (`homeward_app::remains`, checked in homeward-app's
//! `tests/custody_events.rs`).

use homeward_domain::LifecycleStatus::*;
use homeward_domain::{RemainsCaseId, Role, UserId};
use homeward_ledger::{CustodyEvent, EntryDraft};
use homeward_store::{Signer, Store, StoreError};

use super::fixtures::{
    Unchanged, accessioned, add_member, add_user, case, cpv, ctx, keyed_organization, stored_site,
    system, verified_entries,
};
use super::{Beside, unlock};

const ORG: &str = "MND MAKRI";

/// An organization with a key, one of its users, a user of no organization, and a case.
async fn setup(store: &dyn Store) -> (UserId, UserId, RemainsCaseId) {
    let org = keyed_organization(store, ORG, 5).await;
    let kim = add_member(store, "kim", Role::Anthropologist, org).await;
    let loner = add_user(store, "loner", Role::Anthropologist).await;
    let site = stored_site(store, "GW-CW-001").await;
    let id = accessioned(store, &case("HW-1", site), system()).await;
    (kim, loner, id)
}

/// An examination of HW-1, as an app would draft it.
fn examined(signer: &Signer) -> EntryDraft {
    let event = CustodyEvent::Examined {
        examination: "anthropological examination".into(),
    };
    let mut draft = EntryDraft::new(super::fixtures::T0 + 5, &signer.actor, "vault B", event);
    draft.remains = vec!["HW-1".into()];
    draft
}

pub async fn an_uncommitted_case_write_leaves_nothing(store: &dyn Store) {
    let (kim, loner, id) = setup(store).await;
    let before = Unchanged::snapshot(store, id).await;
    let c = case("HW-1", homeward_domain::RecoverySiteId(0));
    let mut write = store.begin_case_write(ctx(Some(kim), 5)).await.unwrap();
    let change = write
        .record_examination(id, &c.inventory, &c.profile, "complete")
        .await
        .unwrap();
    assert_eq!(
        (change.accession.as_str(), change.location.as_str()),
        ("HW-1", "MAKRI vault B")
    );
    write.record_nationality(id, &cpv()).await.unwrap();
    let (step, _) = write
        .change_status(id, NationalityDetermined, "committee")
        .await
        .unwrap();
    assert_eq!(step.from, Some(Examined));
    let signer = write.signer().await.unwrap().expect("kim signs for MAKRI");
    assert_eq!(
        (signer.actor.as_str(), signer.organization.as_str()),
        ("kim", ORG)
    );
    let appended = write.append_custody(&signer, vec![examined(&signer)]).await;
    assert_eq!(appended.unwrap().map(|e| e.len()), Some(1));
    drop(write);
    before.check(store).await;
    assert!(verified_entries(store).await.is_empty());
    // Nobody signs for the system or for a user of no organization.
    for nobody in [system(), ctx(Some(loner), 6)] {
        let mut write = store.begin_case_write(nobody).await.unwrap();
        assert_eq!(write.signer().await.unwrap(), None);
    }
}

pub async fn a_refused_change_changes_nothing(store: &dyn Store) {
    let (kim, _, id) = setup(store).await;
    let before = Unchanged::snapshot(store, id).await;
    let mut write = store.begin_case_write(ctx(Some(kim), 5)).await.unwrap();
    let skipped = write.change_status(id, HandedOver, "too soon").await;
    assert!(matches!(skipped, Err(StoreError::Domain(_))), "{skipped:?}");
    let undetermined = write.change_status(id, NationalityDetermined, "no").await;
    assert!(
        matches!(undetermined, Err(StoreError::Domain(_))),
        "{undetermined:?}"
    );
    write.commit().await.unwrap();
    before.check(store).await;
    assert!(verified_entries(store).await.is_empty());
}

/// With the organization's stored key made unreadable with raw SQL beside the store (the key
/// table is not append-only), every append fails, and the write, dropped, leaves the case and
/// the ledger as they were.
pub async fn a_failed_append_rolls_the_change_back(store: &dyn Store, beside: &Beside) {
    unlock(store).await;
    let (kim, _, id) = setup(store).await;
    beside
        .sql("UPDATE organization_keys SET secret_key = 'not a key'")
        .await
        .expect("corrupt the stored key");
    let c = case("HW-1", homeward_domain::RecoverySiteId(0));
    let mut write = store.begin_case_write(ctx(Some(kim), 5)).await.unwrap();
    write
        .record_examination(id, &c.inventory, &c.profile, "complete")
        .await
        .unwrap();
    let signer = write.signer().await.unwrap().expect("kim signs for MAKRI");
    let failed = write.append_custody(&signer, vec![examined(&signer)]).await;
    assert!(
        matches!(failed, Err(StoreError::Corrupt { .. })),
        "{failed:?}"
    );
    drop(write);
    let mut write = store.begin_case_write(ctx(Some(kim), 6)).await.unwrap();
    write.record_nationality(id, &cpv()).await.unwrap();
    let failed = write.append_custody(&signer, vec![examined(&signer)]).await;
    assert!(failed.is_err(), "{failed:?}");
    drop(write);
    let after = store.remains_case(id).await.unwrap().unwrap();
    assert_eq!(after.status, Recovered);
    assert_eq!(after.case.nationality, Default::default());
    assert_eq!(store.status_history(id).await.unwrap().len(), 1);
    assert!(store.ledger_rows(None, 10).await.unwrap().is_empty());
}
