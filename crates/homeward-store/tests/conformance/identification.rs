//! Identifications: a case whose nationality is determined takes the name of a person on the
//! rolls, with its audit entry, and moves to `identified` in the same transaction (a case further
//! on keeps its status); a refused identification (too early, wrong army, taken case or person,
//! unknown reference) changes nothing.

use homeward_domain::{
    DomainError, LifecycleStatus, MissingPersonId, Nationality, NewIdentification, RemainsCaseId,
    Timestamp, UserId,
};
use homeward_store::{Store, StoreError};

use crate::fixtures::CaseWrites;
use crate::fixtures::{T0, accessioned, cpv_case, ctx, examine, person, site_and_officer};

use LifecycleStatus::*;

/// Accessions `accession` (CPV) and walks it to `to` along the identification path.
async fn case_at(
    store: &dyn Store,
    site: homeward_domain::RecoverySiteId,
    officer: UserId,
    accession: &str,
    to: LifecycleStatus,
) -> RemainsCaseId {
    let id = accessioned(store, &cpv_case(accession, site), ctx(Some(officer), 2)).await;
    examine(store, id, ctx(Some(officer), 3)).await;
    for step in [NationalityDetermined, DesignatedForDomesticBurial] {
        if step <= to {
            store
                .change_status(id, step, "step", ctx(Some(officer), 3))
                .await
                .unwrap();
        }
    }
    id
}

/// 王德明 on the rolls.
async fn wang(store: &dyn Store) -> MissingPersonId {
    let wang = person("王德明", "Wáng Démíng", None);
    store.add_missing_person(&wang, ctx(None, 4)).await.unwrap()
}

fn new(person: MissingPersonId) -> NewIdentification {
    NewIdentification {
        person,
        basis: " DNA: LR 3.2e9 with daughter's reference; seal inscription ".into(),
        decision: "RC-2022-031".into(),
    }
}

pub async fn an_identified_case_takes_a_name_with_its_audit_entry(store: &dyn Store) {
    let (site, officer) = site_and_officer(store).await;
    let id = case_at(store, site, officer, "HW-1", NationalityDetermined).await;
    let later = case_at(store, site, officer, "HW-2", DesignatedForDomesticBurial).await;
    let wang = wang(store).await;
    assert_eq!(store.identification(id).await.unwrap(), None);
    let recorded = store
        .record_identification(id, &new(wang), ctx(Some(officer), 5))
        .await
        .unwrap();
    assert_eq!(
        recorded.basis,
        "DNA: LR 3.2e9 with daughter's reference; seal inscription"
    );
    assert_eq!(
        (recorded.remains, recorded.accession.as_str()),
        (id, "HW-1")
    );
    let read = store.identification(id).await.unwrap().unwrap();
    assert_eq!(read, recorded);
    assert_eq!(read.person.id, wang);
    assert_eq!(
        read.person.person.name_pinyin.as_deref(),
        Some("Wáng Démíng")
    );
    assert_eq!(read.decision, "RC-2022-031");
    assert_eq!(
        (read.recorded_by, read.recorded_at),
        (officer, Timestamp(T0 + 5))
    );
    assert_eq!(store.identifications().await.unwrap(), [read]);
    // The identification moved the case to identified, with its history entry.
    assert_eq!(
        store.remains_case(id).await.unwrap().unwrap().status,
        Identified
    );
    let history = store.status_history(id).await.unwrap();
    let last = history.last().unwrap();
    assert_eq!(
        (last.from, last.to),
        (Some(NationalityDetermined), Identified)
    );
    let note = homeward_domain::Phrase::new("sys-note-identified").text("decision", "RC-2022-031");
    assert_eq!(last.reason, note.stored());
    let log = store.audit_log(1, 0).await.unwrap();
    let moved = homeward_domain::Phrase::new("sys-status-moved")
        .code("from", "status", "nationality_determined")
        .code("to", "status", "identified");
    assert!(
        log[0]
            .entry
            .detail
            .ends_with(&format!("{}]", moved.stored())),
        "{}",
        log[0].entry.detail
    );
    let log = store.audit_log(1, 0).await.unwrap();
    assert_eq!(
        (
            log[0].entry.action.as_str(),
            log[0].entry.entity_key.as_str()
        ),
        ("remains.identify", "HW-1")
    );
    assert!(
        log[0].entry.detail.contains("王德明"),
        "{}",
        log[0].entry.detail
    );
    // A case further on takes its name and keeps its status.
    let li = store
        .add_missing_person(&person("李文", "Lǐ Wén", None), ctx(None, 4))
        .await
        .unwrap();
    let history_before = store.status_history(later).await.unwrap();
    store
        .record_identification(later, &new(li), ctx(Some(officer), 6))
        .await
        .unwrap();
    let after = store.remains_case(later).await.unwrap().unwrap();
    assert_eq!(after.status, DesignatedForDomesticBurial);
    assert_eq!(store.status_history(later).await.unwrap(), history_before);
}

pub async fn a_refused_identification_changes_nothing(store: &dyn Store) {
    let (site, officer) = site_and_officer(store).await;
    let early = case_at(store, site, officer, "HW-1", Examined).await;
    let named = case_at(store, site, officer, "HW-2", NationalityDetermined).await;
    let other = case_at(store, site, officer, "HW-3", DesignatedForDomesticBurial).await;
    let wang = wang(store).await;
    let mut kpa = person("金日成", "Jīn Rìchéng", Some(("김일성", "Gim Ilseong")));
    kpa.nationality = Nationality::Kpa;
    let kim = store.add_missing_person(&kpa, ctx(None, 4)).await.unwrap();
    let li = store
        .add_missing_person(&person("李文", "Lǐ Wén", None), ctx(None, 4))
        .await
        .unwrap();
    store
        .record_identification(named, &new(wang), ctx(Some(officer), 5))
        .await
        .unwrap();
    let audit_before = store.audit_log(1_000, 0).await.unwrap().len();
    // Each refused write, made as the officer at the same moment.
    let refuse = |case: RemainsCaseId, identification: NewIdentification| async move {
        let at = ctx(Some(officer), 6);
        let refused = store.record_identification(case, &identification, at).await;
        refused.expect_err("the identification is refused")
    };

    let err = refuse(early, new(li)).await;
    assert!(
        matches!(
            &err,
            StoreError::Domain(DomainError::IdentificationRefused { .. })
        ),
        "{err}"
    );
    assert!(err.to_string().contains("\"examined\""), "{err}");
    let err = refuse(other, new(kim)).await;
    assert!(err.to_string().contains("\"kpa\""), "{err}");
    let err = refuse(other, new(wang)).await;
    assert!(matches!(err, StoreError::Conflict { .. }), "{err}");
    assert!(err.to_string().contains("identified with HW-2"), "{err}");
    let err = refuse(named, new(li)).await;
    assert!(matches!(err, StoreError::Conflict { .. }), "{err}");
    let err = refuse(other, new(MissingPersonId(999))).await;
    assert!(matches!(err, StoreError::NotFound { .. }), "{err}");
    let err = refuse(RemainsCaseId(999), new(li)).await;
    assert!(matches!(err, StoreError::NotFound { .. }), "{err}");
    let mut blank = new(li);
    blank.decision = " ".into();
    let err = refuse(other, blank).await;
    assert!(err.to_string().starts_with("decision:"), "{err}");

    assert_eq!(store.audit_log(1_000, 0).await.unwrap().len(), audit_before);
    assert_eq!(store.identification(early).await.unwrap(), None);
    let early_case = store.remains_case(early).await.unwrap().unwrap();
    assert_eq!(early_case.status, Examined, "a refusal moves nothing");
    assert_eq!(store.identification(other).await.unwrap(), None);
    let all = store.identifications().await.unwrap();
    assert_eq!(all.len(), 1);
    assert_eq!((all[0].remains, all[0].person.id), (named, wang));
}
