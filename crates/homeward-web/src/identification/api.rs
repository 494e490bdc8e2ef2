//! `POST /api/v1/remains/{accession}/identification`.

use axum::extract::State;
use axum::{Extension, Json};

use crate::auth::Caller;
use crate::error::{ApiResult, ErrorBody};
use crate::extract::{ApiJson, ApiPath};
use crate::identification::dto::IdentificationInput;
use crate::identification::identify;
use crate::remains::dto::RemainsDto;
use crate::remains::{case_by_accession, full_case};
use crate::state::AppState;

/// Records the review committee's identification of a case as a person on the rolls of the
/// missing. Only a case that is `identified` or later may take a name; a case and a person are
/// identified at most once (409).
#[utoipa::path(post, path = "/api/v1/remains/{accession}/identification", tag = "remains",
    params(("accession" = String, Path, description = "Accession number")),
    request_body = IdentificationInput,
    responses((status = 200, body = RemainsDto, description = "The case as identified"),
        (status = 404, body = ErrorBody, description = "No such case or person"),
        (status = 409, body = ErrorBody,
            description = "The case is not yet identified, the armies differ, or the case or \
                           the person is already identified"),
        (status = 422, body = ErrorBody)))]
pub async fn record(
    State(state): State<AppState>,
    Extension(caller): Extension<Caller>,
    ApiPath(accession): ApiPath<String>,
    ApiJson(input): ApiJson<IdentificationInput>,
) -> ApiResult<Json<RemainsDto>> {
    let store = state.store.as_ref();
    identify(store, &caller, &accession, input).await?;
    let case = case_by_accession(store, &accession).await?;
    Ok(Json(full_case(store, &case).await?))
}
