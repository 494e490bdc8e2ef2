//! Handling events recorded by hand: signed by the acting user's organization, appended with the
//! storage location and the audit log in one transaction, shown on each case's timeline; refused
//! with nothing written when the user has no organization, the organization has no key, a case or
//! effect does not exist, or a field is empty. (That accessioning by a user whose organization
//! has a key appends `recovered` is the app's use case, checked in homeward-app.)

use crate::fixtures::organization;
use crate::fixtures::timeline;
use homeward_domain::{
    DomainError, HandlingEvent, NewCustodyRecord, PersonalEffectId, RemainsCaseId, Role, UserId,
};
use homeward_ledger::EventKind;
use homeward_store::{Store, StoreError};

use super::fixtures::{
    add_member, add_user, assert_matches, case, ctx, effect, keyed_organization, stored_site,
    system, verified_entries,
};
use super::ledger::recovered;

const ORG: &str = "MND MAKRI";
const KEYLESS: &str = "Keyless Lab";

struct Setup {
    custodian: UserId,
    loner: UserId,
    keyless: UserId,
    cases: [RemainsCaseId; 2],
    effect: PersonalEffectId,
}

/// Two cases accessioned by a custodian of an organization with a key (each with its `recovered`
/// entry), an effect, a user of no organization and a user of an organization without a key.
async fn setup(store: &dyn Store) -> Setup {
    let org = keyed_organization(store, ORG, 7).await;
    let keyless_org = organization(store, KEYLESS, "KR").await;
    let custodian = add_member(store, "lee", Role::Custodian, org).await;
    let keyless = add_member(store, "park", Role::Custodian, keyless_org).await;
    let loner = add_user(store, "loner", Role::Custodian).await;
    let site = stored_site(store, "GW-CW-002").await;
    let mut cases = Vec::new();
    for accession in ["HW-1", "HW-2"] {
        // Accessioned with its `recovered` entry, as the app's use case writes it.
        let mut write = store
            .begin_case_write(ctx(Some(custodian), 1))
            .await
            .unwrap();
        let (id, _) = write.accession(&case(accession, site)).await.unwrap();
        let signer = write.signer().await.unwrap().expect("lee signs for MAKRI");
        let drafts = vec![recovered(accession, 1)];
        write.append_custody(&signer, drafts).await.unwrap();
        write.commit().await.unwrap();
        cases.push(id);
    }
    let effect = store
        .record_effect(&effect(Some(cases[0]), None), system())
        .await
        .unwrap();
    Setup {
        custodian,
        loner,
        keyless,
        cases: [cases[0], cases[1]],
        effect,
    }
}

fn moved(remains: &[&str]) -> NewCustodyRecord {
    NewCustodyRecord {
        event: HandlingEvent::Moved {
            from: "MAKRI vault B".into(),
            to: "MAKRI vault C".into(),
        },
        remains: remains.iter().map(|r| (*r).to_owned()).collect(),
        effects: Vec::new(),
        location: "MAKRI, Seoul".into(),
        details: "vault B dehumidifier failed".into(),
    }
}

pub async fn handling_events_are_signed_and_move_the_cases(store: &dyn Store) {
    let s = setup(store).await;
    let mut record = moved(&["HW-1", "HW-2"]);
    record.effects = vec![s.effect];
    let entry = store
        .record_custody_event(&record, ctx(Some(s.custodian), 20))
        .await
        .unwrap();
    assert_eq!(entry.entry.event.kind(), EventKind::Moved);
    assert_eq!(entry.entry.effects, [s.effect.to_string()]);
    for id in s.cases {
        let c = store.remains_case(id).await.unwrap().unwrap();
        assert_eq!(c.case.storage_location, "MAKRI vault C");
    }
    let sampled = NewCustodyRecord {
        event: HandlingEvent::Sampled {
            sample_id: "S-0001".into(),
            material: "left femur".into(),
        },
        ..moved(&["HW-2"])
    };
    store
        .record_custody_event(&sampled, ctx(Some(s.custodian), 21))
        .await
        .unwrap();
    let all = verified_entries(store).await;
    let kinds: Vec<EventKind> = all.iter().map(|e| e.entry.event.kind()).collect();
    use EventKind::*;
    assert_eq!(kinds, [Recovered, Recovered, Moved, Sampled]);
    assert_eq!(all[2].entry.details, "vault B dehumidifier failed");
    assert_eq!(all[2].entry.time, super::fixtures::T0 + 20);
    assert_eq!(timeline(store, "HW-1").await, 2);
    assert_eq!(timeline(store, "HW-2").await, 3);
    let audit = store.audit_log(100, 0).await.unwrap();
    let custody: Vec<_> = audit
        .iter()
        .filter(|a| a.entry.action == "remains.custody")
        .collect();
    assert_eq!(custody.len(), 3, "{custody:?}");
    assert!(
        custody.iter().any(|a| a
            .entry
            .detail
            .contains(r#""from":"MAKRI vault B","to":"MAKRI vault C""#)),
        "{custody:?}"
    );
}

pub async fn refused_handling_events_write_nothing(store: &dyn Store) {
    let s = setup(store).await;
    let before = (
        verified_entries(store).await.len(),
        store.audit_log(1000, 0).await.unwrap().len(),
    );
    let by = |u| ctx(Some(u), 30);
    let loner = store
        .record_custody_event(&moved(&["HW-1"]), by(s.loner))
        .await;
    assert_matches!(
        loner,
        Err(StoreError::Domain(DomainError::InvalidField {
            field: "actor",
            ..
        }))
    );
    let keyless = store
        .record_custody_event(&moved(&["HW-1"]), by(s.keyless))
        .await;
    assert!(
        matches!(&keyless, Err(StoreError::NotFound { key, .. }) if key == KEYLESS),
        "{keyless:?}"
    );
    let unknown = store
        .record_custody_event(&moved(&["HW-1", "HW-9"]), by(s.custodian))
        .await;
    assert!(
        matches!(&unknown, Err(StoreError::NotFound { what: "remains case", key }) if key == "HW-9"),
        "{unknown:?}"
    );
    let mut no_effect = moved(&["HW-1"]);
    no_effect.effects = vec![PersonalEffectId(999)];
    let r = store
        .record_custody_event(&no_effect, by(s.custodian))
        .await;
    assert_matches!(
        r,
        Err(StoreError::NotFound {
            what: "personal effect",
            ..
        })
    );
    let empty = NewCustodyRecord {
        event: HandlingEvent::Stored {
            facility: " ".into(),
        },
        ..moved(&["HW-1"])
    };
    let r = store.record_custody_event(&empty, by(s.custodian)).await;
    assert_matches!(
        r,
        Err(StoreError::Domain(DomainError::InvalidField {
            field: "facility",
            ..
        }))
    );
    let after = (
        verified_entries(store).await.len(),
        store.audit_log(1000, 0).await.unwrap().len(),
    );
    assert_eq!(before, after);
    let c = store.remains_case(s.cases[0]).await.unwrap().unwrap();
    assert_eq!(c.case.storage_location, "MAKRI vault B");
}
