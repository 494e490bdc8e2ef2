//! The public search of the rolls of the missing: names in their original script beside their
//! romanizations, and only the public facts (never family, DNA or contact data).

use askama::Template;
use axum::extract::State;
use axum::http::StatusCode;
use homeward_domain::check_name_query;
use serde::Deserialize;

use crate::chrome::{Chrome, PageQuery, PageResult, render};
use crate::missing::dto::PublicMissingPersonDto;
use crate::state::AppState;

/// Results shown per search.
pub const RESULTS: u32 = 50;

/// The search form's query string.
#[derive(Debug, Default, Deserialize)]
pub struct SearchQuery {
    q: Option<String>,
}

struct Person {
    original: String,
    /// Other forms, each with its script's `lang` tag.
    forms: Vec<(String, &'static str)>,
    birth_year: String,
    hometown: String,
    unit: String,
    date_of_loss: String,
    place_of_loss: String,
    synthetic: bool,
}

impl From<PublicMissingPersonDto> for Person {
    fn from(p: PublicMissingPersonDto) -> Self {
        let forms = [
            (p.name_hanzi, "zh-Hans"),
            (p.name_pinyin, "zh-Latn"),
            (p.name_hangul, "ko"),
            (p.name_rr, "ko-Latn"),
        ]
        .into_iter()
        .filter_map(|(form, tag)| {
            form.filter(|f| !f.is_empty() && *f != p.name_original)
                .map(|f| (f, tag))
        })
        .collect();
        Person {
            original: p.name_original,
            forms,
            birth_year: p.birth_year.map_or_else(String::new, |y| y.to_string()),
            hometown: [p.hometown_county, p.hometown_province]
                .into_iter()
                .filter(|s| !s.is_empty())
                .collect::<Vec<_>>()
                .join(", "),
            unit: p.unit,
            date_of_loss: p.date_of_loss.unwrap_or_default(),
            place_of_loss: p.place_of_loss,
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
        found
            .iter()
            .map(|m| Person::from(PublicMissingPersonDto::from(m)))
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
