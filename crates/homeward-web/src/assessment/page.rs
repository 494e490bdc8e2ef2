//! The case page's examination and nationality forms as posted: the fields are read into the
//! API's inputs and recorded through [`super`], then back to the case with a notice.

use axum::response::Response;
use serde::Deserialize;

use crate::assessment::dto::{ExaminationInput, NationalityDecisionInput};
use crate::error::{ApiError, ApiResult};
use crate::flash::NoticeKind;
use crate::form::PagePost;
use crate::input::{number, range};
use crate::remains::forms::case_page;
use crate::remains::input::{InventoryInput, ProfileInput};

/// The examination form as posted: every field as text, so a bad number is refused naming it.
#[derive(Debug, Default, Deserialize)]
pub struct ExaminationFields {
    #[serde(default)]
    elements: String,
    #[serde(default)]
    completeness_pct: String,
    #[serde(default)]
    sex: String,
    #[serde(default)]
    age_min: String,
    #[serde(default)]
    age_max: String,
    #[serde(default)]
    stature_min: String,
    #[serde(default)]
    stature_max: String,
    #[serde(default)]
    condition: String,
}

impl ExaminationFields {
    /// The API's input for these fields. Elements are one a line (commas also separate them).
    pub fn to_input(&self) -> ApiResult<ExaminationInput> {
        if self.completeness_pct.trim().is_empty() {
            return Err(ApiError::invalid(
                "inventory.completeness_pct",
                "give the completeness, 0 to 100 percent",
            ));
        }
        let completeness_pct = number("inventory.completeness_pct", &self.completeness_pct)?;
        Ok(ExaminationInput {
            inventory: InventoryInput {
                elements: self
                    .elements
                    .split(['\n', ','])
                    .map(str::trim)
                    .filter(|e| !e.is_empty())
                    .map(str::to_owned)
                    .collect(),
                completeness_pct,
            },
            profile: ProfileInput {
                sex: Some(self.sex.trim())
                    .filter(|s| !s.is_empty())
                    .map(str::to_owned),
                age_range: range("profile.age_range", &self.age_min, &self.age_max)?,
                stature_range_cm: range(
                    "profile.stature_range_cm",
                    &self.stature_min,
                    &self.stature_max,
                )?,
            },
            condition: self.condition.clone(),
        })
    }
}

/// The nationality form as posted.
#[derive(Debug, Default, Deserialize)]
pub struct NationalityFields {
    #[serde(default)]
    nationality: Option<String>,
    #[serde(default)]
    un_state: String,
    #[serde(default)]
    evidence: String,
    #[serde(default)]
    committee_decision: String,
}

impl NationalityFields {
    /// The API's input for these fields (`un` and a state code become `un:XX`).
    pub fn to_input(&self) -> ApiResult<NationalityDecisionInput> {
        let chosen = self
            .nationality
            .as_deref()
            .map(str::trim)
            .filter(|n| !n.is_empty())
            .ok_or_else(|| ApiError::invalid("nationality", "choose a nationality"))?;
        let nationality = if chosen == "un" {
            format!("un:{}", self.un_state.trim())
        } else {
            chosen.to_owned()
        };
        Ok(NationalityDecisionInput {
            nationality,
            evidence: self.evidence.clone(),
            committee_decision: Some(self.committee_decision.clone()),
        })
    }
}

/// `POST /remains/{accession}/examination`: records the examination, then back to the case.
pub async fn examine(post: PagePost<ExaminationFields>) -> Response {
    let kinds = (NoticeKind::ExaminationSaved, NoticeKind::ExaminationRefused);
    post.answer(case_page, kinds, async |state, caller, accession, form| {
        super::examine(state.store.as_ref(), caller, accession, form?.to_input()?).await
    })
    .await
}

/// `POST /remains/{accession}/nationality`: records the assessment, then back to the case.
pub async fn decide_nationality(post: PagePost<NationalityFields>) -> Response {
    let kinds = (NoticeKind::NationalitySaved, NoticeKind::NationalityRefused);
    post.answer(case_page, kinds, async |state, caller, accession, form| {
        let input = form?.to_input()?;
        super::decide_nationality(state.store.as_ref(), caller, accession, input).await
    })
    .await
}
