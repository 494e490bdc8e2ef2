//! The extractors of the JSON API, whose refusals are [`ApiError`]s naming the field (never
//! axum's plain text), [`ApiWrite`] (a JSON write with the app and who writes, so a write
//! handler names only what it writes), and the posted form whose refusal a page handler reports
//! itself.

use axum::Extension;
use axum::extract::{FromRequest, FromRequestParts, Request};
use axum::http::request::Parts;
use axum::response::{IntoResponse, Response};
use serde::de::DeserializeOwned;

use crate::auth::Caller;
use crate::error::ApiError;
use crate::state::AppState;

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

/// One part of a request (the caller, the language, a path parameter), its refusal answered as
/// that extractor answers it: for the extractors that gather several.
pub(crate) async fn part<P>(parts: &mut Parts, state: &AppState) -> Result<P, Response>
where
    P: FromRequestParts<AppState>,
    P::Rejection: IntoResponse,
{
    P::from_request_parts(parts, state)
        .await
        .map_err(IntoResponse::into_response)
}

/// A JSON body posted to the API, with the app and who posts it (the access check has put the
/// caller on the request).
#[derive(Debug)]
pub struct ApiWrite<T> {
    /// The app.
    pub state: AppState,
    /// Who writes.
    pub caller: Caller,
    /// The body.
    pub input: T,
}

impl<T> ApiWrite<T> {
    /// The app, the caller and the body, for a handler that uses all three.
    pub fn into_parts(self) -> (AppState, Caller, T) {
        (self.state, self.caller, self.input)
    }
}

impl<T: DeserializeOwned + Send> FromRequest<AppState> for ApiWrite<T> {
    type Rejection = Response;

    async fn from_request(request: Request, state: &AppState) -> Result<Self, Response> {
        let (mut parts, body) = request.into_parts();
        let Extension(caller) = part(&mut parts, state).await?;
        let ApiJson(input) = ApiJson::from_request(Request::from_parts(parts, body), state)
            .await
            .map_err(IntoResponse::into_response)?;
        Ok(ApiWrite {
            state: state.clone(),
            caller,
            input,
        })
    }
}
