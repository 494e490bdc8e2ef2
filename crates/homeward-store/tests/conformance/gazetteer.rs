//! The gazetteer: names of places and units in three languages.

use homeward_domain::{GazetteerEntry, LocalizedName, NameLanguage, PlaceKind};
use homeward_store::{ImportBatch, Store, StoreError};

use crate::fixtures::{ctx, last_audit, person, stored_site, system};

fn cheorwon() -> GazetteerEntry {
    GazetteerEntry::new(
        PlaceKind::County,
        "Cheorwon",
        "철원군",
        "铁原郡",
        "Cheorwon County",
    )
}

fn baengma() -> GazetteerEntry {
    GazetteerEntry::new(
        PlaceKind::Battle,
        "Baengma Hill (White Horse)",
        "백마고지 전투",
        "白马山战斗",
        "Battle of White Horse Hill",
    )
}

pub async fn place_names_round_trip_and_replace(store: &dyn Store) {
    assert!(store.gazetteer().await.unwrap().is_empty());
    let written = store
        .put_place_names(&[cheorwon(), baengma()], ctx(None, 1))
        .await
        .unwrap();
    assert_eq!(written, 2);
    last_audit(store, "gazetteer.put", r#""names":2"#).await;
    let g = store.gazetteer().await.unwrap();
    assert_eq!(g.entries(), vec![baengma(), cheorwon()]);
    assert_eq!(
        g.name(PlaceKind::County, "Cheorwon")
            .shown(NameLanguage::Zh)
            .text,
        "铁原郡"
    );

    // A second entry for the same kind and original replaces the first, forms and all.
    let mut again = cheorwon();
    again.name.en = None;
    store
        .put_place_names(&[again.clone()], ctx(None, 2))
        .await
        .unwrap();
    let g = store.gazetteer().await.unwrap();
    assert_eq!(g.len(), 2);
    assert_eq!(g.name(PlaceKind::County, "Cheorwon"), again.name);
    // The same text of another kind is its own entry.
    let province = GazetteerEntry::new(PlaceKind::Province, "Cheorwon", "철원", "铁原", "Cheorwon");
    store
        .put_place_names(&[province], ctx(None, 3))
        .await
        .unwrap();
    assert_eq!(store.gazetteer().await.unwrap().len(), 3);
}

pub async fn an_invalid_place_name_writes_nothing(store: &dyn Store) {
    let mut bare = baengma();
    bare.name = LocalizedName::original("Hill 351");
    let err = store
        .put_place_names(&[cheorwon(), bare.clone()], system())
        .await
        .unwrap_err();
    assert!(matches!(err, StoreError::Domain(_)), "{err}");
    assert!(
        err.to_string().contains("entry 2") && err.to_string().contains("Hill 351"),
        "{err}"
    );
    assert!(store.gazetteer().await.unwrap().is_empty());

    // In an import too: the whole batch is refused, its persons with it.
    let batch = ImportBatch {
        missing: vec![person("王德明", "Wáng Démíng", None)],
        names: vec![cheorwon(), bare],
        ..Default::default()
    };
    assert!(store.import_batch(&batch, system()).await.is_err());
    assert!(store.gazetteer().await.unwrap().is_empty());
    assert!(store.all_missing().await.unwrap().is_empty());

    let good = ImportBatch {
        names: vec![cheorwon()],
        ..Default::default()
    };
    let summary = store.import_batch(&good, system()).await.unwrap();
    assert_eq!(summary.names, 1);
    assert_eq!(store.gazetteer().await.unwrap().entries(), vec![cheorwon()]);
}

/// What the gazetteer must name: each place and unit the records carry, once per kind, with
/// how many records carry it; blank text is no name.
pub async fn names_in_use_lists_what_records_carry(store: &dyn Store) {
    assert!(store.names_in_use().await.unwrap().is_empty());
    stored_site(store, "HW-S1").await;
    stored_site(store, "HW-S2").await;
    for (hanzi, pinyin) in [("王德明", "Wáng Démíng"), ("陈志强", "Chén Zhìqiáng")] {
        store
            .add_missing_person(&person(hanzi, pinyin, None), system())
            .await
            .unwrap();
    }
    let mut blank = person("李明", "Lǐ Míng", None);
    blank.unit = String::new();
    store.add_missing_person(&blank, system()).await.unwrap();
    let used: Vec<(PlaceKind, String, u64)> = store
        .names_in_use()
        .await
        .unwrap()
        .into_iter()
        .map(|n| (n.kind, n.original, n.records))
        .collect();
    let want = |kind, text: &str, records| (kind, text.to_owned(), records);
    let mut expected = vec![
        want(PlaceKind::Site, "Baengma Hill HW-S1", 1),
        want(PlaceKind::Site, "Baengma Hill HW-S2", 1),
        want(PlaceKind::Battle, "Baengma Hill", 2),
        want(PlaceKind::Province, "Gangwon", 2),
        want(PlaceKind::Province, "Sichuan", 3),
        want(PlaceKind::County, "Cheorwon", 2),
        want(PlaceKind::County, "Nanchong", 3),
        want(PlaceKind::Unit, "60th Army, 180th Division", 2),
        want(PlaceKind::PlaceOfLoss, "Gapyeong", 3),
    ];
    let mut got = used.clone();
    got.sort();
    expected.sort();
    assert_eq!(got, expected);
}
