//! A write to one case through the API (`POST /api/v1/remains/{accession}/…`): the use case takes
//! the JSON body, and the answer is the whole case as it stands after the write.

use axum::Json;

use crate::auth::Caller;
use crate::error::ApiResult;
use crate::extract::ApiWrite;
use crate::remains::dto::RemainsDto;
use crate::remains::{case_by_accession, full_case};
use crate::state::AppState;

impl<T> ApiWrite<T> {
    /// Takes the use case `step` with the body for case `accession`, then answers with the whole
    /// case.
    pub async fn then_case(
        self,
        accession: &str,
        step: impl AsyncFnOnce(&AppState, &Caller, &str, T) -> ApiResult<()>,
    ) -> ApiResult<Json<RemainsDto>> {
        let (state, caller, input) = self.into_parts();
        step(&state, &caller, accession, input).await?;
        let store = state.store.as_ref();
        let case = case_by_accession(store, accession).await?;
        Ok(Json(full_case(store, &case).await?))
    }
}
