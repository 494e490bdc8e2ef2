//! Repatriation batches through the API and the pages: a batch driven to its end shows every
//! step, its caskets, ceremony, transport and graves, and its manifest and receipt with their
//! hashes and the keys that signed them, verified against the stored keys.

mod common;

use axum::http::StatusCode;
use common::{Actor, TestApp};
use homeward_domain::{BatchState, Role};
use homeward_testkit::batch::{ACCESSIONS, CEMETERY};

#[tokio::test]
async fn the_api_lists_batches_and_shows_one_whole() {
    let (app, seeded) = TestApp::with_batch(BatchState::Buried).await;
    let list = app.view("/api/v1/batches").await;
    let list = list.json();
    assert_eq!(list[0]["code"], "KR-CN-9");
    assert_eq!(list[0]["state"], "buried");
    assert_eq!(list[0]["sender"]["country"], "KR");

    let one = app
        .get("/api/v1/batches/KR-CN-9", Actor::As(Role::Custodian))
        .await
        .json();
    assert_eq!(one["sequence_number"], 9);
    assert_eq!(one["receiver"]["name"], homeward_testkit::batch::RECEIVER);
    assert_eq!(
        one["totals"],
        serde_json::json!({ "caskets": 3, "remains": 3, "effects": 3 })
    );
    let first = &one["remains"][0];
    assert_eq!(first["accession"], ACCESSIONS[0]);
    assert_eq!(first["casket"], 1);
    assert_eq!(first["verification"]["receiving_experts"][0], "Dr. Li Wei");
    assert_eq!(first["verification"]["both_agreed"], true);
    assert_eq!(first["burial"]["cemetery"], CEMETERY);
    assert_eq!(first["burial"]["plot"], "1");
    assert_eq!(one["caskets"][0]["ceremonial"], true);
    assert_eq!(one["caskets"][0]["effects"].as_array().unwrap().len(), 2);
    assert_eq!(one["ceremony"]["place"], "Incheon International Airport");
    assert_eq!(one["transport"]["aircraft"], "Y-20");
    let manifest = &one["manifest"];
    assert_eq!(
        manifest["sha256"].as_str(),
        seeded.manifest_sha256.as_deref()
    );
    assert_eq!(manifest["signer_key_id"], seeded.sender_key_id.as_str());
    assert_eq!(manifest["signer"], homeward_testkit::batch::SENDER);
    assert_eq!(manifest["verification"], "verified");
    assert_eq!(
        one["receipt"]["signer_key_id"],
        seeded.receiver_key_id.as_str()
    );
    assert_eq!(one["receipt"]["verification"], "verified");
}

#[tokio::test]
async fn an_unknown_batch_is_404_naming_it() {
    let app = TestApp::new().await;
    let reply = app
        .get("/api/v1/batches/KR-CN-99", Actor::As(Role::Viewer))
        .await;
    reply.expect_status(StatusCode::NOT_FOUND);
    assert!(reply.json()["error"].as_str().unwrap().contains("KR-CN-99"));
    let page = app.get("/batches/KR-CN-99", Actor::As(Role::Viewer)).await;
    page.expect_status(StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn a_planned_batch_has_no_caskets_or_documents_yet() {
    let (app, _) = TestApp::with_batch(BatchState::Planned).await;
    let one = app
        .get("/api/v1/batches/KR-CN-9", Actor::As(Role::Viewer))
        .await
        .json();
    assert_eq!(one["state"], "planned");
    assert!(one["caskets"].as_array().unwrap().is_empty());
    assert!(one["manifest"].is_null() && one["ceremony"].is_null());
    let page = app.view("/batches/KR-CN-9?lang=en").await;
    assert!(
        page.text
            .contains(r#"<li class="step current" aria-current="step">Planned</li>"#),
        "{}",
        page.text
    );
    assert!(page.text.contains("Not encoffined yet."));
}

#[tokio::test]
async fn the_batch_pages_show_steps_caskets_and_signatures_in_each_language() {
    let (app, seeded) = TestApp::with_batch(BatchState::Buried).await;
    let list = app.view("/batches?lang=en").await;
    assert!(list.text.contains(r#"href="/batches/KR-CN-9""#));
    assert!(list.text.contains("Buried"));
    assert!(
        list.text.contains(r#"href="/batches""#),
        "the nav links batches"
    );

    let page = app.view("/batches/KR-CN-9?lang=en").await;
    let t = &page.text;
    assert_eq!(t.matches(r#"class="step done""#).count(), 5, "{t}");
    assert!(t.contains(r#"<li class="step current" aria-current="step">Buried</li>"#));
    for acc in ACCESSIONS {
        assert!(t.contains(&format!(r#"href="/remains/{acc}""#)), "{acc}");
    }
    assert!(t.contains("Incheon International Airport") && t.contains("Y-20"));
    assert!(
        !t.contains("sex indeterminate"),
        "the profile is shown in the page's language, not the manifest's codes"
    );
    assert!(t.contains(seeded.manifest_sha256.as_deref().unwrap()));
    assert!(t.contains(&seeded.sender_key_id) && t.contains(&seeded.receiver_key_id));
    assert!(t.contains("the signature verifies with the stored key"));
    assert!(t.contains(r#"href="/batches/KR-CN-9/protocol""#));

    assert!(
        t.contains("<td>Indeterminate</td>"),
        "the profile's sex, translated"
    );
    for (lang, word, party, place, official) in [
        (
            "ko",
            "판정 불가",
            "국방부 (KR)",
            "인천국제공항",
            "국방부 차관 김민수",
        ),
        (
            "zh",
            "无法判定",
            "国防部 (KR)",
            "仁川国际机场",
            "国防部副部长 金敏洙",
        ),
    ] {
        let page = app.view(format!("/batches/KR-CN-9?lang={lang}")).await;
        for text in [word, party, place, official] {
            assert!(page.text.contains(text), "{lang}: {text}");
        }
    }
}

#[tokio::test]
async fn the_transfer_protocol_has_three_languages_side_by_side_whatever_the_ui_language() {
    let (app, seeded) = TestApp::with_batch(BatchState::Buried).await;
    for ui in ["en", "ko", "zh"] {
        let page = app
            .view(format!("/batches/KR-CN-9/protocol?lang={ui}"))
            .await;
        let t = &page.text;
        for (tag, title) in [
            ("ko", "유해 인도·인수서"),
            ("zh-Hans", "遗骸交接书"),
            ("en", "Transfer protocol of remains"),
        ] {
            assert!(
                t.contains(&format!(r#"<section class="tri-col" lang="{tag}">"#)),
                "{ui}: {tag}"
            );
            assert!(t.contains(title), "{ui}: {title}");
        }
        let sha = seeded.manifest_sha256.as_deref().unwrap();
        assert_eq!(
            t.matches(sha).count(),
            1,
            "the hash once, under three labels"
        );
        assert_eq!(t.matches(&seeded.sender_key_id).count(), 1);
        assert_eq!(t.matches(&seeded.receiver_key_id).count(), 1);
        // Each column names the parties, the place and the officials in its own language ...
        for name in [
            "국방부 (KR)",
            "国防部 (KR)",
            "Ministry of National Defense (KR)",
            "인천국제공항",
            "仁川国际机场",
            "Incheon International Airport",
            "국방부 차관 김민수",
            "国防部副部长 金敏洙",
            "Vice Minister Kim Min-su",
        ] {
            assert!(t.contains(name), "{ui}: {name}");
        }
        // ... and one known only as entered in that form, marked in each column and signature.
        let marked = r#"Vice Minister Chang <small class="fallback""#;
        assert_eq!(
            t.matches(marked).count(),
            6,
            "{ui}: three columns, three signatures"
        );
        for marker in ["(입력 원문)", "(原文)", "(as entered)"] {
            assert!(t.contains(marker), "{ui}: {marker}");
        }
        assert!(t.contains("2022-09-16"));
        assert!(
            t.contains(r#"<tr><td class="num">1</td><td><span class="code">HW-B-0001</span></td><td class="num">2</td></tr>"#),
            "casket 1 holds HW-B-0001 and two effects"
        );
        assert!(t.contains(r#"<dd class="num">3</dd>"#), "the totals");
        assert_eq!(t.matches(r#"<span class="sig-line">"#).count(), 2);
    }
}

#[tokio::test]
async fn a_protocol_before_the_manifest_says_it_is_not_issued() {
    let (app, _) = TestApp::with_batch(BatchState::JointlyVerified).await;
    let page = app.view("/batches/KR-CN-9/protocol").await;
    assert!(page.text.contains("no manifest issued yet"));
    assert!(page.text.contains("尚未签发移交清单") && page.text.contains("인도 목록 미발행"));
}
