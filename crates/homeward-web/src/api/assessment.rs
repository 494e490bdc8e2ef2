//! What the specialists record on a case: the anthropologist's examination (inventory, biological
//! profile, condition) and the review's nationality assessment with the committee's decision.
//! The UI's forms call the same two functions as the API.

use axum::extract::State;
use axum::{Extension, Json};
use homeward_store::Store;

use super::input::{ExaminationInput, NationalityDecisionInput};
use super::remains::{case_by_accession, full_case};
use super::{ApiJson, ApiPath};
use crate::AppState;
use crate::auth::Caller;
use crate::dto::RemainsDto;
use crate::error::{ApiResult, ErrorBody};

/// Records the examination of the case `accession`; a refusal changes nothing.
pub async fn examine(
    store: &dyn Store,
    caller: &Caller,
    accession: &str,
    input: ExaminationInput,
) -> ApiResult<()> {
    let case = case_by_accession(store, accession).await?;
    let exam = input.apply_to(&case.case)?;
    store
        .record_examination(
            case.id,
            &exam.inventory,
            &exam.profile,
            &exam.condition,
            caller.write_context(),
        )
        .await?;
    Ok(())
}

/// Records the nationality assessment of the case `accession`; a refusal changes nothing.
///
/// Once a case has passed `examined`, its lifecycle rests on a determined nationality, so the
/// assessment may be corrected but not set back to `undetermined` (409).
pub async fn decide_nationality(
    store: &dyn Store,
    caller: &Caller,
    accession: &str,
    input: NationalityDecisionInput,
) -> ApiResult<()> {
    let assessment = input.into_domain()?;
    let case = case_by_accession(store, accession).await?;
    store
        .record_nationality(case.id, &assessment, caller.write_context())
        .await?;
    Ok(())
}

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
