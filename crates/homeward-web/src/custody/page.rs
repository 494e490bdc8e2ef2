//! The form under a case's custody timeline: a custodian records a handling event (moved,
//! stored, sampled, sealed) through the same checks as the API, then returns to the case page
//! with a notice (see [`crate::flash`]).

use axum::response::Response;
use serde::Deserialize;

use crate::custody::dto::CustodyEventInput;
use crate::error::{ApiError, ApiResult};
use crate::flash::NoticeKind;
use crate::form::PagePost;
use crate::remains::forms::case_page;

/// The fields as posted (a browser sends every input, empty or not).
#[derive(Debug, Deserialize)]
pub struct CustodyFields {
    event: String,
    #[serde(default)]
    location: String,
    #[serde(default)]
    details: String,
    #[serde(default)]
    from: String,
    #[serde(default)]
    to: String,
    #[serde(default)]
    facility: String,
    #[serde(default)]
    sample_id: String,
    #[serde(default)]
    material: String,
    #[serde(default)]
    casket: String,
    #[serde(default)]
    seal: String,
}

impl CustodyFields {
    fn to_input(&self) -> ApiResult<CustodyEventInput> {
        let casket = match self.casket.trim() {
            "" => None,
            n => Some(n.parse::<u32>().map_err(|_| {
                ApiError::invalid("casket", format!("\"{n}\" is not a casket number"))
            })?),
        };
        Ok(CustodyEventInput {
            event: self.event.clone(),
            location: self.location.clone(),
            details: self.details.clone(),
            also_remains: Vec::new(),
            effects: Vec::new(),
            from: self.from.clone(),
            to: self.to.clone(),
            facility: self.facility.clone(),
            sample_id: self.sample_id.clone(),
            material: self.material.clone(),
            casket,
            seal: self.seal.clone(),
        })
    }
}

/// `POST /remains/{accession}/custody`: records the handling event, then back to the case.
pub async fn record(post: PagePost<CustodyFields>) -> Response {
    let kinds = (NoticeKind::CustodySaved, NoticeKind::CustodyRefused);
    post.answer(case_page, kinds, async |state, caller, accession, form| {
        let record = form?.to_input()?.into_record(accession)?;
        state
            .store
            .record_custody_event(&record, caller.write_context())
            .await?;
        Ok(())
    })
    .await
}
