//! The demo registry (real handovers, synthetic data, determinism, refusal of a used store) and
//! the export → import round trip.

use homeward_app::demo::{
    BATCH_2022, BATCH_2022_CEREMONIAL, BATCH_2022_EFFECTS, BATCH_2022_REMAINS, DEMO_PASSWORD,
    DemoError, DemoOptions, seed,
};
use homeward_app::export::{ExportFormat, export};
use homeward_app::import::ImportPlan;
use homeward_app::ledger_verify::{trusted_registry, verify_rows};
use homeward_app::passwords::verify_password;
use homeward_app::{NoProgress, RecordKind};
use homeward_domain::BatchState;
use homeward_domain::{LifecycleStatus, Role};
use homeward_ledger::{PublicKey, verify_manifest, verify_receipt};
use homeward_store::{DocumentKind, Store};
use homeward_testkit::key;
use homeward_testkit::registry::{fresh_store, system};

const SMALL: DemoOptions = DemoOptions {
    remains: 120,
    missing: 400,
    seed: homeward_app::demo::DEMO_SEED,
};

async fn export_text(store: &dyn Store, kind: RecordKind, format: ExportFormat) -> String {
    let mut out = Vec::new();
    export(store, kind, format, &mut out).await.unwrap();
    String::from_utf8(out).unwrap()
}

#[tokio::test]
async fn the_demo_holds_the_real_handovers_and_a_synthetic_registry() {
    let (_dir, store) = fresh_store().await;
    let s = &*store;
    let summary = seed(s, &SMALL, &NoProgress).await.unwrap();
    let handovers = s.handovers().await.unwrap();
    assert_eq!(handovers.len(), 12);
    assert_eq!(handovers.iter().map(|h| h.remains).sum::<u32>(), 1_011);
    assert_eq!(summary.imported.remains, 120 + BATCH_2022_REMAINS as u64);
    assert_eq!(summary.imported.missing, 400);
    assert!(summary.status_changes > 100, "{summary:?}");

    let users = s.users().await.unwrap();
    for role in Role::ALL {
        assert!(
            users.iter().any(|u| u.role == role),
            "a demo user for {role}"
        );
    }
    let admin = s.user_credentials(&key("admin")).await.unwrap().unwrap();
    assert!(verify_password(DEMO_PASSWORD, admin.password_hash.as_str()).unwrap());

    let stats = s.registry_stats().await.unwrap();
    let statuses: Vec<_> = stats
        .remains_by_status
        .iter()
        .filter(|(_, n)| *n > 0)
        .collect();
    assert!(
        statuses.len() >= 6,
        "cases across the lifecycle: {statuses:?}"
    );
    let all = s.all_remains().await.unwrap();
    assert!(all.iter().all(|c| c.case.synthetic));
    // Every case carries the records its status rests on (what `homeward check` checks): the
    // identified ones have their identification, the buried ones their batch and burial.
    let gaps = s.status_record_gaps().await.unwrap();
    assert!(gaps.is_empty(), "{gaps:?}");
    let identified: Vec<_> = all
        .iter()
        .filter(|c| c.status == LifecycleStatus::Identified)
        .collect();
    assert!(!identified.is_empty(), "{statuses:?}");
    let buried = all
        .iter()
        .find(|c| c.status == LifecycleStatus::Buried)
        .unwrap();
    let history = s.status_history(buried.id).await.unwrap();
    assert!(history.len() >= 5, "{history:?}");
    assert!(
        history.windows(2).all(|w| w[0].at <= w[1].at),
        "{history:?}"
    );
    assert!(
        s.all_missing()
            .await
            .unwrap()
            .iter()
            .all(|m| m.person.synthetic)
    );

    // The custody ledger: every case has a timeline, and the whole chain verifies as
    // `homeward ledger verify` would verify it.
    assert!(summary.custody_entries >= 2 * 120, "{summary:?}");
    let timeline = s
        .ledger_rows_of_remains(&key(&buried.case.accession))
        .await
        .unwrap();
    let kinds: Vec<_> = timeline
        .iter()
        .map(|r| r.decode().unwrap().entry.event.kind().as_str())
        .collect();
    assert_eq!(kinds.first(), Some(&"recovered"), "{kinds:?}");
    assert_eq!(kinds.get(1), Some(&"stored"), "{kinds:?}");
    assert!(kinds.contains(&"examined"), "{kinds:?}");
    assert!(kinds.contains(&"nationality_determined"), "{kinds:?}");
    assert!(kinds.contains(&"buried"), "{kinds:?}");
    let keys = s.organization_keys().await.unwrap();
    assert_eq!(
        keys.len(),
        3,
        "MAKRI and the two ministries of the 2022 batch"
    );
    let trusted = trusted_registry(&keys).unwrap();
    let rows = s.ledger_rows(None, 1_000_000).await.unwrap();
    assert_eq!(rows.len(), summary.custody_entries);
    let report = verify_rows(&rows, &trusted).unwrap();
    assert_eq!(report.entries as usize, summary.custody_entries);

    let err = seed(s, &SMALL, &NoProgress).await.unwrap_err();
    assert!(matches!(err, DemoError::NotEmpty(_)), "{err:?}");
}

#[tokio::test]
async fn the_demo_holds_the_2022_handover_as_a_signed_batch() {
    let (_dir, store) = fresh_store().await;
    let s = &*store;
    seed(s, &SMALL, &NoProgress).await.unwrap();
    let record = s.batch(&key(BATCH_2022)).await.unwrap().unwrap();
    assert_eq!(record.batch.state, BatchState::Buried);
    assert_eq!(record.batch.batch.sequence_number, 9);
    assert_eq!(record.remains.len(), BATCH_2022_REMAINS);
    assert_eq!(record.caskets.len(), BATCH_2022_REMAINS);
    let ceremonial = record.caskets.iter().filter(|c| c.ceremonial).count();
    assert_eq!(ceremonial as u32, BATCH_2022_CEREMONIAL);
    let effects: usize = record.caskets.iter().map(|c| c.effects.len()).sum();
    assert_eq!(effects, BATCH_2022_EFFECTS);
    let ceremony = record.ceremony.as_ref().unwrap();
    assert_eq!(ceremony.date.to_string(), "2022-09-16");
    assert!(ceremony.place.original.contains("Incheon"));
    // The demo names everything the protocol shows in Korean, Chinese and English.
    assert!(ceremony.place.is_complete(), "{:?}", ceremony.place);
    let officials = ceremony
        .sending_officials
        .iter()
        .chain(&ceremony.receiving_officials);
    assert!(officials.clone().count() >= 2);
    assert!(officials.clone().all(|o| o.title.is_complete()));
    for party in [&record.batch.batch.sender, &record.batch.batch.receiver] {
        assert!(party.names.is_complete(), "{party:?}");
        assert_eq!(party.names.original, party.name);
    }
    assert!(
        s.organizations()
            .await
            .unwrap()
            .iter()
            .all(|o| o.names.is_complete()),
        "every demo organization in three languages"
    );
    let transport = record.transport.as_ref().unwrap();
    assert!(transport.arrival_place.contains("Shenyang"));
    assert!(record.remains.iter().all(|r| {
        r.burial
            .as_ref()
            .is_some_and(|b| b.date.to_string() == "2022-09-17")
    }));

    // Only a batch's steps hand cases over: the general registry's CPV cases wait at
    // "nationality_determined" for a batch of their own.
    let members: Vec<&str> = record
        .remains
        .iter()
        .map(|r| r.accession.as_str())
        .collect();
    let mut handed_over_elsewhen = 0;
    for case in s.all_remains().await.unwrap() {
        for step in s.status_history(case.id).await.unwrap() {
            if step.to != LifecycleStatus::HandedOver {
                continue;
            }
            let day = &step.at.to_rfc3339()[..10];
            let in_batch = members.contains(&case.case.accession.as_str());
            assert_eq!(
                day == "2022-09-16",
                in_batch,
                "{} handed over on {day}",
                case.case.accession
            );
            handed_over_elsewhen += u32::from(!in_batch);
        }
    }
    assert_eq!(
        handed_over_elsewhen, 0,
        "cases are handed over only through a batch's steps"
    );

    // The manifest verifies with the sender's public key, the receipt with the receiver's.
    let keys = s.organization_keys().await.unwrap();
    let key_of = |org: &str| -> PublicKey {
        keys.iter()
            .find(|k| k.organization == org)
            .unwrap()
            .public_key
    };
    let sender = &record.batch.batch.sender.name;
    let receiver = &record.batch.batch.receiver.name;
    let manifest = s
        .batch_document(&key(BATCH_2022), DocumentKind::Manifest)
        .await
        .unwrap()
        .unwrap();
    let verified = verify_manifest(&manifest.text, &key_of(sender)).unwrap();
    assert_eq!(
        verified.manifest.totals.to_string(),
        "88 caskets, 88 remains, 837 effects"
    );
    let receipt = s
        .batch_document(&key(BATCH_2022), DocumentKind::Receipt)
        .await
        .unwrap()
        .unwrap();
    let receipt = verify_receipt(&receipt.text, &key_of(receiver), &verified).unwrap();
    assert!(receipt.receipt.discrepancies.is_empty());

    // A case's custody chain runs from the field to the grave, received and buried signed by
    // the receiver.
    let accession = &record.remains[0].accession;
    let timeline: Vec<_> = s
        .ledger_rows_of_remains(&key(accession))
        .await
        .unwrap()
        .iter()
        .map(|r| r.decode().unwrap().entry)
        .collect();
    let kinds: Vec<_> = timeline.iter().map(|e| e.event.kind().as_str()).collect();
    for k in [
        "recovered",
        "nationality_determined",
        "jointly_verified",
        "encoffined",
        "handed_over",
        "transported",
        "received",
        "buried",
    ] {
        assert!(kinds.contains(&k), "{k} missing from {kinds:?}");
    }
    let buried = timeline
        .iter()
        .find(|e| e.event.kind().as_str() == "buried")
        .unwrap();
    assert_eq!(&buried.organization, receiver);
    let case = s.remains_by_accession(&key(accession)).await.unwrap();
    let case = case.unwrap();
    assert_eq!(case.status, LifecycleStatus::Buried);

    // A few of the buried have their names back: distinct CPV persons on the synthetic rolls.
    let named: Vec<_> = s
        .identifications()
        .await
        .unwrap()
        .into_iter()
        .filter(|i| i.accession.starts_with("HW-R9-"))
        .collect();
    assert_eq!(named.len(), homeward_app::demo::BATCH_2022_IDENTIFIED);
    assert_eq!(named[0].accession, "HW-R9-003");
    let persons: std::collections::BTreeSet<_> = named.iter().map(|i| i.person.id).collect();
    assert_eq!(persons.len(), named.len());
    for i in &named {
        assert!(record.remains.iter().any(|r| r.accession == i.accession));
        assert_eq!(
            i.person.person.nationality,
            homeward_domain::Nationality::Cpv
        );
        // The basis is the demo's own text, a system text ("Synthetic demo: …" in English).
        let basis = homeward_domain::SystemText::parse(&i.basis).expect("a system text");
        assert!(i.person.person.synthetic && basis.phrases[0].id == "sys-demo-basis-lr");
    }
}

#[tokio::test]
async fn the_demo_is_deterministic() {
    let (_a, first) = fresh_store().await;
    let (_b, second) = fresh_store().await;
    let options = DemoOptions {
        remains: 40,
        missing: 100,
        ..SMALL
    };
    seed(&*first, &options, &NoProgress).await.unwrap();
    seed(&*second, &options, &NoProgress).await.unwrap();
    for kind in RecordKind::ALL {
        assert_eq!(
            export_text(&*first, kind, ExportFormat::Csv).await,
            export_text(&*second, kind, ExportFormat::Csv).await,
            "{kind}"
        );
    }
}

#[tokio::test]
async fn an_export_imports_back_into_a_fresh_store_unchanged() {
    let (_a, source) = fresh_store().await;
    seed(&*source, &SMALL, &NoProgress).await.unwrap();
    let mut exported = Vec::new();
    for kind in RecordKind::ALL {
        let text = export_text(&*source, kind, ExportFormat::Csv).await;
        if kind == RecordKind::Effects {
            let site_only = text.lines().skip(1).filter(|l| l.starts_with(',')).count();
            assert!(site_only > 0, "site-only finds are exported:\n{text}");
        }
        exported.push(text);
    }
    let remains = RecordKind::ALL
        .iter()
        .position(|k| *k == RecordKind::Remains)
        .unwrap();
    let effects = RecordKind::ALL
        .iter()
        .position(|k| *k == RecordKind::Effects)
        .unwrap();
    let status = |line: &str| line.rsplit_once(',').map(|(_, s)| s.to_owned());

    // An export carries no identification, batch or burial: a status that rests on one is
    // refused with its file, line and field, and nothing is written.
    let mut plan = ImportPlan::new();
    let err = plan
        .add_csv(
            Some(RecordKind::Remains),
            "remains.csv",
            exported[remains].as_bytes(),
        )
        .unwrap_err();
    match &err {
        homeward_app::import::ImportError::InvalidField {
            file, line, field, ..
        } => {
            assert_eq!((file.as_str(), field.as_str()), ("remains.csv", "status"));
            let row = exported[remains].lines().nth(*line as usize - 1).unwrap();
            assert!(
                status(row).is_some_and(|s| s == "identified" || s == "buried"),
                "{row}"
            );
        }
        other => panic!("expected a refused status, got {other}"),
    }
    assert!(err.to_string().contains("record"), "{err}");
    let (_b, refused) = fresh_store().await;
    plan.write(&*refused, system()).await.unwrap();
    let stats = refused.registry_stats().await.unwrap();
    assert_eq!(stats.remains, 0, "nothing of the refused file is written");

    // Without those cases (and their effects), the rest goes back unchanged.
    let needs_record = [
        "identified",
        "designated_repatriation",
        "handed_over",
        "buried",
    ];
    let mut dropped: Vec<String> = Vec::new();
    let mut kept = exported.clone();
    kept[remains] = exported[remains]
        .lines()
        .enumerate()
        .filter(|(i, l)| {
            let drop = *i > 0 && status(l).is_some_and(|s| needs_record.contains(&s.as_str()));
            if drop {
                dropped.push(l.split(',').next().unwrap().to_owned());
            }
            !drop
        })
        .map(|(_, l)| format!("{l}\n"))
        .collect();
    assert!(
        !dropped.is_empty(),
        "the demo has batch and identified cases"
    );
    kept[effects] = exported[effects]
        .lines()
        .filter(|l| !dropped.iter().any(|a| l.starts_with(&format!("{a},"))))
        .map(|l| format!("{l}\n"))
        .collect();
    let mut plan = ImportPlan::new();
    for (kind, text) in RecordKind::ALL.into_iter().zip(&kept) {
        plan.add_csv(Some(kind), kind.code(), text.as_bytes())
            .unwrap();
    }
    let (_c, copy) = fresh_store().await;
    let outcome = plan.write(&*copy, system()).await.unwrap();
    assert!(
        outcome
            .notes
            .iter()
            .any(|n| n.contains("along the lifecycle")),
        "statuses are applied, and the user is told: {outcome:?}"
    );
    assert!(
        kept[remains]
            .lines()
            .skip(1)
            .filter_map(status)
            .any(|s| s != "recovered"),
        "the demo exports cases past \"recovered\""
    );
    for (kind, before) in RecordKind::ALL.into_iter().zip(&kept) {
        let after = export_text(&*copy, kind, ExportFormat::Csv).await;
        assert_eq!(&after, before, "{kind}");
    }
    assert!(copy.status_record_gaps().await.unwrap().is_empty());

    let json = export_text(&*source, RecordKind::Missing, ExportFormat::Json).await;
    let parsed: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(parsed.as_array().unwrap().len(), 400);
    let json = export_text(&*source, RecordKind::Remains, ExportFormat::Json).await;
    let parsed: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert!(parsed[0]["elements"].is_array(), "{}", parsed[0]);
}

#[tokio::test]
async fn the_bench_reports_its_figures() {
    let (_dir, store) = fresh_store().await;
    let options = homeward_app::bench::BenchOptions {
        persons: 3_000,
        searches: 50,
        seed: 1,
    };
    let report = homeward_app::bench::registry_bench(&*store, &options, system(), &NoProgress)
        .await
        .unwrap();
    assert_eq!(report.persons, 3_000);
    assert_eq!(report.searches, 50);
    assert!(report.rows_per_sec > 0.0 && report.p50 <= report.p99);
    assert!(report.recall_at_10 >= 0.5, "{report}");
    assert!(report.to_string().contains("rows/s"));
}

#[tokio::test]
async fn every_place_and_unit_the_demo_writes_has_its_three_languages() {
    use homeward_domain::PlaceKind;
    let (_dir, store) = fresh_store().await;
    let s = &*store;
    let summary = seed(s, &SMALL, &NoProgress).await.unwrap();
    let g = s.gazetteer().await.unwrap();
    assert_eq!(summary.imported.names, g.len() as u64);
    let mut named: Vec<(PlaceKind, String)> = Vec::new();
    for site in s.sites().await.unwrap() {
        let site = site.site.site;
        named.push((PlaceKind::Site, site.name));
        named.push((PlaceKind::Province, site.province));
        named.push((PlaceKind::County, site.county));
        named.push((PlaceKind::Battle, site.battle_area));
    }
    for p in s.all_missing().await.unwrap() {
        let p = p.person;
        named.push((PlaceKind::Province, p.hometown_province));
        named.push((PlaceKind::County, p.hometown_county));
        named.push((PlaceKind::Unit, p.unit));
        named.push((PlaceKind::PlaceOfLoss, p.place_of_loss));
    }
    for b in s.batches().await.unwrap() {
        let code: homeward_domain::BatchCode = b.code.parse().unwrap();
        let record = s.batch(&code).await.unwrap().unwrap();
        for r in record.remains {
            named.extend(r.burial.map(|b| (PlaceKind::Cemetery, b.cemetery)));
        }
        if let Some(t) = record.transport {
            named.push((PlaceKind::Place, t.departure_place));
            named.push((PlaceKind::Place, t.arrival_place));
        }
    }
    let missing: Vec<_> = named
        .iter()
        .filter(|(kind, text)| !g.name(*kind, text).is_complete())
        .collect();
    assert!(
        missing.is_empty(),
        "{} untranslated, e.g. {:?}",
        missing.len(),
        &missing[..missing.len().min(5)]
    );
}
