//! The records lifecycle statuses rest on: the generic status step reaches none of the statuses
//! that have their own record (every bypass is refused and writes nothing: status, history,
//! audit, ledger), and the lifecycle check (`Store::status_record_gaps`) finds nothing on a store
//! built through the use cases but names every case whose status lacks its record.

use homeward_domain::LifecycleStatus::{self, *};
use homeward_domain::{DomainError, NewIdentification, RemainsCaseId, Role, StatusRecord};
use homeward_store::{StatusGap, Store, StoreError};

use crate::fixtures::CaseWrites;
use crate::fixtures::{accessioned, case, ctx, examine, key, new_user, person, site_and_officer};
use crate::repatriation::{cpv_case, parties, plan_with};
use crate::{Beside, unlock};

/// Everything a refused step must leave as it was.
async fn snapshot(store: &dyn Store, ids: &[RemainsCaseId]) -> impl PartialEq + std::fmt::Debug {
    let mut cases = Vec::new();
    for &id in ids {
        cases.push((
            store.remains_case(id).await.unwrap(),
            store.status_history(id).await.unwrap(),
        ));
    }
    (
        cases,
        store.audit_log(10_000, 0).await.unwrap(),
        store.ledger_head().await.unwrap(),
        store.identifications().await.unwrap(),
    )
}

pub async fn the_status_step_reaches_no_status_that_has_its_own_record(store: &dyn Store) {
    let (sender, _) = parties(store).await;
    // A user of the sending organization, whose key would sign any custody event.
    let mut custodian = new_user("custodian", Role::Custodian);
    custodian.organization = Some(sender.id);
    let custodian = store.create_user(&custodian, ctx(None, 1)).await.unwrap();
    let (site, _) = site_and_officer(store).await;
    let recovered = accessioned(store, &case("HW-R", site), ctx(None, 1)).await;
    let (decided, _) = cpv_case(store, "HW-D").await;
    let (designated, _) = cpv_case(store, "HW-B").await;
    let (domestic, _) = cpv_case(store, "HW-H").await;
    plan_with(store, 9, "HW-B", 11).await;
    store
        .change_status(
            domestic,
            DesignatedForDomesticBurial,
            "to be buried in Korea",
            ctx(Some(custodian), 12),
        )
        .await
        .unwrap();
    let ids = [recovered, decided, designated, domestic];
    let before = snapshot(store, &ids).await;
    let bypasses: [(RemainsCaseId, LifecycleStatus, StatusRecord); 6] = [
        (recovered, Examined, StatusRecord::Examination),
        (decided, Identified, StatusRecord::Identification),
        (
            decided,
            DesignatedForRepatriation,
            StatusRecord::RepatriationBatch,
        ),
        (designated, HandedOver, StatusRecord::BatchHandover),
        (domestic, Buried, StatusRecord::Burial),
        // Not reachable from here at all: still refused, as a skipped step.
        (recovered, Buried, StatusRecord::Burial),
    ];
    for (id, to, record) in bypasses {
        let err = store
            .change_status(id, to, "by the side door", ctx(Some(custodian), 20))
            .await
            .unwrap_err();
        match &err {
            StoreError::Domain(DomainError::RecordRequired { to: t, record: r }) => {
                assert_eq!((*t, *r), (to, record));
                assert!(err.to_string().contains(record.code()), "{err}");
            }
            StoreError::Domain(DomainError::InvalidTransition { .. }) if id == recovered => {}
            other => panic!("{to}: expected a refusal, got {other}"),
        }
    }
    assert_eq!(snapshot(store, &ids).await, before, "a refused step wrote");
    assert!(store.status_record_gaps().await.unwrap().is_empty());
}

pub async fn the_check_finds_nothing_on_a_store_built_through_its_use_cases(store: &dyn Store) {
    assert!(store.status_record_gaps().await.unwrap().is_empty());
    // A batch taken from planned to buried, and cases left at each other status.
    crate::repatriation::a_batch_goes_from_planned_to_buried_signing_each_step(store).await;
    let site = store.site_by_code(&key("GW-CW-001")).await.unwrap();
    let site = site.unwrap().id;
    accessioned(store, &case("HW-R", site), ctx(None, 30)).await;
    let examined = accessioned(store, &case("HW-E", site), ctx(None, 30)).await;
    examine(store, examined, ctx(None, 31)).await;
    let (identified, _) = cpv_case(store, "HW-I").await;
    let wang = store
        .add_missing_person(&person("王德明", "Wáng Démíng", None), ctx(None, 32))
        .await
        .unwrap();
    let identification = NewIdentification {
        person: wang,
        basis: "DNA".into(),
        decision: "RC-1".into(),
    };
    store
        .record_identification(identified, &identification, ctx(None, 33))
        .await
        .unwrap();
    let case = store.remains_case(identified).await.unwrap().unwrap();
    assert_eq!(case.status, Identified);
    cpv_case(store, "HW-P").await;
    plan_with(store, 50, "HW-P", 34).await;
    let gaps: Vec<StatusGap> = store.status_record_gaps().await.unwrap();
    assert!(gaps.is_empty(), "{gaps:?}");
}

/// Raw SQL beside the store puts cases into statuses without their records, as an older
/// version's status step could have. The check names each, with what it lacks, and writes
/// nothing.
pub async fn the_check_names_every_case_whose_status_lacks_its_record(
    store: &dyn Store,
    beside: &Beside,
) {
    unlock(store).await;
    let (site, officer) = site_and_officer(store).await;
    for accession in ["HW-1", "HW-2", "HW-3", "HW-4", "HW-5"] {
        let mut c = case(accession, site);
        c.nationality = crate::fixtures::cpv();
        if accession == "HW-1" {
            c.inventory.elements.clear();
        }
        accessioned(store, &c, ctx(Some(officer), 1)).await;
    }
    beside
        .sql(
            "UPDATE remains_cases SET status = CASE accession \
           WHEN 'HW-1' THEN 'examined' WHEN 'HW-2' THEN 'identified' \
           WHEN 'HW-3' THEN 'designated_repatriation' WHEN 'HW-4' THEN 'handed_over' \
           ELSE 'buried' END",
        )
        .await
        .expect("put cases into statuses without their records");
    let audit = store.audit_log(10_000, 0).await.unwrap();
    let gaps = store.status_record_gaps().await.unwrap();
    use StatusRecord::*;
    let expected = [
        ("HW-1", Examined, vec![Examination]),
        ("HW-2", Identified, vec![Identification]),
        ("HW-3", DesignatedForRepatriation, vec![RepatriationBatch]),
        ("HW-4", HandedOver, vec![BatchHandover]),
        ("HW-5", Buried, vec![Burial]),
    ];
    let got: Vec<(&str, LifecycleStatus, Vec<StatusRecord>)> = gaps
        .iter()
        .map(|g| (g.accession.as_str(), g.status, g.missing.clone()))
        .collect();
    assert_eq!(got, expected);
    assert_eq!(
        store.audit_log(10_000, 0).await.unwrap(),
        audit,
        "the check wrote"
    );
}
