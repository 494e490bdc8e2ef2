//! `POST /api/v1/remains/{accession}/identification`.

use axum::Json;

use crate::error::{ApiResult, ErrorBody};
use crate::extract::{ApiPath, ApiWrite};
use crate::identification::dto::IdentificationInput;
use crate::identification::identify;
use crate::remains::dto::RemainsDto;

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
    ApiPath(accession): ApiPath<String>,
    write: ApiWrite<IdentificationInput>,
) -> ApiResult<Json<RemainsDto>> {
    write
        .then_case(&accession, async |state, caller, accession, input| {
            identify(state.store.as_ref(), caller, accession, input).await
        })
        .await
}
