//! `POST /api/v1/remains/{accession}/custody`: a handling event, signed by the caller's
//! organization.

use axum::Json;
use axum::http::StatusCode;
use axum::response::IntoResponse;

use crate::custody::dto::CustodyEventInput;
use crate::error::{ApiResult, ErrorBody};
use crate::extract::{ApiPath, ApiWrite};
use crate::remains::dto::CustodyEntryDto;

/// Records a handling event for the case (and any others named), signed by the caller's
/// organization's key; `moved` and `stored` also set where the cases are kept.
#[utoipa::path(post, path = "/api/v1/remains/{accession}/custody", tag = "remains",
    params(("accession" = String, Path, description = "Accession number")),
    request_body = CustodyEventInput,
    responses((status = 201, body = CustodyEntryDto),
        (status = 404, body = ErrorBody,
            description = "No such case or effect, or the organization has no signing key"),
        (status = 422, body = ErrorBody)))]
pub async fn record(
    ApiPath(accession): ApiPath<String>,
    write: ApiWrite<CustodyEventInput>,
) -> ApiResult<impl IntoResponse> {
    let (state, caller, input) = write.into_parts();
    let record = input.into_record(&accession)?;
    let entry = state
        .store
        .record_custody_event(&record, caller.write_context())
        .await?;
    Ok((StatusCode::CREATED, Json(CustodyEntryDto::of(&entry))))
}
