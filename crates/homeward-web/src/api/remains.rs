//! Remains cases: the filtered list, one case with its effects and history, accession, the
//! lifecycle, and personal effects.

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::IntoResponse;
use axum::{Extension, Json};
use homeward_domain::{LifecycleStatus, Nationality, RemainsCase};
use homeward_store::{RemainsFilter, Store};
use serde::Deserialize;
use utoipa::IntoParams;

use super::custody::custody_of;
use super::input::{NewEffectInput, NewRemainsInput, StatusChangeInput};
use super::{ApiJson, ApiPath, ApiQuery};
use crate::AppState;
use crate::auth::Caller;
use crate::dto::{
    EffectDto, IdentificationDto, RemainsDto, RemainsPageDto, RemainsSummaryDto, StatusChangeDto,
};
use crate::error::{ApiError, ApiResult, ErrorBody};

/// The largest page the API serves.
pub const MAX_LIMIT: u32 = 500;

/// Filters and paging for the remains list.
#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct RemainsQuery {
    /// Status code.
    pub status: Option<String>,
    /// Site code.
    pub site: Option<String>,
    /// Nationality code.
    pub nationality: Option<String>,
    /// Accession or any external number (exact or prefix).
    pub number: Option<String>,
    /// Page size (default 50, at most 500).
    pub limit: Option<u32>,
    /// Rows to skip.
    pub offset: Option<u32>,
}

fn non_empty(value: &Option<String>) -> Option<&str> {
    value.as_deref().map(str::trim).filter(|v| !v.is_empty())
}

impl RemainsQuery {
    /// The store's filter, with codes resolved (an unknown site code is a 422 naming `site`).
    pub async fn to_filter(&self, store: &dyn Store) -> ApiResult<RemainsFilter> {
        let status = non_empty(&self.status)
            .map(LifecycleStatus::from_code)
            .transpose()?;
        let nationality = non_empty(&self.nationality)
            .map(Nationality::from_code)
            .transpose()?;
        let site = match non_empty(&self.site) {
            Some(code) => Some(
                store
                    .site_by_code(code)
                    .await?
                    .ok_or_else(|| {
                        ApiError::invalid("site", format!("no recovery site \"{code}\""))
                    })?
                    .id,
            ),
            None => None,
        };
        Ok(RemainsFilter {
            status,
            site,
            nationality,
            number: non_empty(&self.number).map(str::to_owned),
            limit: self.limit.unwrap_or(50).clamp(1, MAX_LIMIT),
            offset: self.offset.unwrap_or(0),
        })
    }
}

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

/// A case by accession number, or 404.
pub async fn case_by_accession(store: &dyn Store, accession: &str) -> ApiResult<RemainsCase> {
    store
        .remains_by_accession(accession)
        .await?
        .ok_or_else(|| ApiError::not_found("remains case", accession))
}

/// The full view of a case: its site, effects, status history and custody timeline.
pub async fn full_case(store: &dyn Store, case: &RemainsCase) -> ApiResult<RemainsDto> {
    let site = store.site(case.case.site).await?;
    let effects = store.effects_of_remains(case.id).await?;
    let history = store.status_history(case.id).await?;
    let mut dto = RemainsDto::new(case, site.as_ref(), &effects, &history);
    dto.custody = custody_of(store, &case.case.accession).await?;
    dto.identification = store
        .identification(case.id)
        .await?
        .as_ref()
        .map(IdentificationDto::from);
    Ok(dto)
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
pub async fn create(
    State(state): State<AppState>,
    Extension(caller): Extension<Caller>,
    ApiJson(input): ApiJson<NewRemainsInput>,
) -> ApiResult<impl IntoResponse> {
    let store = state.store.as_ref();
    let site = store
        .site_by_code(&input.site)
        .await?
        .ok_or_else(|| ApiError::invalid("site", format!("no recovery site \"{}\"", input.site)))?;
    let case = input.into_domain(site.id)?;
    let id = store
        .accession_remains(&case, caller.write_context())
        .await?;
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
    State(state): State<AppState>,
    Extension(caller): Extension<Caller>,
    ApiPath(accession): ApiPath<String>,
    ApiJson(input): ApiJson<StatusChangeInput>,
) -> ApiResult<Json<StatusChangeDto>> {
    let (to, reason) = input.parse()?;
    let case = case_by_accession(state.store.as_ref(), &accession).await?;
    let change = state
        .store
        .change_status(case.id, to, reason, caller.write_context())
        .await?;
    Ok(Json(StatusChangeDto::from(&change)))
}

/// Records a personal effect, found with remains (`accession`) or at a site (`site`).
#[utoipa::path(post, path = "/api/v1/effects", tag = "remains", request_body = NewEffectInput,
    responses((status = 201, body = EffectDto), (status = 422, body = ErrorBody)))]
pub async fn create_effect(
    State(state): State<AppState>,
    Extension(caller): Extension<Caller>,
    ApiJson(input): ApiJson<NewEffectInput>,
) -> ApiResult<impl IntoResponse> {
    let store = state.store.as_ref();
    let remains =
        match non_empty(&input.accession) {
            Some(acc) => Some(store.remains_by_accession(acc).await?.ok_or_else(|| {
                ApiError::invalid("accession", format!("no remains case \"{acc}\""))
            })?),
            None => None,
        };
    let site = match non_empty(&input.site) {
        Some(code) => Some(
            store
                .site_by_code(code)
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
