//! DNA: frequency databases (versioned, immutable), remains profiles, families with their
//! references, and screening runs with their candidates.

use homeward_domain::MissingPersonId;
use homeward_store::{
    ClaimedIdentity, NewCandidate, NewFamily, NewFrequencyDatabase, NewMatchRun, NewRemainsProfile,
    ProfileOwner, RunStatus, Store, StoreError,
};

use crate::Beside;
use crate::fixtures::{accessioned, case, ctx, last_audit, stored_site, system};

fn database(name: &str, markers: &str) -> NewFrequencyDatabase {
    NewFrequencyDatabase {
        name: name.into(),
        source_format: "json".into(),
        markers_json: markers.into(),
        rare_allele_frequency: None,
    }
}

fn profile(sample: &str) -> NewRemainsProfile {
    NewRemainsProfile {
        sample: sample.into(),
        kit: None,
        alleles_json: r#"{"TH01":["7","9.3"]}"#.into(),
    }
}

fn family(id: &str, references: &[&str]) -> NewFamily {
    NewFamily {
        id: id.into(),
        claimed: ClaimedIdentity {
            names: Some("王德胜".into()),
            ..ClaimedIdentity::default()
        },
        missing_person: None,
        pedigree_json: r#"{"missing":"MP","pedigree":[]}"#.into(),
        references: references
            .iter()
            .map(|p| {
                (
                    (*p).to_owned(),
                    format!(r#"{{"TH01":["{}",null]}}"#, p.len()),
                )
            })
            .collect(),
    }
}

/// Two remains cases, HW-1 and HW-2, in the registry.
async fn two_cases(store: &dyn Store) {
    let site = stored_site(store, "GW-DNA-1").await;
    for accession in ["HW-1", "HW-2"] {
        accessioned(store, &case(accession, site), system()).await;
    }
}

pub async fn frequency_databases_are_versioned_and_immutable(store: &dyn Store, beside: &Beside) {
    let first = store
        .import_frequency_database(&database("KOR", r#"{"markers":{}}"#), ctx(None, 1))
        .await
        .unwrap();
    assert_eq!(first.version, 1);
    last_audit(store, "dna.frequencies", r#""version":1"#).await;
    let second = store
        .import_frequency_database(&database("KOR", r#"{"markers":{"TH01":{}}}"#), ctx(None, 2))
        .await
        .unwrap();
    assert_eq!(second.version, 2);
    let other = store
        .import_frequency_database(&database("CHN", "{}"), ctx(None, 3))
        .await
        .unwrap();
    assert_eq!(other.version, 1);
    let latest = store.frequency_database("KOR", None).await.unwrap();
    assert_eq!(latest, Some(second.clone()));
    let old = store.frequency_database("KOR", Some(1)).await.unwrap();
    assert_eq!(old, Some(first.clone()));
    assert_eq!(
        store.frequency_database("KOR", Some(3)).await.unwrap(),
        None
    );
    assert_eq!(
        store.frequency_databases().await.unwrap(),
        vec![first, second, other]
    );
    for sql in [
        "UPDATE frequency_databases SET markers = '{}'",
        "DELETE FROM frequency_databases",
    ] {
        let Err(err) = beside.sql(sql).await else {
            panic!("{sql}: the database allowed it");
        };
        assert!(err.to_string().contains("immutable"), "{sql}: {err}");
    }
}

pub async fn remains_profiles_need_their_case_and_refusals_write_nothing(store: &dyn Store) {
    two_cases(store).await;
    let err = store
        .import_remains_profiles(&[profile("HW-1"), profile("HW-9")], ctx(None, 1))
        .await
        .unwrap_err();
    assert!(
        matches!(&err, StoreError::NotFound { key, .. } if key == "HW-9"),
        "{err}"
    );
    assert!(store.remains_profiles().await.unwrap().is_empty());
    let n = store
        .import_remains_profiles(&[profile("HW-2"), profile("HW-1")], ctx(None, 2))
        .await
        .unwrap();
    assert_eq!(n, 2);
    last_audit(store, "dna.profiles", r#""profiles":2"#).await;
    let stored = store.remains_profiles().await.unwrap();
    let samples: Vec<_> = stored.iter().map(|p| p.sample.as_str()).collect();
    assert_eq!(samples, ["HW-1", "HW-2"]);
    assert_eq!(stored[0].owner, ProfileOwner::Remains("HW-1".into()));
    assert_eq!(stored[0].alleles_json, profile("HW-1").alleles_json);
    let again = store
        .import_remains_profiles(&[profile("HW-1")], ctx(None, 3))
        .await
        .unwrap_err();
    assert!(matches!(again, StoreError::Conflict { .. }), "{again}");
    assert_eq!(store.remains_profiles().await.unwrap().len(), 2);
    let one = store.remains_profile("HW-2").await.unwrap().unwrap();
    assert_eq!(one.owner, ProfileOwner::Remains("HW-2".into()));
    assert_eq!(store.remains_profile("HW-9").await.unwrap(), None);
    assert_eq!(store.dna_counts().await.unwrap().remains, 2);
}

pub async fn families_keep_their_references_in_order_and_refusals_write_nothing(store: &dyn Store) {
    let fams = [
        family("F2", &["son", "brother"]),
        family("F1", &["daughter"]),
    ];
    store.import_families(&fams, ctx(None, 1)).await.unwrap();
    last_audit(store, "dna.families", r#""families":2"#).await;
    let stored = store.families().await.unwrap();
    assert_eq!(stored, vec![fams[1].clone(), fams[0].clone()]);
    // A known id refuses the whole import, the new family too.
    let err = store
        .import_families(&[family("F3", &["son"]), family("F1", &[])], ctx(None, 2))
        .await
        .unwrap_err();
    assert!(matches!(err, StoreError::Conflict { .. }), "{err}");
    let mut unlinked = family("F4", &[]);
    unlinked.missing_person = Some(MissingPersonId(4040));
    let err = store
        .import_families(&[unlinked], ctx(None, 3))
        .await
        .unwrap_err();
    assert!(matches!(err, StoreError::NotFound { .. }), "{err}");
    assert_eq!(store.families().await.unwrap().len(), 2);
    assert!(store.remains_profiles().await.unwrap().is_empty());
    // One family, its references in order; an unknown id is none.
    assert_eq!(store.family("F2").await.unwrap(), Some(fams[0].clone()));
    assert_eq!(store.family("F3").await.unwrap(), None);
    let counts = store.dna_counts().await.unwrap();
    assert_eq!(
        (counts.remains, counts.families, counts.references),
        (0, 2, 3)
    );
}

/// An import larger than one statement's chunk (2,000 rows): every family and reference is
/// stored in order, and a conflict deep in a later chunk names its key and writes nothing.
pub async fn a_bulk_import_of_families_crosses_chunks_all_or_nothing(store: &dyn Store) {
    let ids: Vec<String> = (0..2_500).map(|i| format!("B{i:05}")).collect();
    let fams: Vec<NewFamily> = ids.iter().map(|id| family(id, &["son", "niece"])).collect();
    store.import_families(&fams, ctx(None, 1)).await.unwrap();
    let stored = store.families().await.unwrap();
    assert_eq!(stored.len(), 2_500);
    assert_eq!(stored[2_499], fams[2_499]);
    assert_eq!(stored[1_234], fams[1_234]);
    let mut more: Vec<NewFamily> = (0..2_500)
        .map(|i| family(&format!("C{i:05}"), &["son"]))
        .collect();
    more[2_300] = family("B00007", &["son"]);
    let err = store
        .import_families(&more, ctx(None, 2))
        .await
        .unwrap_err();
    assert!(
        matches!(&err, StoreError::Conflict { key, .. } if key == "B00007"),
        "{err}"
    );
    // Two references of one family under one person: the second sample is a conflict.
    let err = store
        .import_families(&[family("D1", &["son", "son"])], ctx(None, 3))
        .await
        .unwrap_err();
    assert!(
        matches!(&err, StoreError::Conflict { key, .. } if key == "D1:son"),
        "{err}"
    );
    assert_eq!(store.families().await.unwrap().len(), 2_500);
}

fn candidate(remains: &str, family: &str, lr: f64) -> NewCandidate {
    NewCandidate {
        remains: remains.into(),
        family: family.into(),
        lr,
        autosomal_lr: lr,
        y_lr: None,
        mt_lr: None,
        markers_compared: 1,
        marker_lrs_json: format!(r#"{{"TH01":{lr}}}"#),
    }
}

pub async fn a_run_stores_its_candidates_when_it_finishes(store: &dyn Store) {
    two_cases(store).await;
    store
        .import_families(&[family("F1", &["son"]), family("F2", &[])], system())
        .await
        .unwrap();
    let db = store
        .import_frequency_database(&database("KOR", "{}"), system())
        .await
        .unwrap();
    let inputs = NewMatchRun {
        min_lr: 10.0,
        top: 2,
        frequency_database: db.id,
        mutation_json: r#"{"model":"none"}"#.into(),
        theta: 0.01,
        rare_allele_frequency: Some(0.001),
        remains: 2,
        families: 2,
    };
    let run = store.start_match_run(&inputs, ctx(None, 5)).await.unwrap();
    assert_eq!(run.status, RunStatus::Running);
    assert_eq!(
        (run.frequency_name.as_str(), run.frequency_version),
        ("KOR", 1)
    );
    assert_eq!(run.inputs, inputs);
    // A candidate naming an unknown case refuses the whole finish.
    let bad = [candidate("HW-1", "F1", 50.0), candidate("HW-7", "F1", 20.0)];
    let err = store
        .finish_match_run(run.id, &bad, ctx(None, 6))
        .await
        .unwrap_err();
    assert!(matches!(err, StoreError::NotFound { .. }), "{err}");
    assert!(store.candidates(run.id).await.unwrap().is_empty());
    let found = [
        candidate("HW-2", "F1", 12.5),
        candidate("HW-1", "F2", 1e6),
        candidate("HW-1", "F1", 2e7),
    ];
    let done = store
        .finish_match_run(run.id, &found, ctx(None, 7))
        .await
        .unwrap();
    assert_eq!(done.status, RunStatus::Finished);
    assert_eq!(done.candidates, 3);
    assert_eq!(done.finished_at, Some(ctx(None, 7).at));
    last_audit(store, "dna.match_finish", r#""candidates":3"#).await;
    let stored: Vec<_> = store
        .candidates(run.id)
        .await
        .unwrap()
        .into_iter()
        .map(|c| c.candidate)
        .collect();
    assert_eq!(
        stored,
        vec![found[2].clone(), found[1].clone(), found[0].clone()]
    );
    // A finished run cannot finish again or be cancelled.
    let again = store.finish_match_run(run.id, &[], ctx(None, 8)).await;
    assert!(matches!(again, Err(StoreError::Domain(_))), "{again:?}");
    assert!(store.cancel_match_run(run.id, ctx(None, 8)).await.is_err());
    let second = store.start_match_run(&inputs, ctx(None, 9)).await.unwrap();
    let cancelled = store
        .cancel_match_run(second.id, ctx(None, 10))
        .await
        .unwrap();
    assert_eq!(cancelled.status, RunStatus::Cancelled);
    let runs = store.match_runs().await.unwrap();
    assert_eq!(runs, vec![done.clone(), cancelled]);
    assert_eq!(store.match_run(run.id).await.unwrap(), Some(done));
    assert_eq!(store.match_run(9999).await.unwrap(), None);
    // A case's families and a family's remains, each LR descending, of that run only.
    let of = |list: Vec<homeward_store::StoredCandidate>| -> Vec<NewCandidate> {
        list.into_iter().map(|c| c.candidate).collect()
    };
    let hw1 = store.remains_candidates(run.id, "HW-1").await.unwrap();
    assert_eq!(of(hw1), vec![found[2].clone(), found[1].clone()]);
    let f1 = store.family_candidates(run.id, "F1").await.unwrap();
    assert_eq!(of(f1), vec![found[2].clone(), found[0].clone()]);
    assert!(
        store
            .remains_candidates(second.id, "HW-1")
            .await
            .unwrap()
            .is_empty()
    );
    assert!(
        store
            .family_candidates(run.id, "F9")
            .await
            .unwrap()
            .is_empty()
    );
}

/// Remains related to remains: a direct match's pairs replace the last ones whole; a pair
/// naming an unknown case, or one case twice, writes nothing.
pub async fn remains_relations_are_replaced_whole_and_refusals_write_nothing(store: &dyn Store) {
    use homeward_store::{NewRemainsRelation, RemainsRelationKind};
    two_cases(store).await;
    let db = store
        .import_frequency_database(
            &database("KOR", r#"{"TH01":{"7":0.5,"9.3":0.5}}"#),
            system(),
        )
        .await
        .unwrap();
    let pair = |b: &str, relation, lr| NewRemainsRelation {
        remains_a: "HW-1".into(),
        remains_b: b.into(),
        relation,
        lr,
        markers_compared: 15,
    };
    let first = [
        pair("HW-2", RemainsRelationKind::FullSibling, 40.0),
        pair("HW-2", RemainsRelationKind::Identity, 3.2e12),
    ];
    assert_eq!(
        store
            .replace_remains_relations(&first, db.id, ctx(None, 1))
            .await
            .unwrap(),
        2
    );
    last_audit(store, "dna.relations", r#""relations":2"#).await;
    let stored = store.remains_relations(Some("HW-2")).await.unwrap();
    assert_eq!(stored.len(), 2);
    assert_eq!(stored[0].pair, first[1], "strongest first");
    assert_eq!(stored[0].frequency_database, db.id);
    assert!(
        store
            .remains_relations(Some("HW-9"))
            .await
            .unwrap()
            .is_empty()
    );

    for bad in [
        vec![pair("HW-404", RemainsRelationKind::Identity, 1e9)],
        vec![pair("HW-1", RemainsRelationKind::Identity, 1e9)],
    ] {
        assert!(
            store
                .replace_remains_relations(&bad, db.id, system())
                .await
                .is_err()
        );
        assert_eq!(store.remains_relations(None).await.unwrap().len(), 2);
    }
    let err = store
        .replace_remains_relations(&first, db.id + 99, system())
        .await
        .unwrap_err();
    assert!(matches!(err, StoreError::NotFound { .. }), "{err}");

    // A new direct match replaces the pairs whole.
    let second = [pair("HW-2", RemainsRelationKind::ParentChild, 900.0)];
    store
        .replace_remains_relations(&second, db.id, ctx(None, 2))
        .await
        .unwrap();
    let all = store.remains_relations(None).await.unwrap();
    assert_eq!(
        all.iter().map(|r| r.pair.clone()).collect::<Vec<_>>(),
        second
    );
}

/// The contamination guard: elimination profiles are added all or nothing (a known code is a
/// conflict); a hold is raised once per sample, reason and detail — a cleared one is not raised
/// again — and is cleared only with a note, once.
pub async fn holds_are_raised_once_and_cleared_with_a_note(store: &dyn Store) {
    use homeward_store::{EliminationKind, HoldReason, NewEliminationProfile, NewHold};
    let staff = |code: &str| NewEliminationProfile {
        code: code.into(),
        kind: EliminationKind::Staff,
        alleles_json: r#"{"TH01":["7","9.3"]}"#.into(),
    };
    assert_eq!(
        store
            .import_elimination_profiles(&[staff("LAB-01"), staff("LAB-02")], system())
            .await
            .unwrap(),
        2
    );
    let err = store
        .import_elimination_profiles(&[staff("LAB-03"), staff("LAB-01")], system())
        .await
        .unwrap_err();
    assert!(matches!(err, StoreError::Conflict { .. }), "{err}");
    assert_eq!(store.elimination_profiles().await.unwrap().len(), 2);

    let hold = NewHold {
        sample: "HW-1".into(),
        reason: HoldReason::Contamination,
        detail: "LAB-01".into(),
    };
    assert_eq!(
        store
            .raise_holds(&[hold.clone(), hold.clone()], ctx(None, 1))
            .await
            .unwrap(),
        1
    );
    last_audit(store, "dna.hold", r#""holds":1"#).await;
    let open = store.holds(true).await.unwrap();
    assert_eq!(open.len(), 1);
    assert_eq!(open[0].hold, hold);
    let id = open[0].id;
    assert!(
        store.clear_hold(id, "  ", system()).await.is_err(),
        "a note is needed"
    );
    assert!(store.clear_hold(id + 99, "ok", system()).await.is_err());
    let cleared = store
        .clear_hold(
            id,
            "the analyst's own profile: the sample was re-extracted",
            ctx(None, 2),
        )
        .await
        .unwrap();
    assert!(cleared.cleared.is_some());
    assert!(
        store.clear_hold(id, "again", system()).await.is_err(),
        "cleared once"
    );
    assert!(store.holds(true).await.unwrap().is_empty());
    // Raised again for the same reason: not a new hold.
    assert_eq!(store.raise_holds(&[hold], system()).await.unwrap(), 0);
    assert_eq!(store.holds(false).await.unwrap().len(), 1);
}

/// Lineage profiles belong to a known remains case or family; a second profile of the same
/// sample and kind is a conflict; a refusal writes nothing.
pub async fn lineage_profiles_need_their_owner_and_refusals_write_nothing(store: &dyn Store) {
    use homeward_store::{LineageKind, LineageOwner, NewLineageProfile};
    two_cases(store).await;
    store
        .import_families(&[family("FAM1", &["F"])], system())
        .await
        .unwrap();
    let y = |sample: &str, owner| NewLineageProfile {
        sample: sample.into(),
        owner,
        kind: LineageKind::YStr,
        data_json: r#"{"DYS19":"14","DYS385":"11,14"}"#.into(),
    };
    let remains = y("HW-1", LineageOwner::Remains("HW-1".into()));
    let father = y(
        "FAM1:F",
        LineageOwner::Reference {
            family: "FAM1".into(),
            person: "F".into(),
        },
    );
    assert_eq!(
        store
            .import_lineage_profiles(&[remains.clone(), father.clone()], ctx(None, 1))
            .await
            .unwrap(),
        2
    );
    last_audit(store, "dna.lineage", r#""profiles":2"#).await;
    assert_eq!(
        store.lineage_profiles(LineageKind::YStr).await.unwrap(),
        vec![remains.clone(), father]
    );
    assert!(
        store
            .lineage_profiles(LineageKind::Mtdna)
            .await
            .unwrap()
            .is_empty()
    );
    let unknown = y("HW-9", LineageOwner::Remains("HW-9".into()));
    let stranger = y(
        "FAM9:X",
        LineageOwner::Reference {
            family: "FAM9".into(),
            person: "X".into(),
        },
    );
    let other = y("HW-2", LineageOwner::Remains("HW-2".into()));
    for bad in [
        vec![other.clone(), unknown],
        vec![other.clone(), stranger],
        vec![other, remains],
    ] {
        assert!(store.import_lineage_profiles(&bad, system()).await.is_err());
        assert_eq!(
            store
                .lineage_profiles(LineageKind::YStr)
                .await
                .unwrap()
                .len(),
            2
        );
    }
}
