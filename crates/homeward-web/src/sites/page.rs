//! Recovery sites: the list, and one site with its data and its remains cases.

use askama::Template;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use homeward_domain::{ExcavationPeriod, PlaceKind};
use homeward_store::RemainsFilter;
use serde::Deserialize;

use crate::chrome::{Chrome, PageQuery, PageResult, group, page_offset, render, url_encode};
use crate::i18n::Tr;

use crate::names::{Named, county_in_province, place};
use crate::remains::MAX_LIMIT;
use crate::remains::page::{CaseRow, PAGE_SIZE};
use crate::state::AppState;

/// An excavation campaign: `2019-04-01 – 2019-06-30`, or `2021-05-02 –` while it lasts.
/// An excavation period, its dates as `t`'s language writes them.
fn period(t: &Tr, p: &ExcavationPeriod) -> String {
    let start = t.date(&p.start.to_string());
    match p.end {
        Some(end) => format!("{start} – {}", t.date(&end.to_string())),
        None => format!("{start} –"),
    }
}

struct Row {
    code: String,
    href: String,
    name: Named,
    place: Named,
    battle_area: Named,
    coordinates: String,
    periods: String,
    team: String,
    remains: String,
    remains_href: String,
    synthetic: bool,
}

#[derive(Template)]
#[template(path = "sites.html")]
struct SitesPage {
    chrome: Chrome,
    rows: Vec<Row>,
}

/// `GET /sites`.
pub async fn list(State(state): State<AppState>, chrome: Chrome) -> PageResult {
    let sites = state.store.sites().await?;
    let g = state.store.gazetteer().await?;
    let t = chrome.t;
    let rows = sites
        .iter()
        .map(|s| {
            let site = &s.site.site;
            Row {
                code: site.code.clone(),
                href: format!("/sites/{}", url_encode(&site.code)),
                name: place(t, &g, PlaceKind::Site, &site.name),
                place: county_in_province(t, &g, &site.county, &site.province),
                battle_area: place(t, &g, PlaceKind::Battle, &site.battle_area),
                coordinates: format!("{:.4}, {:.4}", site.latitude, site.longitude),
                periods: site
                    .excavation_periods
                    .iter()
                    .map(|p| period(&chrome.t, p))
                    .collect::<Vec<_>>()
                    .join("; "),
                team: site.team.clone(),
                remains: group(s.remains),
                remains_href: format!("/remains?site={}", url_encode(&site.code)),
                synthetic: site.synthetic,
            }
        })
        .collect();
    Ok(render(&SitesPage { chrome, rows }, StatusCode::OK))
}

#[derive(Template)]
#[template(path = "site_detail.html")]
struct SitePage {
    chrome: Chrome,
    code: String,
    name: Named,
    place: Named,
    battle_area: Named,
    latitude: String,
    longitude: String,
    periods: Vec<String>,
    team: String,
    synthetic: bool,
    cases: Vec<CaseRow>,
    total: String,
    remains_href: String,
    page: u32,
    pages: u32,
    prev: Option<String>,
    next: Option<String>,
}

/// The site page's query string.
#[derive(Debug, Default, Deserialize)]
pub struct SiteQuery {
    page: Option<u32>,
}

/// `GET /sites/{code}`: the site's data and its remains cases, a page at a time.
pub async fn detail(
    State(state): State<AppState>,
    chrome: Chrome,
    Path(code): Path<String>,
    PageQuery(query): PageQuery<SiteQuery>,
) -> PageResult {
    let t = chrome.t;
    let store = state.store.as_ref();
    let site = crate::input::site_found(store, &code).await?;
    let (page, offset) = page_offset(query.page, PAGE_SIZE);
    let filter = RemainsFilter {
        site: Some(site.id),
        limit: PAGE_SIZE.min(MAX_LIMIT),
        offset,
        ..RemainsFilter::default()
    };
    let found = store.list_remains(&filter).await?;
    let g = store.gazetteer().await?;
    let pages = u32::try_from(found.total.div_ceil(u64::from(PAGE_SIZE))).unwrap_or(u32::MAX);
    let s = &site.site;
    let here = format!("/sites/{}", url_encode(&s.code));
    let site_page = SitePage {
        code: s.code.clone(),
        name: place(t, &g, PlaceKind::Site, &s.name),
        place: county_in_province(t, &g, &s.county, &s.province),
        battle_area: place(t, &g, PlaceKind::Battle, &s.battle_area),
        latitude: format!("{:.5}", s.latitude),
        longitude: format!("{:.5}", s.longitude),
        periods: s
            .excavation_periods
            .iter()
            .map(|p| period(&chrome.t, p))
            .collect(),
        team: s.team.clone(),
        synthetic: s.synthetic,
        cases: found
            .items
            .iter()
            .map(|r| CaseRow::new(&t, &g, r))
            .collect(),
        total: group(found.total),
        remains_href: format!("/remains?site={}", url_encode(&s.code)),
        page,
        pages: pages.max(1),
        prev: (page > 1).then(|| format!("{here}?page={}", page - 1)),
        next: (page < pages).then(|| format!("{here}?page={}", page + 1)),
        chrome,
    };
    Ok(render(&site_page, StatusCode::OK))
}
