//! `/api/v1/remains`: the list, one case, accessioning, lifecycle steps and personal effects.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::IntoResponse;

use crate::error::{ApiError, ApiResult, ErrorBody};
use crate::extract::{ApiPath, ApiQuery, ApiWrite};
use crate::remains::dto::{
    EffectDto, RemainsDto, RemainsPageDto, RemainsSummaryDto, StatusChangeDto,
};
use crate::remains::input::{NewEffectInput, NewRemainsInput, StatusChangeInput};
use crate::remains::{RemainsQuery, case_by_accession, full_case, non_empty};
use crate::state::AppState;

/// Remains cases matching the filters, by accession number.
#[utoipa::path(get, path = "/api/v1/remains", tag = "remains", params(RemainsQuery),
    responses((status = 200, body = RemainsPageDto), (status = 422, body = ErrorBody)))]
pub async fn list(
    State(state): State<AppState>,
    ApiQuery(query): ApiQuery<RemainsQuery>,
) -> ApiResult<Json<RemainsPageDto>> {
    let filter = query.to_filter(state.store.as_ref()).await?;
    let page = state.store.list_remains(&filter).await?;
    Ok(Json(RemainsPageDto {
        items: page.items.iter().map(RemainsSummaryDto::from).collect(),
        total: page.total,
        limit: filter.limit,
        offset: filter.offset,
    }))
}

/// One case with its effects, status history and custody timeline.
#[utoipa::path(get, path = "/api/v1/remains/{accession}", tag = "remains",
    params(("accession" = String, Path, description = "Accession number")),
    responses((status = 200, body = RemainsDto), (status = 404, body = ErrorBody)))]
pub async fn get(
    State(state): State<AppState>,
    ApiPath(accession): ApiPath<String>,
) -> ApiResult<Json<RemainsDto>> {
    let case = case_by_accession(state.store.as_ref(), &accession).await?;
    Ok(Json(full_case(state.store.as_ref(), &case).await?))
}

/// Accessions a new case in status `recovered`.
#[utoipa::path(post, path = "/api/v1/remains", tag = "remains", request_body = NewRemainsInput,
    responses((status = 201, body = RemainsDto), (status = 409, body = ErrorBody),
        (status = 422, body = ErrorBody)))]
pub async fn create(write: ApiWrite<NewRemainsInput>) -> ApiResult<impl IntoResponse> {
    let (state, caller, input) = write.into_parts();
    let store = state.store.as_ref();
    let site = crate::input::site_named(store, &input.site)
        .await?
        .ok_or_else(|| ApiError::invalid("site", format!("no recovery site \"{}\"", input.site)))?;
    let case = input.into_domain(site.id)?;
    let id = homeward_app::remains::accession(store, &case, caller.write_context()).await?;
    let stored = store
        .remains_case(id)
        .await?
        .ok_or_else(|| ApiError::not_found("remains case", &case.accession))?;
    Ok((StatusCode::CREATED, Json(full_case(store, &stored).await?)))
}

/// Moves a case along its lifecycle. Only the statuses without a record of their own
/// (`nationality_determined`, `designated_domestic_burial`; see `status_step_next`) may be set
/// here: examined, identified, designated for repatriation, handed over and buried are entered
/// by recording the examination, the identification or a repatriation batch's steps. An illegal
/// step is refused with 409 and changes nothing.
#[utoipa::path(post, path = "/api/v1/remains/{accession}/status", tag = "remains",
    params(("accession" = String, Path, description = "Accession number")),
    request_body = StatusChangeInput,
    responses((status = 200, body = StatusChangeDto), (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody,
            description = "The lifecycle does not allow this step, or the status rests on a record"),
        (status = 422, body = ErrorBody)))]
pub async fn change_status(
    ApiPath(accession): ApiPath<String>,
    write: ApiWrite<StatusChangeInput>,
) -> ApiResult<Json<StatusChangeDto>> {
    let (state, caller, input) = write.into_parts();
    let (to, reason) = input.parse()?;
    let case = case_by_accession(state.store.as_ref(), &accession).await?;
    let ctx = caller.write_context();
    let change =
        homeward_app::remains::change_status(&*state.store, case.id, to, reason, ctx).await?;
    Ok(Json(StatusChangeDto::from(&change)))
}

/// Records a personal effect, found with remains (`accession`) or at a site (`site`).
#[utoipa::path(post, path = "/api/v1/effects", tag = "remains", request_body = NewEffectInput,
    responses((status = 201, body = EffectDto), (status = 422, body = ErrorBody)))]
pub async fn create_effect(write: ApiWrite<NewEffectInput>) -> ApiResult<impl IntoResponse> {
    let (state, caller, input) = write.into_parts();
    let store = state.store.as_ref();
    let remains =
        match non_empty(&input.accession) {
            Some(acc) => Some(crate::input::case_named(store, acc).await?.ok_or_else(|| {
                ApiError::invalid("accession", format!("no remains case \"{acc}\""))
            })?),
            None => None,
        };
    let site = match non_empty(&input.site) {
        Some(code) => Some(
            crate::input::site_named(store, code)
                .await?
                .ok_or_else(|| ApiError::invalid("site", format!("no recovery site \"{code}\"")))?
                .id,
        ),
        None => remains.as_ref().map(|r| r.case.site),
    };
    let effect = input.into_domain(remains.map(|r| r.id), site)?;
    let id = store.record_effect(&effect, caller.write_context()).await?;
    let dto = EffectDto::from(&homeward_domain::PersonalEffect { id, effect });
    Ok((StatusCode::CREATED, Json(dto)))
}
