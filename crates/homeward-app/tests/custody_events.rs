//! The case writes of `homeward_app::remains` append their custody events: accessioning, an
//! examination, a nationality and the status steps of a case, made by a user whose organization
//! has a signing key, are signed into the ledger in the same transaction; a refused change
//! appends nothing; a write by the system, by a user of no organization or of an organization
//! without a key appends nothing (on SQLite and, with `HOMEWARD_TEST_PG`, PostgreSQL; that a
//! failed append rolls the change back is the store's check, `conformance/custody.rs`). And in the
//! demo registry, whose first organization (MAKRI) holds a signing key, a MAKRI user's
//! examination and status change go into the custody ledger by themselves, signed by MAKRI, and
//! the chain still verifies; a user of another organization (no key) changes the case alone.

use homeward_app::NoProgress;
use homeward_app::demo::{DEMO_SEED, DemoOptions, seed};
use homeward_app::ledger_verify::{trusted_registry, verify_rows};
use homeward_app::remains::{accession, change_status, record_examination, record_nationality};
use homeward_domain::LifecycleStatus::*;
use homeward_domain::{
    Nationality, NationalityAssessment, NewUser, OrganizationId, Phrase, RemainsCaseId, Role,
    Timestamp, UserId,
};
use homeward_ledger::{CustodyEvent, EventKind, OrganizationKey, SignedEntry};
use homeward_store::{Store, StoreError, WriteContext};
use homeward_testkit::key;
use homeward_testkit::pg::backends;
use homeward_testkit::registry::{T0, case, fresh_store, site, system};

const ORG: &str = "MND MAKRI";

/// A write by `actor` at `T0 + offset` seconds.
fn by(actor: UserId, offset: i64) -> WriteContext {
    WriteContext {
        actor: Some(actor),
        at: Timestamp(T0 + offset),
    }
}

fn cpv() -> NationalityAssessment {
    NationalityAssessment {
        nationality: Nationality::Cpv,
        evidence: "rubber-soled shoes, CPV badge".into(),
        committee_decision: Some("RC-2024-07".into()),
    }
}

/// A user `username` of `organization`.
async fn user(store: &dyn Store, username: &str, organization: Option<OrganizationId>) -> UserId {
    let user = NewUser {
        username: username.into(),
        display_name: format!("{username} (test)"),
        role: Role::Anthropologist,
        organization,
        password_hash: "$argon2id$v=19$m=19456,t=2,p=1$c2FsdA$aGFzaA".into(),
    };
    store.create_user(&user, system()).await.unwrap()
}

/// [`setup`], then case HW-1 examined by kim: kim and the case.
async fn examined(store: &dyn Store, with_key: bool) -> (UserId, RemainsCaseId) {
    let (kim, _, id) = setup(store, with_key).await;
    examine(store, id, by(kim, 5)).await;
    (kim, id)
}

/// An organization with a key (or without), one of its users (kim), a user of no organization
/// (loner), and case HW-1 in MAKRI vault B, accessioned by the system.
async fn setup(store: &dyn Store, with_key: bool) -> (UserId, UserId, RemainsCaseId) {
    let org = store
        .create_organization(ORG, "KR", system())
        .await
        .unwrap();
    if with_key {
        let key = OrganizationKey::from_seed(ORG, &[5; 32]);
        store.save_organization_key(&key, system()).await.unwrap();
    }
    let kim = user(store, "kim", Some(org)).await;
    let loner = user(store, "loner", None).await;
    let site = store
        .create_site(&site("GW-CW-001"), system())
        .await
        .unwrap();
    let hw1 = homeward_domain::NewRemainsCase {
        nationality: NationalityAssessment::default(),
        storage_location: "MAKRI vault B".into(),
        ..case("HW-1", site)
    };
    let id = accession(store, &hw1, system()).await.unwrap();
    (kim, loner, id)
}

/// Every ledger entry, once the stored chain verifies against the keys trusted from entry 1.
async fn verified(store: &dyn Store) -> Vec<SignedEntry> {
    let rows = store.ledger_rows(None, 10_000).await.unwrap();
    let trusted = trusted_registry(&store.organization_keys().await.unwrap()).unwrap();
    verify_rows(&rows, &trusted).expect("the ledger verifies");
    rows.iter().map(|r| r.decode().unwrap()).collect()
}

async fn examine(store: &dyn Store, id: RemainsCaseId, ctx: WriteContext) {
    let c = store.remains_case(id).await.unwrap().unwrap().case;
    record_examination(store, id, &c.inventory, &c.profile, "complete", ctx)
        .await
        .unwrap();
}

#[tokio::test]
async fn accessioning_by_an_organization_with_a_key_appends_recovered() {
    for (_keep, store) in backends("accessioning_appends").await {
        let store = store.as_ref();
        let (kim, _, _) = setup(store, true).await;
        assert!(verified(store).await.is_empty(), "the system signs nothing");
        let site = store
            .site_by_code(&key("GW-CW-001"))
            .await
            .unwrap()
            .unwrap()
            .id;
        let hw2 = homeward_domain::NewRemainsCase {
            storage_location: "MAKRI vault B".into(),
            ..case("HW-2", site)
        };
        accession(store, &hw2, by(kim, 1)).await.unwrap();
        let all = verified(store).await;
        assert_eq!(all.len(), 1);
        let first = &all[0].entry;
        assert_eq!(
            first.event,
            CustodyEvent::Recovered {
                site: "GW-CW-001".into()
            }
        );
        assert_eq!(
            (first.actor.as_str(), first.organization.as_str()),
            ("kim", ORG)
        );
        assert_eq!(first.remains, ["HW-2"]);
        let accessioned = Phrase::new("sys-custody-accessioned").date("recovered", "2021-05-03");
        assert_eq!(first.details, accessioned.stored());
    }
}

#[tokio::test]
async fn lifecycle_writes_append_signed_custody_events() {
    for (_keep, store) in backends("lifecycle_writes_append").await {
        let store = store.as_ref();
        let (kim, id) = examined(store, true).await;
        record_nationality(store, id, &cpv(), by(kim, 6))
            .await
            .unwrap();
        // The examination moved the case to examined with its one entry; the status steps
        // follow (designation is a decision, not a custody event).
        assert_eq!(
            store.remains_case(id).await.unwrap().unwrap().status,
            Examined
        );
        for to in [NationalityDetermined, DesignatedForDomesticBurial] {
            change_status(store, id, to, "next step", by(kim, 10))
                .await
                .unwrap();
        }
        let all = verified(store).await;
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
        assert_eq!(first.time, T0 + 5);
        let examined = Phrase::new("sys-custody-examined")
            .number("completeness", 40)
            .text("condition", "complete");
        assert_eq!(first.details, examined.stored());
        assert_eq!(
            all[1].entry.event,
            CustodyEvent::NationalityDetermined {
                nationality: "cpv".into(),
                basis: "rubber-soled shoes, CPV badge".into()
            }
        );
        let decided = Phrase::new("sys-status-change")
            .code("from", "status", "examined")
            .code("to", "status", "nationality_determined")
            .text("reason", "next step");
        assert_eq!(all[2].entry.details, decided.stored());
        assert_eq!(
            store
                .ledger_rows_of_remains(&key("HW-1"))
                .await
                .unwrap()
                .len(),
            3
        );
    }
}

#[tokio::test]
async fn refused_and_unsigned_changes_append_nothing() {
    for (_keep, store) in backends("refused_and_unsigned").await {
        let store = store.as_ref();
        let (kim, loner, id) = setup(store, true).await;
        // Refused: a skipped step, and nationality determined while it is undetermined.
        let skipped = change_status(store, id, HandedOver, "too soon", by(kim, 5)).await;
        assert!(matches!(skipped, Err(StoreError::Domain(_))), "{skipped:?}");
        examine(store, id, by(loner, 5)).await;
        let undetermined = change_status(store, id, NationalityDetermined, "no", by(kim, 6)).await;
        assert!(
            matches!(undetermined, Err(StoreError::Domain(_))),
            "{undetermined:?}"
        );
        // By the system, and by a user of no organization: nothing to sign with.
        record_nationality(store, id, &cpv(), system())
            .await
            .unwrap();
        assert!(verified(store).await.is_empty());
        // An undetermined nationality is no custody event, even from a signing organization.
        record_nationality(store, id, &Default::default(), by(kim, 7))
            .await
            .unwrap();
        assert!(verified(store).await.is_empty());
    }
}

#[tokio::test]
async fn an_organization_without_a_key_changes_without_entries() {
    for (_keep, store) in backends("without_a_key").await {
        let store = store.as_ref();
        let (_, id) = examined(store, false).await;
        assert_eq!(
            store.remains_case(id).await.unwrap().unwrap().status,
            Examined
        );
        assert!(verified(store).await.is_empty());
    }
}

#[tokio::test]
async fn a_signing_organizations_lifecycle_writes_join_the_ledger() {
    let (_dir, store) = fresh_store().await;
    let s = &*store;
    let options = DemoOptions {
        remains: 30,
        missing: 50,
        seed: DEMO_SEED,
    };
    seed(s, &options, &NoProgress).await.unwrap();
    let keys = s.organization_keys().await.unwrap();
    let makri = keys[0].organization.clone();
    let orgs = s.organizations().await.unwrap();
    let org_of = |name: &str| orgs.iter().find(|o| o.name == name).map(|o| o.id);
    let users = s.users().await.unwrap();
    let insider = users
        .iter()
        .find(|u| u.organization == org_of(&makri))
        .expect("a MAKRI user");
    let outsider = users
        .iter()
        .find(|u| u.organization.is_some() && u.organization != org_of(&makri))
        .expect("a user of another organization");
    let case = s
        .all_remains()
        .await
        .unwrap()
        .into_iter()
        .find(|c| c.status == Recovered)
        .expect("a recovered case");
    let at = |actor: &homeward_domain::User| WriteContext {
        actor: Some(actor.id),
        at: Timestamp(1_800_000_000),
    };

    let before = s.ledger_head().await.unwrap().next_sequence;
    let (inventory, profile) = (&case.case.inventory, &case.case.profile);
    homeward_app::remains::record_examination(
        s,
        case.id,
        inventory,
        profile,
        "re-examined",
        at(outsider),
    )
    .await
    .unwrap();
    assert_eq!(s.ledger_head().await.unwrap().next_sequence, before);
    homeward_app::remains::record_examination(
        s,
        case.id,
        inventory,
        profile,
        "re-examined",
        at(insider),
    )
    .await
    .unwrap();
    // The outsider's examination moved the case to examined; the insider's re-examination is
    // one entry, the examination (no status step: the case is already examined).
    let examined = s.remains_case(case.id).await.unwrap().unwrap();
    assert_eq!(examined.status, Examined);
    assert_eq!(s.ledger_head().await.unwrap().next_sequence, before + 1);

    let timeline = s
        .ledger_rows_of_remains(&key(&case.case.accession))
        .await
        .unwrap();
    let last: Vec<_> = timeline[timeline.len() - 1..]
        .iter()
        .map(|r| r.decode().unwrap().entry)
        .collect();
    for entry in &last {
        assert_eq!(entry.event.kind(), EventKind::Examined);
        assert_eq!(entry.organization, makri);
        assert_eq!(entry.actor, insider.username);
        assert_eq!(entry.time, 1_800_000_000);
    }
    let rows = s.ledger_rows(None, 100_000).await.unwrap();
    verify_rows(&rows, &trusted_registry(&keys).unwrap()).expect("the chain still verifies");
}
