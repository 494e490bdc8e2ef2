//! A write to one case through the API (`POST /api/v1/remains/{accession}/…`): the use case takes
//! the JSON body, and the answer is the whole case as it stands after the write.

use axum::extract::{FromRequest, FromRequestParts, Request};
use axum::response::{IntoResponse, Response};
use axum::{Extension, Json};
use serde::de::DeserializeOwned;

use crate::auth::Caller;
use crate::error::ApiResult;
use crate::extract::{ApiJson, ApiPath};
use crate::remains::dto::RemainsDto;
use crate::remains::{case_by_accession, full_case};
use crate::state::AppState;

/// A JSON body posted to a case: the app, who posts it, the case's accession number (the path's
/// one parameter) and the body. Refusals are [`crate::error::ApiError`]s naming the field.
#[derive(Debug)]
pub struct CaseWrite<T> {
    /// The app.
    pub state: AppState,
    /// Who writes.
    pub caller: Caller,
    /// The case's accession number.
    pub accession: String,
    /// The body.
    pub input: T,
}

impl<T: DeserializeOwned + Send> FromRequest<AppState> for CaseWrite<T> {
    type Rejection = Response;

    async fn from_request(request: Request, state: &AppState) -> Result<Self, Response> {
        let (mut parts, body) = request.into_parts();
        let Extension(caller) = Extension::<Caller>::from_request_parts(&mut parts, state)
            .await
            .map_err(IntoResponse::into_response)?;
        let ApiPath(accession) = ApiPath::<String>::from_request_parts(&mut parts, state)
            .await
            .map_err(IntoResponse::into_response)?;
        let ApiJson(input) = ApiJson::<T>::from_request(Request::from_parts(parts, body), state)
            .await
            .map_err(IntoResponse::into_response)?;
        Ok(CaseWrite {
            state: state.clone(),
            caller,
            accession,
            input,
        })
    }
}

impl<T> CaseWrite<T> {
    /// Takes the use case `write` with the body, then answers with the whole case.
    pub async fn then_case(
        self,
        write: impl AsyncFnOnce(&AppState, &Caller, &str, T) -> ApiResult<()>,
    ) -> ApiResult<Json<RemainsDto>> {
        write(&self.state, &self.caller, &self.accession, self.input).await?;
        let store = self.state.store.as_ref();
        let case = case_by_accession(store, &self.accession).await?;
        Ok(Json(full_case(store, &case).await?))
    }
}
