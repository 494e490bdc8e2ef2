//! The buried: the public memorial roll (the name of each identified case in its original script
//! with its romanization, else "unknown soldier"; the grave, the date and the batch; searchable
//! by accession number or name, 50 a page), and the staff's cemetery view, each cemetery's graves
//! by section, row and plot.

use std::collections::BTreeMap;

use askama::Template;
use axum::extract::State;
use axum::http::StatusCode;

use crate::batches::page::batch_href;
use crate::chrome::{Chrome, PageQuery, PageResult, group, render, url_encode};
use crate::i18n::{ShownDate, Tr};
use crate::memorial::{MemorialQuery, graves, page_of, search};
use crate::state::{AppState, Grave};

struct MemorialRow {
    name: Option<String>,
    romanized: Option<String>,
    accession: String,
    cemetery: String,
    section: String,
    row: String,
    plot: String,
    date: Option<ShownDate>,
    batch: Option<String>,
}

impl MemorialRow {
    fn new(t: &Tr, g: &Grave) -> Self {
        MemorialRow {
            name: g.name.clone(),
            romanized: g.romanized.clone(),
            accession: g.accession.clone(),
            cemetery: t.stored_text(&g.cemetery),
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
    let href = |p: u32| {
        if q.is_empty() {
            format!("/memorial?page={p}")
        } else {
            format!("/memorial?q={}&page={p}", url_encode(&q))
        }
    };
    let view = MemorialPage {
        total: group(found.len() as u64),
        named: group(found.iter().filter(|g| g.name.is_some()).count() as u64),
        rows: shown
            .iter()
            .map(|g| MemorialRow::new(&chrome.t, g))
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
    name: String,
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
            .entry(chrome.t.stored_text(&g.cemetery))
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
    let cemeteries = by_cemetery
        .into_iter()
        .map(|(name, graves)| Cemetery {
            name,
            count: group(graves.len() as u64),
            graves,
        })
        .collect();
    Ok(render(
        &CemeteriesPage { chrome, cemeteries },
        StatusCode::OK,
    ))
}
