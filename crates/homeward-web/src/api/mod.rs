//! The JSON API under `/api/v1`: handlers, their input types, and the OpenAPI document.

pub mod assessment;
pub mod batches;
pub mod custody;
pub mod identification;
pub mod input;
pub mod memorial;
pub mod openapi;
pub mod people;
pub mod registry;
pub mod remains;
pub mod tokens;

use axum::extract::{FromRequest, FromRequestParts};
use homeward_store::WriteContext;

use crate::auth::{Caller, now};
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

impl Caller {
    /// The audit context of a write by this caller, now.
    pub fn write_context(&self) -> WriteContext {
        WriteContext {
            actor: self.0.as_ref().map(|u| u.id),
            at: now(),
        }
    }
}
