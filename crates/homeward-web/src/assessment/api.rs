//! `POST /api/v1/remains/{accession}/examination` and `…/nationality`: each answers with the
//! whole case as it stands after the write.

use axum::extract::State;
use axum::{Extension, Json};
use homeward_store::Store;

use crate::assessment::dto::{ExaminationInput, NationalityDecisionInput};
use crate::assessment::{decide_nationality, examine};
use crate::auth::Caller;
use crate::error::{ApiResult, ErrorBody};
use crate::extract::{ApiJson, ApiPath};
use crate::remains::dto::RemainsDto;
use crate::remains::{case_by_accession, full_case};
use crate::state::AppState;

/// The case as it stands after a write.
async fn updated(store: &dyn Store, accession: &str) -> ApiResult<Json<RemainsDto>> {
    let case = case_by_accession(store, accession).await?;
    Ok(Json(full_case(store, &case).await?))
}

/// Records the anthropologist's examination: skeletal inventory (elements, completeness),
/// biological profile (sex, age range, stature range) and condition, replacing what was recorded.
#[utoipa::path(post, path = "/api/v1/remains/{accession}/examination", tag = "remains",
    params(("accession" = String, Path, description = "Accession number")),
    request_body = ExaminationInput,
    responses((status = 200, body = RemainsDto, description = "The case as examined"),
        (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn record_examination(
    State(state): State<AppState>,
    Extension(caller): Extension<Caller>,
    ApiPath(accession): ApiPath<String>,
    ApiJson(input): ApiJson<ExaminationInput>,
) -> ApiResult<Json<RemainsDto>> {
    let store = state.store.as_ref();
    examine(store, &caller, &accession, input).await?;
    updated(store, &accession).await
}

/// Records the nationality assessment, its evidence and the review committee's decision,
/// replacing what was recorded. A case needs a determined nationality before it may become
/// `nationality_determined`.
#[utoipa::path(post, path = "/api/v1/remains/{accession}/nationality", tag = "remains",
    params(("accession" = String, Path, description = "Accession number")),
    request_body = NationalityDecisionInput,
    responses((status = 200, body = RemainsDto, description = "The case as assessed"),
        (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody,
            description = "The case has passed `examined`: its nationality cannot be undone"),
        (status = 422, body = ErrorBody)))]
pub async fn record_nationality(
    State(state): State<AppState>,
    Extension(caller): Extension<Caller>,
    ApiPath(accession): ApiPath<String>,
    ApiJson(input): ApiJson<NationalityDecisionInput>,
) -> ApiResult<Json<RemainsDto>> {
    let store = state.store.as_ref();
    decide_nationality(store, &caller, &accession, input).await?;
    updated(store, &accession).await
}
