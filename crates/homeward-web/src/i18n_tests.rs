//! Tests of the languages: choosing one, messages, dates, system texts and skeletal elements.

use super::*;

#[test]
fn accept_language_picks_the_best_supported() {
    assert_eq!(
        Lang::from_accept_language("ko-KR,ko;q=0.9,en;q=0.8"),
        Some(Lang::Ko)
    );
    assert_eq!(
        Lang::from_accept_language("fr;q=1, zh-CN;q=0.7, en;q=0.8"),
        Some(Lang::En)
    );
    assert_eq!(Lang::from_accept_language("de, fr"), None);
    assert_eq!(Lang::from_accept_language("zh-Hans-CN"), Some(Lang::Zh));
}

#[test]
fn messages_resolve_in_each_language() {
    assert_eq!(Tr::new(Lang::En).get("nav-dashboard"), "Dashboard");
    assert_ne!(Tr::new(Lang::Ko).get("nav-dashboard"), "Dashboard");
    assert_eq!(Tr::new(Lang::Zh).code("status", "buried"), "已安葬");
    assert_eq!(Tr::new(Lang::En).code("status", "nonsense"), "nonsense");
}

#[test]
fn times_and_dates_are_written_for_the_reader() {
    let t = |lang| Tr::new(lang).datetime("2022-09-17T10:00:00Z");
    assert_eq!(t(Lang::En), "2022-09-17 10:00:00 UTC");
    assert_eq!(t(Lang::Ko), "2022년 9월 17일 10:00:00 UTC");
    assert_eq!(t(Lang::Zh), "2022年9月17日 10:00:00 UTC");
    assert_eq!(Tr::new(Lang::Ko).date("1951-05-03"), "1951년 5월 3일");
    for odd in [
        "",
        "soon",
        "2022-13",
        "22-09-17",
        "2022-x-17",
        "2022-09-17T10:00:00",
    ] {
        assert_eq!(Tr::new(Lang::Zh).datetime(odd), odd);
    }
    assert_eq!(Tr::new(Lang::Ko).date("2022-9"), "2022-9");
    // The rolls' partial dates keep only what is known.
    assert_eq!(Tr::new(Lang::Ko).date("1951-05"), "1951년 5월");
    assert_eq!(Tr::new(Lang::Zh).date("1951-05"), "1951年5月");
    assert_eq!(Tr::new(Lang::Zh).date("1951"), "1951年");
    assert_eq!(Tr::new(Lang::En).date("1951-05"), "1951-05");
}

#[test]
fn audit_actions_and_texts_with_arguments_are_translated() {
    assert_eq!(Tr::new(Lang::Ko).audit_action("session.create"), "로그인");
    assert_eq!(Tr::new(Lang::Zh).audit_action("batch.add"), "遗骸加入批次");
    assert_eq!(Tr::new(Lang::En).audit_action("someday.new"), "someday.new");
    let text = Tr::new(Lang::Zh).with_text("error-not-found", &[("path", "/nope")]);
    assert_eq!(text, "“/nope”处没有内容。");
}

#[test]
fn system_texts_are_shown_in_the_readers_language_and_typed_text_as_typed() {
    let stored = SystemText::of(vec![
        Phrase::new("sys-joins-batch")
            .text("accession", "HW-1")
            .text("batch", "KR-CN-9"),
        Phrase::new("sys-verification-agreed").date("date", "2022-09-13"),
        Phrase::new("sys-state-change")
            .code("from", "batch-state", "planned")
            .code("to", "batch-state", "jointly_verified"),
    ])
    .stored();
    let shown = |lang| Tr::new(lang).stored(&stored);
    assert_eq!(
        shown(Lang::En).text,
        "HW-1 joins batch KR-CN-9; both sides agreed on 2022-09-13; \
         state: Planned → Jointly verified"
    );
    assert_eq!(
        shown(Lang::Ko).text,
        "HW-1, 송환 차수 KR-CN-9에 편입; 2022년 9월 13일 양측 합의; 상태: 계획 → 공동 감식 완료"
    );
    assert_eq!(
        shown(Lang::Zh).text,
        "HW-1 编入批次 KR-CN-9；2022年9月13日双方意见一致；状态：计划 → 共同鉴定完成"
    );
    assert!(!shown(Lang::Ko).typed);
    // What a person typed, and rows written before system texts, stay as they are.
    let typed = Tr::new(Lang::Ko).stored("handed to the lab; sealed bag 12");
    assert_eq!(typed.text, "handed to the lab; sealed bag 12");
    assert!(typed.typed);
    assert_eq!(api_text(&stored), shown(Lang::En).text);
    // Counts take their plural, nationalities and demo bases nest.
    let casket = Phrase::new("sys-casket")
        .text("batch", "B")
        .number("casket", 3)
        .number("effects", 1)
        .stored();
    assert_eq!(api_text(&casket), "batch B, casket 3 with one effect");
    let imported = Phrase::new("sys-count-remains")
        .number("count", 20_000)
        .stored();
    assert_eq!(api_text(&imported), "20,000 cases");
    assert_eq!(Tr::new(Lang::Ko).stored_text(&imported), "유해 20,000구");
    let state = Phrase::new("sys-event-state-of-nationality")
        .code("nationality", "nat", "cpv")
        .stored();
    assert_eq!(
        Tr::new(Lang::Zh).stored_text(&state),
        format!("国籍国（{}）", Tr::new(Lang::Zh).nationality("cpv"))
    );
    // A name kept in three languages is shown in the reader's, else as entered.
    let ministry = homeward_domain::LocalizedName {
        ko: Some("국방부".into()),
        zh: None,
        en: Some("Ministry of National Defense".into()),
        original: "Ministry of National Defense".into(),
    };
    let by = Phrase::new("sys-received-by")
        .name("receiver", &ministry)
        .stored();
    assert_eq!(Tr::new(Lang::Ko).stored_text(&by), "인수 기관: 국방부");
    assert_eq!(
        Tr::new(Lang::Zh).stored_text(&by),
        "由Ministry of National Defense接收"
    );
    // A message this version does not know shows its id rather than nothing.
    let newer = Phrase::new("sys-test-newer-instance").stored();
    assert!(api_text(&newer).starts_with("sys-test-newer-instance"));
}

#[test]
fn skeletal_elements_are_named_in_the_readers_language() {
    let found = [
        "cranium".to_owned(),
        "left femur".into(),
        "os trigonum".into(),
    ];
    assert_eq!(
        Tr::new(Lang::Ko).elements(&found),
        "두개골, 왼쪽 대퇴골, os trigonum"
    );
    assert_eq!(
        Tr::new(Lang::Zh).elements(&found),
        "颅骨、左股骨、os trigonum"
    );
    assert_eq!(
        Tr::new(Lang::En).elements(&found),
        "cranium, left femur, os trigonum"
    );
}

/// Every system text the code writes (`Phrase::new("sys-…")`) has its message in every
/// language: a text without one would show its id.
#[test]
fn every_system_text_the_code_writes_has_its_messages() {
    let crates = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let mut ids = std::collections::BTreeSet::new();
    let mut stack = vec![crates];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).unwrap().flatten() {
            let path = entry.path();
            if path.is_dir() && !path.ends_with("target") {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") {
                let text = std::fs::read_to_string(&path).unwrap();
                for part in text.split("Phrase::new(\"").skip(1) {
                    let id = part.split('"').next().unwrap_or_default();
                    let is_id = id
                        .bytes()
                        .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-');
                    if is_id && id.starts_with("sys-") && !id.starts_with("sys-test-") {
                        ids.insert(id.to_owned());
                    }
                }
            }
        }
    }
    assert!(ids.len() > 50, "{ids:?}");
    for lang in Lang::ALL {
        let file = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("locales")
            .join(lang.code())
            .join("main.ftl");
        let messages = std::fs::read_to_string(file).unwrap();
        for id in &ids {
            let found = messages.lines().any(|l| l.starts_with(&format!("{id} =")));
            assert!(found, "{id} has no message in {}", lang.code());
        }
    }
}
