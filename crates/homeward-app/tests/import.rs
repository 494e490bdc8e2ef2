//! Imports against a real SQLite store: every kind, references, and the all-or-nothing rule
//! (a bad value on line 57 is named and nothing is written).

use std::sync::Arc;

use homeward_app::RecordKind;
use homeward_app::import::{ImportError, ImportPlan};
use homeward_domain::{EffectCategory, LifecycleStatus, Nationality, SexEstimate};
use homeward_store::Store;
use homeward_testkit::import::{REMAINS_HEADER, counts, remains_row, sites_csv};
use homeward_testkit::key;
use homeward_testkit::registry::{fresh_store, system};

async fn import(
    store: &dyn Store,
    kind: Option<RecordKind>,
    file: &str,
    text: &str,
) -> Result<homeward_app::import::ImportOutcome, ImportError> {
    let mut plan = ImportPlan::new();
    plan.add_csv(kind, file, text.as_bytes())?;
    plan.write(store, system()).await
}

/// Importing `text` as `remains.csv` is refused on the cell (line, field) `cell`, naming the
/// file; the refusal's message, for what else it must name.
async fn remains_refused(
    store: &dyn Store,
    kind: Option<RecordKind>,
    text: &str,
    cell: (u64, &str),
) -> String {
    let err = import(store, kind, "remains.csv", text).await.unwrap_err();
    assert_eq!(field_error(&err), cell);
    let message = err.to_string();
    assert!(message.contains("remains.csv"), "{message}");
    message
}

/// A fresh store holding the first `sites` test sites, imported from `sites.csv`.
async fn store_with_sites(sites: usize) -> (tempfile::TempDir, Arc<dyn Store>) {
    let (dir, store) = fresh_store().await;
    import(store.as_ref(), None, "sites.csv", &sites_csv(sites))
        .await
        .unwrap();
    (dir, store)
}

fn field_error(err: &ImportError) -> (u64, &str) {
    match err {
        ImportError::InvalidField { line, field, .. } => (*line, field.as_str()),
        other => panic!("expected InvalidField, got {other:?}"),
    }
}

#[tokio::test]
async fn a_bad_value_on_line_57_is_named_and_nothing_is_written() {
    let (_dir, store) = store_with_sites(3).await;
    let before = counts(store.as_ref()).await;

    // Header on line 1, rows 1–55 on lines 2–56, the bad row on line 57, more good rows after.
    let mut text = String::from(REMAINS_HEADER);
    for i in 1..=55 {
        text.push_str(&remains_row(i));
    }
    text.push_str(&remains_row(56).replace("2019-05-", "2019-13-"));
    for i in 57..=80 {
        text.push_str(&remains_row(i));
    }
    let kind = Some(RecordKind::Remains);
    let message = remains_refused(store.as_ref(), kind, &text, (57, "recovery_date")).await;
    assert!(message.contains("line 57"), "{message}");
    assert!(message.contains("recovery_date"), "{message}");
    assert!(
        message.contains("2019-13-"),
        "the value is named: {message}"
    );
    assert_eq!(counts(store.as_ref()).await, before, "nothing was written");
}

#[tokio::test]
async fn lines_are_physical_lines_even_after_a_quoted_newline() {
    let (_dir, store) = store_with_sites(1).await;
    let mut text = String::from(REMAINS_HEADER);
    text.push_str(&remains_row(1).replace(",fragmentary,", ",\"fragmentary,\nweathered\","));
    text.push_str(&remains_row(2).replace(",cpv,", ",martian,"));
    let err = import(store.as_ref(), None, "r.csv", &text)
        .await
        .unwrap_err();
    assert_eq!(field_error(&err), (4, "nationality"));
}

/// The domain's rule, not only the web API's input type: a determined nationality needs evidence.
#[tokio::test]
async fn a_determined_nationality_without_evidence_is_refused_naming_the_cell() {
    let (_dir, store) = store_with_sites(1).await;
    let before = counts(store.as_ref()).await;
    let mut text = String::from(REMAINS_HEADER);
    text.push_str(&remains_row(1));
    text.push_str(&remains_row(2).replace(",cpv,rubber-soled shoes,", ",cpv,  ,"));
    let message = remains_refused(store.as_ref(), None, &text, (3, "nationality_evidence")).await;
    assert!(message.contains("line 3"), "{message}");
    assert!(message.contains("\"cpv\""), "{message}");
    assert_eq!(counts(store.as_ref()).await, before, "nothing was written");

    // Undetermined needs none.
    let text = format!(
        "{REMAINS_HEADER}{}",
        remains_row(2).replace(",cpv,rubber-soled shoes,", ",undetermined,,")
    );
    import(store.as_ref(), None, "remains.csv", &text)
        .await
        .unwrap();
}

#[tokio::test]
async fn every_kind_imports_with_its_values() {
    let (_dir, store) = fresh_store().await;
    let s = &*store;
    let out = import(s, Some(RecordKind::Sites), "sites.csv", &sites_csv(2))
        .await
        .unwrap();
    assert_eq!(out.summary.sites, 2);
    let site = s.site_by_code(&key("T-002")).await.unwrap().unwrap();
    assert_eq!(site.site.excavation_periods.len(), 2);
    assert_eq!(site.site.excavation_periods[1].end, None);
    assert!(site.site.synthetic);

    let text = format!("{REMAINS_HEADER}{}{}", remains_row(1), remains_row(2));
    let out = import(s, Some(RecordKind::Remains), "remains.csv", &text)
        .await
        .unwrap();
    assert_eq!(out.summary.remains, 2);
    let case = s.remains_by_accession(&key("HW-T-0001")).await.unwrap();
    let case = case.unwrap();
    assert_eq!(case.status, LifecycleStatus::Recovered);
    assert_eq!(
        case.case.site,
        s.site_by_code(&key("T-001")).await.unwrap().unwrap().id
    );
    assert_eq!(case.case.profile.sex, SexEstimate::Male);
    assert_eq!(case.case.profile.age_range, Some((18, 25)));
    assert_eq!(case.case.nationality.nationality, Nationality::Cpv);
    assert_eq!(case.case.external_numbers.len(), 2);
    assert_eq!(case.case.inventory.elements, ["cranium", "left femur"]);

    let effects = "accession,site_code,category,description,inscription,condition,disposition\n\
                   HW-T-0001,,seal,wooden seal,王德明,worn,travels_with_remains\n\
                   ,T-002,other,cartridge cases,,corroded,retained\n";
    let out = import(s, None, "effects.csv", effects).await.unwrap();
    assert_eq!(out.summary.effects, 2);
    let found = s.effects_of_remains(case.id).await.unwrap();
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].effect.category, EffectCategory::Seal);
    assert_eq!(found[0].effect.inscription.as_deref(), Some("王德明"));

    let missing = "name_original,name_hanzi,name_pinyin,birth_year,date_of_loss,nationality,synthetic\n\
                   王德明,王德明,Wáng Démíng,1930,1951-07,cpv,true\n\
                   김영수,,,1929,1952,rok,false\n";
    let out = import(s, None, "missing.csv", missing).await.unwrap();
    assert_eq!(out.summary.missing, 2);
    let hits = s.search_missing("wang deming", 5).await.unwrap();
    assert_eq!(hits[0].person.person.name_original, "王德明");
    assert_eq!(
        hits[0].person.person.date_of_loss.unwrap().to_string(),
        "1951-07"
    );
}

#[tokio::test]
async fn rows_may_refer_to_sites_and_remains_in_the_same_import() {
    let (_dir, store) = fresh_store().await;
    let mut plan = ImportPlan::new();
    plan.add_csv(None, "sites.csv", sites_csv(1).as_bytes())
        .unwrap();
    let remains = format!("{REMAINS_HEADER}{}", remains_row(7));
    plan.add_csv(None, "remains.csv", remains.as_bytes())
        .unwrap();
    let effects =
        "accession,category,description,disposition\nHW-T-0007,watch,wristwatch,retained\n";
    plan.add_csv(None, "effects.csv", effects.as_bytes())
        .unwrap();
    let out = plan.write(store.as_ref(), system()).await.unwrap();
    assert_eq!(
        (out.summary.sites, out.summary.remains, out.summary.effects),
        (1, 1, 1)
    );
}

#[tokio::test]
async fn references_are_checked_before_anything_is_written() {
    let (_dir, store) = store_with_sites(1).await;
    let s = &*store;
    import(
        s,
        None,
        "r1.csv",
        &format!("{REMAINS_HEADER}{}", remains_row(1)),
    )
    .await
    .unwrap();
    let before = counts(s).await;

    let unknown_site = format!(
        "{REMAINS_HEADER}{}{}",
        remains_row(2),
        remains_row(3).replace(",T-001,", ",T-999,")
    );
    let err = import(s, None, "r2.csv", &unknown_site).await.unwrap_err();
    assert_eq!(field_error(&err), (3, "site_code"));
    assert!(err.to_string().contains("T-999"), "{err}");

    let taken = format!("{REMAINS_HEADER}{}", remains_row(1));
    let err = import(s, None, "r3.csv", &taken).await.unwrap_err();
    assert_eq!(field_error(&err), (2, "accession"));

    let twice = format!("{REMAINS_HEADER}{}{}", remains_row(5), remains_row(5));
    let err = import(s, None, "r4.csv", &twice).await.unwrap_err();
    assert_eq!(field_error(&err), (3, "accession"));
    assert!(err.to_string().contains("line 2"), "names the first: {err}");

    let orphan = "accession,site_code,category,description,disposition\n,,coin,coin,retained\n";
    let err = import(s, None, "e.csv", orphan).await.unwrap_err();
    assert_eq!(field_error(&err), (2, "accession"));
    let dangling = "accession,category,description,disposition\nHW-NONE,coin,coin,retained\n";
    let err = import(s, None, "e.csv", dangling).await.unwrap_err();
    assert_eq!(field_error(&err), (2, "accession"));

    let site_again = sites_csv(1);
    let err = import(s, None, "s.csv", &site_again).await.unwrap_err();
    assert_eq!(field_error(&err), (2, "code"));
    assert_eq!(counts(s).await, before);
}

#[tokio::test]
async fn domain_rules_and_headers_are_enforced() {
    let (_dir, store) = store_with_sites(1).await;
    let s = &*store;
    let cases = [
        (remains_row(1).replace(",18,25,", ",40,20,"), "age_min"),
        (
            remains_row(1).replace(",40,male", ",140,male"),
            "completeness_pct",
        ),
        (
            remains_row(1).replace(",individual_grave,", ",grave,"),
            "context",
        ),
        (remains_row(1).replace("HW-T-0001", "HW T 1"), "accession"),
        (
            remains_row(1).replace("LIMS:L-1", "L-1"),
            "external_numbers",
        ),
        (remains_row(1).replace(",true\n", ",maybe\n"), "synthetic"),
        (
            remains_row(1).replace(",160,170,", ",160,,"),
            "stature_max_cm",
        ),
    ];
    for (row, field) in cases {
        let err = import(s, None, "r.csv", &format!("{REMAINS_HEADER}{row}"))
            .await
            .unwrap_err();
        assert_eq!(field_error(&err), (2, field), "{row}");
    }
    let lat = sites_csv(1)
        .replace("38.21", "98.5")
        .replace("T-001", "T-002");
    let err = import(s, None, "s.csv", &lat).await.unwrap_err();
    assert_eq!(field_error(&err), (2, "latitude"));
    let born = "name_original,birth_year\n王德明,1990\n";
    assert_eq!(
        field_error(&import(s, None, "m.csv", born).await.unwrap_err()),
        (2, "birth_year")
    );

    for (text, want) in [
        ("code,colour\nx,red\n", "unknown column \"colour\""),
        (
            "code,name,latitude\nA,B,1\n",
            "required column \"longitude\"",
        ),
        ("", "header"),
    ] {
        let err = import(s, Some(RecordKind::Sites), "h.csv", text)
            .await
            .unwrap_err();
        assert!(err.to_string().contains(want), "{err}");
        assert!(err.is_bad_input());
    }
    let err = import(s, None, "h.csv", "colour,size\nred,1\n")
        .await
        .unwrap_err();
    assert!(matches!(err, ImportError::UnknownKind { .. }), "{err:?}");
    let err = import(s, None, "h.csv", "name_original,unit\nx,y\nz\n")
        .await
        .unwrap_err();
    assert!(
        matches!(err, ImportError::Malformed { line: 3, .. }),
        "{err:?}"
    );
}

/// A remains file with a `status` column: `rows` pairs a nationality with a status.
fn remains_with_status(rows: &[(&str, &str)]) -> String {
    let mut text = REMAINS_HEADER.replace('\n', ",status\n");
    for (i, (nationality, status)) in rows.iter().enumerate() {
        let row = remains_row(i + 1).replace(",cpv,", &format!(",{nationality},"));
        text.push_str(&format!("{},{status}\n", row.trim_end()));
    }
    text
}

#[tokio::test]
async fn an_imported_status_is_reached_along_the_lifecycle_with_each_step_recorded() {
    let (_dir, store) = store_with_sites(1).await;
    let text = remains_with_status(&[
        ("cpv", "designated_domestic_burial"),
        ("undetermined", "examined"),
        ("kpa", ""),
        ("cpv", "recovered"),
    ]);
    let outcome = import(store.as_ref(), None, "remains.csv", &text)
        .await
        .unwrap();
    assert_eq!(outcome.summary.remains, 4);
    assert!(
        outcome.notes[0].starts_with("2 remains cases"),
        "{outcome:?}"
    );
    let expected = [
        (1, LifecycleStatus::DesignatedForDomesticBurial, 4),
        (2, LifecycleStatus::Examined, 2),
        (3, LifecycleStatus::Recovered, 1),
        (4, LifecycleStatus::Recovered, 1),
    ];
    for (i, status, entries) in expected {
        let case = store
            .remains_by_accession(&key(format!("HW-T-{i:04}")))
            .await
            .unwrap()
            .unwrap();
        assert_eq!(case.status, status, "HW-T-{i:04}");
        let history = store.status_history(case.id).await.unwrap();
        assert_eq!(history.len(), entries, "{history:?}");
        assert_eq!(history.last().unwrap().to, status);
        for step in &history[1..] {
            assert_eq!(step.reason, r#"{"msg":"sys-note-imported"}"#);
            assert_eq!(step.at, system().at);
            step.from.unwrap().check_transition(step.to).unwrap();
        }
    }
    let walk: Vec<_> = store
        .status_history(
            store
                .remains_by_accession(&key("HW-T-0001"))
                .await
                .unwrap()
                .unwrap()
                .id,
        )
        .await
        .unwrap()
        .iter()
        .map(|h| h.to)
        .collect();
    assert_eq!(
        walk,
        [
            LifecycleStatus::Recovered,
            LifecycleStatus::Examined,
            LifecycleStatus::NationalityDetermined,
            LifecycleStatus::DesignatedForDomesticBurial
        ]
    );
}

#[tokio::test]
async fn an_unreachable_status_is_refused_with_its_line_and_nothing_is_written() {
    let (_dir, store) = store_with_sites(1).await;
    let before = counts(store.as_ref()).await;
    let text = remains_with_status(&[
        ("cpv", "designated_domestic_burial"),
        ("cpv", "examined"),
        ("undetermined", "nationality_determined"),
        ("cpv", "identified"),
    ]);
    let message = remains_refused(store.as_ref(), None, &text, (4, "status")).await;
    assert!(message.contains("nationality_determined"), "{message}");
    assert!(message.contains("undetermined"), "the reason: {message}");
    assert_eq!(counts(store.as_ref()).await, before, "nothing was written");
    let found = store.remains_by_accession(&key("HW-T-0001")).await;
    assert!(
        found.unwrap().is_none(),
        "the good rows before it were not written either"
    );
}

/// A status that rests on a record an import cannot carry (an identification, a batch, its
/// handover, a burial) is refused with its file, line and field, naming the record; so is
/// `examined` without the row's inventory. Nothing is written.
#[tokio::test]
async fn a_status_that_rests_on_a_record_is_refused_with_its_line_and_nothing_is_written() {
    let (_dir, store) = store_with_sites(1).await;
    let before = counts(store.as_ref()).await;
    for (status, record) in [
        ("identified", "identification"),
        ("designated_repatriation", "repatriation_batch"),
        ("handed_over", "repatriation_batch"),
        ("buried", "burial"),
    ] {
        let text = remains_with_status(&[("cpv", "examined"), ("cpv", status)]);
        let err = import(store.as_ref(), None, "remains.csv", &text)
            .await
            .unwrap_err();
        assert_eq!(field_error(&err), (3, "status"), "{err}");
        assert!(err.to_string().contains(record), "{err}");
        assert_eq!(counts(store.as_ref()).await, before, "nothing was written");
    }
    let text = remains_with_status(&[("cpv", "examined")]);
    let header = text.lines().next().unwrap();
    let elements = header.split(',').position(|c| c == "elements").unwrap();
    let row: Vec<String> = text
        .lines()
        .nth(1)
        .unwrap()
        .split(',')
        .map(str::to_owned)
        .collect();
    let mut emptied = row.clone();
    emptied[elements] = String::new();
    let text = format!("{header}\n{}\n", emptied.join(","));
    let err = import(store.as_ref(), None, "remains.csv", &text)
        .await
        .unwrap_err();
    assert_eq!(field_error(&err), (2, "status"), "{err}");
    assert!(err.to_string().contains("examination"), "{err}");
    assert_eq!(counts(store.as_ref()).await, before, "nothing was written");
}

#[tokio::test]
async fn names_import_with_their_three_languages_and_a_bad_row_writes_nothing() {
    let (_dir, store) = fresh_store().await;
    let good = "kind,original,ko,zh,en\n\
                county,Cheorwon,철원군,铁原郡,Cheorwon County\n\
                battle,Bloody Ridge,피의 능선,血岭,\n";
    let outcome = import(&*store, None, "names.csv", good).await.unwrap();
    assert_eq!(outcome.summary.names, 2);
    let g = store.gazetteer().await.unwrap();
    let ridge = g.name(homeward_domain::PlaceKind::Battle, "Bloody Ridge");
    assert_eq!(
        (ridge.zh.as_deref(), ridge.en.as_deref()),
        (Some("血岭"), None)
    );

    // A bad kind, a row with no translation and a long form are each named by line and
    // column, and the file's other rows are not written.
    let long = "가".repeat(201);
    for (bad_row, cell) in [
        (
            "village,Hwacheon,화천,华川,Hwacheon".to_owned(),
            (3, "kind"),
        ),
        ("county,Hwacheon,,,".to_owned(), (3, "ko")),
        (format!("county,Hwacheon,{long},华川,Hwacheon"), (3, "ko")),
    ] {
        let text = format!("kind,original,ko,zh,en\ncounty,Paju,파주시,坡州市,Paju\n{bad_row}\n");
        let err = import(&*store, None, "names.csv", &text).await.unwrap_err();
        assert_eq!(field_error(&err), cell, "{err}");
        assert!(err.to_string().contains("names.csv"), "{err}");
        let g = store.gazetteer().await.unwrap();
        assert_eq!(g.len(), 2, "nothing written for {bad_row}");
    }
    // A file without every form's column is refused before any row is read.
    let err = import(
        &*store,
        Some(RecordKind::Names),
        "names.csv",
        "kind,original,zh\n",
    )
    .await
    .unwrap_err();
    assert!(err.to_string().contains("ko"), "{err}");
}
