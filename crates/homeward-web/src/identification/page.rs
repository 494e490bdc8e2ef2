//! The case page's identification form as posted, recorded through [`super::identify`], then
//! back to the case with a notice.

use axum::response::Response;
use serde::Deserialize;

use crate::error::ApiResult;
use crate::flash::NoticeKind;
use crate::form::PagePost;
use crate::identification::dto::IdentificationInput;
use crate::input::number;
use crate::remains::forms::case_page;

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
pub async fn identify(post: PagePost<IdentificationFields>) -> Response {
    let kinds = (
        NoticeKind::IdentificationSaved,
        NoticeKind::IdentificationRefused,
    );
    post.answer(case_page, kinds, async |state, caller, accession, form| {
        super::identify(state.store.as_ref(), caller, accession, form?.to_input()?).await
    })
    .await
}
