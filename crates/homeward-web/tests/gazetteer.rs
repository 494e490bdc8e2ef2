//! The gazetteer page and API: the names records carry are listed with the languages they lack;
//! those who may name places translate them in place (and through the API), which every page
//! then shows; a refused name writes nothing and says which field; a viewer reads but may not
//! write, and an anonymous caller may not even read the page.

mod common;

use axum::http::{Method, StatusCode};
use common::{Actor, Payload, TestApp};
use homeward_domain::{NameLanguage, PlaceKind, Role};
use serde_json::json;

const OFFICER: Actor = Actor::As(Role::RecoveryOfficer);

/// `text` as a form field value.
fn enc(text: &str) -> String {
    text.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' => (b as char).to_string(),
            b' ' => "+".to_owned(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// The row of `original` in the page's table, from its `<tr>` to its `</tr>`.
fn row<'a>(page: &'a str, original: &str) -> &'a str {
    let cell = format!("<td translate=\"no\">{original}</td>");
    let at = page
        .find(&cell)
        .unwrap_or_else(|| panic!("no row for {original}"));
    let start = page[..at].rfind("<tr>").unwrap();
    let end = at + page[at..].find("</tr>").unwrap();
    &page[start..end]
}

#[tokio::test]
async fn an_officer_translates_a_site_name_the_records_carry_and_the_pages_show_it() {
    let app = TestApp::new().await;
    let page = app.get_ok("/gazetteer?incomplete=1&lang=en", OFFICER).await;
    let site = row(&page.text, "Baengma Hill north slope");
    assert!(site.contains("Recovery site"), "{site}");
    assert!(site.contains("Korean, Chinese, English"), "{site}");
    // The battle, the county, the province, the unit, the hometown and the place of loss too.
    for name in [
        "Baengma Hill",
        "Cheorwon",
        "Gangwon",
        "60th Army, 180th Division",
        "Gapyeong",
    ] {
        row(&page.text, name);
    }

    let form = format!(
        "original={}&ko={}&zh={}&en={}&back_kind=&back_q=&back_incomplete=1&back_page=1",
        enc("Baengma Hill north slope"),
        enc("백마고지 북사면"),
        enc("白马山北坡"),
        enc("Baengma Hill, north slope"),
    );
    let reply = app.post_form("/gazetteer/site", OFFICER, form).await;
    reply.expect_status(StatusCode::SEE_OTHER);
    assert_eq!(reply.location(), "/gazetteer?incomplete=1");
    let cookie = reply.headers.get("set-cookie").unwrap().to_str().unwrap();
    assert!(cookie.contains("name-saved"), "{cookie}");

    let g = app.store.gazetteer().await.unwrap();
    let name = g.name(PlaceKind::Site, "Baengma Hill north slope");
    assert_eq!(name.get(NameLanguage::Zh), Some("白马山北坡"));
    let audit = app.store.audit_log(5, 0).await.unwrap();
    assert_eq!(audit[0].entry.action, "gazetteer.put");
    assert_eq!(audit[0].actor_name.as_deref(), Some("recovery-officer"));

    // No longer listed as lacking a language; shown translated on the sites page.
    let page = app.get_ok("/gazetteer?incomplete=1&lang=en", OFFICER).await;
    assert!(
        !page
            .text
            .contains("<td translate=\"no\">Baengma Hill north slope</td>")
    );
    let sites = app.get_ok("/sites?lang=zh", OFFICER).await;
    assert!(sites.text.contains("白马山北坡"), "{}", sites.text);
}

#[tokio::test]
async fn a_refused_name_writes_nothing_and_names_the_field() {
    let app = TestApp::new().await;
    // An unknown kind, then a blank name with no form at all.
    let bad_kind = app
        .post_form(
            "/gazetteer/planet",
            OFFICER,
            "original=Mars&ko=%ED%99%94%EC%84%B1",
        )
        .await;
    bad_kind.expect_status(StatusCode::SEE_OTHER);
    let cookie = bad_kind
        .headers
        .get("set-cookie")
        .unwrap()
        .to_str()
        .unwrap();
    assert!(
        cookie.contains("name-refused") && cookie.contains("kind"),
        "{cookie}"
    );
    let no_form = app
        .post_form(
            "/gazetteer/county",
            OFFICER,
            "original=Cheorwon&ko=&zh=&en=",
        )
        .await;
    let cookie = no_form.headers.get("set-cookie").unwrap().to_str().unwrap();
    assert!(
        cookie.contains("name-refused") && cookie.contains("ko"),
        "{cookie}"
    );
    assert!(app.store.gazetteer().await.unwrap().is_empty());

    // The refusal shows on the page the form came back to.
    let flash = [("cookie", cookie.split(';').next().unwrap())];
    let page = app
        .send_with(
            Method::GET,
            "/gazetteer?lang=en",
            OFFICER,
            Payload::Empty,
            &flash,
        )
        .await;
    assert!(
        page.text.contains("The name was not saved."),
        "{}",
        page.text
    );

    // The API refuses the whole request, naming the entry and field.
    let body = json!([
        { "kind": "county", "original": "Cheorwon", "ko": "철원군", "zh": "铁原郡", "en": "Cheorwon County" },
        { "kind": "planet", "original": "Mars", "en": "Mars" }
    ]);
    let err = app
        .post_json("/api/v1/gazetteer", OFFICER, body)
        .await
        .expect_error(StatusCode::UNPROCESSABLE_ENTITY);
    assert!(err.contains("entries[1].kind"), "{err}");
    assert!(app.store.gazetteer().await.unwrap().is_empty());
}

#[tokio::test]
async fn the_api_records_names_that_the_public_gazetteer_then_answers() {
    let app = TestApp::new().await;
    let body = json!([
        { "kind": "county", "original": "Cheorwon", "ko": "철원군", "zh": "铁原郡", "en": "Cheorwon County" },
        { "kind": "battle", "original": "Baengma Hill", "ko": "백마고지 전투", "zh": "白马山战斗" }
    ]);
    let reply = app
        .post_json(
            "/api/v1/gazetteer",
            Actor::As(Role::RepatriationOfficer),
            body,
        )
        .await;
    reply.expect_status(StatusCode::OK);
    assert_eq!(reply.json()["written"], 2);
    let public = app
        .get_ok("/api/v1/gazetteer", Actor::Anonymous)
        .await
        .json();
    assert_eq!(public.as_array().unwrap().len(), 2);
    assert_eq!(public[0]["original"], "Baengma Hill");
    assert_eq!(public[0]["en"], serde_json::Value::Null);
}

#[tokio::test]
async fn a_viewer_reads_the_names_but_may_not_change_them() {
    let app = TestApp::new().await;
    let viewer = Actor::As(Role::Viewer);
    let page = app.get_ok("/gazetteer?lang=ko", viewer).await;
    assert!(page.text.contains("장소·부대 이름"), "{}", page.text);
    assert!(page.text.contains("발굴지"), "the kinds are in Korean");
    assert!(
        !page.text.contains("<form id=\"name-0\""),
        "no edit form for a viewer"
    );
    assert!(!page.text.contains("gazetteer-add-form"));
    for role in [
        Role::Viewer,
        Role::DnaAnalyst,
        Role::Custodian,
        Role::Reviewer,
        Role::Anthropologist,
    ] {
        let reply = app
            .post_form(
                "/gazetteer/county",
                Actor::As(role),
                "original=Cheorwon&ko=%EC%B2%A0%EC%9B%90",
            )
            .await;
        reply.expect_status(StatusCode::FORBIDDEN);
        let api = app
            .post_json(
                "/api/v1/gazetteer",
                Actor::As(role),
                json!([{ "kind": "county", "original": "Cheorwon", "ko": "철원" }]),
            )
            .await;
        api.expect_status(StatusCode::FORBIDDEN);
    }
    assert!(app.store.gazetteer().await.unwrap().is_empty());
    let anonymous = app.get("/gazetteer", Actor::Anonymous).await;
    assert_eq!(anonymous.status, StatusCode::SEE_OTHER, "sent to log in");
}
