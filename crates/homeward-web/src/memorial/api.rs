//! `GET /api/v1/memorial`: the public roll, 50 a page.

use axum::Json;
use axum::extract::State;

use crate::error::ApiResult;
use crate::extract::ApiQuery;
use crate::memorial::dto::{MemorialDto, MemorialEntryDto};
use crate::memorial::{MemorialQuery, graves, page_of, search};
use crate::state::AppState;

/// The memorial roll: the buried, 50 a page, searchable by accession number or name (public: it
/// shows only the name of the identified, the grave, the date and the batch — no DNA, family or
/// contact data).
#[utoipa::path(get, path = "/api/v1/memorial", tag = "memorial", params(MemorialQuery),
    responses((status = 200, body = MemorialDto)))]
pub async fn roll(
    State(state): State<AppState>,
    ApiQuery(query): ApiQuery<MemorialQuery>,
) -> ApiResult<Json<MemorialDto>> {
    let all = graves(&state).await?;
    let found = search(&all, query.q.as_deref().unwrap_or(""));
    let page = query.page.unwrap_or(1).max(1);
    let (shown, pages) = page_of(&found, page);
    Ok(Json(MemorialDto {
        total: found.len() as u64,
        page,
        pages,
        entries: shown.iter().map(MemorialEntryDto::from).collect(),
    }))
}
