//! The same fact has the same number on every page, on the demo data: the dashboard's buried
//! count is the memorial's total, the buried are kept in their grave, and the two "identified"
//! figures carry labels that say what each counts.

use axum::body::{Body, to_bytes};
use axum::http::{Request, StatusCode};
use homeward_app::NoProgress;
use homeward_app::demo::{BATCH_2022_IDENTIFIED, BATCH_2022_REMAINS, DemoOptions, seed};
use homeward_domain::{Accession, LifecycleStatus};
use homeward_testkit::registry::{case, force_status, fresh_store, site, system};
use tower::ServiceExt;

const SMALL: DemoOptions = DemoOptions {
    remains: 120,
    missing: 400,
    seed: homeward_app::demo::DEMO_SEED,
};

async fn get(router: &axum::Router, path: &str) -> String {
    let request = Request::get(path)
        .header("host", "homeward.test")
        .header("accept-language", "en")
        .body(Body::empty())
        .unwrap();
    let reply = router.clone().oneshot(request).await.unwrap();
    assert_eq!(reply.status(), StatusCode::OK, "{path}");
    let body = to_bytes(reply.into_body(), usize::MAX).await.unwrap();
    String::from_utf8(body.to_vec()).unwrap()
}

/// The number in the element that `marker` opens (its text up to the next `<`).
fn figure(html: &str, marker: &str) -> u64 {
    let at = html
        .find(marker)
        .unwrap_or_else(|| panic!("{marker} in the page"));
    let rest = &html[at + marker.len()..];
    let text: String = rest[rest.find('>').unwrap() + 1..]
        .chars()
        .take_while(|c| *c != '<')
        .filter(char::is_ascii_digit)
        .collect();
    text.parse()
        .unwrap_or_else(|_| panic!("a number after {marker}"))
}

#[tokio::test]
async fn the_dashboard_and_the_memorial_count_the_same_buried() {
    let (_dir, store) = fresh_store().await;
    seed(store.as_ref(), &SMALL, &NoProgress).await.unwrap();
    let router = homeward_web::router(store.clone());
    let stats = store.registry_stats().await.unwrap();
    let buried = stats
        .remains_by_status
        .iter()
        .find(|(s, _)| *s == LifecycleStatus::Buried)
        .unwrap()
        .1;
    assert_eq!(buried, BATCH_2022_REMAINS as u64, "the 2022 batch's");

    let dashboard = get(&router, "/").await;
    assert_eq!(figure(&dashboard, "data-status=\"buried\""), buried);
    let memorial = get(&router, "/memorial").await;
    assert_eq!(figure(&memorial, "id=\"memorial-total\""), buried);
    let all: serde_json::Value =
        serde_json::from_str(&get(&router, "/api/v1/memorial").await).unwrap();
    assert_eq!(all["total"].as_u64(), Some(buried));
    // The buried are kept in their grave: the case's storage location (shown on its page) is
    // the grave the memorial gives.
    let first = &all["entries"][0];
    let accession = Accession::parse(first["accession"].as_str().unwrap()).unwrap();
    let case = store
        .remains_by_accession(&accession)
        .await
        .unwrap()
        .unwrap();
    let text = |k: &str| first[k].as_str().unwrap().to_owned();
    assert_eq!(
        case.case.storage_location,
        format!(
            "{}, {}/{}/{}",
            text("cemetery"),
            text("section"),
            text("row"),
            text("plot")
        )
    );
}

#[tokio::test]
async fn the_identified_figures_say_what_they_count() {
    let (_dir, store) = fresh_store().await;
    seed(store.as_ref(), &SMALL, &NoProgress).await.unwrap();
    let router = homeward_web::router(store.clone());
    let dashboard = get(&router, "/").await;
    let memorial = get(&router, "/memorial").await;
    let at_status = figure(&dashboard, "data-status=\"identified\"");
    let named = figure(&memorial, "id=\"memorial-named\"");
    assert_eq!(named, BATCH_2022_IDENTIFIED as u64);
    let identified = store.identifications().await.unwrap();
    let identifications: std::collections::HashSet<String> =
        identified.into_iter().map(|i| i.accession).collect();
    // The figures differ, as they count different things, and each label says which: the
    // by-status row counts cases standing at `identified` now, the memorial the named among the
    // buried, the dashboard's tile every identified case (both of those among them, and those
    // that moved on to a later step).
    assert_ne!(at_status, named);
    assert!(identifications.len() as u64 >= at_status + named);
    assert!(
        dashboard.contains("Cases by current status"),
        "the by-status label"
    );
    assert!(dashboard.contains("counts as buried, not as identified"));
    assert!(dashboard.contains(&format!(
        "<span class=\"tile-value\">{}</span><span class=\"tile-label\">cases identified",
        identifications.len()
    )));
    assert!(memorial.contains("of whom identified by name"));
}

#[tokio::test]
async fn a_case_buried_without_a_recorded_grave_is_on_the_memorial_too() {
    let (dir, store) = fresh_store().await;
    let site = store.create_site(&site("T-OLD-1"), system()).await.unwrap();
    let mut old = case("HW-OLD-0001", site);
    old.storage_location = "Daejeon National Cemetery".into();
    homeward_app::remains::accession(store.as_ref(), &old, system())
        .await
        .unwrap();
    // An old record: buried, but neither a batch's grave nor a custody `buried` event.
    force_status(
        &dir.path().join("test.db"),
        "HW-OLD-0001",
        LifecycleStatus::Buried,
    )
    .await;
    let router = homeward_web::router(store.clone());
    let dashboard = get(&router, "/").await;
    assert_eq!(figure(&dashboard, "data-status=\"buried\""), 1);
    let memorial = get(&router, "/memorial").await;
    assert_eq!(figure(&memorial, "id=\"memorial-total\""), 1);
    assert!(memorial.contains("no recorded handover"), "{memorial}");
    assert!(memorial.contains("Buried (every case whose status is buried)"));
    // A search's count is labelled as the matches, not as all the buried.
    let found = get(&router, "/memorial?q=HW-OLD").await;
    assert_eq!(figure(&found, "id=\"memorial-total\""), 1);
    assert!(found.contains("Buried who match the search"), "{found}");
    assert!(!found.contains("every case whose status is buried"));
    let api: serde_json::Value =
        serde_json::from_str(&get(&router, "/api/v1/memorial").await).unwrap();
    let entry = &api["entries"][0];
    assert_eq!(entry["accession"], "HW-OLD-0001");
    assert_eq!(entry["cemetery"], "Daejeon National Cemetery", "{entry}");
    assert_eq!(entry["batch"], serde_json::Value::Null);
    assert_eq!(entry["plot"], "");
}

/// A session cookie for the demo administrator, logged in through the form.
async fn demo_admin_cookie(router: &axum::Router) -> String {
    let form = format!(
        "username={}&password={}",
        homeward_app::demo::DEMO_ADMIN,
        homeward_app::demo::DEMO_PASSWORD.replace(' ', "+")
    );
    let request = Request::post("/login")
        .header("host", "homeward.test")
        .header("origin", "http://homeward.test")
        .header("content-type", "application/x-www-form-urlencoded")
        .body(Body::from(form))
        .unwrap();
    let reply = router.clone().oneshot(request).await.unwrap();
    assert_eq!(reply.status(), StatusCode::SEE_OTHER);
    let cookie = reply.headers()["set-cookie"].to_str().unwrap();
    cookie.split(';').next().unwrap().to_owned()
}

#[tokio::test]
async fn the_batch_page_names_its_airports_and_cemetery_in_the_page_language() {
    let (_dir, store) = fresh_store().await;
    seed(store.as_ref(), &SMALL, &NoProgress).await.unwrap();
    let router = homeward_web::router(store.clone());
    let cookie = demo_admin_cookie(&router).await;
    let batch = store.batches().await.unwrap()[0].code.clone();
    for (lang, names) in [
        (
            "ko",
            [
                "인천국제공항",
                "선양 타오셴 국제공항",
                "선양 항미원조 열사능원",
            ],
        ),
        (
            "zh",
            ["仁川国际机场", "沈阳桃仙国际机场", "沈阳抗美援朝烈士陵园"],
        ),
    ] {
        let request = Request::get(format!("/batches/{batch}?lang={lang}"))
            .header("host", "homeward.test")
            .header("cookie", &cookie)
            .body(Body::empty())
            .unwrap();
        let reply = router.clone().oneshot(request).await.unwrap();
        assert_eq!(reply.status(), StatusCode::OK);
        let page = to_bytes(reply.into_body(), usize::MAX).await.unwrap();
        let page = String::from_utf8(page.to_vec()).unwrap();
        for name in names {
            assert!(page.contains(name), "{lang}: {name}");
        }
        assert!(!page.contains("Incheon International Airport"), "{lang}");
        assert!(!page.contains("Shenyang Cemetery of CPV Martyrs"), "{lang}");
    }
}

#[tokio::test]
async fn the_custody_timeline_names_its_organizations_in_the_page_language() {
    let (_dir, store) = fresh_store().await;
    seed(store.as_ref(), &SMALL, &NoProgress).await.unwrap();
    let router = homeward_web::router(store.clone());
    let cookie = demo_admin_cookie(&router).await;
    let request = Request::get("/remains/HW-R9-001?lang=zh")
        .header("host", "homeward.test")
        .header("cookie", &cookie)
        .body(Body::empty())
        .unwrap();
    let reply = router.clone().oneshot(request).await.unwrap();
    assert_eq!(reply.status(), StatusCode::OK);
    let page = to_bytes(reply.into_body(), usize::MAX).await.unwrap();
    let page = String::from_utf8(page.to_vec()).unwrap();
    assert!(
        page.contains("韩国国防部遗骸发掘鉴识团"),
        "the signer in Chinese"
    );
    assert!(
        !page.contains("Ministry of National Defense Agency for KIA Recovery"),
        "no signer in English"
    );
    // The handover's two sides, in its event line, too.
    assert!(
        page.contains("中华人民共和国退役军人事务部"),
        "the receiver in Chinese"
    );
    assert!(
        !page.contains("Ministry of Veterans Affairs of the People"),
        "no receiver in English"
    );
}
