//! `GET /api/v1/handovers` and `GET /api/v1/stats`: published history, public.

use axum::Json;
use axum::extract::State;

use crate::dashboard::dto::{HandoversDto, StatsDto};
use crate::error::ApiResult;
use crate::state::AppState;

/// The historical handovers of remains, with their totals (public: published history).
#[utoipa::path(get, path = "/api/v1/handovers", tag = "registry",
    responses((status = 200, body = HandoversDto)))]
pub async fn handovers(State(state): State<AppState>) -> ApiResult<Json<HandoversDto>> {
    let all = state.store.handovers().await?;
    Ok(Json(HandoversDto::new(&all)))
}

/// Totals for the dashboard (public: the dashboard shows them to everyone).
#[utoipa::path(get, path = "/api/v1/stats", tag = "registry",
    responses((status = 200, body = StatsDto)))]
pub async fn stats(State(state): State<AppState>) -> ApiResult<Json<StatsDto>> {
    let stats = state.store.registry_stats().await?;
    Ok(Json(StatsDto::from(&stats)))
}
