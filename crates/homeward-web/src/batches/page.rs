//! Repatriation batches: the list with each batch's state, and one batch with its steps, remains,
//! caskets, ceremony, transport, burials and signed documents.

use askama::Template;
use axum::Extension;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use homeward_app::repatriation::{DocumentCheck, DocumentStatus};
use homeward_domain::{BatchState, Official, Permission, PlaceKind};

use crate::auth::Caller;
use crate::batches::dto::TotalsDto;
use crate::batches::load;
use crate::chrome::{Chrome, PageResult, group, render, url_encode};
use crate::flash::{Notice, shown_once};
use crate::i18n::Tr;
use crate::names::{self, Named};
use crate::state::AppState;

/// `/batches/{code}` for a batch code.
pub fn batch_href(code: &str) -> String {
    format!("/batches/{}", url_encode(code))
}

struct Row {
    code: String,
    href: String,
    sequence: u32,
    sender: Named,
    receiver: Named,
    state: String,
}

#[derive(Template)]
#[template(path = "batches.html")]
struct BatchesPage {
    chrome: Chrome,
    rows: Vec<Row>,
}

/// `GET /batches`.
pub async fn list(State(state): State<AppState>, chrome: Chrome) -> PageResult {
    let batches = state.store.batches().await?;
    let t = chrome.t;
    let rows = batches
        .iter()
        .map(|b| Row {
            code: b.code.clone(),
            href: batch_href(&b.code),
            sequence: b.batch.sequence_number,
            sender: names::named(t, &b.batch.sender.names),
            receiver: names::named(t, &b.batch.receiver.names),
            state: t.code("batch-state", b.state.code()),
        })
        .collect();
    Ok(render(&BatchesPage { chrome, rows }, StatusCode::OK))
}

/// One step of the indicator.
#[derive(Debug)]
pub struct Step {
    /// Its name in the page's language.
    pub label: String,
    /// `done`, `current` or `todo`.
    pub class: &'static str,
}

/// The six steps, marked against where the batch stands.
pub fn steps(t: &Tr, at: BatchState) -> Vec<Step> {
    BatchState::ALL
        .iter()
        .map(|s| Step {
            label: t.code("batch-state", s.code()),
            class: match s.cmp(&at) {
                std::cmp::Ordering::Less => "done",
                std::cmp::Ordering::Equal => "current",
                std::cmp::Ordering::Greater => "todo",
            },
        })
        .collect()
}

/// How a signed document verified, in the page's language.
pub fn verification_label(t: &Tr, doc: &DocumentCheck) -> String {
    match &doc.status {
        DocumentStatus::Verified => t.get("doc-verified"),
        DocumentStatus::UnknownKey => t.get("doc-key-unknown"),
        DocumentStatus::Invalid { reason } => format!("{}: {reason}", t.get("doc-failed")),
    }
}

/// A case's biological profile in the page's language: `male · 18–25 years · 160–170 cm`.
fn profile(t: &Tr, p: &homeward_domain::BiologicalProfile) -> String {
    let mut parts = vec![t.code("sex", p.sex.code())];
    if let Some((a, b)) = p.age_range {
        parts.push(format!("{a}–{b} {}", t.get("unit-years")));
    }
    if let Some((a, b)) = p.stature_range_cm {
        parts.push(format!("{a}–{b} cm"));
    }
    parts.join(" · ")
}

struct RemainsRow {
    accession: String,
    href: String,
    profile: String,
    verification: String,
    casket: String,
    burial: String,
}

struct CasketRow {
    number: u32,
    ceremonial: bool,
    remains: Vec<(String, String)>,
    effects: Vec<String>,
}

struct DocRow {
    title: String,
    sha256: String,
    key_id: String,
    signer: String,
    status: String,
    ok: bool,
}

#[derive(Template)]
#[template(path = "batch_detail.html")]
struct BatchPage {
    chrome: Chrome,
    code: String,
    sequence: u32,
    sender: Named,
    receiver: Named,
    state: String,
    steps: Vec<Step>,
    totals: TotalsDto,
    effects_total: String,
    remains: Vec<RemainsRow>,
    /// The joint verification most cases share (shown once) and how many share it.
    common_verification: Option<(String, usize)>,
    caskets: Vec<CasketRow>,
    ceremony: Option<Vec<(String, String)>>,
    transport: Option<Vec<(String, String)>>,
    documents: Vec<DocRow>,
    protocol_href: String,
    notice: Option<Notice>,
    forms: Option<StepForms>,
}

/// The forms of a planned batch, for those who take its steps.
struct StepForms {
    /// Where the forms post, e.g. `/batches/KR-CN-9`.
    action: String,
    /// The batch's cases still without a joint verification.
    unverified: Vec<String>,
}

/// Folds the text most of `texts` share (when at least two share it): each of those becomes
/// `same`, and the shared text is returned with how many shared it, to be shown once.
fn fold_common<'a>(
    texts: impl Iterator<Item = &'a mut String>,
    same: &str,
) -> Option<(String, usize)> {
    let mut texts: Vec<&mut String> = texts.collect();
    let mut counts: std::collections::BTreeMap<&str, usize> = std::collections::BTreeMap::new();
    for t in &texts {
        if t.as_str() != "—" {
            *counts.entry(t.as_str()).or_default() += 1;
        }
    }
    let (common, n) = counts
        .into_iter()
        .max_by_key(|(_, n)| *n)
        .filter(|(_, n)| *n >= 2)
        .map(|(t, n)| (t.to_owned(), n))?;
    for t in texts.iter_mut().filter(|t| t.as_str() == common) {
        **t = same.to_owned();
    }
    Some((common, n))
}

fn names(list: &[String]) -> String {
    list.join(", ")
}

/// Officials as the page of `t` shows them, one after another.
fn officials(t: Tr, list: &[Official]) -> String {
    list.iter()
        .map(|o| names::official(t, o).to_string())
        .collect::<Vec<_>>()
        .join(", ")
}

/// `GET /batches/{code}`.
pub async fn detail(
    State(state): State<AppState>,
    Extension(caller): Extension<Caller>,
    chrome: Chrome,
    headers: HeaderMap,
    Path(code): Path<String>,
) -> PageResult {
    let notice = Notice::left(&headers, &chrome.t);
    let shown = notice.is_some();
    let view = load(state.store.as_ref(), &code).await?;
    let gazetteer = state.store.gazetteer().await?;
    let t = chrome.t;
    let r = &view.record;
    let b = &r.batch;
    let mut remains: Vec<RemainsRow> = r
        .remains
        .iter()
        .map(|m| RemainsRow {
            accession: m.accession.clone(),
            href: format!("/remains/{}", url_encode(&m.accession)),
            profile: profile(&t, &m.profile),
            verification: m.verification.as_ref().map_or_else(
                || "—".to_owned(),
                |v| {
                    let agreed = if v.both_agreed {
                        t.get("batch-agreed")
                    } else {
                        t.get("batch-disagreed")
                    };
                    format!(
                        "{} · {} / {} · {agreed}{}",
                        t.date(&v.date.to_string()),
                        names(&v.sending_experts),
                        names(&v.receiving_experts),
                        if v.notes.is_empty() {
                            String::new()
                        } else {
                            format!(" — {}", v.notes)
                        }
                    )
                },
            ),
            casket: m.casket.map_or_else(|| "—".to_owned(), |c| c.to_string()),
            burial: m.burial.as_ref().map_or_else(
                || "—".to_owned(),
                |g| {
                    format!(
                        "{} · {} {} · {} {} · {} {} · {}",
                        names::location(t, &gazetteer, &g.cemetery),
                        t.get("grave-section"),
                        g.section,
                        t.get("grave-row"),
                        g.row,
                        t.get("grave-plot"),
                        g.plot,
                        t.date(&g.date.to_string())
                    )
                },
            ),
        })
        .collect();
    let common_verification = fold_common(
        remains.iter_mut().map(|row| &mut row.verification),
        &t.get("batch-verification-same"),
    );
    let caskets = r
        .caskets
        .iter()
        .map(|c| CasketRow {
            number: c.number,
            ceremonial: c.ceremonial,
            remains: c
                .remains
                .iter()
                .map(|a| (a.clone(), format!("/remains/{}", url_encode(a))))
                .collect(),
            effects: c
                .effects
                .iter()
                .map(|e| e.effect.description.clone())
                .collect(),
        })
        .collect();
    let ceremony = r.ceremony.as_ref().map(|c| {
        vec![
            (t.get("ceremony-date"), t.date(&c.date.to_string())),
            (
                t.get("ceremony-place"),
                names::named(t, &c.place).to_string(),
            ),
            (
                t.get("ceremony-sending"),
                officials(t, &c.sending_officials),
            ),
            (
                t.get("ceremony-receiving"),
                officials(t, &c.receiving_officials),
            ),
        ]
    });
    let transport = r.transport.as_ref().map(|x| {
        vec![
            (
                t.get("transport-carrier"),
                names::place(t, &gazetteer, PlaceKind::Unit, &x.carrier).to_string(),
            ),
            (t.get("transport-aircraft"), x.aircraft.clone()),
            (
                t.get("transport-flight"),
                x.flight.clone().unwrap_or_else(|| "—".to_owned()),
            ),
            (t.get("transport-escort"), x.escort.clone()),
            (
                t.get("transport-departure"),
                format!(
                    "{}, {}",
                    names::location(t, &gazetteer, &x.departure_place),
                    t.date(&x.departure_date.to_string())
                ),
            ),
            (
                t.get("transport-arrival"),
                format!(
                    "{}, {}",
                    names::location(t, &gazetteer, &x.arrival_place),
                    t.date(&x.arrival_date.to_string())
                ),
            ),
        ]
    });
    let documents = [
        (t.get("doc-manifest"), &view.manifest),
        (t.get("doc-receipt"), &view.receipt),
    ]
    .into_iter()
    .filter_map(|(title, doc)| {
        doc.as_ref().map(|d| DocRow {
            title,
            sha256: d.sha256.clone(),
            key_id: d.signer_key_id.clone(),
            signer: d.signer.clone().unwrap_or_else(|| "—".to_owned()),
            status: verification_label(&t, d),
            ok: d.status == DocumentStatus::Verified,
        })
    })
    .collect();
    let totals = TotalsDto::of(r);
    let page = BatchPage {
        code: b.code.clone(),
        sequence: b.batch.sequence_number,
        sender: names::party(t, &b.batch.sender),
        receiver: names::party(t, &b.batch.receiver),
        state: t.code("batch-state", b.state.code()),
        steps: steps(&t, b.state),
        effects_total: group(totals.effects),
        totals,
        remains,
        common_verification,
        caskets,
        ceremony,
        transport,
        documents,
        protocol_href: format!("{}/protocol", batch_href(&b.code)),
        notice,
        forms: (b.state == BatchState::Planned && caller.may(Permission::Repatriate)).then(|| {
            StepForms {
                action: batch_href(&b.code),
                unverified: r
                    .remains
                    .iter()
                    .filter(|m| m.verification.is_none())
                    .map(|m| m.accession.clone())
                    .collect(),
            }
        }),
        chrome,
    };
    Ok(shown_once(
        render(&page, StatusCode::OK),
        &state.config,
        shown,
    ))
}
