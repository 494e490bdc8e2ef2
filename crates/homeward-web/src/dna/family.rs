//! A family's page (`GET /dna/families/{id}`): the identity it claims for its missing person
//! (names in any script, hometown, unit, death, the roll entry it is linked to), its pedigree
//! drawn as SVG (the missing person marked, typed references filled), its references'
//! profiles, and its best remains. Contact details only for `contact_families` holders.

use askama::Template;
use axum::Extension;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use homeward_domain::{Permission, PlaceKind};

use super::dto::{FamilyDto, PersonDto};
use super::page::{CandidateRow, MarkerRow, RunChoice, RunParam, RunRow, marker_rows, run_choices};
use super::{chosen_run, family_view};
use crate::auth::Caller;
use crate::chrome::{Chrome, PageQuery, PageResult, render, url_encode};
use crate::families::svg::{DrawnPerson, DrawnSex, draw};
use crate::names::{self, Named};
use crate::state::AppState;

/// A reference person's profile as the page shows it.
struct ReferenceRow {
    person: String,
    partial: bool,
    markers: Vec<MarkerRow>,
}

#[derive(Template)]
#[template(path = "dna_family.html")]
struct FamilyPage {
    chrome: Chrome,
    family: FamilyDto,
    /// The roll entry's name and its search link, when linked.
    roll: Option<(String, String)>,
    svg: String,
    /// The claimed hometown and unit as the page's language names them (the gazetteer's
    /// county, province or place of loss; unit), or as the family told them, marked.
    hometown: Option<Named>,
    unit: Option<Named>,
    /// How many people the pedigree holds, and how many are typed.
    summary: String,
    references: Vec<ReferenceRow>,
    run: Option<RunRow>,
    runs: Vec<RunChoice>,
    candidates: Vec<CandidateRow>,
    can_contact: bool,
}

/// The pedigree's people as the drawing shows them.
fn drawn(people: &[PersonDto], missing_label: &str) -> Vec<DrawnPerson> {
    people
        .iter()
        .map(|p| DrawnPerson {
            id: p.id.clone(),
            label: if p.missing {
                format!("{} ({missing_label})", p.id)
            } else {
                p.id.clone()
            },
            sex: match p.sex.as_str() {
                "male" => DrawnSex::Male,
                "female" => DrawnSex::Female,
                _ => DrawnSex::Unknown,
            },
            father: p.father.clone(),
            mother: p.mother.clone(),
            missing: p.missing,
            typed: p.typed,
            deceased: false,
        })
        .collect()
}

/// `GET /dna/families/{id}`.
pub async fn show(
    State(state): State<AppState>,
    Extension(caller): Extension<Caller>,
    chrome: Chrome,
    Path(id): Path<String>,
    PageQuery(query): PageQuery<RunParam>,
) -> PageResult {
    let store = state.store.as_ref();
    let run = chosen_run(store, query.run).await?;
    let (record, family) = family_view(store, &id, run.as_ref()).await?;
    let roll = match record.missing_person {
        Some(person) => store.missing_person(person).await?.map(|p| {
            let name = p.person.name_original;
            let href = format!("/missing?q={}", url_encode(&name));
            (name, href)
        }),
        None => None,
    };
    let title = chrome
        .t
        .with_text("dna-pedigree-title", &[("family", &family.id)]);
    let svg = draw(
        &drawn(&family.pedigree, &chrome.t.get("dna-pedigree-missing")),
        &title,
    );
    let references = family
        .references
        .iter()
        .map(|p| ReferenceRow {
            person: p.sample.clone(),
            partial: p.partial,
            markers: marker_rows(p),
        })
        .collect();
    let all = store.match_runs().await?;
    let base = format!("/dna/families/{}", url_encode(&family.id));
    let gazetteer = state.store.gazetteer().await?;
    let t = chrome.t;
    let hometown = family.claimed.hometown.as_deref().map(|h| {
        const KINDS: [PlaceKind; 3] = [PlaceKind::County, PlaceKind::Province, PlaceKind::Place];
        names::named(t, &gazetteer.name_as_any(&KINDS, h))
    });
    let unit = family
        .claimed
        .unit
        .as_deref()
        .map(|u| names::place(t, &gazetteer, PlaceKind::Unit, u));
    let page = FamilyPage {
        hometown,
        unit,
        svg,
        roll,
        summary: chrome.t.with(
            "dna-pedigree-summary",
            &[
                ("people", family.pedigree.len().into()),
                (
                    "typed",
                    family.pedigree.iter().filter(|p| p.typed).count().into(),
                ),
            ],
        ),
        references,
        run: run.as_ref().map(|r| RunRow::new(&chrome.t, r)),
        runs: run_choices(&all, run.as_ref(), &base),
        candidates: CandidateRow::all(&family.candidates),
        can_contact: caller.may(Permission::ContactFamilies),
        family,
        chrome,
    };
    Ok(render(&page, StatusCode::OK))
}
