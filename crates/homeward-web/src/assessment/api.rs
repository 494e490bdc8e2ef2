//! `POST /api/v1/remains/{accession}/examination` and `…/nationality`: each answers with the
//! whole case as it stands after the write.

use axum::Json;

use crate::assessment::dto::{ExaminationInput, NationalityDecisionInput};
use crate::assessment::{decide_nationality, examine};
use crate::error::{ApiResult, ErrorBody};
use crate::extract::{ApiPath, ApiWrite};
use crate::remains::dto::RemainsDto;

/// Records the anthropologist's examination: skeletal inventory (elements, completeness),
/// biological profile (sex, age range, stature range) and condition, replacing what was recorded.
#[utoipa::path(post, path = "/api/v1/remains/{accession}/examination", tag = "remains",
    params(("accession" = String, Path, description = "Accession number")),
    request_body = ExaminationInput,
    responses((status = 200, body = RemainsDto, description = "The case as examined"),
        (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn record_examination(
    ApiPath(accession): ApiPath<String>,
    write: ApiWrite<ExaminationInput>,
) -> ApiResult<Json<RemainsDto>> {
    write
        .then_case(&accession, async |state, caller, accession, input| {
            examine(state.store.as_ref(), caller, accession, input).await
        })
        .await
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
    ApiPath(accession): ApiPath<String>,
    write: ApiWrite<NationalityDecisionInput>,
) -> ApiResult<Json<RemainsDto>> {
    write
        .then_case(&accession, async |state, caller, accession, input| {
            decide_nationality(state.store.as_ref(), caller, accession, input).await
        })
        .await
}
