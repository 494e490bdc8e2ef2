//! The remains pages: the filtered list, and the case page with its history, custody timeline,
//! effects and the forms the caller's role may use.

use askama::Template;
use axum::extract::{Path, State};
use axum::http::header::LOCATION;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::{Extension, Form};
use homeward_domain::{Gazetteer, LifecycleStatus, Permission, PlaceKind};
use serde::Deserialize;

use crate::auth::Caller;
use crate::chrome::{
    Choice, Chrome, PageError, PageQuery, PageResult, group, page_error, page_offset, render,
    url_encode,
};
use crate::error::ApiError;
use crate::flash::{Notice, shown_once};
use crate::form::PagePost;
use crate::i18n::{ShownDate, StoredText, Tr};
use crate::names::{self, Named, location, place};
use crate::remains::dto::{RemainsDto, Vocabulary};
use crate::remains::forms::{CustodyForm, ExaminationForm, NationalityForm, case_page};
use crate::remains::{RemainsQuery, case_by_accession, full_case_named};
use crate::state::AppState;
use homeward_store::RemainsSummary;

/// Cases per page in the list.
pub const PAGE_SIZE: u32 = 50;

/// Nationalities offered by the list's filter.
const NATIONALITIES: [&str; 4] = ["undetermined", "rok", "cpv", "kpa"];

/// Whether a case in the status `code` may be identified (nationality determined or later; the
/// identification moves a `nationality_determined` case to `identified`).
fn may_take_a_name(code: &str) -> bool {
    LifecycleStatus::from_code(code).is_ok_and(|s| s >= LifecycleStatus::NationalityDetermined)
}

/// The list's query string.
#[derive(Debug, Default, Deserialize)]
pub struct ListQuery {
    status: Option<String>,
    site: Option<String>,
    nationality: Option<String>,
    q: Option<String>,
    page: Option<u32>,
}

/// One case as the lists show it (this list, and a site's page), its status and nationality
/// translated.
pub(crate) struct CaseRow {
    /// The accession number.
    pub(crate) accession: String,
    /// The case page.
    pub(crate) href: String,
    /// Where it was recovered.
    pub(crate) site_name: Named,
    /// When, as the page's language writes it.
    pub(crate) recovery_date: ShownDate,
    /// Its status, translated.
    pub(crate) status: String,
    /// Its nationality, translated.
    pub(crate) nationality: String,
    /// Generated demo data.
    pub(crate) synthetic: bool,
}

impl CaseRow {
    /// The row of `r` in `t`'s language.
    pub(crate) fn new(t: &Tr, gazetteer: &Gazetteer, r: &RemainsSummary) -> Self {
        CaseRow {
            accession: r.accession.clone(),
            href: case_page(&r.accession),
            site_name: place(*t, gazetteer, PlaceKind::Site, &r.site_name),
            recovery_date: t.shown_date(r.recovery_date),
            status: t.code("status", r.status.code()),
            nationality: t.nationality(&r.nationality.code()),
            synthetic: r.synthetic,
        }
    }
}

#[derive(Template)]
#[template(path = "remains_list.html")]
struct ListPage {
    chrome: Chrome,
    rows: Vec<CaseRow>,
    statuses: Vec<Choice>,
    sites: Vec<Choice>,
    nationalities: Vec<Choice>,
    q: String,
    total: String,
    page: u32,
    pages: u32,
    prev: Option<String>,
    next: Option<String>,
    error: Option<String>,
}

fn choices(
    all: impl IntoIterator<Item = (String, String)>,
    current: &Option<String>,
) -> Vec<Choice> {
    all.into_iter()
        .map(|(value, label)| Choice {
            selected: current.as_deref() == Some(value.as_str()),
            value,
            label,
        })
        .collect()
}

fn page_link(query: &ListQuery, page: u32) -> String {
    let mut parts = vec![];
    for (key, value) in [
        ("status", &query.status),
        ("site", &query.site),
        ("nationality", &query.nationality),
        ("q", &query.q),
    ] {
        if let Some(v) = value.as_deref().filter(|v| !v.is_empty()) {
            parts.push(format!("{key}={}", url_encode(v)));
        }
    }
    parts.push(format!("page={page}"));
    format!("/remains?{}", parts.join("&"))
}

/// `GET /remains`.
pub async fn list(
    State(state): State<AppState>,
    chrome: Chrome,
    PageQuery(query): PageQuery<ListQuery>,
) -> PageResult {
    let t = chrome.t;
    let (page, offset) = page_offset(query.page, PAGE_SIZE);
    let api_query = RemainsQuery {
        status: query.status.clone(),
        site: query.site.clone(),
        nationality: query.nationality.clone(),
        number: query.q.clone(),
        limit: Some(PAGE_SIZE),
        offset: Some(offset),
    };
    let sites = state.store.sites().await?;
    let (found, error, status) = match api_query.to_filter(state.store.as_ref()).await {
        Ok(filter) => (
            state.store.list_remains(&filter).await?,
            None,
            StatusCode::OK,
        ),
        Err(e) => (
            homeward_store::Page {
                items: vec![],
                total: 0,
            },
            Some(e.message),
            e.status,
        ),
    };
    let pages = u32::try_from(found.total.div_ceil(u64::from(PAGE_SIZE))).unwrap_or(u32::MAX);
    let gazetteer = state.store.gazetteer().await?;
    let list = ListPage {
        rows: found
            .items
            .iter()
            .map(|r| CaseRow::new(&t, &gazetteer, r))
            .collect(),
        statuses: choices(
            LifecycleStatus::ALL.map(|s| (s.code().to_owned(), t.code("status", s.code()))),
            &query.status,
        ),
        sites: choices(
            sites.iter().map(|s| {
                (
                    s.site.site.code.clone(),
                    format!(
                        "{} · {}",
                        s.site.site.code,
                        place(t, &gazetteer, PlaceKind::Site, &s.site.site.name)
                    ),
                )
            }),
            &query.site,
        ),
        nationalities: choices(
            NATIONALITIES.map(|n| (n.to_owned(), t.nationality(n))),
            &query.nationality,
        ),
        q: query.q.clone().unwrap_or_default(),
        total: group(found.total),
        page,
        pages: pages.max(1),
        prev: (page > 1).then(|| page_link(&query, page - 1)),
        next: (page < pages).then(|| page_link(&query, page + 1)),
        error,
        chrome,
    };
    Ok(render(&list, status))
}

struct HistoryRow {
    from: String,
    to: String,
    actor: String,
    at: String,
    reason: StoredText,
}

/// One custody ledger entry as the case page lists it.
struct CustodyRow {
    sequence: i64,
    at: String,
    kind: String,
    event: String,
    actor: String,
    organization: String,
    location: Named,
    details: StoredText,
    hash: String,
    short_hash: String,
    signer: String,
}

struct EffectRow {
    category: String,
    description: String,
    inscription: String,
    condition: String,
    disposition: String,
}

#[derive(Template)]
#[template(path = "remains_detail.html")]
struct DetailPage {
    chrome: Chrome,
    case: RemainsDto,
    status: String,
    context: String,
    /// The texts people and the system both write, shown in the page's language or as typed.
    evidence: StoredText,
    decision: Option<StoredText>,
    basis: StoredText,
    /// The skeletal elements found, named in the page's language.
    elements: String,
    recovery_date: ShownDate,
    sex: String,
    nationality: String,
    age: String,
    stature: String,
    history: Vec<HistoryRow>,
    effects: Vec<EffectRow>,
    custody: Vec<CustodyRow>,
    next_statuses: Vec<Choice>,
    /// Some next statuses are entered only by recording what they rest on (say so).
    next_by_record: bool,
    can_change: bool,
    action: String,
    notice: Option<Notice>,
    examination: Option<ExaminationForm>,
    nationality_form: Option<NationalityForm>,
    identification_form: Option<String>,
    custody_form: Option<CustodyForm>,
    site_href: String,
    /// The recovery site's name in the page's language.
    site: Named,
    /// Where the case is kept, in the page's language where the gazetteer names the place.
    storage: Named,
}

async fn detail_page(
    state: &AppState,
    chrome: Chrome,
    caller: &Caller,
    accession: &str,
    notice: Option<Notice>,
    status: StatusCode,
) -> PageResult {
    let t = chrome.t;
    let store = state.store.as_ref();
    let case = case_by_accession(store, accession).await?;
    // The timeline's codes (a batch's step, a nationality) named in the page's language.
    let gazetteer = store.gazetteer().await?;
    let organizations = store.organizations().await?;
    // A signing organization as the page's language names it (its record's three forms), or a
    // unit the gazetteer names (a flight's carrier).
    let organization = |recorded: &str| {
        organizations
            .iter()
            .find(|o| o.name == recorded)
            .map(|o| names::named(t, &o.names).to_string())
            .or_else(|| {
                let unit = gazetteer.locate(&[PlaceKind::Unit], recorded);
                unit.map(|(_, name, _)| names::named(t, name).to_string())
            })
            .unwrap_or_else(|| recorded.to_owned())
    };
    let name = |vocabulary: Vocabulary, code: &str| match vocabulary {
        Vocabulary::BatchStep => t.code("batch-state", code),
        Vocabulary::Nationality => t.nationality(code),
        Vocabulary::Place => location(t, &gazetteer, code).to_string(),
        Vocabulary::Stored => t.stored_text(code),
        Vocabulary::Organization => organization(code),
    };
    let dto = full_case_named(store, &case, &name).await?;
    let range = |r: Option<[u16; 2]>, unit: &str| {
        r.map_or_else(|| "—".to_owned(), |[a, b]| format!("{a}–{b} {unit}"))
    };
    let page = DetailPage {
        status: t.code("status", &dto.status),
        context: t.code("context", &dto.context),
        evidence: t.stored(&dto.nationality.evidence),
        decision: dto
            .nationality
            .committee_decision
            .as_deref()
            .map(|d| t.stored(d)),
        basis: t.stored(dto.identification.as_ref().map_or("", |i| i.basis.as_str())),
        elements: t.elements(&dto.inventory.elements),
        recovery_date: t.shown_date(&dto.recovery_date),
        sex: t.code("sex", &dto.profile.sex),
        nationality: t.nationality(&dto.nationality.nationality),
        age: range(
            dto.profile.age_range.map(|[a, b]| [a.into(), b.into()]),
            &t.get("unit-years"),
        ),
        stature: range(dto.profile.stature_range_cm, "cm"),
        history: dto
            .history
            .iter()
            .map(|h| HistoryRow {
                from: h
                    .from
                    .as_deref()
                    .map_or_else(String::new, |f| t.code("status", f)),
                to: t.code("status", &h.to),
                actor: h.actor.clone(),
                at: t.datetime(&h.at),
                reason: t.stored(&h.reason),
            })
            .collect(),
        effects: dto
            .effects
            .iter()
            .map(|e| EffectRow {
                category: t.code("category", &e.category),
                description: e.description.clone(),
                inscription: e.inscription.clone().unwrap_or_default(),
                condition: e.condition.clone(),
                disposition: t.code("disposition", &e.disposition),
            })
            .collect(),
        custody: dto
            .custody
            .iter()
            .map(|c| CustodyRow {
                sequence: c.sequence,
                at: t.datetime(&c.time),
                kind: t.code("custody-kind", &c.kind),
                event: c.event.clone(),
                actor: c.actor.clone(),
                organization: organization(&c.organization),
                location: location(t, &gazetteer, &c.location),
                details: t.stored(&c.details),
                hash: c.hash.clone(),
                short_hash: c.short_hash().to_owned(),
                signer: c.signer_key_id.clone(),
            })
            .collect(),
        next_statuses: dto
            .status_step_next
            .iter()
            .map(|s| Choice {
                value: s.clone(),
                label: t.code("status", s),
                selected: false,
            })
            .collect(),
        can_change: caller.may(Permission::ChangeStatus) && !dto.status_step_next.is_empty(),
        next_by_record: caller.may(Permission::ChangeStatus)
            && dto.allowed_next.len() > dto.status_step_next.len(),
        action: format!("/remains/{}/status", url_encode(&dto.accession)),
        notice,
        examination: caller
            .may(Permission::Examine)
            .then(|| ExaminationForm::new(&t, &dto)),
        nationality_form: caller
            .may(Permission::DecideNationality)
            .then(|| NationalityForm::new(&t, &dto)),
        identification_form: (caller.may(Permission::Identify)
            && dto.identification.is_none()
            && may_take_a_name(&dto.status))
        .then(|| format!("/remains/{}/identification", url_encode(&dto.accession))),
        custody_form: caller
            .may(Permission::RecordCustody)
            .then(|| CustodyForm::new(&t, &dto.accession, &t.stored_text(&dto.storage_location))),
        site_href: format!("/sites/{}", url_encode(&dto.site_code)),
        site: place(t, &gazetteer, PlaceKind::Site, &dto.site_name),
        storage: location(t, &gazetteer, &dto.storage_location),
        case: dto,
        chrome,
    };
    Ok(render(&page, status))
}

/// `GET /remains/{accession}`: the case, with the notice a form left (shown once).
pub async fn detail(
    State(state): State<AppState>,
    Extension(caller): Extension<Caller>,
    chrome: Chrome,
    headers: HeaderMap,
    Path(accession): Path<String>,
) -> PageResult {
    let notice = Notice::left(&headers, &chrome.t);
    let shown = notice.is_some();
    let response = detail_page(&state, chrome, &caller, &accession, notice, StatusCode::OK).await;
    Ok(shown_once(response.into_response(), &state.config, shown))
}

/// The status-change form.
#[derive(Debug, Deserialize)]
pub struct StatusForm {
    to: String,
    #[serde(default)]
    reason: String,
}

/// `POST /remains/{accession}/status`: moves the case on, or shows the refusal on the case page.
pub async fn change_status(post: PagePost<StatusForm>) -> Response {
    let PagePost {
        state,
        caller,
        lang,
        key: accession,
        form,
    } = post;
    let chrome = Chrome::new(lang, &caller, &case_page(&accession));
    // A status that rests on its own record is refused by the store; say why in the visitor's
    // language above the rule's own message.
    let wanted = form
        .as_ref()
        .ok()
        .and_then(|f| LifecycleStatus::from_code(&f.to).ok());
    let result = async {
        let Form(form) = form?;
        let input = crate::remains::input::StatusChangeInput {
            to: form.to,
            reason: form.reason,
        };
        let (to, reason) = input.parse()?;
        let case = case_by_accession(state.store.as_ref(), &accession).await?;
        let ctx = caller.write_context();
        homeward_app::remains::change_status(&*state.store, case.id, to, reason, ctx).await?;
        Ok::<_, ApiError>(())
    }
    .await;
    match result {
        Ok(()) => (StatusCode::SEE_OTHER, [(LOCATION, case_page(&accession))]).into_response(),
        Err(e) if e.status == StatusCode::NOT_FOUND => page_error(chrome, e),
        Err(e) => {
            let status = e.status;
            let mut notice = Notice::refused(e);
            if wanted.is_some_and(|s| !s.set_by_status_step()) {
                notice.headline = chrome.t.get("status-refused-needs-record");
            }
            let fallback = chrome.clone();
            detail_page(&state, chrome, &caller, &accession, Some(notice), status)
                .await
                .unwrap_or_else(|PageError(e)| page_error(fallback, e))
        }
    }
}
