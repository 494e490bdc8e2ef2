//! Bulk import, the audit log, statistics, historical handovers, export and backup.

use homeward_domain::{LifecycleStatus, Nationality, historical_rok_china_handovers};
use homeward_store::{Backend, ImportBatch, ImportedEffect, RegistryStats, Store, StoreError};

use crate::fixtures::CaseWrites;
use crate::fixtures::last_audit;
use crate::fixtures::{
    accessioned, assert_matches, case, cpv, cpv_case, ctx, effect, key, person, site,
    site_and_officer, system,
};

/// A batch that refers to an existing site (GW-CW-001) and an existing case (HW-OLD) as well as
/// to its own site and cases.
/// The totals of sites, remains cases, effects and persons on the rolls.
fn counts(stats: &RegistryStats) -> (u64, u64, u64, u64) {
    (
        stats.sites,
        stats.remains,
        stats.effects,
        stats.missing_persons,
    )
}

fn batch() -> ImportBatch {
    let placeholder = homeward_domain::RecoverySiteId(0);
    ImportBatch {
        sites: vec![site("GG-YC-010"), site("GG-YC-011")],
        remains: vec![
            ("GG-YC-010".into(), case("HW-100", placeholder)),
            ("GW-CW-001".into(), case("HW-101", placeholder)),
            ("GG-YC-011".into(), case("HW-102", placeholder)),
        ],
        effects: vec![
            ImportedEffect {
                accession: Some("HW-100".into()),
                site_code: Some("GG-YC-010".into()),
                effect: effect(None, None),
            },
            ImportedEffect {
                accession: Some("HW-OLD".into()),
                site_code: None,
                effect: effect(None, None),
            },
            ImportedEffect {
                accession: None,
                site_code: Some("GW-CW-001".into()),
                effect: effect(None, None),
            },
        ],
        missing: (0..250)
            .map(|i| person(&format!("王{i}"), &format!("Wáng {i}"), None))
            .chain([person("赵一曼", "Zhào Yīmàn", None)])
            .collect(),
        ..Default::default()
    }
}

pub async fn import_writes_everything_and_resolves_keys(store: &dyn Store) {
    let (site_id, officer) = site_and_officer(store).await;
    accessioned(store, &case("HW-OLD", site_id), ctx(Some(officer), 2)).await;
    let summary = store
        .import_batch(&batch(), ctx(Some(officer), 3))
        .await
        .unwrap();
    assert_eq!(
        (
            summary.sites,
            summary.remains,
            summary.effects,
            summary.missing
        ),
        (2, 3, 3, 251)
    );

    let stats = store.registry_stats().await.unwrap();
    assert_eq!(counts(&stats), (3, 4, 3, 251));
    let new_site = store.site_by_code(&key("GG-YC-010")).await.unwrap();
    let new_site = new_site.unwrap();
    let hw100 = store.remains_by_accession(&key("HW-100")).await.unwrap();
    let hw100 = hw100.unwrap();
    assert_eq!(hw100.case.site, new_site.id);
    assert_eq!(
        hw100.case.external_numbers,
        case("HW-100", new_site.id).external_numbers
    );
    assert_eq!(hw100.status, LifecycleStatus::Recovered);
    let hw101 = store.remains_by_accession(&key("HW-101")).await.unwrap();
    let hw101 = hw101.unwrap();
    assert_eq!(hw101.case.site, site_id);
    let effects = store.effects_of_remains(hw100.id).await.unwrap();
    assert_eq!(
        (effects[0].effect.remains, effects[0].effect.site),
        (Some(hw100.id), Some(new_site.id))
    );
    let old = store.remains_by_accession(&key("HW-OLD")).await.unwrap();
    let old = old.unwrap();
    assert_eq!(store.effects_of_remains(old.id).await.unwrap().len(), 1);

    let history = store.status_history(hw100.id).await.unwrap();
    assert_eq!(
        (history.len(), history[0].from, history[0].to),
        (1, None, LifecycleStatus::Recovered)
    );
    assert_eq!(history[0].actor, officer);

    let found = store.search_missing("Zhao Yiman", 5).await.unwrap();
    assert_eq!(found[0].person.person.name_original, "赵一曼");
    assert_eq!(
        store.search_missing("王249", 5).await.unwrap()[0].score,
        1.0
    );
    last_audit(store, "import", r#""missing":251"#).await;

    // A second batch may refer to rows the first one wrote.
    let next = ImportBatch {
        remains: vec![("GG-YC-011".into(), case("HW-103", new_site.id))],
        ..Default::default()
    };
    store
        .import_batch(&next, ctx(Some(officer), 4))
        .await
        .unwrap();
    assert_eq!(store.registry_stats().await.unwrap().remains, 5);
}

async fn unchanged_after(
    store: &dyn Store,
    bad: ImportBatch,
    expected: impl Fn(&StoreError) -> bool,
) {
    let before: RegistryStats = store.registry_stats().await.unwrap();
    let audit_before = store.audit_log(1_000, 0).await.unwrap().len();
    let err = store.import_batch(&bad, system()).await.unwrap_err();
    assert!(expected(&err), "unexpected error: {err}");
    assert_eq!(
        store.registry_stats().await.unwrap(),
        before,
        "the batch wrote something"
    );
    assert_eq!(store.audit_log(1_000, 0).await.unwrap().len(), audit_before);
    assert!(store.search_missing("赵一曼", 5).await.unwrap().is_empty());
}

pub async fn import_with_a_bad_reference_writes_nothing(store: &dyn Store) {
    let (site_id, officer) = site_and_officer(store).await;
    accessioned(store, &case("HW-OLD", site_id), ctx(Some(officer), 2)).await;
    let mut bad = batch();
    bad.remains[1].0 = "GW-NOWHERE".into();
    unchanged_after(
        store,
        bad,
        |e| matches!(e, StoreError::NotFound { what: "recovery site", key } if key == "GW-NOWHERE"),
    )
    .await;
    let mut bad = batch();
    bad.effects[1].accession = Some("HW-NONE".into());
    unchanged_after(store, bad, |e| {
        e.to_string() == "no remains case \"HW-NONE\""
    })
    .await;
    let mut bad = batch();
    bad.missing[200].birth_year = Some(2001);
    unchanged_after(store, bad, |e| {
        e.to_string().contains("王200") && e.to_string().contains("2001")
    })
    .await;
    let mut bad = batch();
    bad.effects[2].site_code = None;
    unchanged_after(store, bad, |e| matches!(e, StoreError::Domain(_))).await;
}

/// Gives a batch a key that is taken.
type Take = fn(&mut ImportBatch);

pub async fn import_with_a_taken_key_writes_nothing(store: &dyn Store) {
    let (site_id, officer) = site_and_officer(store).await;
    accessioned(store, &case("HW-OLD", site_id), ctx(Some(officer), 2)).await;
    // A key already stored, a site code already stored, and a key the batch itself uses twice.
    let takes: [(Take, &str); 3] = [
        (|b| b.remains[2].1.accession = "HW-OLD".into(), "HW-OLD"),
        (|b| b.sites[1].code = "GW-CW-001".into(), "GW-CW-001"),
        (|b| b.remains[1].1.accession = "HW-100".into(), "HW-100"),
    ];
    for (take, taken_key) in takes {
        let mut taken = batch();
        take(&mut taken);
        let conflict =
            |e: &StoreError| matches!(e, StoreError::Conflict { key, .. } if key == taken_key);
        unchanged_after(store, taken, conflict).await;
    }
}

pub async fn audit_log_records_every_write(store: &dyn Store) {
    let (site_id, officer) = site_and_officer(store).await;
    let id = accessioned(store, &case("HW-1", site_id), ctx(Some(officer), 2)).await;
    store
        .record_effect(&effect(Some(id), None), ctx(Some(officer), 3))
        .await
        .unwrap();
    store
        .add_missing_person(
            &person("王德明", "Wáng Démíng", None),
            ctx(Some(officer), 4),
        )
        .await
        .unwrap();
    crate::fixtures::examine(store, id, ctx(Some(officer), 5)).await;
    let log = store.audit_log(100, 0).await.unwrap();
    let actions: Vec<_> = log.iter().map(|e| e.entry.action.as_str()).collect();
    assert_eq!(
        actions,
        [
            "remains.examine",
            "missing.create",
            "effect.create",
            "remains.create",
            "site.create",
            "user.create",
            // The test store's unlock set the key-encryption key up.
            "ledger.keys_seal"
        ]
    );
    let newest = &log[0];
    assert_eq!(
        (newest.entry.actor, newest.actor_name.as_deref()),
        (Some(officer), Some("officer"))
    );
    assert_eq!(
        newest.entry.at,
        homeward_domain::Timestamp(crate::fixtures::T0 + 5)
    );
    assert_eq!(
        (
            newest.entry.entity.as_str(),
            newest.entry.entity_key.as_str()
        ),
        ("remains_case", "HW-1")
    );
    assert!(
        newest
            .entry
            .detail
            .contains(r#"{"msg":"sys-status-moved","args":{"from":{"code":"status","value":"recovered"},"to":{"code":"status","value":"examined"}}}"#),
        "{}",
        newest.entry.detail
    );
    assert!(log[3].entry.detail.contains("HW-1") && log[3].entry.detail.contains("GW-CW-001"));
    assert!(
        log[2].entry.detail.contains("王德明"),
        "{}",
        log[2].entry.detail
    );
    assert_eq!(
        (log[5].entry.actor, log[5].actor_name.as_deref()),
        (None, None)
    );
    assert!(
        !log[5].entry.detail.contains("argon2"),
        "never log a password hash"
    );
    assert!(log[0].id > log[1].id);
    let page = store.audit_log(2, 1).await.unwrap();
    assert_eq!(
        page.iter().map(|e| e.id).collect::<Vec<_>>(),
        [log[1].id, log[2].id]
    );
}

pub async fn stats_count_everything(store: &dyn Store) {
    let empty = store.registry_stats().await.unwrap();
    assert_eq!(empty.remains_by_status.len(), LifecycleStatus::ALL.len());
    assert!(empty.remains_by_status.iter().all(|(_, n)| *n == 0));
    let (site_id, officer) = site_and_officer(store).await;
    for n in 0..3 {
        let id = accessioned(
            store,
            &cpv_case(&format!("HW-{n}"), site_id),
            ctx(Some(officer), n),
        )
        .await;
        if n > 0 {
            crate::fixtures::examine(store, id, ctx(Some(officer), 10)).await;
        }
    }
    store
        .add_missing_person(&person("李明", "Lǐ Míng", None), system())
        .await
        .unwrap();
    let stats = store.registry_stats().await.unwrap();
    assert_eq!(counts(&stats), (1, 3, 0, 1));
    let expected: Vec<_> = LifecycleStatus::ALL
        .iter()
        .map(|s| {
            (
                *s,
                match s {
                    LifecycleStatus::Recovered => 1,
                    LifecycleStatus::Examined => 2,
                    _ => 0,
                },
            )
        })
        .collect();
    assert_eq!(stats.remains_by_status, expected);
    assert_eq!(stats.handed_over_historically, 0);
}

pub async fn handovers_round_trip(store: &dyn Store) {
    let all = historical_rok_china_handovers();
    for h in all.iter().rev() {
        store.record_handover(h, system()).await.unwrap();
    }
    assert_eq!(store.handovers().await.unwrap(), all, "by date");
    assert_eq!(
        store
            .registry_stats()
            .await
            .unwrap()
            .handed_over_historically,
        1_011
    );
    let err = store.record_handover(&all[0], system()).await.unwrap_err();
    assert_matches!(
        err,
        StoreError::Conflict {
            what: "handover",
            ..
        }
    );
}

pub async fn export_lists_everything(store: &dyn Store) {
    let (site_id, officer) = site_and_officer(store).await;
    let mut ids = Vec::new();
    for a in ["HW-2", "HW-1"] {
        ids.push(
            store
                .accession_remains(&case(a, site_id), ctx(Some(officer), 1))
                .await
                .unwrap(),
        );
    }
    let remains = store.all_remains().await.unwrap();
    assert_eq!(
        remains
            .iter()
            .map(|r| r.case.accession.as_str())
            .collect::<Vec<_>>(),
        ["HW-1", "HW-2"]
    );
    assert_eq!(remains[1].case, case("HW-2", site_id));
    let mut p = person("李明", "Lǐ Míng", None);
    p.nationality = Nationality::Kpa;
    store.add_missing_person(&p, system()).await.unwrap();
    store
        .add_missing_person(&person("张伟", "Zhāng Wěi", None), system())
        .await
        .unwrap();
    let rolls = store.all_missing().await.unwrap();
    assert_eq!(rolls.len(), 2);
    assert_eq!(rolls[0].person, p);
}

pub async fn backup_copies_sqlite_and_points_postgres_to_pg_dump(store: &dyn Store) {
    let (site_id, officer) = site_and_officer(store).await;
    accessioned(store, &case("HW-1", site_id), ctx(Some(officer), 1)).await;
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("backup.db");
    match store.backend() {
        Backend::Sqlite => {
            store.backup_to(&target).await.unwrap();
            let copy = homeward_store::open_sqlite(&target).await.unwrap();
            assert_eq!(
                copy.registry_stats().await.unwrap(),
                store.registry_stats().await.unwrap()
            );
            assert!(
                copy.remains_by_accession(&key("HW-1"))
                    .await
                    .unwrap()
                    .is_some()
            );
            let err = store.backup_to(&target).await.unwrap_err();
            assert_matches!(
                err,
                StoreError::Conflict {
                    what: "backup file",
                    ..
                }
            );
        }
        Backend::Postgres => {
            let err = store.backup_to(&target).await.unwrap_err();
            assert!(matches!(err, StoreError::Unsupported(_)), "{err}");
            assert!(err.to_string().contains("pg_dump"), "{err}");
        }
    }
}

pub async fn import_walks_each_case_to_its_status_or_writes_nothing(store: &dyn Store) {
    let (site_id, officer) = site_and_officer(store).await;
    accessioned(store, &case("HW-OLD", site_id), ctx(Some(officer), 2)).await;
    let mut bad = batch();
    // HW-101's nationality is undetermined: it cannot be determined, let alone handed over.
    bad.statuses
        .insert("HW-101".into(), LifecycleStatus::HandedOver);
    unchanged_after(store, bad, |e| {
        let m = e.to_string();
        m.contains("HW-101") && m.contains("handed_over") && m.contains("undetermined")
    })
    .await;
    let mut bad = batch();
    bad.statuses
        .insert("HW-NONE".into(), LifecycleStatus::Examined);
    unchanged_after(store, bad, |e| e.to_string().contains("HW-NONE")).await;

    // A status that rests on a record the import cannot carry is refused, naming the case, the
    // field and the record; an examined status needs the row's inventory.
    for (to, record) in [
        (LifecycleStatus::Identified, "identification"),
        (
            LifecycleStatus::DesignatedForRepatriation,
            "repatriation_batch",
        ),
        (LifecycleStatus::HandedOver, "repatriation_batch"),
        (LifecycleStatus::Buried, "burial"),
        (LifecycleStatus::Examined, "examination"),
    ] {
        let mut bad = batch();
        bad.remains[0].1.nationality = cpv();
        if to == LifecycleStatus::Examined {
            bad.remains[0].1.inventory.elements.clear();
        }
        bad.statuses.insert("HW-100".into(), to);
        unchanged_after(store, bad, |e| {
            let m = e.to_string();
            matches!(
                e,
                StoreError::Domain(homeward_domain::DomainError::InvalidField {
                    field: "status",
                    ..
                })
            ) && m.contains("HW-100")
                && m.contains(record)
        })
        .await;
    }

    let mut good = batch();
    good.remains[0].1.nationality = cpv();
    good.statuses.insert(
        "HW-100".into(),
        LifecycleStatus::DesignatedForDomesticBurial,
    );
    good.statuses
        .insert("HW-101".into(), LifecycleStatus::Examined);
    store
        .import_batch(&good, ctx(Some(officer), 3))
        .await
        .unwrap();
    let expected = [
        ("HW-100", LifecycleStatus::DesignatedForDomesticBurial, 4),
        ("HW-101", LifecycleStatus::Examined, 2),
        ("HW-102", LifecycleStatus::Recovered, 1),
    ];
    for (accession, status, steps) in expected {
        let case = store.remains_by_accession(&key(accession)).await.unwrap();
        let case = case.unwrap();
        assert_eq!(case.status, status, "{accession}");
        let history = store.status_history(case.id).await.unwrap();
        assert_eq!(history.len(), steps, "{accession}: {history:?}");
        assert_eq!(history.last().unwrap().to, status);
        for pair in history.windows(2) {
            assert_eq!(pair[1].from, Some(pair[0].to));
            assert_eq!(
                (pair[1].reason.as_str(), pair[1].actor),
                (r#"{"msg":"sys-note-imported"}"#, officer)
            );
        }
    }
    let filter = homeward_store::RemainsFilter {
        status: Some(LifecycleStatus::DesignatedForDomesticBurial),
        ..Default::default()
    };
    assert_eq!(store.list_remains(&filter).await.unwrap().total, 1);
}
