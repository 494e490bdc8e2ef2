//! The DNA unit's pages and API (issue 12): the overview (`/dna`), a remains case's best
//! families, a family with its pedigree and best remains, and a candidate explained to a
//! reviewer. Every route needs `read_dna`; a family's contact details need `contact_families`
//! besides. Nothing here is public, and no public page links here.
//!
//! The views are built once here from the store ([`remains_view`], [`family_view`]) and shown
//! by the pages ([`page`], [`family`], [`candidate`]) and the API ([`api`]) alike.

pub mod api;
pub mod candidate;
pub mod dto;
pub mod family;
pub mod lr;
pub mod page;

use homeward_app::dna::DnaError;
use homeward_store::{FamilyRecord, MatchRun, RunStatus, Store};

use crate::error::{ApiError, ApiResult};
use dto::{CandidateDto, FamilyDto, ProfileDto, RemainsCandidatesDto, database_markers};

/// The run asked for (404 when there is none), or else the latest finished run, if any.
pub async fn chosen_run(store: &dyn Store, asked: Option<i64>) -> ApiResult<Option<MatchRun>> {
    if let Some(id) = asked {
        let run = store.match_run(id).await?;
        return run
            .map(Some)
            .ok_or_else(|| ApiError::not_found("match run", &id.to_string()));
    }
    let runs = store.match_runs().await?;
    Ok(runs
        .into_iter()
        .rev()
        .find(|r| r.status == RunStatus::Finished))
}

/// The markers a profile is held against: the run's frequency database's, or else the latest
/// database's (none without a database).
pub async fn known_markers(store: &dyn Store, run: Option<&MatchRun>) -> ApiResult<Vec<String>> {
    let databases = store.frequency_databases().await?;
    let db = match run {
        Some(r) => databases
            .iter()
            .find(|d| d.id == r.inputs.frequency_database),
        None => databases.last(),
    };
    Ok(db
        .map(|d| database_markers(&d.markers_json))
        .unwrap_or_default())
}

/// A remains case's profile and best families in `run` (404 for an unknown case).
pub async fn remains_view(
    store: &dyn Store,
    accession: &str,
    run: Option<&MatchRun>,
) -> ApiResult<RemainsCandidatesDto> {
    let case = crate::remains::case_by_accession(store, accession).await?;
    let accession = case.case.accession.to_string();
    let known = known_markers(store, run).await?;
    let profile = store.remains_profile(&accession).await?;
    let candidates = match run {
        Some(r) => store.remains_candidates(r.id, &accession).await?,
        None => Vec::new(),
    };
    Ok(RemainsCandidatesDto {
        profile: profile.as_ref().map(|p| ProfileDto::of(p, &known)),
        run: run.map(dto::MatchRunDto::from),
        candidates: CandidateDto::ranked(&candidates),
        remains: accession,
    })
}

/// A family with its pedigree, references and best remains in `run` (404 for an unknown id).
pub async fn family_view(
    store: &dyn Store,
    id: &str,
    run: Option<&MatchRun>,
) -> ApiResult<(FamilyRecord, FamilyDto)> {
    let family = store
        .family(id)
        .await?
        .ok_or_else(|| ApiError::not_found("family", id))?;
    let known = known_markers(store, run).await?;
    let candidates = match run {
        Some(r) => store.family_candidates(r.id, id).await?,
        None => Vec::new(),
    };
    let dto = dto::family_dto(&family, &known, run, &candidates);
    Ok((family, dto))
}

/// A DNA use case's failure as the API and the pages answer it.
pub fn dna_error(err: DnaError) -> ApiError {
    match err {
        DnaError::Store(e) => e.into(),
        other => ApiError::new(
            axum::http::StatusCode::INTERNAL_SERVER_ERROR,
            other.to_string(),
        ),
    }
}
