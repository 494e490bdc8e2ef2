//! `/gazetteer`: every name of a place or unit — those the gazetteer keeps and those the records
//! carry — with its Korean, Chinese and English forms, how many records carry it, and which
//! languages it lacks; filtered by kind, text and "lacks a language". Those who may name places
//! (`NamePlaces`) edit each name's forms in place and add a name; a row's form posts to
//! `POST /gazetteer/{kind}` (the add form to `/gazetteer/new`, its kind a field) and comes back
//! to the same list with a notice.

use std::collections::BTreeMap;

use askama::Template;
use axum::Extension;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use homeward_domain::{LocalizedName, NameLanguage, Permission, PlaceKind, SystemText};
use serde::Deserialize;

use crate::auth::Caller;
use crate::chrome::{
    Choice, Chrome, PageQuery, PageResult, group, page_offset, render, url_encode,
};
use crate::error::ApiError;
use crate::flash::{Notice, NoticeKind, shown_once};
use crate::form::PagePost;
use crate::gazetteer::api::GazetteerEntryInput;
use crate::i18n::Tr;
use crate::state::AppState;

/// Names a page lists.
const PAGE_SIZE: u32 = 50;

/// The list's filters, as the query string and the edit forms' hidden fields carry them.
#[derive(Debug, Default, Deserialize)]
pub struct ListQuery {
    /// A kind's code, or none for every kind.
    #[serde(default)]
    kind: Option<String>,
    /// Text the original or any form contains (any case).
    #[serde(default)]
    q: Option<String>,
    /// `1`: only names that lack a language.
    #[serde(default)]
    incomplete: Option<String>,
    /// The page, from 1.
    #[serde(default)]
    page: Option<u32>,
}

impl ListQuery {
    fn only_incomplete(&self) -> bool {
        self.incomplete.as_deref() == Some("1")
    }

    fn kind(&self) -> Option<PlaceKind> {
        self.kind
            .as_deref()
            .and_then(|k| PlaceKind::from_code(k).ok())
    }

    /// The list's address on `page`.
    fn link(&self, page: u32) -> String {
        let mut parts = vec![];
        if let Some(kind) = self.kind() {
            parts.push(format!("kind={}", kind.code()));
        }
        if let Some(q) = self.q.as_deref().map(str::trim).filter(|q| !q.is_empty()) {
            parts.push(format!("q={}", url_encode(q)));
        }
        if self.only_incomplete() {
            parts.push("incomplete=1".to_owned());
        }
        if page > 1 {
            parts.push(format!("page={page}"));
        }
        if parts.is_empty() {
            "/gazetteer".to_owned()
        } else {
            format!("/gazetteer?{}", parts.join("&"))
        }
    }
}

/// One name in the list.
struct Row {
    /// The form's id, unique on the page (its inputs name it with `form=`).
    form_id: String,
    kind_code: &'static str,
    kind: String,
    original: String,
    ko: String,
    zh: String,
    en: String,
    /// Labels of the languages it lacks, e.g. "한국어, English".
    lacks: String,
    records: String,
}

#[derive(Template)]
#[template(path = "gazetteer.html")]
struct GazetteerPage {
    chrome: Chrome,
    notice: Option<Notice>,
    can_edit: bool,
    rows: Vec<Row>,
    kinds: Vec<Choice>,
    new_kinds: Vec<Choice>,
    q: String,
    incomplete: bool,
    /// The current list's filters, for the edit forms' way back.
    back_kind: String,
    back_page: u32,
    summary: String,
    page: u32,
    pages: u32,
    prev: Option<String>,
    next: Option<String>,
}

/// A name as the list merges it: its forms (if the gazetteer keeps it) and how many records
/// carry it.
#[derive(Default)]
struct Merged {
    name: Option<LocalizedName>,
    records: u64,
}

/// Every name the gazetteer keeps or the records carry, by kind and text. A storage location
/// counts for the place the gazetteer finds in it (a laboratory, a site, a cemetery, with or
/// without a position within it: `…, A-12`); one the system wrote itself (a `SystemText`) is
/// no name.
async fn merged(state: &AppState) -> PageResult<BTreeMap<(PlaceKind, String), Merged>> {
    let g = state.store.gazetteer().await?;
    let used = state.store.names_in_use().await?;
    const LOCATION_KINDS: [PlaceKind; 3] = [PlaceKind::Place, PlaceKind::Site, PlaceKind::Cemetery];
    let mut rows: BTreeMap<(PlaceKind, String), Merged> = g
        .entries()
        .into_iter()
        .map(|e| {
            let key = (e.kind, e.name.original.clone());
            let merged = Merged {
                name: Some(e.name),
                records: 0,
            };
            (key, merged)
        })
        .collect();
    for u in used {
        if u.kind == PlaceKind::Place && SystemText::parse(&u.original).is_some() {
            continue;
        }
        let located = (u.kind == PlaceKind::Place)
            .then(|| g.locate(&LOCATION_KINDS, &u.original))
            .flatten();
        let key = match located {
            Some((kind, name, _)) => (kind, name.original.clone()),
            None => (u.kind, u.original),
        };
        rows.entry(key).or_default().records += u.records;
    }
    Ok(rows)
}

fn language_label(t: &Tr, l: NameLanguage) -> String {
    t.get(&format!("gazetteer-lang-{}", l.code()))
}

/// The languages `name` lacks.
fn lacks(name: Option<&LocalizedName>) -> Vec<NameLanguage> {
    NameLanguage::ALL
        .into_iter()
        .filter(|l| name.and_then(|n| n.get(*l)).is_none())
        .collect()
}

fn matches(query: &str, original: &str, name: Option<&LocalizedName>) -> bool {
    let q = query.trim().to_lowercase();
    if q.is_empty() {
        return true;
    }
    let forms = name
        .into_iter()
        .flat_map(|n| NameLanguage::ALL.into_iter().filter_map(move |l| n.get(l)));
    std::iter::once(original)
        .chain(forms)
        .any(|f| f.to_lowercase().contains(&q))
}

fn kind_label(t: &Tr, kind: PlaceKind) -> String {
    t.get(&format!("gazetteer-kind-{}", kind.code()))
}

fn kind_choices(t: &Tr, current: Option<PlaceKind>) -> Vec<Choice> {
    PlaceKind::ALL
        .into_iter()
        .map(|k| Choice {
            value: k.code().to_owned(),
            label: kind_label(t, k),
            selected: current == Some(k),
        })
        .collect()
}

/// `GET /gazetteer`.
pub async fn list(
    State(state): State<AppState>,
    Extension(caller): Extension<Caller>,
    chrome: Chrome,
    headers: HeaderMap,
    PageQuery(query): PageQuery<ListQuery>,
) -> PageResult<Response> {
    let notice = Notice::left(&headers, &chrome.t);
    let shown = notice.is_some();
    let t = chrome.t;
    let all = merged(&state).await?;
    let total = all.len();
    let used = all.values().filter(|m| m.records > 0).count();
    let incomplete_total = all
        .values()
        .filter(|m| !lacks(m.name.as_ref()).is_empty())
        .count();
    let kind = query.kind();
    let q = query.q.clone().unwrap_or_default();
    let chosen: Vec<_> = all
        .iter()
        .filter(|((k, original), m)| {
            kind.is_none_or(|want| *k == want)
                && matches(&q, original, m.name.as_ref())
                && (!query.only_incomplete() || !lacks(m.name.as_ref()).is_empty())
        })
        .collect();
    let (page, offset) = page_offset(query.page, PAGE_SIZE);
    let pages = u32::try_from(chosen.len().div_ceil(PAGE_SIZE as usize))
        .unwrap_or(u32::MAX)
        .max(1);
    let rows = chosen
        .iter()
        .skip(offset as usize)
        .take(PAGE_SIZE as usize)
        .enumerate()
        .map(|(i, ((k, original), m))| {
            let form = |l: NameLanguage| {
                m.name
                    .as_ref()
                    .and_then(|n| n.get(l))
                    .unwrap_or_default()
                    .to_owned()
            };
            Row {
                form_id: format!("name-{i}"),
                kind_code: k.code(),
                kind: kind_label(&t, *k),
                original: original.clone(),
                ko: form(NameLanguage::Ko),
                zh: form(NameLanguage::Zh),
                en: form(NameLanguage::En),
                lacks: lacks(m.name.as_ref())
                    .into_iter()
                    .map(|l| language_label(&t, l))
                    .collect::<Vec<_>>()
                    .join(", "),
                records: group(m.records),
            }
        })
        .collect();
    let summary = t.with_text(
        "gazetteer-summary",
        &[
            ("names", &group(total as u64)),
            ("used", &group(used as u64)),
            ("incomplete", &group(incomplete_total as u64)),
        ],
    );
    let view = GazetteerPage {
        notice,
        can_edit: caller.may(Permission::NamePlaces),
        rows,
        kinds: kind_choices(&t, kind),
        new_kinds: kind_choices(&t, None),
        q,
        incomplete: query.only_incomplete(),
        back_kind: kind.map(|k| k.code().to_owned()).unwrap_or_default(),
        back_page: page,
        summary,
        page,
        pages,
        prev: (page > 1).then(|| query.link(page - 1)),
        next: (page < pages).then(|| query.link(page + 1)),
        chrome,
    };
    Ok(shown_once(
        render(&view, StatusCode::OK),
        &state.config,
        shown,
    ))
}

/// The fields an edit form posts: the name's text and forms, and the list to go back to.
#[derive(Debug, Deserialize)]
pub struct NameFields {
    /// The kind, from the add form (which posts to `/gazetteer/new`); a row's form names its
    /// kind in the path.
    #[serde(default)]
    kind: Option<String>,
    original: String,
    #[serde(default)]
    ko: String,
    #[serde(default)]
    zh: String,
    #[serde(default)]
    en: String,
    #[serde(default)]
    back_kind: Option<String>,
    #[serde(default)]
    back_q: Option<String>,
    #[serde(default)]
    back_incomplete: Option<String>,
    #[serde(default)]
    back_page: Option<u32>,
}

impl NameFields {
    fn back(&self) -> String {
        ListQuery {
            kind: self.back_kind.clone(),
            q: self.back_q.clone(),
            incomplete: self.back_incomplete.clone(),
            page: None,
        }
        .link(self.back_page.unwrap_or(1))
    }
}

/// `POST /gazetteer/{kind}`: records the name's forms (a blank form is removed), then back to
/// the list the form was on, with a notice.
pub async fn save(post: PagePost<NameFields>) -> Response {
    let kinds = (NoticeKind::NameSaved, NoticeKind::NameRefused);
    post.answer_at(
        "/gazetteer".to_owned(),
        kinds,
        async |state, caller, kind, form| {
            let fields = match form {
                Ok(fields) => fields,
                Err(e) => return ("/gazetteer".to_owned(), Err(e)),
            };
            let back = fields.back();
            let kind = match (kind, fields.kind) {
                ("new", Some(chosen)) => chosen,
                (kind, _) => kind.to_owned(),
            };
            let entry = GazetteerEntryInput {
                kind,
                original: fields.original,
                ko: Some(fields.ko),
                zh: Some(fields.zh),
                en: Some(fields.en),
            }
            .into_entry("");
            let result = match entry {
                Ok(entry) => state
                    .store
                    .put_place_names(&[entry], caller.write_context())
                    .await
                    .map(|_| ())
                    .map_err(ApiError::from),
                Err(e) => Err(e),
            };
            (back, result)
        },
    )
    .await
}
