//! The DNA API: a remains case's best families, a family with its pedigree and best remains,
//! and the screening runs. Only for `read_dna` holders (the route table says so).

use axum::Json;
use axum::extract::State;
use serde::Deserialize;
use utoipa::IntoParams;

use super::dto::{FamilyDto, MatchRunDto, RemainsCandidatesDto};
use super::{chosen_run, family_view, remains_view};
use crate::error::{ApiResult, ErrorBody};
use crate::extract::{ApiPath, ApiQuery};
use crate::state::AppState;

/// Which run's candidates.
#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct RunQuery {
    /// A run's id (default: the latest finished run).
    pub run: Option<i64>,
}

/// A remains case's profile and its best families, LR descending.
#[utoipa::path(get, path = "/api/v1/dna/remains/{accession}/candidates", tag = "dna",
    params(("accession" = String, Path, description = "Accession number"), RunQuery),
    responses((status = 200, body = RemainsCandidatesDto), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody)))]
pub async fn remains_candidates(
    State(state): State<AppState>,
    ApiPath(accession): ApiPath<String>,
    ApiQuery(query): ApiQuery<RunQuery>,
) -> ApiResult<Json<RemainsCandidatesDto>> {
    let store = state.store.as_ref();
    let run = chosen_run(store, query.run).await?;
    Ok(Json(remains_view(store, &accession, run.as_ref()).await?))
}

/// A family: its claimed identity, pedigree, references' profiles and best remains.
#[utoipa::path(get, path = "/api/v1/dna/families/{id}", tag = "dna",
    params(("id" = String, Path, description = "The family's id"), RunQuery),
    responses((status = 200, body = FamilyDto), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody)))]
pub async fn family(
    State(state): State<AppState>,
    ApiPath(id): ApiPath<String>,
    ApiQuery(query): ApiQuery<RunQuery>,
) -> ApiResult<Json<FamilyDto>> {
    let store = state.store.as_ref();
    let run = chosen_run(store, query.run).await?;
    Ok(Json(family_view(store, &id, run.as_ref()).await?.1))
}

/// Every screening run, oldest first.
#[utoipa::path(get, path = "/api/v1/dna/runs", tag = "dna",
    responses((status = 200, body = [MatchRunDto]), (status = 403, body = ErrorBody)))]
pub async fn runs(State(state): State<AppState>) -> ApiResult<Json<Vec<MatchRunDto>>> {
    let runs = state.store.match_runs().await?;
    Ok(Json(runs.iter().map(MatchRunDto::from).collect()))
}
