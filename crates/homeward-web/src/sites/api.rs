//! `/api/v1/sites`: the list, one site, and a new site.

use axum::extract::State;
use axum::http::StatusCode;
use axum::{Json, response::IntoResponse};

use crate::error::{ApiResult, ErrorBody};
use crate::extract::{ApiPath, ApiWrite};
use crate::sites::dto::{NewSiteInput, SiteDto};
use crate::state::AppState;

/// Every recovery site with its remains count, by code.
#[utoipa::path(get, path = "/api/v1/sites", tag = "sites",
    responses((status = 200, body = [SiteDto]), (status = 401, body = ErrorBody)))]
pub async fn list_sites(State(state): State<AppState>) -> ApiResult<Json<Vec<SiteDto>>> {
    let sites = state.store.sites().await?;
    Ok(Json(sites.iter().map(SiteDto::from).collect()))
}

/// One recovery site by its code.
#[utoipa::path(get, path = "/api/v1/sites/{code}", tag = "sites",
    params(("code" = String, Path, description = "Site code")),
    responses((status = 200, body = SiteDto), (status = 404, body = ErrorBody)))]
pub async fn get_site(
    State(state): State<AppState>,
    ApiPath(code): ApiPath<String>,
) -> ApiResult<Json<SiteDto>> {
    let site = crate::input::site_found(state.store.as_ref(), &code).await?;
    Ok(Json(SiteDto::from(&site)))
}

/// Records a recovery site.
#[utoipa::path(post, path = "/api/v1/sites", tag = "sites", request_body = NewSiteInput,
    responses((status = 201, body = SiteDto), (status = 409, body = ErrorBody),
        (status = 422, body = ErrorBody)))]
pub async fn create_site(write: ApiWrite<NewSiteInput>) -> ApiResult<impl IntoResponse> {
    let (state, caller, input) = write.into_parts();
    let site = input.into_domain()?;
    state
        .store
        .create_site(&site, caller.write_context())
        .await?;
    let stored = crate::input::site_found(state.store.as_ref(), &site.code).await?;
    Ok((StatusCode::CREATED, Json(SiteDto::from(&stored))))
}
