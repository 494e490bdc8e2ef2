//! Pages that stay readable: codes never break across lines, the custody table fits its panel,
//! and a batch's repeated joint-verification text is shown once, its rows collapsible.

mod common;

use common::TestApp;
use homeward_domain::BatchState;
use homeward_testkit::batch::ACCESSIONS;

#[tokio::test]
async fn codes_are_one_word_and_the_custody_table_fits_its_panel() {
    let (app, _) = TestApp::with_batch(BatchState::Buried).await;
    let css = app.view("/static/style.css").await.text.clone();
    let rule = css
        .lines()
        .find(|l| l.starts_with("code, .code {"))
        .expect("a rule for codes");
    assert!(rule.contains("white-space: nowrap"), "{rule}");
    assert!(css.contains("table.data.custody { table-layout: fixed;"));
    assert!(css.contains("table.data.custody td:nth-child(1) { white-space: nowrap; }"));

    let batch = app.view("/batches/KR-CN-9?lang=en").await;
    for acc in ACCESSIONS {
        assert!(
            batch
                .text
                .contains(&format!(r#"<code class="code">{acc}</code>"#)),
            "{acc}"
        );
    }
    assert!(batch.text.contains(r#"<code class="code">KR-CN-9</code>"#));

    let case = app
        .view(format!("/remains/{}?lang=en", ACCESSIONS[0]))
        .await;
    let t = &case.text;
    assert!(t.contains(&format!(r#"<code class="code">{}</code>"#, ACCESSIONS[0])));
    let table = t
        .find(r#"<table class="data custody">"#)
        .expect("the custody table");
    let wrapper = t[..table].rfind("<div").unwrap();
    assert!(
        t[wrapper..table].contains(r#"class="table-scroll""#),
        "the custody table scrolls inside its panel"
    );
}

#[tokio::test]
async fn a_batch_shows_its_common_joint_verification_once() {
    let (app, _) = TestApp::with_batch(BatchState::Buried).await;
    let page = app.view("/batches/KR-CN-9?lang=en").await;
    let t = &page.text;
    let common = "Dr. Park Ji-hoon / Dr. Li Wei";
    assert_eq!(t.matches(common).count(), 1, "shown once: {t}");
    assert!(t.contains("Joint verification of every case below, unless its row says otherwise"));
    assert!(t.contains(&format!("({}/{})", ACCESSIONS.len(), ACCESSIONS.len())));
    assert_eq!(
        t.matches("<td>as above</td>").count(),
        ACCESSIONS.len(),
        "each row refers to it"
    );
    assert!(
        t.contains(r#"<details class="rows" open>"#),
        "a short batch opens"
    );
    assert!(t.contains("<summary>Cases in this batch (show or hide): 3</summary>"));
    assert!(t.contains("<summary>Caskets in this batch (show or hide): 3</summary>"));
    for (lang, same) in [("ko", "위와 같음"), ("zh", "同上")] {
        let page = app.view(format!("/batches/KR-CN-9?lang={lang}")).await;
        assert!(page.text.contains(same), "{lang}");
    }
}
