//! The DNA unit's overview (`GET /dna`: frequency databases, what is stored, the screening runs
//! and the latest run's strongest candidates) and a remains case's page (`GET
//! /dna/remains/{accession}`: its profile, partial markers marked, and its best families).

use askama::Template;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use homeward_store::{MatchRun, RunStatus};
use serde::Deserialize;

use super::dto::{CandidateDto, ProfileDto, database_markers};
use super::lr::{human, log10};
use super::{chosen_run, remains_view};
use crate::chrome::{Chrome, PageQuery, PageResult, group, render, url_encode};
use crate::i18n::Tr;
use crate::state::AppState;

/// How many of the latest run's candidates the overview lists.
pub const OVERVIEW_TOP: usize = 20;

/// `?run=` on the DNA pages.
#[derive(Debug, Default, Deserialize)]
pub struct RunParam {
    /// A run's id; the latest finished run without one.
    pub run: Option<i64>,
}

/// A frequency database as the overview lists it.
#[derive(Debug)]
pub struct DatabaseRow {
    name: String,
    version: i64,
    markers: usize,
    format: String,
    imported: String,
}

/// A run as the pages list it.
#[derive(Debug)]
pub struct RunRow {
    /// Its id.
    pub id: i64,
    /// Its status in the page's language.
    pub status: String,
    /// Started.
    pub started: String,
    /// Finished or cancelled, if it has.
    pub finished: String,
    /// `NAME v2`.
    pub database: String,
    /// The mutation model (the translated "none" without one).
    pub mutation: String,
    /// θ.
    pub theta: String,
    /// The rare-allele frequency ("–" without one).
    pub rare: String,
    /// The minimum LR.
    pub min_lr: String,
    /// Families kept per remains.
    pub top: i64,
    /// Candidates stored.
    pub candidates: String,
}

impl RunRow {
    /// `run` in the page's language.
    pub fn new(t: &Tr, run: &MatchRun) -> Self {
        let mutation = match run.inputs.mutation_json.as_str() {
            "null" | "" => t.get("dna-mutation-none"),
            json => json.to_owned(),
        };
        RunRow {
            id: run.id,
            status: t.code("dna-run-status", run.status.code()),
            started: t.datetime(&run.started_at.to_rfc3339()),
            finished: run
                .finished_at
                .map(|f| t.datetime(&f.to_rfc3339()))
                .unwrap_or_default(),
            database: format!("{} v{}", run.frequency_name, run.frequency_version),
            mutation,
            theta: run.inputs.theta.to_string(),
            rare: run
                .inputs
                .rare_allele_frequency
                .map_or_else(|| "–".to_owned(), |f| f.to_string()),
            min_lr: human(run.inputs.min_lr),
            top: run.inputs.top,
            candidates: group(run.candidates.max(0) as u64),
        }
    }
}

/// A candidate as the pages list it.
#[derive(Debug)]
pub struct CandidateRow {
    /// Rank in its list, from 1.
    pub rank: usize,
    /// The remains case's accession number.
    pub remains: String,
    /// Its DNA page.
    pub remains_href: String,
    /// The family's id.
    pub family: String,
    /// Its page.
    pub family_href: String,
    /// The LR written for people.
    pub lr: String,
    /// Its log10.
    pub log10: String,
    /// Markers compared.
    pub markers: i64,
    /// The explanation's page.
    pub explain_href: String,
}

impl CandidateRow {
    /// A ranked candidate as the pages list it.
    pub fn new(c: &CandidateDto) -> Self {
        let (remains, family) = (url_encode(&c.remains), url_encode(&c.family));
        CandidateRow {
            rank: c.rank,
            remains_href: format!("/dna/remains/{remains}?run={}", c.run),
            family_href: format!("/dna/families/{family}?run={}", c.run),
            explain_href: format!("/dna/runs/{}/candidates/{remains}/{family}", c.run),
            remains: c.remains.clone(),
            family: c.family.clone(),
            lr: human(c.lr),
            log10: log10(c.lr),
            markers: c.markers_compared,
        }
    }

    /// A ranked list.
    pub fn all(list: &[CandidateDto]) -> Vec<Self> {
        list.iter().map(Self::new).collect()
    }
}

#[derive(Template)]
#[template(path = "dna.html")]
struct OverviewPage {
    chrome: Chrome,
    databases: Vec<DatabaseRow>,
    remains: String,
    families: String,
    references: String,
    runs: Vec<RunRow>,
    latest: Option<RunRow>,
    top: Vec<CandidateRow>,
}

/// `GET /dna`.
pub async fn overview(State(state): State<AppState>, chrome: Chrome) -> PageResult {
    let store = state.store.as_ref();
    let t = &chrome.t;
    let databases = store
        .frequency_databases()
        .await?
        .into_iter()
        .map(|d| DatabaseRow {
            markers: database_markers(&d.markers_json).len(),
            imported: t.datetime(&d.imported_at.to_rfc3339()),
            name: d.name,
            version: d.version,
            format: d.source_format,
        })
        .collect();
    let counts = store.dna_counts().await?;
    let runs = store.match_runs().await?;
    let latest = runs.iter().rev().find(|r| r.status == RunStatus::Finished);
    let top = match latest {
        Some(run) => {
            let mut all = store.candidates(run.id).await?;
            all.sort_by(|a, b| b.candidate.lr.total_cmp(&a.candidate.lr));
            all.truncate(OVERVIEW_TOP);
            CandidateRow::all(&CandidateDto::ranked(&all))
        }
        None => Vec::new(),
    };
    let page = OverviewPage {
        databases,
        remains: group(counts.remains.max(0) as u64),
        families: group(counts.families.max(0) as u64),
        references: group(counts.references.max(0) as u64),
        runs: runs.iter().rev().map(|r| RunRow::new(t, r)).collect(),
        latest: latest.map(|r| RunRow::new(t, r)),
        top,
        chrome,
    };
    Ok(render(&page, StatusCode::OK))
}

/// A typed marker as the page shows it.
#[derive(Debug)]
pub struct MarkerRow {
    /// The marker.
    pub marker: String,
    /// The two alleles (`–` for one that dropped out).
    pub alleles: String,
    /// An allele dropped out.
    pub dropped: bool,
}

/// A profile's markers as the page shows them.
pub fn marker_rows(profile: &ProfileDto) -> Vec<MarkerRow> {
    profile
        .markers
        .iter()
        .map(|(marker, calls)| MarkerRow {
            marker: marker.clone(),
            alleles: calls
                .iter()
                .map(|c| c.clone().unwrap_or_else(|| "–".to_owned()))
                .collect::<Vec<_>>()
                .join(", "),
            dropped: calls.iter().any(Option::is_none),
        })
        .collect()
}

/// Another run to see the candidates of.
#[derive(Debug)]
pub struct RunChoice {
    /// Its id.
    pub id: i64,
    /// `?run=` on this page.
    pub href: String,
    /// Whether it is the one shown.
    pub current: bool,
}

/// The finished runs as links to `base?run=ID`.
pub fn run_choices(runs: &[MatchRun], shown: Option<&MatchRun>, base: &str) -> Vec<RunChoice> {
    runs.iter()
        .filter(|r| r.status == RunStatus::Finished)
        .map(|r| RunChoice {
            id: r.id,
            href: format!("{base}?run={}", r.id),
            current: shown.is_some_and(|s| s.id == r.id),
        })
        .collect()
}

#[derive(Template)]
#[template(path = "dna_remains.html")]
struct RemainsPage {
    chrome: Chrome,
    /// Open holds: (reason, detail); a held profile is screened with nothing.
    holds: Vec<(String, String)>,
    /// Remains the last direct match found related to this one.
    related: Vec<RelatedRow>,
    accession: String,
    case_href: String,
    typed: bool,
    partial: bool,
    markers: Vec<MarkerRow>,
    untyped: String,
    run: Option<RunRow>,
    runs: Vec<RunChoice>,
    candidates: Vec<CandidateRow>,
}

/// A remains case related to the one shown, as the last direct match found it.
struct RelatedRow {
    accession: String,
    href: String,
    relation: String,
    lr: String,
    markers: i64,
}

/// The open holds on `accession`'s profile and the remains related to it.
async fn holds_and_relations(
    store: &dyn homeward_store::Store,
    t: &crate::i18n::Tr,
    accession: &str,
) -> PageResult<(Vec<(String, String)>, Vec<RelatedRow>)> {
    let holds = store
        .holds(true)
        .await?
        .into_iter()
        .filter(|h| h.hold.sample == accession)
        .map(|h| {
            (
                t.get(&format!("dna-hold-{}", h.hold.reason.code())),
                h.hold.detail,
            )
        })
        .collect();
    let related = store
        .remains_relations(Some(accession))
        .await?
        .into_iter()
        .map(|r| {
            let other = if r.pair.remains_a == accession {
                r.pair.remains_b
            } else {
                r.pair.remains_a
            };
            RelatedRow {
                href: format!("/dna/remains/{}", url_encode(&other)),
                accession: other,
                relation: t.get(&format!("dna-relation-{}", r.pair.relation.code())),
                lr: super::lr::human(r.pair.lr),
                markers: r.pair.markers_compared,
            }
        })
        .collect();
    Ok((holds, related))
}

/// `GET /dna/remains/{accession}`.
pub async fn remains(
    State(state): State<AppState>,
    chrome: Chrome,
    Path(accession): Path<String>,
    PageQuery(query): PageQuery<RunParam>,
) -> PageResult {
    let store = state.store.as_ref();
    let run = chosen_run(store, query.run).await?;
    let view = remains_view(store, &accession, run.as_ref()).await?;
    let all = store.match_runs().await?;
    let encoded = url_encode(&view.remains);
    let profile = view.profile.as_ref();
    let (holds, related) = holds_and_relations(store, &chrome.t, &view.remains).await?;
    let page = RemainsPage {
        holds,
        related,
        case_href: format!("/remains/{encoded}"),
        typed: profile.is_some(),
        partial: profile.is_some_and(|p| p.partial),
        markers: profile.map(marker_rows).unwrap_or_default(),
        untyped: profile.map(|p| p.untyped.join(", ")).unwrap_or_default(),
        run: run.as_ref().map(|r| RunRow::new(&chrome.t, r)),
        runs: run_choices(&all, run.as_ref(), &format!("/dna/remains/{encoded}")),
        candidates: CandidateRow::all(&view.candidates),
        accession: view.remains,
        chrome,
    };
    Ok(render(&page, StatusCode::OK))
}
