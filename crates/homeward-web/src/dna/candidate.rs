//! A candidate explained to a reviewer (`GET /dna/runs/{run}/candidates/{accession}/{family}`):
//! the combined, autosomal, Y and mt LRs; every compared marker's LR, strongest first, each
//! marked as supporting (LR > 1), speaking against (LR < 1) or excluding (LR 0), and whether
//! the run's mutation model explains a Mendelian inconsistency; the markers not compared; and
//! the database version, mutation model, θ and rare-allele frequency that gave the numbers.

use askama::Template;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use homeward_app::dna::explain_candidate;

use super::dna_error;
use super::lr::{human, log10};
use super::page::RunRow;
use crate::chrome::{Chrome, PageResult, render, url_encode};
use crate::error::ApiError;
use crate::state::AppState;

/// One compared marker's line.
struct MarkerLine {
    marker: String,
    lr: String,
    log10: String,
    /// `supports`, `against`, `neutral` or `excludes` (a CSS class and a message suffix).
    verdict: &'static str,
    /// Inconsistent without mutation, and the mutation model gives it an LR above 0.
    mutation: bool,
}

#[derive(Template)]
#[template(path = "dna_candidate.html")]
struct CandidatePage {
    chrome: Chrome,
    accession: String,
    family: String,
    remains_href: String,
    family_href: String,
    lr: String,
    log10: String,
    autosomal: String,
    y: Option<String>,
    mt: Option<String>,
    compared: i64,
    markers: Vec<MarkerLine>,
    /// How many markers support the pair and how many speak against it.
    summary: String,
    /// The markers that exclude the pair, said.
    exclusion: Option<String>,
    /// The inconsistencies the mutation model explains, said.
    explained: Option<String>,
    not_compared: String,
    run: RunRow,
}

/// Whether a marker's LR supports the pair, speaks against it, or excludes it.
fn verdict(lr: f64) -> &'static str {
    if lr == 0.0 {
        "excludes"
    } else if lr > 1.0 {
        "supports"
    } else if lr < 1.0 {
        "against"
    } else {
        "neutral"
    }
}

/// `GET /dna/runs/{run}/candidates/{accession}/{family}`.
pub async fn explain(
    State(state): State<AppState>,
    chrome: Chrome,
    Path((run, accession, family)): Path<(i64, String, String)>,
) -> PageResult {
    let found = explain_candidate(state.store.as_ref(), run, &accession, &family)
        .await
        .map_err(dna_error)?
        .ok_or_else(|| {
            ApiError::not_found("candidate", &format!("{accession} × {family} in run {run}"))
        })?;
    let c = &found.candidate;
    let markers: Vec<MarkerLine> = found
        .markers
        .iter()
        .map(|m| MarkerLine {
            marker: m.marker.clone(),
            lr: human(m.lr),
            log10: log10(m.lr),
            verdict: verdict(m.lr),
            mutation: m.inconsistent && m.lr > 0.0,
        })
        .collect();
    let count = |v: &str| markers.iter().filter(|m| m.verdict == v).count();
    let t = &chrome.t;
    let said = |id: &str, which: &dyn Fn(&MarkerLine) -> bool| {
        let names: Vec<&str> = markers
            .iter()
            .filter(|m| which(m))
            .map(|m| m.marker.as_str())
            .collect();
        (!names.is_empty()).then(|| t.with_text(id, &[("markers", &names.join(", "))]))
    };
    let summary = t.with(
        "dna-verdict-summary",
        &[
            ("supporting", count("supports").into()),
            ("against", count("against").into()),
        ],
    );
    let exclusion = said("dna-exclusion", &|m| m.verdict == "excludes");
    let explained = said("dna-mutation-explains", &|m| m.mutation);
    let page = CandidatePage {
        remains_href: format!("/dna/remains/{}?run={run}", url_encode(&c.remains)),
        family_href: format!("/dna/families/{}?run={run}", url_encode(&c.family)),
        accession: c.remains.clone(),
        family: c.family.clone(),
        lr: human(c.lr),
        log10: log10(c.lr),
        autosomal: human(c.autosomal_lr),
        y: c.y_lr.map(human),
        mt: c.mt_lr.map(human),
        compared: c.markers_compared,
        summary,
        exclusion,
        explained,
        not_compared: found.not_compared.join(", "),
        run: RunRow::new(&chrome.t, &found.run),
        markers,
        chrome,
    };
    Ok(render(&page, StatusCode::OK))
}

#[cfg(test)]
mod tests {
    use super::verdict;

    #[test]
    fn a_marker_supports_speaks_against_or_excludes() {
        assert_eq!(verdict(0.0), "excludes");
        assert_eq!(verdict(1e-6), "against");
        assert_eq!(verdict(1.0), "neutral");
        assert_eq!(verdict(3.5), "supports");
    }
}
