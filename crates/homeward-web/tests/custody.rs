//! A remains case's custody timeline: the ledger entries naming the case, on its page (in every
//! locale, newest last, with hash and signer) and in the API's case JSON, and the empty state.

mod common;

use common::{Actor, TestApp, system};
use homeward_domain::Role;
use homeward_ledger::{CustodyEvent, EntryDraft, OrganizationKey};

const VIEWER: Actor = Actor::As(Role::Viewer);
const ORG: &str = "MAKRI";

fn draft(time: i64, accession: &str, event: CustodyEvent) -> EntryDraft {
    let mut d = EntryDraft::new(time, "recovery-officer", "Baengma Hill north slope", event);
    d.remains = vec![accession.to_owned()];
    d
}

async fn app_with_custody() -> (TestApp, OrganizationKey) {
    let app = TestApp::new().await;
    let key = OrganizationKey::from_seed(ORG, &[7; 32]);
    app.store
        .save_organization_key(&key, system())
        .await
        .unwrap();
    let mut recovered = draft(
        1_620_032_400,
        "HW-T-0001",
        CustodyEvent::Recovered {
            site: "T-SITE-1".into(),
        },
    );
    recovered.details = "found under 40 cm of topsoil".into();
    let drafts = vec![
        recovered,
        draft(
            1_620_032_500,
            "HW-T-0002",
            CustodyEvent::Recovered {
                site: "T-SITE-1".into(),
            },
        ),
        draft(
            1_620_064_800,
            "HW-T-0001",
            CustodyEvent::Stored {
                facility: "vault B".into(),
            },
        ),
    ];
    app.store
        .append_ledger(ORG, drafts, system())
        .await
        .unwrap();
    (app, key)
}

#[tokio::test]
async fn a_case_page_shows_its_custody_timeline_newest_last() {
    let (app, key) = app_with_custody().await;
    let rows = app
        .store
        .ledger_rows_of_remains(&homeward_testkit::key("HW-T-0001"))
        .await
        .unwrap();
    assert_eq!(rows.len(), 2);

    let page = app.get("/remains/HW-T-0001?lang=en", VIEWER).await;
    assert_eq!(page.status, axum::http::StatusCode::OK, "{}", page.text);
    let html = &page.text;
    let section = &html[html.find("Custody timeline").expect("the section")..];
    for needle in [
        "Recovered",
        "Stored",
        "recovery-officer",
        "MAKRI",
        "Baengma Hill north slope",
        "found under 40 cm of topsoil",
        "vault B",
        "2021-05-03 09:00:00 UTC",
        &rows[0].hash[..12],
        &rows[1].hash[..12],
        &key.key_id().to_string(),
    ] {
        assert!(section.contains(needle), "{needle} in {section}");
    }
    let recovered = section.find(">Recovered<").unwrap();
    let stored = section.find(">Stored<").unwrap();
    assert!(recovered < stored, "newest last");
    assert!(
        !section.contains(&app.store.ledger_rows(None, 10).await.unwrap()[1].hash[..12]),
        "another case's entry"
    );

    let ko = app.get("/remains/HW-T-0001?lang=ko", VIEWER).await.text;
    assert!(ko.contains("관리 이력") && ko.contains("발굴") && ko.contains("보관"));
    let zh = app.get("/remains/HW-T-0001?lang=zh", VIEWER).await.text;
    assert!(zh.contains("保管记录") && zh.contains("发掘"));

    let empty = app.get("/remains/HW-T-0003?lang=en", VIEWER).await.text;
    assert!(empty.contains("No custody ledger entries name these remains yet."));
}

#[tokio::test]
async fn the_case_json_carries_its_custody_timeline() {
    let (app, key) = app_with_custody().await;
    let json = app.get("/api/v1/remains/HW-T-0001", VIEWER).await.json();
    let custody = json["custody"].as_array().expect("custody");
    assert_eq!(custody.len(), 2, "{custody:?}");
    assert_eq!(custody[0]["sequence"], 1);
    assert_eq!(custody[0]["kind"], "recovered");
    assert_eq!(custody[0]["event"], "T-SITE-1");
    assert_eq!(custody[0]["time"], "2021-05-03T09:00:00Z");
    assert_eq!(custody[0]["organization"], ORG);
    assert_eq!(custody[0]["remains"], serde_json::json!(["HW-T-0001"]));
    assert_eq!(custody[1]["sequence"], 3);
    assert_eq!(custody[1]["kind"], "stored");
    assert_eq!(custody[1]["signer_key_id"], key.key_id().to_string());
    assert_eq!(custody[1]["hash"].as_str().unwrap().len(), 64);

    let none = app.get("/api/v1/remains/HW-T-0003", VIEWER).await.json();
    assert_eq!(none["custody"], serde_json::json!([]));
}
