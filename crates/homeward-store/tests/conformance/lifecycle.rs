//! The lifecycle of a remains case: transitions, preconditions and the status history.

use homeward_domain::{
    DomainError, LifecycleStatus, Nationality, NationalityAssessment, RemainsCaseId, Timestamp,
    UserId,
};
use homeward_store::{Store, StoreError};

use crate::fixtures::CaseWrites;
use crate::fixtures::last_audit;
use crate::fixtures::{
    T0, Unchanged, accessioned, assert_matches, assert_not_found, case, cpv, cpv_case, ctx,
    examine, site_and_officer,
};

use LifecycleStatus::*;

pub async fn accession_starts_the_history(store: &dyn Store) {
    let (site_id, officer) = site_and_officer(store).await;
    let id = accessioned(store, &case("HW-1", site_id), ctx(Some(officer), 7)).await;
    let history = store.status_history(id).await.unwrap();
    assert_eq!(history.len(), 1);
    assert_eq!((history[0].from, history[0].to), (None, Recovered));
    assert_eq!(
        (history[0].actor, history[0].actor_name.as_str()),
        (officer, "officer")
    );
    assert_eq!(history[0].at, Timestamp(T0 + 7));

    let by_system = accessioned(store, &case("HW-2", site_id), ctx(None, 8)).await;
    let history = store.status_history(by_system).await.unwrap();
    assert_eq!(history[0].actor_name, "system");
}

pub async fn illegal_transition_changes_nothing(store: &dyn Store) {
    let (site_id, officer) = site_and_officer(store).await;
    let id = accessioned(store, &cpv_case("HW-1", site_id), ctx(Some(officer), 2)).await;
    let unchanged = Unchanged::snapshot(store, id).await;

    let err = store
        .change_status(id, HandedOver, "skip ahead", ctx(Some(officer), 3))
        .await
        .unwrap_err();
    match &err {
        StoreError::Domain(DomainError::InvalidTransition { from, to }) => {
            assert_eq!((*from, *to), (Recovered, HandedOver))
        }
        other => panic!("expected an invalid transition, got {other}"),
    }
    assert!(
        err.to_string().contains("allowed next: \"examined\""),
        "{err}"
    );
    let err = store
        .change_status(id, Recovered, "again", ctx(Some(officer), 4))
        .await
        .unwrap_err();
    assert_matches!(
        err,
        StoreError::Domain(DomainError::InvalidTransition { .. })
    );
    let err = store
        .change_status(id, Examined, "  ", ctx(Some(officer), 5))
        .await
        .unwrap_err();
    assert!(matches!(
        err,
        StoreError::Domain(DomainError::InvalidField {
            field: "reason",
            ..
        })
    ));

    unchanged.check(store).await;
}

pub async fn undetermined_nationality_blocks_determination(store: &dyn Store) {
    let (site_id, officer) = site_and_officer(store).await;
    let id = accessioned(store, &case("HW-1", site_id), ctx(Some(officer), 2)).await;
    examine(store, id, ctx(Some(officer), 3)).await;
    let unchanged = Unchanged::snapshot(store, id).await;
    let err = store
        .change_status(
            id,
            NationalityDetermined,
            "committee met",
            ctx(Some(officer), 4),
        )
        .await
        .unwrap_err();
    assert_matches!(
        err,
        StoreError::Domain(DomainError::PreconditionFailed {
            to: NationalityDetermined,
            ..
        })
    );
    assert!(err.to_string().contains("undetermined"), "{err}");
    assert_eq!(
        store.remains_case(id).await.unwrap().unwrap().status,
        Examined
    );
    assert_eq!(store.status_history(id).await.unwrap().len(), 2);
    unchanged.check(store).await;

    store
        .record_nationality(id, &cpv(), ctx(Some(officer), 5))
        .await
        .unwrap();
    store
        .change_status(
            id,
            NationalityDetermined,
            "committee met",
            ctx(Some(officer), 6),
        )
        .await
        .unwrap();

    // Past examination, the nationality may be corrected but never undone; a refusal changes
    // nothing and writes no audit entry.
    let unchanged = Unchanged::snapshot(store, id).await;
    let err = store
        .record_nationality(
            id,
            &NationalityAssessment {
                nationality: Nationality::Undetermined,
                evidence: String::new(),
                committee_decision: None,
            },
            ctx(Some(officer), 7),
        )
        .await
        .unwrap_err();
    assert_matches!(
        err,
        StoreError::Domain(DomainError::NationalityLocked { .. })
    );
    let case = store.remains_case(id).await.unwrap().unwrap();
    assert_eq!(case.case.nationality, cpv());
    unchanged.check(store).await;
}

/// "A determined nationality needs evidence" is the domain's rule, so recording a nationality
/// obeys it on every path, not only through the API's input type: refused naming the field,
/// nothing written.
pub async fn a_determined_nationality_needs_evidence(store: &dyn Store) {
    let (site_id, officer) = site_and_officer(store).await;
    let id = accessioned(store, &case("HW-1", site_id), ctx(Some(officer), 1)).await;
    let unchanged = Unchanged::snapshot(store, id).await;
    let bare = NationalityAssessment {
        nationality: Nationality::Cpv,
        evidence: "  ".into(),
        committee_decision: None,
    };
    let err = store
        .record_nationality(id, &bare, ctx(Some(officer), 2))
        .await
        .unwrap_err();
    assert_matches!(
        err,
        StoreError::Domain(DomainError::InvalidField {
            field: "nationality_evidence",
            ..
        })
    );
    let case = store.remains_case(id).await.unwrap().unwrap();
    assert_eq!(case.case.nationality.nationality, Nationality::Undetermined);
    unchanged.check(store).await;
}

pub async fn legal_path_to_burial_records_history(store: &dyn Store) {
    let (site_id, officer) = site_and_officer(store).await;
    let id = accessioned(store, &cpv_case("HW-1", site_id), ctx(Some(officer), 1)).await;
    examine(store, id, ctx(Some(officer), 99)).await;
    let path = [
        (NationalityDetermined, "committee RC-2024-07"),
        (DesignatedForDomesticBurial, "to be buried in Korea"),
    ];
    let mut from = Examined;
    for (i, (to, reason)) in path.into_iter().enumerate() {
        let at = 100 + i as i64;
        let change = store
            .change_status(id, to, reason, ctx(Some(officer), at))
            .await
            .unwrap();
        assert_eq!(
            (change.from, change.to, change.reason.as_str()),
            (Some(from), to, reason)
        );
        assert_eq!(
            (change.actor, change.actor_name.as_str()),
            (officer, "officer")
        );
        assert_eq!(change.at, Timestamp(T0 + at));
        from = to;
    }
    let history = store.status_history(id).await.unwrap();
    let steps: Vec<_> = history.iter().map(|h| (h.from, h.to)).collect();
    assert_eq!(
        steps,
        [
            (None, Recovered),
            (Some(Recovered), Examined),
            (Some(Examined), NationalityDetermined),
            (Some(NationalityDetermined), DesignatedForDomesticBurial),
        ]
    );
    assert_eq!(history[1].reason, r#"{"msg":"sys-note-examined"}"#);
    assert_eq!(history[3].at, Timestamp(T0 + 101));
    assert_eq!(
        store.remains_case(id).await.unwrap().unwrap().status,
        DesignatedForDomesticBurial
    );
    let err = store
        .change_status(id, Recovered, "undo", ctx(Some(officer), 200))
        .await
        .unwrap_err();
    assert!(
        err.to_string().contains("allowed next: \"buried\""),
        "{err}"
    );
    let detail = homeward_domain::Phrase::new("sys-status-change")
        .code("from", "status", "nationality_determined")
        .code("to", "status", "designated_domestic_burial")
        .text("reason", "to be buried in Korea")
        .stored();
    let last = last_audit(store, "remains.status", &detail).await;
    assert_eq!(last.entry.detail, detail);
}

pub async fn unknown_case_is_not_found(store: &dyn Store) {
    let (site_id, officer) = site_and_officer(store).await;
    let err = store
        .change_status(
            RemainsCaseId(9_999),
            NationalityDetermined,
            "x",
            ctx(Some(officer), 1),
        )
        .await
        .unwrap_err();
    assert_not_found(&err, "remains case");
    let id = accessioned(store, &cpv_case("HW-1", site_id), ctx(Some(officer), 2)).await;
    examine(store, id, ctx(Some(officer), 2)).await;
    let err = store
        .change_status(id, NationalityDetermined, "x", ctx(Some(UserId(9_999)), 3))
        .await
        .unwrap_err();
    assert!(
        matches!(err, StoreError::NotFound { what: "user", .. }),
        "{err}"
    );
    assert_eq!(
        store.remains_case(id).await.unwrap().unwrap().status,
        Examined
    );
}

pub async fn concurrent_writers_neither_fail_nor_race(store: &dyn Store) {
    let (site_id, officer) = site_and_officer(store).await;
    let accession = |n: i64| async move {
        let mut c = case(&format!("HW-C{n}"), site_id);
        c.nationality = cpv();
        store.accession_remains(&c, ctx(Some(officer), n)).await
    };
    let (a, b, c, d) = tokio::join!(accession(1), accession(2), accession(3), accession(4));
    let id = a.unwrap();
    for r in [b, c, d] {
        r.unwrap();
    }
    examine(store, id, ctx(Some(officer), 9)).await;
    // Four people move the same case at once: exactly one step is taken.
    let step = |n: i64| async move {
        store
            .change_status(
                id,
                NationalityDetermined,
                &format!("examiner {n}"),
                ctx(Some(officer), 10 + n),
            )
            .await
    };
    let results = tokio::join!(step(1), step(2), step(3), step(4));
    let results = [results.0, results.1, results.2, results.3];
    assert_eq!(
        results.iter().filter(|r| r.is_ok()).count(),
        1,
        "{results:?}"
    );
    for r in results.iter().filter(|r| r.is_err()) {
        assert_matches!(
            r,
            Err(StoreError::Domain(DomainError::InvalidTransition { .. }))
        );
    }
    assert_eq!(store.status_history(id).await.unwrap().len(), 3);
    assert_eq!(store.registry_stats().await.unwrap().remains, 4);
}
