//! The form under a case's custody timeline: a custodian records a handling event (moved,
//! stored, sampled, sealed) through the same checks as the API, then returns to the case page
//! with a notice (see [`crate::flash`]).

use axum::extract::{Path, State};
use axum::response::Response;
use axum::{Extension, Form};
use serde::Deserialize;

use crate::auth::Caller;
use crate::custody::dto::CustodyEventInput;
use crate::error::{ApiError, ApiResult};
use crate::extract::Posted;
use crate::flash::NoticeKind;
use crate::i18n::Lang;
use crate::remains::forms::{back, chrome_for};
use crate::state::AppState;

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
pub async fn record(
    State(state): State<AppState>,
    Extension(caller): Extension<Caller>,
    lang: Lang,
    Path(accession): Path<String>,
    form: Posted<CustodyFields>,
) -> Response {
    let result = async {
        let Form(fields) = form?;
        let record = fields.to_input()?.into_record(&accession)?;
        state
            .store
            .record_custody_event(&record, caller.write_context())
            .await?;
        Ok(())
    }
    .await;
    let chrome = chrome_for(lang, &caller, &accession);
    let kinds = (NoticeKind::CustodySaved, NoticeKind::CustodyRefused);
    back(&state, chrome, &accession, result, kinds)
}
