//! The DNA pages and API (issue 12) on a small seeded scenario (`common::dna`): the overview,
//! a remains case's best families, a family with its pedigree, a candidate's explanation, and
//! their JSON; who may see them (DNA analysts, reviewers, administrators; contact details only
//! for those who contact families), and that nothing of it leaks into a public answer.

mod common;

use axum::http::{Method, StatusCode};
use common::{Actor, TestApp};
use homeward_domain::{Permission, Role};
use homeward_web::{Access, route_table};

/// The DNA analyst: the least powerful role that reads DNA.
const ANALYST: Actor = Actor::As(Role::DnaAnalyst);

async fn seeded() -> (TestApp, i64) {
    let app = TestApp::new().await;
    let run = common::dna::seed(app.store.as_ref()).await;
    (app, run)
}

/// The part of `page` after the first `marker`.
fn after<'a>(page: &'a str, marker: &str) -> &'a str {
    let at = page
        .find(marker)
        .unwrap_or_else(|| panic!("{marker}: {page}"));
    &page[at..]
}

/// Where `needle` first stands in `text` (panics showing the text if nowhere).
fn at(text: &str, needle: &str) -> usize {
    text.find(needle)
        .unwrap_or_else(|| panic!("{needle} not in: {text}"))
}

/// The routes this slice added.
fn dna_routes() -> Vec<homeward_web::RouteSpec> {
    let routes: Vec<_> = route_table()
        .into_iter()
        .filter(|r| r.path.starts_with("/dna") || r.path.starts_with("/api/v1/dna"))
        .collect();
    assert_eq!(routes.len(), 7, "{routes:?}");
    routes
}

fn concrete(path: &str, run: i64) -> String {
    path.replace("{accession}", "HW-T-0001")
        .replace("{id}", "F-1")
        .replace("{family}", "F-1")
        .replace("{run}", &run.to_string())
}

#[tokio::test]
async fn the_overview_shows_databases_counts_runs_and_the_strongest_candidates() {
    let (app, run) = seeded().await;
    let page = app.get_ok("/dna", ANALYST).await.text;
    let databases = after(&page, "Frequency databases");
    assert!(databases.contains(">SYN</td><td class=\"num\">1</td><td class=\"num\">6</td>"));
    let held = after(&page, "Remains profiles");
    assert!(held.contains(">3</dd>"), "{held}");
    assert!(after(held, "Families").contains(">2</dd>"));
    assert!(after(held, "Reference profiles").contains(">3</dd>"));
    let runs = after(&page, "Match runs");
    assert!(runs.contains(&format!(
        "<td class=\"num\">{run}</td><td><span class=\"status\">finished"
    )));
    assert!(runs.contains("SYN v1"));
    assert!(
        runs.contains("&#34;equal&#34;") || runs.contains("&quot;equal&quot;"),
        "{runs}"
    );
    // The strongest candidate of all: the parents of F-2 and their son HW-T-0002.
    let top = after(&page, "Strongest candidates");
    let first = after(top, "<tbody>");
    assert!(at(first, "HW-T-0002") < at(first, "HW-T-0001"), "{first}");
    assert!(first.contains(&format!("/dna/runs/{run}/candidates/HW-T-0002/F-2")));
    assert!(
        first.contains("2.6 × 10⁵"),
        "the LR in scientific notation: {first}"
    );
}

#[tokio::test]
async fn a_remains_page_ranks_its_families_and_marks_a_partial_profile() {
    let (app, run) = seeded().await;
    let page = app.get_ok("/dna/remains/HW-T-0001", ANALYST).await.text;
    assert!(page.contains("<td translate=\"no\">M6</td>"), "{page}");
    assert!(!page.contains("partial profile"), "a full profile: {page}");
    let ranked = after(&page, "Best families");
    assert!(at(ranked, ">F-1<") < at(ranked, ">F-2<"), "{ranked}");
    assert!(ranked.contains(&format!("/dna/runs/{run}/candidates/HW-T-0001/F-1")));
    let other = app.get_ok("/dna/remains/HW-T-0002", ANALYST).await.text;
    let ranked = after(&other, "Best families");
    assert!(at(ranked, ">F-2<") < at(ranked, ">F-1<"), "{ranked}");

    let partial = app.get_ok("/dna/remains/HW-T-0003", ANALYST).await.text;
    assert!(partial.contains("partial profile"), "{partial}");
    assert!(partial.contains("11, –"), "the dropped allele: {partial}");
    assert!(partial.contains("allele dropped out"));
    assert!(
        partial.contains("M4, M5, M6"),
        "the failed markers: {partial}"
    );
    // A run asked for that does not exist; a case that does not exist.
    app.get("/dna/remains/HW-T-0001?run=99", ANALYST)
        .await
        .expect_status(StatusCode::NOT_FOUND);
    app.get("/dna/remains/HW-X-0404", ANALYST)
        .await
        .expect_status(StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn a_family_page_draws_its_pedigree_and_lists_references_and_remains() {
    let (app, _) = seeded().await;
    let page = app.get_ok("/dna/families/F-1", ANALYST).await.text;
    assert!(page.contains("王德明 / 왕덕명"));
    assert!(page.contains("Baxian (family letter)"));
    assert!(page.contains("180 Div. (family letter)"));
    assert!(page.contains("1951-05, Gapyeong (family letter)"));
    assert!(
        page.contains("href=\"/missing?q=%E7%8E%8B%E5%BE%B7%E6%98%8E\""),
        "roll link"
    );
    let svg = after(&page, "<svg");
    let svg = &svg[..at(svg, "</svg>")];
    assert_eq!(svg.matches("data-id=").count(), 3, "three people: {svg}");
    assert_eq!(
        svg.matches("class=\"outline\"").count(),
        1,
        "the missing person"
    );
    assert!(svg.contains("data-id=\"S\""));
    assert_eq!(svg.matches(" typed").count(), 1, "the son is typed: {svg}");
    assert!(page.contains("3 people, 1 typed."));
    let references = after(&page, "References");
    assert!(references.contains("<code class=\"code\">S</code>"));
    let best = after(&page, "Best remains");
    assert!(at(best, ">HW-T-0001<") < at(best, ">HW-T-0002<"), "{best}");

    let parents = app.get_ok("/dna/families/F-2", ANALYST).await.text;
    assert!(parents.contains("3 people, 2 typed."));
    assert!(parents.contains("Not linked to the rolls"));
    app.get("/dna/families/F-404", ANALYST)
        .await
        .expect_status(StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn contact_details_are_shown_only_to_those_who_contact_families() {
    let (app, _) = seeded().await;
    for role in Role::ALL.into_iter().filter(|r| r.may(Permission::ReadDna)) {
        let page = app.get_ok("/dna/families/F-1", Actor::As(role)).await.text;
        assert_eq!(
            page.contains("Contact details"),
            role.may(Permission::ContactFamilies),
            "{role}"
        );
    }
    assert!(Role::Administrator.may(Permission::ContactFamilies));
}

#[tokio::test]
async fn a_candidate_explains_itself_marker_by_marker() {
    let (app, run) = seeded().await;
    let path = format!("/dna/runs/{run}/candidates/HW-T-0001/F-1");
    let page = app.get_ok(&path, ANALYST).await.text;
    let markers = after(&page, "Markers, strongest first");
    // Five markers the son shares support; M6, where he differs by a step, speaks against and
    // is the inconsistency the mutation model explains — last, the weakest.
    assert_eq!(
        markers.matches("data-verdict=\"supports\"").count(),
        5,
        "{markers}"
    );
    assert_eq!(markers.matches("data-verdict=\"against\"").count(), 1);
    assert!(at(markers, ">M6<") > at(markers, ">M5<"));
    assert!(after(markers, ">M6<").contains("explained by mutation"));
    assert_eq!(markers.matches("explained by mutation").count(), 1);
    assert!(page.contains("5 markers support the relationship, 1 speak against it."));
    assert!(page.contains("The mutation model explains the inconsistency at M6."));
    assert!(!page.contains("Exclusion"));
    let model = after(&page, "Database and model");
    assert!(model.contains("SYN v1"));
    assert!(model.contains("equal"));
    assert!(model.contains("0.002"));
    // The parents' son: every marker supports, none needs mutation, nothing left uncompared.
    let path = format!("/dna/runs/{run}/candidates/HW-T-0002/F-2");
    let page = app.get_ok(&path, ANALYST).await.text;
    assert!(page.contains("6 markers support the relationship, 0 speak against it."));
    assert!(!page.contains("explained by mutation"));
    assert!(page.contains("2.6 × 10⁵"), "{page}");
    // The partial case: the markers it lacks are not compared.
    let path = format!("/dna/runs/{run}/candidates/HW-T-0003/F-2");
    let page = app.get_ok(&path, ANALYST).await.text;
    let facts = after(&page, "Markers not compared");
    assert!(facts.contains("M4, M5, M6"), "{facts}");
    app.get(
        &format!("/dna/runs/{run}/candidates/HW-T-0001/F-404"),
        ANALYST,
    )
    .await
    .expect_status(StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn the_pages_speak_every_language() {
    let (app, run) = seeded().await;
    for (lang, words) in [
        (
            "ko",
            ["DNA 분석실", "유력한 유가족", "가계도", "돌연변이 모형이"],
        ),
        (
            "zh",
            ["DNA 鉴定室", "最可能的亲属家庭", "家系图", "突变模型可解释"],
        ),
    ] {
        let overview = app.get_ok(&format!("/dna?lang={lang}"), ANALYST).await.text;
        assert!(overview.contains(words[0]), "{lang}");
        let remains = app
            .get_ok(&format!("/dna/remains/HW-T-0001?lang={lang}"), ANALYST)
            .await
            .text;
        assert!(remains.contains(words[1]), "{lang}");
        let family = app
            .get_ok(&format!("/dna/families/F-1?lang={lang}"), ANALYST)
            .await
            .text;
        assert!(family.contains(words[2]), "{lang}");
        let path = format!("/dna/runs/{run}/candidates/HW-T-0001/F-1?lang={lang}");
        let explained = app.get_ok(&path, ANALYST).await.text;
        assert!(explained.contains(words[3]), "{lang}");
    }
}

#[tokio::test]
async fn the_api_gives_the_same_data() {
    let (app, run) = seeded().await;
    let runs = app.get_ok("/api/v1/dna/runs", ANALYST).await.json();
    assert_eq!(runs.as_array().unwrap().len(), 1, "{runs}");
    assert_eq!(runs[0]["id"], run);
    assert_eq!(runs[0]["status"], "finished");
    assert_eq!(runs[0]["frequency_name"], "SYN");
    assert_eq!(runs[0]["mutation"]["model"], "equal");

    let path = "/api/v1/dna/remains/HW-T-0002/candidates";
    let remains = app.get_ok(path, ANALYST).await.json();
    assert_eq!(remains["remains"], "HW-T-0002");
    assert_eq!(remains["run"]["id"], run);
    assert_eq!(remains["profile"]["partial"], false);
    let best = &remains["candidates"][0];
    assert_eq!(best["family"], "F-2", "{remains}");
    assert_eq!(best["rank"], 1);
    let lr = best["lr"].as_f64().unwrap();
    assert!(lr > 1e5, "{lr}");
    let log = best["log10_lr"].as_f64().unwrap();
    assert!((log - lr.log10()).abs() < 1e-9);
    assert_eq!(best["marker_lrs"].as_object().unwrap().len(), 6);
    let second = remains["candidates"][1]["lr"].as_f64().unwrap();
    assert!(second < lr);

    let partial = app
        .get_ok("/api/v1/dna/remains/HW-T-0003/candidates", ANALYST)
        .await
        .json();
    assert_eq!(partial["profile"]["partial"], true);
    assert_eq!(
        partial["profile"]["markers"]["M1"][1],
        serde_json::Value::Null
    );
    assert_eq!(
        partial["profile"]["untyped"],
        serde_json::json!(["M4", "M5", "M6"])
    );

    let family = app.get_ok("/api/v1/dna/families/F-1", ANALYST).await.json();
    assert_eq!(family["claimed"]["roll_person"], 1);
    assert_eq!(family["claimed"]["names"], "王德明 / 왕덕명");
    assert_eq!(family["pedigree"].as_array().unwrap().len(), 3);
    let missing: Vec<_> = family["pedigree"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|p| p["missing"] == true)
        .collect();
    assert_eq!(missing.len(), 1);
    assert_eq!(missing[0]["id"], "MP");
    assert_eq!(family["references"][0]["sample"], "S");
    assert_eq!(family["candidates"][0]["remains"], "HW-T-0001", "{family}");
    app.get("/api/v1/dna/families/F-404", ANALYST)
        .await
        .expect_error(StatusCode::NOT_FOUND);
    app.get("/api/v1/dna/remains/HW-T-0001/candidates?run=99", ANALYST)
        .await
        .expect_error(StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn anonymous_is_sent_to_login_and_every_role_without_read_dna_is_refused() {
    let (app, run) = seeded().await;
    for spec in dna_routes() {
        assert_eq!(
            spec.access,
            Access::Permission(Permission::ReadDna),
            "{}",
            spec.path
        );
        let path = concrete(spec.path, run);
        let reply = app
            .send(Method::GET, &path, Actor::Anonymous, common::Payload::Empty)
            .await;
        if spec.is_api() {
            reply.expect_status(StatusCode::UNAUTHORIZED);
        } else {
            reply.expect_status(StatusCode::SEE_OTHER);
            assert!(reply.location().starts_with("/login?next="), "{path}");
        }
        for role in Role::ALL {
            let reply = app.get(&path, Actor::As(role)).await;
            if role.may(Permission::ReadDna) {
                reply.expect_status(StatusCode::OK);
            } else {
                reply.expect_status(StatusCode::FORBIDDEN);
                assert!(!reply.text.contains("F-1\""), "{path} as {role}");
                assert!(!reply.text.contains("王德明 / 왕덕명"), "{path} as {role}");
            }
        }
    }
    assert!(!Role::FamilyLiaison.may(Permission::ReadDna));
    assert!(!Role::Viewer.may(Permission::ReadDna));
}

#[tokio::test]
async fn the_dna_entry_and_the_case_link_are_shown_only_to_read_dna_holders() {
    let (app, _) = seeded().await;
    let home = app.get_ok("/", Actor::Anonymous).await.text;
    assert!(!home.contains("href=\"/dna\""));
    for role in Role::ALL {
        let may = role.may(Permission::ReadDna);
        let home = app.get_ok("/", Actor::Session(role)).await.text;
        assert_eq!(home.contains("href=\"/dna\""), may, "{role}");
        if role.may(Permission::ReadRegistry) {
            let case = app
                .get_ok("/remains/HW-T-0001", Actor::Session(role))
                .await
                .text;
            assert_eq!(
                case.contains("href=\"/dna/remains/HW-T-0001\""),
                may,
                "{role}"
            );
        }
    }
}

#[tokio::test]
async fn nothing_of_the_dna_appears_in_a_public_page_or_api_answer() {
    let (app, _) = seeded().await;
    let public: Vec<_> = route_table()
        .into_iter()
        .filter(|r| r.access == Access::Public && r.method == Method::GET)
        .collect();
    assert!(public.len() >= 8, "{public:?}");
    for spec in public {
        let path = spec.path.to_owned();
        let reply = app.get(&path, Actor::Anonymous).await;
        assert!(reply.status.is_success(), "{path}: {}", reply.status);
        for needle in [
            "family letter",
            "王德明 / 왕덕명",
            "\"F-1\"",
            ">F-1<",
            "F-2",
            "HW-T-0003,M1",
            "SYN v1",
            "\"SYN\"",
        ] {
            assert!(!reply.text.contains(needle), "{path} shows {needle}");
        }
        if path != "/api/v1/openapi.json" {
            assert!(!reply.text.contains("/dna"), "{path} links the DNA pages");
        }
    }
}

/// A case's DNA page says its profile is held and why, and lists the remains the last direct
/// match found related to it, in the page's language; the other case's page lists it back.
#[tokio::test]
async fn a_remains_page_shows_its_holds_and_its_related_remains() {
    use homeward_store::{HoldReason, NewHold, NewRemainsRelation, RemainsRelationKind};
    let (app, _run) = seeded().await;
    let store = app.store.as_ref();
    let hold = NewHold {
        sample: "HW-T-0002".into(),
        reason: HoldReason::Contamination,
        detail: "LAB-07".into(),
    };
    store.raise_holds(&[hold], common::system()).await.unwrap();
    let db = store.frequency_databases().await.unwrap().pop().unwrap();
    let pair = NewRemainsRelation {
        remains_a: "HW-T-0001".into(),
        remains_b: "HW-T-0002".into(),
        relation: RemainsRelationKind::Identity,
        lr: 3.2e9,
        markers_compared: 6,
    };
    store
        .replace_remains_relations(&[pair], db.id, common::system())
        .await
        .unwrap();
    let page = app.get_ok("/dna/remains/HW-T-0002?lang=ko", ANALYST).await;
    let held = after(&page.text, "대조 보류:");
    assert!(
        held.contains("배제 프로필과 일치") && held.contains("LAB-07"),
        "{held}"
    );
    let related = after(&page.text, "id=\"related-remains\"");
    assert!(
        related.contains("HW-T-0001") && related.contains("동일인"),
        "{related}"
    );
    assert!(related.contains("3.2 × 10⁹"), "{related}");
    let other = app.get_ok("/dna/remains/HW-T-0001?lang=zh", ANALYST).await;
    let related = after(&other.text, "id=\"related-remains\"");
    assert!(
        related.contains("HW-T-0002") && related.contains("同一人"),
        "{related}"
    );
    assert!(!other.text.contains("暂停比对："), "HW-T-0001 is not held");
}
