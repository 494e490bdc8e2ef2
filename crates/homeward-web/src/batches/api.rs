//! `GET /api/v1/batches` and `GET /api/v1/batches/{code}`.

use axum::Json;
use axum::extract::State;

use crate::batches::dto::{BatchDto, BatchSummaryDto};
use crate::batches::load;
use crate::error::{ApiResult, ErrorBody};
use crate::extract::ApiPath;
use crate::state::AppState;

/// Every repatriation batch, by code.
#[utoipa::path(get, path = "/api/v1/batches", tag = "batches",
    responses((status = 200, body = [BatchSummaryDto]), (status = 401, body = ErrorBody)))]
pub async fn list(State(state): State<AppState>) -> ApiResult<Json<Vec<BatchSummaryDto>>> {
    let batches = state.store.batches().await?;
    Ok(Json(batches.iter().map(BatchSummaryDto::from).collect()))
}

/// One batch with its remains, joint verifications, caskets, ceremony, transport, burials, and
/// its signed manifest and receipt (hash, signing key, and whether they verify here).
#[utoipa::path(get, path = "/api/v1/batches/{code}", tag = "batches",
    params(("code" = String, Path, description = "Batch code, e.g. KR-CN-9")),
    responses((status = 200, body = BatchDto), (status = 404, body = ErrorBody)))]
pub async fn get(
    State(state): State<AppState>,
    ApiPath(code): ApiPath<String>,
) -> ApiResult<Json<BatchDto>> {
    let view = load(state.store.as_ref(), &code).await?;
    Ok(Json(view.to_dto()))
}
