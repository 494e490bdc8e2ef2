//! A stored candidate explained to a reviewer: its per-marker LRs (strongest first), the markers
//! the frequency database holds that were not compared, and the markers where the pair is
//! inconsistent under Mendel's laws alone — so the page can say whether the run's mutation
//! model explains an inconsistency (LR > 0 with it) or the marker excludes the pair (LR 0).
//!
//! The inconsistencies are found by evaluating the pair again, as `homeward kinship lr` would,
//! with the run's database, θ and rare-allele frequency but no mutation model.

use homeward_kinship::{FrequencyTable, evaluate_case_json};
use homeward_store::{MatchRun, NewCandidate, Store};

use super::DnaError;
use super::convert::case_json;

/// One compared marker of a candidate.
#[derive(Debug, Clone, PartialEq)]
pub struct MarkerEvidence {
    /// The marker.
    pub marker: String,
    /// Its LR in the run (with the run's mutation model).
    pub lr: f64,
    /// Whether the genotypes are inconsistent without mutation (a Mendelian inconsistency).
    pub inconsistent: bool,
}

/// A candidate with what a reviewer needs to weigh it.
#[derive(Debug, Clone, PartialEq)]
pub struct Explanation {
    /// The run that found it (its database version and model).
    pub run: MatchRun,
    /// The candidate as stored.
    pub candidate: NewCandidate,
    /// Its compared markers, LR descending (then by name).
    pub markers: Vec<MarkerEvidence>,
    /// Markers of the run's frequency database that were not compared (untyped in the remains
    /// or not given), by name.
    pub not_compared: Vec<String>,
}

/// Explains the candidate (`accession`, `family`) of run `run`; `None` when the run or the
/// candidate does not exist.
pub async fn explain_candidate(
    store: &dyn Store,
    run: i64,
    accession: &str,
    family: &str,
) -> Result<Option<Explanation>, DnaError> {
    let Some(run) = store.match_run(run).await? else {
        return Ok(None);
    };
    let candidates = store.remains_candidates(run.id, accession).await?;
    let Some(stored) = candidates
        .into_iter()
        .find(|c| c.candidate.family == family)
    else {
        return Ok(None);
    };
    let candidate = stored.candidate;
    let marker_lrs: serde_json::Map<String, serde_json::Value> =
        serde_json::from_str(&candidate.marker_lrs_json)
            .map_err(|e| DnaError::Option(format!("stored marker LRs are unreadable: {e}")))?;
    let db = store
        .frequency_databases()
        .await?
        .into_iter()
        .find(|d| d.id == run.inputs.frequency_database)
        .ok_or_else(|| DnaError::Option("the run's frequency database is gone".into()))?;
    let table = FrequencyTable::from_json_str(&db.markers_json)?;
    let inconsistent = inconsistent_markers(store, &run, &table, accession, family).await?;
    let mut markers: Vec<MarkerEvidence> = marker_lrs
        .iter()
        .map(|(marker, lr)| MarkerEvidence {
            marker: marker.clone(),
            lr: lr.as_f64().unwrap_or(f64::NAN),
            inconsistent: inconsistent.contains(marker),
        })
        .collect();
    markers.sort_by(|a, b| b.lr.total_cmp(&a.lr).then_with(|| a.marker.cmp(&b.marker)));
    let mut not_compared: Vec<String> = table
        .markers()
        .iter()
        .map(|m| m.marker().to_owned())
        .filter(|m| !marker_lrs.contains_key(m))
        .collect();
    not_compared.sort();
    Ok(Some(Explanation {
        run,
        candidate,
        markers,
        not_compared,
    }))
}

/// The markers where the pair's LR is 0 without a mutation model.
async fn inconsistent_markers(
    store: &dyn Store,
    run: &MatchRun,
    table: &FrequencyTable,
    accession: &str,
    family: &str,
) -> Result<Vec<String>, DnaError> {
    let (Some(profile), Some(record)) = (
        store.remains_profile(accession).await?,
        store.family(family).await?,
    ) else {
        return Ok(Vec::new());
    };
    let case = case_json(
        table,
        &record,
        &profile.alleles_json,
        "null",
        run.inputs.theta,
        run.inputs.rare_allele_frequency,
    )?;
    let report = evaluate_case_json(&case)?;
    Ok(report
        .markers()
        .iter()
        .filter(|m| m.h1.is_some() && m.lr.value() == 0.0)
        .map(|m| m.marker.clone())
        .collect())
}
