//! A screening run from the store (`homeward match`): every stored remains profile against
//! every stored family, with a stored frequency database and a model, on all cores; the run is
//! recorded as running first, and its candidates are stored with its finished status in one
//! transaction (or it is recorded cancelled when screening fails).

use std::collections::HashMap;
use std::sync::Once;
use std::sync::atomic::{AtomicUsize, Ordering};

use homeward_domain::UserId;
use homeward_kinship::screen::{self, RemainsProfile, ScreeningModel};
use homeward_kinship::{FrequencyTable, MutationModel, evaluate_case_json};
use homeward_store::{FamilyRecord, MatchRun, NewCandidate, NewMatchRun, Store, StoredProfile};
use rayon::prelude::*;

use super::DnaError;
use super::convert::{
    case_json_with, families_from_records, frequencies_object, profile_from_json,
};
use crate::{Clock, Progress};

/// What a run screens with.
#[derive(Debug, Clone, PartialEq)]
pub struct MatchOptions {
    /// Keep the pairs with at least this LR.
    pub min_lr: f64,
    /// At most this many families per remains.
    pub top: usize,
    /// `NAME` (its latest version) or `NAME@VERSION`; `None`: the database imported last.
    pub frequencies: Option<String>,
    /// The mutation model as JSON (`{"model": "equal", "rate": 0.002}`); `None`: no mutation.
    pub mutation_json: Option<String>,
    /// Balding–Nichols θ.
    pub theta: f64,
    /// Frequency of alleles absent from the database; `None`: the database's own, if any.
    pub rare_allele_frequency: Option<f64>,
}

/// A finished run.
#[derive(Debug, Clone, PartialEq)]
pub struct MatchOutcome {
    /// The stored run.
    pub run: MatchRun,
}

/// Screens every stored remains profile against every stored family and stores the run and its
/// candidates (the exact LR of each pair with LR ≥ `min_lr`, the best `top` per remains; the
/// same candidates whatever the number of threads). `clock` times the run's writes by `actor`.
pub async fn run_match(
    store: &dyn Store,
    options: &MatchOptions,
    progress: &dyn Progress,
    clock: &dyn Clock,
    actor: Option<UserId>,
) -> Result<MatchOutcome, DnaError> {
    screen_stored(store, options, None, progress, clock, actor).await
}

/// Screens one remains case's stored profile (by accession number) against every stored family
/// and stores its candidates as a run of its own: what a new profile needs, without rescreening
/// the rest.
pub async fn match_one(
    store: &dyn Store,
    options: &MatchOptions,
    accession: &str,
    progress: &dyn Progress,
    clock: &dyn Clock,
    actor: Option<UserId>,
) -> Result<MatchOutcome, DnaError> {
    screen_stored(store, options, Some(accession), progress, clock, actor).await
}

/// [`run_match`] over every stored remains profile, or only the one of `only`.
async fn screen_stored(
    store: &dyn Store,
    options: &MatchOptions,
    only: Option<&str>,
    progress: &dyn Progress,
    clock: &dyn Clock,
    actor: Option<UserId>,
) -> Result<MatchOutcome, DnaError> {
    if !(options.min_lr.is_finite() && options.min_lr > 0.0) {
        return Err(DnaError::Option(format!(
            "--min-lr: {} is not a positive number",
            options.min_lr
        )));
    }
    if options.top == 0 {
        return Err(DnaError::Option("--top: must be at least 1".into()));
    }
    let mutation = match &options.mutation_json {
        Some(json) => MutationModel::from_json(json)
            .map_err(|e| DnaError::Option(format!("--mutation: {e}")))?,
        None => MutationModel::default(),
    };
    let mutation_json = match &options.mutation_json {
        Some(json) => serde_json::from_str::<serde_json::Value>(json)
            .map_err(|e| DnaError::Option(format!("--mutation: {e}")))?
            .to_string(),
        None => "null".to_owned(),
    };
    let db = frequency_database(store, options.frequencies.as_deref()).await?;
    let table = FrequencyTable::from_json_str(&db.markers_json)?;
    let rare = options.rare_allele_frequency.or(db.rare_allele_frequency);
    let model = ScreeningModel {
        mutation,
        rare_allele_frequency: rare,
        theta: options.theta,
    };
    progress.stage("reading profiles and families", 0);
    let mut stored_remains = store.remains_profiles().await?;
    if let Some(accession) = only {
        stored_remains.retain(|p| p.sample == accession);
        if stored_remains.is_empty() {
            return Err(DnaError::Option(format!(
                "remains {accession} have no stored profile"
            )));
        }
    }
    let mut remains = stored_remains
        .iter()
        .map(|p| {
            Ok(RemainsProfile {
                id: p.sample.clone(),
                profile: profile_from_json(&p.alleles_json, &p.sample)?,
            })
        })
        .collect::<Result<Vec<_>, DnaError>>()?;
    // The contamination guard: held profiles (elimination match, mixture) are not screened.
    let held = super::guard::held_samples(store, &remains, clock.write(actor)).await?;
    remains.retain(|r| !held.contains(&r.id));
    stored_remains.retain(|p| !held.contains(&p.sample));
    let records = store.families().await?;
    let families = families_from_records(&records)?;
    let inputs = NewMatchRun {
        min_lr: options.min_lr,
        top: i64::try_from(options.top).unwrap_or(i64::MAX),
        frequency_database: db.id,
        mutation_json: mutation_json.clone(),
        theta: options.theta,
        rare_allele_frequency: rare,
        remains: remains.len() as i64,
        families: families.len() as i64,
    };
    let run = store.start_match_run(&inputs, clock.write(actor)).await?;
    let screened = screen_blocking(|| {
        let staged = Once::new();
        let reported = AtomicUsize::new(0);
        let found = screen::screen(
            &remains,
            &families,
            &table,
            &model,
            options.min_lr,
            options.top,
            &|done, total| {
                staged.call_once(|| progress.stage("screening", total as u64));
                let before = reported.fetch_max(done, Ordering::Relaxed);
                if done > before {
                    progress.advance((done - before) as u64);
                }
            },
        )?;
        explain(
            &found,
            &table,
            &records,
            &stored_remains,
            &mutation_json,
            &model,
        )
    });
    let candidates = match screened {
        Ok(c) => c,
        Err(e) => {
            store.cancel_match_run(run.id, clock.write(actor)).await?;
            return Err(DnaError::Cancelled {
                run: run.id,
                cause: Box::new(e),
            });
        }
    };
    progress.stage("storing candidates", 0);
    let run = store
        .finish_match_run(run.id, &candidates, clock.write(actor))
        .await?;
    progress.finish();
    Ok(MatchOutcome { run })
}

/// Runs CPU-bound `work` so that it does not stall the runtime's other tasks where the runtime
/// can hand its thread over (a multi-thread runtime); on a current-thread runtime it just runs.
fn screen_blocking<T>(work: impl FnOnce() -> T) -> T {
    match tokio::runtime::Handle::try_current() {
        Ok(h) if h.runtime_flavor() == tokio::runtime::RuntimeFlavor::MultiThread => {
            tokio::task::block_in_place(work)
        }
        _ => work(),
    }
}

/// The stored form of each candidate: its exact LR, and the per-marker LRs of its CASE.json
/// (the pair as `homeward kinship lr` reads it), computed on all cores.
fn explain(
    found: &[screen::Candidate],
    table: &FrequencyTable,
    families: &[FamilyRecord],
    remains: &[StoredProfile],
    mutation_json: &str,
    model: &ScreeningModel,
) -> Result<Vec<NewCandidate>, DnaError> {
    let families: HashMap<&str, &FamilyRecord> =
        families.iter().map(|f| (f.id.as_str(), f)).collect();
    let remains: HashMap<&str, &StoredProfile> =
        remains.iter().map(|p| (p.sample.as_str(), p)).collect();
    let frequencies = frequencies_object(table);
    let model_of = (mutation_json, model.theta, model.rare_allele_frequency);
    found
        .par_iter()
        .map(|c| {
            let family = families
                .get(c.family.as_str())
                .ok_or_else(|| DnaError::Option(format!("family {} vanished", c.family)))?;
            let profile = remains
                .get(c.remains.as_str())
                .ok_or_else(|| DnaError::Option(format!("remains {} vanished", c.remains)))?;
            let case = case_json_with(&frequencies, family, &profile.alleles_json, model_of)?;
            let report = evaluate_case_json(&case)?;
            let markers: serde_json::Map<String, serde_json::Value> = report
                .markers()
                .iter()
                .filter(|m| m.h1.is_some())
                .map(|m| (m.marker.clone(), serde_json::Value::from(m.lr.value())))
                .collect();
            Ok(NewCandidate {
                remains: c.remains.clone(),
                family: c.family.clone(),
                lr: c.lr,
                autosomal_lr: c.lr,
                y_lr: None,
                mt_lr: None,
                markers_compared: c.markers as i64,
                marker_lrs_json: serde_json::Value::Object(markers).to_string(),
            })
        })
        .collect()
}

/// The database `NAME[@VERSION]`, or the one imported last.
pub(super) async fn frequency_database(
    store: &dyn Store,
    named: Option<&str>,
) -> Result<homeward_store::FrequencyDatabase, DnaError> {
    match named {
        Some(text) => {
            let (name, version) = match text.rsplit_once('@') {
                Some((name, v)) => {
                    let v = v.parse::<i64>().map_err(|_| {
                        DnaError::Option(format!("--frequencies: \"{v}\" is not a version"))
                    })?;
                    (name, Some(v))
                }
                None => (text, None),
            };
            store
                .frequency_database(name, version)
                .await?
                .ok_or_else(|| {
                    DnaError::Option(format!("--frequencies: no frequency database \"{text}\""))
                })
        }
        None => store
            .frequency_databases()
            .await?
            .pop()
            .ok_or_else(|| {
                DnaError::Option(
                    "no frequency database in the registry: `homeward import frequencies NAME FILE` first"
                        .into(),
                )
            }),
    }
}
