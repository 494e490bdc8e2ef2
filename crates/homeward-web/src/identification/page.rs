//! The case page's identification form as posted, recorded through [`super::identify`], then
//! back to the case with a notice.

use axum::extract::{Path, State};
use axum::response::Response;
use axum::{Extension, Form};
use serde::Deserialize;

use crate::auth::Caller;
use crate::error::ApiResult;
use crate::extract::Posted;
use crate::flash::NoticeKind;
use crate::i18n::Lang;
use crate::identification::dto::IdentificationInput;
use crate::input::number;
use crate::remains::forms::{back, chrome_for};
use crate::state::AppState;

/// The identification form as posted.
#[derive(Debug, Default, Deserialize)]
pub struct IdentificationFields {
    #[serde(default)]
    person_id: String,
    #[serde(default)]
    basis: String,
    #[serde(default)]
    decision: String,
}

impl IdentificationFields {
    /// The API's input for these fields (the person's roll number must be a whole number).
    pub fn to_input(&self) -> ApiResult<IdentificationInput> {
        Ok(IdentificationInput {
            person_id: number("person_id", &self.person_id)?,
            basis: self.basis.clone(),
            decision: self.decision.clone(),
        })
    }
}

/// `POST /remains/{accession}/identification`: records who the case is, then back to the case.
pub async fn identify(
    State(state): State<AppState>,
    Extension(caller): Extension<Caller>,
    lang: Lang,
    Path(accession): Path<String>,
    form: Posted<IdentificationFields>,
) -> Response {
    let result = async {
        let Form(fields) = form?;
        let input = fields.to_input()?;
        super::identify(state.store.as_ref(), &caller, &accession, input).await
    }
    .await;
    let chrome = chrome_for(lang, &caller, &accession);
    let kinds = (
        NoticeKind::IdentificationSaved,
        NoticeKind::IdentificationRefused,
    );
    back(&state, chrome, &accession, result, kinds)
}
