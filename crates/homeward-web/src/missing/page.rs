//! The public search of the rolls of the missing: names in their original script beside their
//! romanizations, and only the public facts (never family, DNA or contact data).

use askama::Template;
use axum::extract::State;
use axum::http::StatusCode;
use homeward_domain::{Gazetteer, PlaceKind, check_name_query, name_forms};
use homeward_store::MissingMatch;
use serde::Deserialize;

use crate::chrome::{Chrome, PageQuery, PageResult, render};
use crate::i18n::Tr;
use crate::missing::dto::PublicMissingPersonDto;
use crate::names::{Named, county_in_province, place};
use crate::state::AppState;

/// Results shown per search.
pub const RESULTS: u32 = 50;

/// The search form's query string.
#[derive(Debug, Default, Deserialize)]
pub struct SearchQuery {
    q: Option<String>,
}

/// One form of a name as the page shows it.
struct Form {
    text: String,
    /// The script's `lang` tag.
    lang: &'static str,
    /// The kind of form, translated ("traditional form", "Korean reading").
    kind: String,
}

struct Person {
    original: String,
    /// Every other form, recorded and computed, each with its kind.
    forms: Vec<Form>,
    /// Why the name matched, translated ("pinyin", "Korean reading · near match").
    reason: String,
    birth_year: String,
    hometown: Named,
    unit: Named,
    date_of_loss: String,
    place_of_loss: Named,
    synthetic: bool,
}

impl Person {
    fn new(m: &MissingMatch, t: &Tr, g: &Gazetteer) -> Self {
        let p = PublicMissingPersonDto::from(m);
        let forms = name_forms(&m.person.person)
            .forms()
            .iter()
            .filter(|f| f.text != p.name_original)
            .map(|f| Form {
                text: f.text.clone(),
                lang: f.kind.lang(),
                kind: t.code("name-form", f.kind.code()),
            })
            .collect();
        let mut reason = t.code("name-form", m.reason.kind.code());
        if m.reason.near {
            reason = format!("{reason} · {}", t.get("match-near"));
        }
        Person {
            original: p.name_original,
            forms,
            reason,
            birth_year: p.birth_year.map_or_else(String::new, |y| y.to_string()),
            hometown: county_in_province(*t, g, &p.hometown_county, &p.hometown_province),
            unit: place(*t, g, PlaceKind::Unit, &p.unit),
            date_of_loss: p.date_of_loss.map(|d| t.date(&d)).unwrap_or_default(),
            place_of_loss: place(*t, g, PlaceKind::PlaceOfLoss, &p.place_of_loss),
            synthetic: p.synthetic,
        }
    }
}

#[derive(Template)]
#[template(path = "missing.html")]
struct MissingPage {
    chrome: Chrome,
    q: String,
    searched: bool,
    /// The query is too short to search (shown as a refusal, answered with 400).
    too_short: bool,
    people: Vec<Person>,
}

/// `GET /missing?q=`.
pub async fn search(
    State(state): State<AppState>,
    chrome: Chrome,
    PageQuery(query): PageQuery<SearchQuery>,
) -> PageResult {
    let q = query.q.map(|q| q.trim().to_owned()).unwrap_or_default();
    let too_short = check_name_query(&q).is_err();
    let people = if q.is_empty() || too_short {
        Vec::new()
    } else {
        let found = state.store.search_missing(&q, RESULTS).await?;
        let g = state.store.gazetteer().await?;
        found
            .iter()
            .map(|m| Person::new(m, &chrome.t, &g))
            .collect()
    };
    let page = MissingPage {
        chrome,
        searched: !q.is_empty() && !too_short,
        too_short,
        q,
        people,
    };
    let status = if too_short {
        StatusCode::BAD_REQUEST
    } else {
        StatusCode::OK
    };
    Ok(render(&page, status))
}
