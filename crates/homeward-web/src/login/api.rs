//! `GET /api/v1/me`: the caller, their role and its permissions.

use axum::{Extension, Json};

use crate::auth::{Caller, logged_in};
use crate::error::{ApiResult, ErrorBody};
use crate::login::dto::UserDto;

/// The caller: username, role and permissions.
#[utoipa::path(get, path = "/api/v1/me", tag = "admin",
    responses((status = 200, body = UserDto), (status = 401, body = ErrorBody)))]
pub async fn me(Extension(caller): Extension<Caller>) -> ApiResult<Json<UserDto>> {
    Ok(Json(UserDto::from(logged_in(&caller)?)))
}
