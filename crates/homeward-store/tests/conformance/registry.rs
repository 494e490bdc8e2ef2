//! Recovery sites, remains cases, effects, and the remains list with its filters.

use homeward_domain::{
    BiologicalProfile, LifecycleStatus, Nationality, RecoverySiteId, RemainsCaseId, SexEstimate,
    SkeletalInventory,
};
use homeward_store::{RemainsFilter, Store, StoreError};

use crate::fixtures::CaseWrites;
use crate::fixtures::last_audit;
use crate::fixtures::{
    accessioned, assert_not_found, case, cpv, ctx, effect, key, site, site_and_officer, system,
};

pub async fn sites_round_trip_with_counts(store: &dyn Store) {
    let (id, officer) = site_and_officer(store).await;
    let other = store
        .create_site(&site("GG-YC-002"), ctx(Some(officer), 2))
        .await
        .unwrap();
    let stored = store.site(id).await.unwrap().unwrap();
    assert_eq!(stored.id, id);
    assert_eq!(stored.site, site("GW-CW-001"));
    assert_eq!(
        store.site_by_code(&key("GW-CW-001")).await.unwrap(),
        Some(stored)
    );
    assert_eq!(store.site_by_code(&key("nope")).await.unwrap(), None);
    assert_eq!(store.site(RecoverySiteId(9_999)).await.unwrap(), None);

    accessioned(store, &case("HW-1", id), ctx(Some(officer), 3)).await;
    accessioned(store, &case("HW-2", id), ctx(Some(officer), 4)).await;
    let list = store.sites().await.unwrap();
    let summary: Vec<_> = list
        .iter()
        .map(|s| (s.site.site.code.as_str(), s.remains))
        .collect();
    assert_eq!(summary, [("GG-YC-002", 0), ("GW-CW-001", 2)]);
    assert_eq!(list[0].site.id, other);

    let mut bad = site("GW-BAD");
    bad.latitude = 138.0;
    let err = store.create_site(&bad, system()).await.unwrap_err();
    assert!(matches!(err, StoreError::Domain(_)), "{err}");
    assert!(err.to_string().contains("latitude"), "{err}");
}

pub async fn duplicate_site_code_is_a_conflict(store: &dyn Store) {
    let (_, officer) = site_and_officer(store).await;
    let err = store
        .create_site(&site("GW-CW-001"), ctx(Some(officer), 9))
        .await
        .unwrap_err();
    match err {
        StoreError::Conflict { what, key } => {
            assert_eq!((what, key.as_str()), ("recovery site", "GW-CW-001"))
        }
        other => panic!("expected a conflict, got {other}"),
    }
    assert_eq!(store.sites().await.unwrap().len(), 1);
}

pub async fn remains_round_trip(store: &dyn Store) {
    let (site_id, officer) = site_and_officer(store).await;
    let mut new = case("HW-2021-0042", site_id);
    new.nationality = cpv();
    new.profile.age_range = None;
    new.synthetic = true;
    let id = accessioned(store, &new, ctx(Some(officer), 10)).await;
    let stored = store.remains_case(id).await.unwrap().unwrap();
    assert_eq!(stored.id, id);
    assert_eq!(stored.status, LifecycleStatus::Recovered);
    assert_eq!(stored.case, new);
    assert_eq!(
        store
            .remains_by_accession(&key("HW-2021-0042"))
            .await
            .unwrap(),
        Some(stored)
    );
    assert_eq!(
        store.remains_by_accession(&key("HW-0")).await.unwrap(),
        None
    );
    assert_eq!(
        store.remains_case(RemainsCaseId(9_999)).await.unwrap(),
        None
    );
}

pub async fn duplicate_accession_and_missing_site_are_refused(store: &dyn Store) {
    let (site_id, officer) = site_and_officer(store).await;
    accessioned(store, &case("HW-7", site_id), ctx(Some(officer), 2)).await;
    let err = store
        .accession_remains(&case("HW-7", site_id), ctx(Some(officer), 3))
        .await
        .unwrap_err();
    match err {
        StoreError::Conflict { key, .. } => assert_eq!(key, "HW-7"),
        other => panic!("expected a conflict, got {other}"),
    }
    let err = store
        .accession_remains(&case("HW-8", RecoverySiteId(9_999)), ctx(Some(officer), 4))
        .await
        .unwrap_err();
    assert_not_found(&err, "recovery site");
    let err = store
        .accession_remains(&case("HW 9", site_id), ctx(Some(officer), 5))
        .await
        .unwrap_err();
    assert!(err.to_string().starts_with("accession"), "{err}");
    let stats = store.registry_stats().await.unwrap();
    assert_eq!(stats.remains, 1);
}

pub async fn examination_and_nationality_are_recorded_with_their_changes(store: &dyn Store) {
    let (site_id, officer) = site_and_officer(store).await;
    let id = accessioned(store, &case("HW-1", site_id), ctx(Some(officer), 2)).await;
    let inventory = SkeletalInventory {
        elements: vec!["cranium".into(), "left femur".into(), "mandible".into()],
        completeness_pct: 55,
    };
    let profile = BiologicalProfile {
        sex: SexEstimate::ProbableMale,
        age_range: Some((20, 30)),
        stature_range_cm: None,
    };
    store
        .record_examination(id, &inventory, &profile, "good", ctx(Some(officer), 3))
        .await
        .unwrap();
    store
        .record_nationality(id, &cpv(), ctx(Some(officer), 4))
        .await
        .unwrap();
    let stored = store.remains_case(id).await.unwrap().unwrap();
    assert_eq!(stored.case.inventory, inventory);
    assert_eq!(stored.case.profile, profile);
    assert_eq!(stored.case.condition, "good");
    assert_eq!(stored.case.nationality, cpv());
    assert_eq!(
        stored.status,
        LifecycleStatus::Examined,
        "recording the examination moves a recovered case to examined"
    );
    let history = store.status_history(id).await.unwrap();
    assert_eq!(
        history.iter().map(|h| h.to).collect::<Vec<_>>(),
        [LifecycleStatus::Recovered, LifecycleStatus::Examined]
    );

    last_audit(
        store,
        "remains.nationality",
        r#""from":{"code":"nat","value":"undetermined"},"to":{"code":"nat","value":"cpv"}"#,
    )
    .await;
    let log = store.audit_log(2, 0).await.unwrap();
    assert_eq!(log[1].entry.action, "remains.examine");
    assert_eq!(log[1].entry.entity_key, "HW-1");
    assert!(
        log[1].entry.detail.contains(
            r#""field":{"code":"field","value":"condition"},"from":"fragmentary","to":"good""#
        ),
        "{}",
        log[1].entry.detail
    );
    assert!(
        log[1].entry.detail.contains(r#""from":"40%","to":"55%""#),
        "{}",
        log[1].entry.detail
    );

    let bad = SkeletalInventory {
        elements: vec![],
        completeness_pct: 101,
    };
    let err = store
        .record_examination(id, &bad, &profile, "good", ctx(Some(officer), 5))
        .await
        .unwrap_err();
    assert!(matches!(err, StoreError::Domain(_)), "{err}");
    assert_eq!(
        store
            .remains_case(id)
            .await
            .unwrap()
            .unwrap()
            .case
            .inventory,
        inventory
    );
    let err = store
        .record_nationality(RemainsCaseId(9_999), &cpv(), ctx(Some(officer), 6))
        .await
        .unwrap_err();
    assert_not_found(&err, "remains case");
}

pub async fn effects_round_trip(store: &dyn Store) {
    let (site_id, officer) = site_and_officer(store).await;
    let id = accessioned(store, &case("HW-1", site_id), ctx(Some(officer), 2)).await;
    let with_remains = effect(Some(id), Some(site_id));
    let e1 = store
        .record_effect(&with_remains, ctx(Some(officer), 3))
        .await
        .unwrap();
    let mut loose = effect(None, Some(site_id));
    loose.inscription = None;
    store
        .record_effect(&loose, ctx(Some(officer), 4))
        .await
        .unwrap();
    let found = store.effects_of_remains(id).await.unwrap();
    assert_eq!(found.len(), 1);
    assert_eq!((found[0].id, &found[0].effect), (e1, &with_remains));
    let all = store.all_effects().await.unwrap();
    assert_eq!(all.len(), 2, "all_effects must include the site-only find");
    assert_eq!(all[1].effect, loose);

    let err = store
        .record_effect(&effect(None, None), system())
        .await
        .unwrap_err();
    assert!(matches!(err, StoreError::Domain(_)), "{err}");
    let err = store
        .record_effect(&effect(Some(RemainsCaseId(9_999)), None), system())
        .await
        .unwrap_err();
    assert_not_found(&err, "remains case");
    assert_eq!(store.registry_stats().await.unwrap().effects, 2);
}

/// Four cases over two sites: HW-1 (site A, cpv, examined), HW-2 (A), HW-3 (B), HW-4 (B, cpv).
async fn four_cases(store: &dyn Store) -> (RecoverySiteId, RecoverySiteId) {
    let (a, officer) = site_and_officer(store).await;
    let b = store
        .create_site(&site("GG-YC-002"), ctx(Some(officer), 2))
        .await
        .unwrap();
    let mut ids = Vec::new();
    for (n, (accession, s)) in [("HW-3", b), ("HW-1", a), ("HW-4", b), ("HW-2", a)]
        .into_iter()
        .enumerate()
    {
        let mut c = case(accession, s);
        if accession == "HW-1" || accession == "HW-4" {
            c.nationality = cpv();
        }
        ids.push(
            store
                .accession_remains(&c, ctx(Some(officer), 10 + n as i64))
                .await
                .unwrap(),
        );
    }
    crate::fixtures::examine(store, ids[1], ctx(Some(officer), 20)).await;
    (a, b)
}

fn accessions(page: &homeward_store::Page<homeward_store::RemainsSummary>) -> Vec<&str> {
    page.items.iter().map(|s| s.accession.as_str()).collect()
}

pub async fn list_filters_and_pages(store: &dyn Store) {
    let (a, b) = four_cases(store).await;
    let all = store
        .list_remains(&RemainsFilter {
            limit: 50,
            ..Default::default()
        })
        .await
        .unwrap();
    assert_eq!(accessions(&all), ["HW-1", "HW-2", "HW-3", "HW-4"]);
    assert_eq!(all.total, 4);
    assert_eq!(all.items[0].site, a);
    assert_eq!(all.items[0].site_name, "Baengma Hill GW-CW-001");
    assert_eq!(all.items[0].status, LifecycleStatus::Examined);
    assert_eq!(all.items[0].nationality, Nationality::Cpv);

    let by = |f: RemainsFilter| async move { store.list_remains(&f).await.unwrap() };
    let examined = by(RemainsFilter {
        status: Some(LifecycleStatus::Examined),
        limit: 50,
        ..Default::default()
    })
    .await;
    assert_eq!(accessions(&examined), ["HW-1"]);
    let at_b = by(RemainsFilter {
        site: Some(b),
        limit: 50,
        ..Default::default()
    })
    .await;
    assert_eq!(accessions(&at_b), ["HW-3", "HW-4"]);
    let cpv_only = by(RemainsFilter {
        nationality: Some(Nationality::Cpv),
        limit: 50,
        ..Default::default()
    })
    .await;
    assert_eq!(accessions(&cpv_only), ["HW-1", "HW-4"]);
    let both = by(RemainsFilter {
        site: Some(b),
        nationality: Some(Nationality::Cpv),
        limit: 50,
        ..Default::default()
    })
    .await;
    assert_eq!((accessions(&both), both.total), (vec!["HW-4"], 1));

    let page = by(RemainsFilter {
        limit: 2,
        offset: 1,
        ..Default::default()
    })
    .await;
    assert_eq!((accessions(&page), page.total), (vec!["HW-2", "HW-3"], 4));
    let capped = by(RemainsFilter {
        limit: 10_000,
        ..Default::default()
    })
    .await;
    assert_eq!(capped.items.len(), 4);
}

pub async fn number_search_finds_accession_and_external_numbers(store: &dyn Store) {
    four_cases(store).await;
    let find = |n: &str| {
        let filter = RemainsFilter {
            number: Some(n.to_owned()),
            limit: 50,
            ..Default::default()
        };
        async move { store.list_remains(&filter).await.unwrap() }
    };
    assert_eq!(accessions(&find("HW-3").await), ["HW-3"]);
    assert_eq!(
        accessions(&find("hw-").await),
        ["HW-1", "HW-2", "HW-3", "HW-4"]
    );
    // External numbers: exact, prefix, any case; each scheme is searchable.
    assert_eq!(accessions(&find("L-HW-2").await), ["HW-2"]);
    assert_eq!(accessions(&find("l-hw-2").await), ["HW-2"]);
    assert_eq!(accessions(&find("LAB/HW-4").await), ["HW-4"]);
    let prefix = find("Lab/").await;
    assert_eq!(
        (accessions(&prefix), prefix.total),
        (vec!["HW-1", "HW-2", "HW-3", "HW-4"], 4)
    );
    assert_eq!(find("X-404").await.total, 0);
    // Not a substring search: the number must start with the text.
    assert_eq!(find("HW-2x").await.total, 0);
    assert_eq!(find("-HW-2").await.total, 0);
}
