//! `/api/v1/missing`: the public search (rules from `homeward_domain::check_name_query`) and
//! new entries.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::IntoResponse;
use homeward_domain::{ResultPage, SearchRefusal, check_name_query};
use serde::Deserialize;
use utoipa::IntoParams;

use crate::error::{ApiError, ApiResult, ErrorBody};
use crate::extract::{ApiQuery, ApiWrite};
use crate::missing::dto::{CreatedDto, NewMissingInput, PublicMissingPersonDto};
use crate::state::AppState;

/// A search of the public roll.
#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct MissingQuery {
    /// A name in any script or romanization, at least two characters; small spelling
    /// differences are tolerated.
    pub q: Option<String>,
    /// At most this many results (default 20, at most 100).
    pub limit: Option<u32>,
    /// Results to skip, for the next page (at most 100).
    pub offset: Option<u32>,
}

/// 400 naming the query parameter a search rule refused.
fn refused(refusal: SearchRefusal) -> ApiError {
    ApiError::new(StatusCode::BAD_REQUEST, refusal.to_string())
}

/// Searches the public roll of the missing. Only public fields are returned. A name shorter than
/// two characters, a page larger than 100 or an offset past 100 is refused with 400 naming the
/// parameter.
#[utoipa::path(get, path = "/api/v1/missing", tag = "missing", params(MissingQuery),
    responses((status = 200, body = [PublicMissingPersonDto]), (status = 400, body = ErrorBody)))]
pub async fn search_missing(
    State(state): State<AppState>,
    ApiQuery(query): ApiQuery<MissingQuery>,
) -> ApiResult<Json<Vec<PublicMissingPersonDto>>> {
    let page = ResultPage::new(query.offset, query.limit, 20).map_err(refused)?;
    let q = query.q.as_deref().map(str::trim).unwrap_or_default();
    if check_name_query(q).map_err(refused)?.is_none() {
        return Ok(Json(Vec::new()));
    }
    let found = state.store.search_missing(q, page.end()).await?;
    Ok(Json(
        found
            .iter()
            .skip(page.offset() as usize)
            .map(PublicMissingPersonDto::from)
            .collect(),
    ))
}

/// Adds a person to the rolls of the missing.
#[utoipa::path(post, path = "/api/v1/missing", tag = "missing", request_body = NewMissingInput,
    responses((status = 201, body = CreatedDto), (status = 422, body = ErrorBody)))]
pub async fn create_missing(write: ApiWrite<NewMissingInput>) -> ApiResult<impl IntoResponse> {
    let (state, caller, input) = write.into_parts();
    let person = input.into_domain()?;
    let id = state
        .store
        .add_missing_person(&person, caller.write_context())
        .await?;
    Ok((StatusCode::CREATED, Json(CreatedDto { id: id.0 })))
}
