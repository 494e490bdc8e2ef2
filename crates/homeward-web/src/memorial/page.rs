//! The buried: the public memorial roll (the name of each identified case in its original script
//! with its romanization, else "unknown soldier"; the grave, the date and the batch; searchable
//! by accession number or name, 50 a page), and the staff's cemetery view, each cemetery's graves
//! by section, row and plot.

use std::collections::BTreeMap;

use askama::Template;
use axum::extract::State;
use axum::http::StatusCode;
use homeward_domain::Gazetteer;

use crate::batches::page::batch_href;
use crate::chrome::{Chrome, PageQuery, PageResult, group, render, url_encode};
use crate::i18n::{ShownDate, Tr};
use crate::memorial::{Found, MemorialQuery, graves, page_of, search};
use crate::names::{Named, location};
use crate::state::AppState;

/// One form of a name as the roll shows it: text, `lang` tag, kind (translated).
struct Form {
    text: String,
    lang: &'static str,
    kind: String,
}

struct MemorialRow {
    name: Option<String>,
    /// The name's other forms (recorded and computed).
    forms: Vec<Form>,
    /// Why the name matched the search, translated; `None` without a name search.
    reason: Option<String>,
    accession: String,
    cemetery: Named,
    section: String,
    row: String,
    plot: String,
    date: Option<ShownDate>,
    batch: Option<String>,
}

impl MemorialRow {
    fn new(found: &Found<'_>, t: &Tr, gazetteer: &Gazetteer) -> Self {
        let g = found.grave;
        let forms = g
            .forms
            .forms()
            .iter()
            .filter(|f| Some(&f.text) != g.name.as_ref())
            .map(|f| Form {
                text: f.text.clone(),
                lang: f.kind.lang(),
                kind: t.code("name-form", f.kind.code()),
            })
            .collect();
        let reason = found.reason.map(|r| {
            let kind = t.code("name-form", r.kind.code());
            if r.near {
                format!("{kind} · {}", t.get("match-near"))
            } else {
                kind
            }
        });
        MemorialRow {
            name: g.name.clone(),
            forms,
            reason,
            accession: g.accession.clone(),
            cemetery: location(*t, gazetteer, &g.cemetery),
            section: g.section.clone(),
            row: g.row.clone(),
            plot: g.plot.clone(),
            date: g.date.map(|d| t.shown_date(d)),
            batch: g.batch.clone(),
        }
    }
}

#[derive(Template)]
#[template(path = "memorial.html")]
struct MemorialPage {
    chrome: Chrome,
    q: String,
    total: String,
    named: String,
    rows: Vec<MemorialRow>,
    page: u32,
    pages: u32,
    prev: Option<String>,
    next: Option<String>,
}

/// `GET /memorial` (public).
pub async fn roll(
    State(state): State<AppState>,
    chrome: Chrome,
    PageQuery(query): PageQuery<MemorialQuery>,
) -> PageResult {
    let q = query.q.unwrap_or_default().trim().to_owned();
    let page = query.page.unwrap_or(1).max(1);
    let all = graves(&state).await?;
    let found = search(&all, &q);
    let (shown, pages) = page_of(&found, page);
    let gazetteer = state.store.gazetteer().await?;
    let href = |p: u32| {
        if q.is_empty() {
            format!("/memorial?page={p}")
        } else {
            format!("/memorial?q={}&page={p}", url_encode(&q))
        }
    };
    let view = MemorialPage {
        total: group(found.len() as u64),
        named: group(found.iter().filter(|f| f.grave.name.is_some()).count() as u64),
        rows: shown
            .iter()
            .map(|f| MemorialRow::new(f, &chrome.t, &gazetteer))
            .collect(),
        prev: (page > 1).then(|| href(page - 1)),
        next: (page < pages).then(|| href(page + 1)),
        page,
        pages,
        q,
        chrome,
    };
    Ok(render(&view, StatusCode::OK))
}

struct GraveRow {
    section: String,
    row: String,
    plot: String,
    accession: String,
    href: String,
    date: Option<ShownDate>,
    batch: Option<(String, String)>,
}

struct Cemetery {
    name: Named,
    graves: Vec<GraveRow>,
    count: String,
}

#[derive(Template)]
#[template(path = "cemeteries.html")]
struct CemeteriesPage {
    chrome: Chrome,
    cemeteries: Vec<Cemetery>,
}

/// `GET /cemeteries`: every cemetery with its graves.
pub async fn cemeteries(State(state): State<AppState>, chrome: Chrome) -> PageResult {
    let all = graves(&state).await?;
    let mut by_cemetery: BTreeMap<String, Vec<GraveRow>> = BTreeMap::new();
    for g in all.iter() {
        by_cemetery
            .entry(g.cemetery.clone())
            .or_default()
            .push(GraveRow {
                section: g.section.clone(),
                row: g.row.clone(),
                plot: g.plot.clone(),
                accession: g.accession.clone(),
                href: format!("/remains/{}", url_encode(&g.accession)),
                date: g.date.map(|d| chrome.t.shown_date(d)),
                batch: g.batch.as_ref().map(|b| (b.clone(), batch_href(b))),
            });
    }
    let gazetteer = state.store.gazetteer().await?;
    let cemeteries = by_cemetery
        .into_iter()
        .map(|(name, graves)| Cemetery {
            name: location(chrome.t, &gazetteer, &name),
            count: group(graves.len() as u64),
            graves,
        })
        .collect();
    Ok(render(
        &CemeteriesPage { chrome, cemeteries },
        StatusCode::OK,
    ))
}
