//! Lifecycle writes append their custody events: an examination, a nationality and the status
//! steps of a case, made by a user whose organization has a signing key, are signed into the
//! ledger in the same transaction; a refused change appends nothing; a write by the system, by a
//! user of no organization or of an organization without a key appends nothing; and a failed
//! append rolls the change back.

use homeward_domain::LifecycleStatus::{self, *};
use homeward_domain::{RemainsCaseId, Role, UserId};
use homeward_ledger::{CustodyEvent, EventKind, OrganizationKey};
use homeward_store::{Store, StoreError};

use super::fixtures::{
    accessioned, add_user, case, cpv, ctx, examine, new_user, site, system, verified_entries,
};
use super::{Beside, unlock};

const ORG: &str = "MND MAKRI";

/// An organization with a key, one of its users, a user of no organization, and a case.
async fn setup(store: &dyn Store, with_key: bool) -> (UserId, UserId, RemainsCaseId) {
    let org = store
        .create_organization(ORG, "KR", system())
        .await
        .unwrap();
    if with_key {
        let key = OrganizationKey::from_seed(ORG, &[5; 32]);
        store.save_organization_key(&key, system()).await.unwrap();
    }
    let mut kim = new_user("kim", Role::Anthropologist);
    kim.organization = Some(org);
    let kim = store.create_user(&kim, system()).await.unwrap();
    let loner = add_user(store, "loner", Role::Anthropologist).await;
    let site = store
        .create_site(&site("GW-CW-001"), system())
        .await
        .unwrap();
    let id = accessioned(store, &case("HW-1", site), system()).await;
    (kim, loner, id)
}

async fn step(store: &dyn Store, id: RemainsCaseId, to: LifecycleStatus, actor: UserId) {
    store
        .change_status(id, to, "next step", ctx(Some(actor), 10))
        .await
        .unwrap();
}

pub async fn lifecycle_writes_append_signed_custody_events(store: &dyn Store) {
    let (kim, _, id) = setup(store, true).await;
    let c = store.remains_case(id).await.unwrap().unwrap();
    store
        .record_examination(
            id,
            &c.case.inventory,
            &c.case.profile,
            "complete",
            ctx(Some(kim), 5),
        )
        .await
        .unwrap();
    store
        .record_nationality(id, &cpv(), ctx(Some(kim), 6))
        .await
        .unwrap();
    // The examination moved the case to examined with its one entry; the status steps follow
    // (designation is a decision, not a custody event).
    assert_eq!(
        store.remains_case(id).await.unwrap().unwrap().status,
        Examined
    );
    for to in [NationalityDetermined, DesignatedForDomesticBurial] {
        step(store, id, to, kim).await;
    }
    let all = verified_entries(store).await;
    let kinds: Vec<EventKind> = all.iter().map(|e| e.entry.event.kind()).collect();
    assert_eq!(
        kinds,
        [
            EventKind::Examined,
            EventKind::NationalityDetermined,
            EventKind::NationalityDetermined,
        ]
    );
    let first = &all[0].entry;
    assert_eq!(
        (first.organization.as_str(), first.actor.as_str()),
        (ORG, "kim")
    );
    assert_eq!(first.remains, ["HW-1"]);
    assert_eq!(first.location, "MAKRI vault B");
    assert_eq!(first.time, super::fixtures::T0 + 5);
    assert!(
        first.details.contains("completeness 40%"),
        "{}",
        first.details
    );
    assert_eq!(
        all[1].entry.event,
        CustodyEvent::NationalityDetermined {
            nationality: "cpv".into(),
            basis: "rubber-soled shoes, CPV badge".into()
        }
    );
    let decided = format!("status: {Examined} → {NationalityDetermined}; reason: next step");
    assert_eq!(all[2].entry.details, decided);
    assert_eq!(store.ledger_rows_of_remains("HW-1").await.unwrap().len(), 3);
}

pub async fn refused_and_unsigned_changes_append_nothing(store: &dyn Store) {
    let (kim, loner, id) = setup(store, true).await;
    // Refused: a skipped step, and nationality determined while it is undetermined.
    let skipped = store
        .change_status(id, HandedOver, "too soon", ctx(Some(kim), 5))
        .await;
    assert!(matches!(skipped, Err(StoreError::Domain(_))), "{skipped:?}");
    examine(store, id, ctx(Some(loner), 5)).await;
    let undetermined = store
        .change_status(id, NationalityDetermined, "no", ctx(Some(kim), 6))
        .await;
    assert!(
        matches!(undetermined, Err(StoreError::Domain(_))),
        "{undetermined:?}"
    );
    // By the system, and by a user of no organization: nothing to sign with.
    store
        .record_nationality(id, &cpv(), system())
        .await
        .unwrap();
    assert!(verified_entries(store).await.is_empty());
    // An undetermined nationality is no custody event, even from a signing organization.
    store
        .record_nationality(id, &Default::default(), ctx(Some(kim), 7))
        .await
        .unwrap();
    assert!(verified_entries(store).await.is_empty());
}

pub async fn an_organization_without_a_key_changes_without_entries(store: &dyn Store) {
    let (kim, _, id) = setup(store, false).await;
    examine(store, id, ctx(Some(kim), 5)).await;
    assert_eq!(
        store.remains_case(id).await.unwrap().unwrap().status,
        Examined
    );
    assert!(verified_entries(store).await.is_empty());
}

/// With the organization's stored key made unreadable with raw SQL beside the store (the key
/// table is not append-only), every change that would append fails and leaves the case and the
/// ledger as they were.
pub async fn a_failed_append_rolls_the_change_back(store: &dyn Store, beside: &Beside) {
    unlock(store).await;
    let (kim, _, id) = setup(store, true).await;
    beside
        .sql("UPDATE organization_keys SET secret_key = 'not a key'")
        .await
        .expect("corrupt the stored key");
    let c = case("HW-1", homeward_domain::RecoverySiteId(0));
    let failed = store
        .record_examination(id, &c.inventory, &c.profile, "complete", ctx(Some(kim), 5))
        .await;
    assert!(
        matches!(failed, Err(StoreError::Corrupt { .. })),
        "{failed:?}"
    );
    let failed = store
        .record_nationality(id, &cpv(), ctx(Some(kim), 6))
        .await;
    assert!(failed.is_err(), "{failed:?}");
    let after = store.remains_case(id).await.unwrap().unwrap();
    assert_eq!(after.status, Recovered);
    assert_eq!(after.case.nationality, Default::default());
    assert_eq!(store.status_history(id).await.unwrap().len(), 1);
    assert!(store.ledger_rows(None, 10).await.unwrap().is_empty());
}
