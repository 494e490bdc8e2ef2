//! The search that finds a name in any script: the rolls of the missing (API and page) find a
//! person from hanzi (simplified or traditional), toneless pinyin in any spacing and hangul —
//! also the Korean reading of a Chinese name no one wrote in hangul — and say why; the memorial
//! finds the buried the same way.

mod common;

use common::{Actor, TestApp};
use homeward_domain::{BatchState, MissingPersonId, Nationality, NewMissingPerson, Role};
use homeward_testkit::batch::ACCESSIONS;
use homeward_testkit::registry::system;
use homeward_web::url_encode;
use serde_json::json;

/// A CPV soldier recorded in hanzi and pinyin only (no hangul): the demo's first example
/// (王德明) under another name.
fn cpv(hanzi: &str, pinyin: &str) -> NewMissingPerson {
    let example = homeward_app::demo::examples().swap_remove(0);
    assert_eq!(example.nationality, Nationality::Cpv);
    NewMissingPerson {
        name_original: hanzi.into(),
        name_hanzi: Some(hanzi.into()),
        name_pinyin: Some(pinyin.into()),
        ..example
    }
}

async fn add(app: &TestApp, person: &NewMissingPerson) -> MissingPersonId {
    app.store
        .add_missing_person(person, system())
        .await
        .unwrap()
}

/// The first result of the API search: its original name and reason.
async fn first(app: &TestApp, q: &str) -> (String, String) {
    let path = format!("/api/v1/missing?q={}", url_encode(q));
    let found = app.get_ok(&path, Actor::Anonymous).await.json();
    let first = &found.as_array().unwrap_or_else(|| panic!("{q}: {found}"))[0];
    (
        first["name_original"].as_str().unwrap().to_owned(),
        first["reason"].as_str().unwrap().to_owned(),
    )
}

#[tokio::test]
async fn the_rolls_find_a_person_in_any_script_and_say_why() {
    let app = TestApp::new().await;
    add(&app, &cpv("陈德明", "Chén Démíng")).await;
    add(&app, &cpv("李小红", "Lǐ Xiǎohóng")).await;
    for (q, name, reason) in [
        ("王德明", "王德明", "same_characters"),
        ("wang deming", "王德明", "pinyin"),
        ("wangdeming", "王德明", "pinyin"),
        ("왕덕명", "王德明", "hangul"),
        ("王德民", "王德明", "near_same_characters"),
        ("陈德明", "陈德明", "same_characters"),
        ("陳德明", "陈德明", "traditional_form"),
        ("chen deming", "陈德明", "pinyin"),
        ("CHENDEMING", "陈德明", "pinyin"),
        ("진덕명", "陈德明", "korean_reading"),
        ("Ch'en Te-ming", "陈德明", "wade_giles"),
    ] {
        assert_eq!(
            first(&app, q).await,
            (name.to_owned(), reason.to_owned()),
            "{q}"
        );
    }
    let path = format!("/api/v1/missing?q={}", url_encode("陳德明"));
    let found = app.get_ok(&path, Actor::Anonymous).await.json();
    let forms: Vec<(String, String)> = found[0]["name_forms"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["kind"].as_str().unwrap().to_owned(),
                f["text"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    for (kind, text) in [
        ("same_characters", "陈德明"),
        ("traditional_form", "陳德明"),
        ("pinyin", "Chén Démíng"),
        ("korean_reading", "진덕명"),
        ("wade_giles", "Ch'en Te-ming"),
    ] {
        assert!(
            forms.contains(&(kind.to_owned(), text.to_owned())),
            "{forms:?}"
        );
    }
}

#[tokio::test]
async fn the_page_shows_each_form_and_the_reason_in_each_language() {
    let app = TestApp::new().await;
    add(&app, &cpv("陈德明", "Chén Démíng")).await;
    for (lang, reason, korean) in [
        ("en", "traditional form", "Korean reading"),
        ("ko", "번체자", "한국 한자음"),
        ("zh", "繁体字", "韩语汉字读音"),
    ] {
        let page = app
            .get_ok(
                &format!("/missing?q={}&lang={lang}", url_encode("陳德明")),
                Actor::Anonymous,
            )
            .await;
        let t = &page.text;
        assert!(
            t.contains(&format!("<strong>{reason}</strong>")),
            "{lang}: {t}"
        );
        assert!(t.contains("진덕명") && t.contains(korean), "{lang}");
        assert!(
            t.contains(r#"lang="zh-Hant""#) && t.contains("陳德明"),
            "{lang}"
        );
    }
    let near = app
        .get_ok(
            &format!("/missing?q={}&lang=en", url_encode("陈德民")),
            Actor::Anonymous,
        )
        .await;
    assert!(
        near.text.contains("same characters · near match"),
        "{}",
        near.text
    );
}

#[tokio::test]
async fn the_memorial_finds_the_buried_in_any_script() {
    let (app, _) = TestApp::with_batch(BatchState::Buried).await;
    let id = add(&app, &cpv("杨云云", "Yáng Yúnyún")).await;
    let body = json!({ "person_id": id.0, "basis": "DNA", "decision": "RC-1" });
    app.post_json(
        &format!("/api/v1/remains/{}/identification", ACCESSIONS[2]),
        Actor::As(Role::Reviewer),
        body,
    )
    .await
    .expect_status(axum::http::StatusCode::OK);
    for (q, reason) in [
        ("Yáng Yúnyún", "pinyin"),
        ("Yang Yunyun", "pinyin"),
        ("yang", "pinyin"),
        ("yangyunyun", "pinyin"),
        ("杨云云", "same_characters"),
        ("楊雲雲", "same_characters"),
        ("양운운", "korean_reading"),
    ] {
        let found = app
            .get_ok(
                &format!("/api/v1/memorial?q={}", url_encode(q)),
                Actor::Anonymous,
            )
            .await
            .json();
        assert_eq!(found["total"], 1, "{q}: {found}");
        let entry = &found["entries"][0];
        assert_eq!(
            (entry["name"].as_str(), entry["reason"].as_str()),
            (Some("杨云云"), Some(reason)),
            "{q}"
        );
    }
    let page = app
        .get_ok("/memorial?q=yang&lang=zh", Actor::Anonymous)
        .await;
    assert!(page.text.contains("杨云云") && page.text.contains("<strong>拼音</strong>"));
    assert!(page.text.contains("양운운") && page.text.contains("楊云云"));
    let accession = app
        .get_ok(
            &format!("/api/v1/memorial?q={}", ACCESSIONS[0]),
            Actor::Anonymous,
        )
        .await
        .json();
    assert_eq!(accession["entries"][0]["reason"], serde_json::Value::Null);
}
