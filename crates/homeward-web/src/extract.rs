//! The extractors of the JSON API, whose refusals are [`ApiError`]s naming the field (never
//! axum's plain text), and the posted form whose refusal a page handler reports itself.

use axum::extract::{FromRequest, FromRequestParts};

use crate::error::ApiError;

/// A JSON body whose refusals are [`ApiError`]s naming the field (never axum's plain text).
#[derive(Debug, FromRequest)]
#[from_request(via(axum::Json), rejection(ApiError))]
pub struct ApiJson<T>(pub T);

/// A query string whose refusals are [`ApiError`]s.
#[derive(Debug, FromRequestParts)]
#[from_request(via(axum::extract::Query), rejection(ApiError))]
pub struct ApiQuery<T>(pub T);

/// A path parameter whose refusals are [`ApiError`]s.
#[derive(Debug, FromRequestParts)]
#[from_request(via(axum::extract::Path), rejection(ApiError))]
pub struct ApiPath<T>(pub T);

/// A posted form, its refusal kept for the handler (which reports it as a notice on the page the
/// form came from, not as an error page).
pub type Posted<T> = Result<axum::Form<T>, axum::extract::rejection::FormRejection>;
