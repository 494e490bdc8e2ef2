//! The registry's pages beyond the lists: one recovery site with its remains, the audit log with
//! its paging, and the cookies' `Secure` flag as configured.

mod common;

use axum::http::StatusCode;
use common::{Actor, Payload, TestApp, site, system};
use homeward_domain::{CalendarDate, ExcavationPeriod, Role};
use homeward_web::WebConfig;

const VIEWER: Actor = Actor::As(Role::Viewer);
const REVIEWER: Actor = Actor::As(Role::Reviewer);

#[tokio::test]
async fn a_site_page_shows_the_site_and_only_its_remains() {
    let app = TestApp::new().await;
    let mut other = site("GW-CW-014");
    other.name = "Arrowhead Ridge east".into();
    other.excavation_periods = vec![
        ExcavationPeriod {
            start: CalendarDate::parse("2019-04-01").unwrap(),
            end: Some(CalendarDate::parse("2019-06-30").unwrap()),
        },
        ExcavationPeriod {
            start: CalendarDate::parse("2024-05-02").unwrap(),
            end: None,
        },
    ];
    let other_id = app.store.create_site(&other, system()).await.unwrap();
    homeward_app::remains::accession(&*app.store, &common::case("HW-T-0200", other_id), system())
        .await
        .unwrap();

    let list = app.get("/sites?lang=en", VIEWER).await.text;
    assert!(
        list.contains("href=\"/sites/T-SITE-1\""),
        "the list links each site"
    );

    let page = app.get_ok("/sites/T-SITE-1?lang=en", VIEWER).await;
    let html = &page.text;
    for needle in [
        "Baengma Hill north slope",
        "Cheorwon, Gangwon",
        "38.25000, 127.21000",
        "Recovery team 3",
        "href=\"/remains/HW-T-0001\"",
        "href=\"/remains/HW-T-0003\"",
        "href=\"/remains?site=T-SITE-1\"",
        "Page 1 / 1",
    ] {
        assert!(html.contains(needle), "{needle}");
    }
    assert!(!html.contains("HW-T-0200"), "another site's case");

    let other = app.get("/sites/GW-CW-014?lang=ko", VIEWER).await.text;
    // The excavation periods' dates as Korean writes them.
    assert!(
        other.contains("2019년 4월 1일 – 2019년 6월 30일") && other.contains("2024년 5월 2일 –")
    );
    assert!(other.contains("HW-T-0200") && !other.contains("HW-T-0001"));

    let case_page = app.get("/remains/HW-T-0200", VIEWER).await.text;
    assert!(
        case_page.contains("href=\"/sites/GW-CW-014\""),
        "the case links its site"
    );

    let missing = app.get("/sites/NOPE", VIEWER).await;
    missing.expect_status(StatusCode::NOT_FOUND);
    assert!(missing.text.contains("NOPE"));
}

#[tokio::test]
async fn the_audit_page_lists_the_newest_entries_a_page_at_a_time() {
    let app = TestApp::new().await;
    for n in 0..40 {
        app.store
            .create_site(&site(&format!("T-AUDIT-{n:02}")), system())
            .await
            .unwrap();
    }
    app.examined_with_decision("HW-T-0002", None).await;
    let anthropologist = Actor::As(Role::Anthropologist);
    let to = "nationality_determined";
    app.step_ok("HW-T-0002", to, "committee", anthropologist)
        .await;

    let first = app.get_ok("/audit?lang=en", REVIEWER).await;
    let html = &first.text;
    assert_eq!(html.matches("class=\"when\"").count(), 50, "a full page");
    let newest = html.find("remains.status").expect("the newest entry");
    let older = html.find("site.create").expect("older entries");
    assert!(newest < older, "newest first");
    assert!(html.contains(">anthropologist<"), "the actor");
    assert!(
        html.contains("href=\"/remains/HW-T-0002\""),
        "the entity links its page"
    );
    assert!(html.contains("href=\"/audit?page=2\"") && !html.contains("rel=\"prev\""));
    assert!(
        html.contains("aria-current=\"page\">Audit log<"),
        "in the navigation"
    );

    let second = app.get("/audit?page=2&lang=zh", REVIEWER).await.text;
    let rows = second.matches("class=\"when\"").count();
    assert!((1..50).contains(&rows), "{rows} rows on the last page");
    assert!(
        second.contains("审计日志") && second.contains(">系统<"),
        "the system as actor"
    );
    assert!(second.contains("href=\"/audit?page=1\"") && !second.contains("rel=\"next\""));

    let viewer = app.get("/", VIEWER).await.text;
    assert!(
        !viewer.contains("href=\"/audit\""),
        "no link for those who may not"
    );
    assert_eq!(
        app.get("/audit", VIEWER).await.status,
        StatusCode::FORBIDDEN
    );
}

#[tokio::test]
async fn cookies_are_secure_only_when_configured() {
    let login = format!(
        "username=viewer&password={}",
        common::PASSWORD.replace(' ', "+")
    );
    let cookies = |reply: &common::Reply| -> Vec<String> {
        reply
            .headers
            .get_all("set-cookie")
            .iter()
            .map(|h| h.to_str().unwrap().to_owned())
            .collect()
    };
    let plain = TestApp::new().await;
    let reply = plain
        .post_form("/login?lang=ko", Actor::Anonymous, login.clone())
        .await;
    reply.expect_status(StatusCode::SEE_OTHER);
    let set = cookies(&reply);
    assert_eq!(set.len(), 2, "{set:?}");
    assert!(set.iter().all(|c| !c.contains("Secure")), "{set:?}");

    let tls = TestApp::new().await.reconfigured(WebConfig {
        secure_cookies: true,
        ..WebConfig::default()
    });
    let reply = tls
        .post("/login?lang=ko", Actor::Anonymous, Payload::Form(login))
        .await;
    reply.expect_status(StatusCode::SEE_OTHER);
    let set = cookies(&reply);
    assert_eq!(set.len(), 2, "{set:?}");
    for cookie in &set {
        assert!(cookie.ends_with("; Secure"), "{cookie}");
    }
    let session = set.iter().find(|c| c.starts_with("hw_session=")).unwrap();
    assert!(session.contains("HttpOnly; SameSite=Strict"), "{session}");
}
