//! The forms on a planned batch's page for those who take its steps (`repatriate`): add a
//! remains case, record both sides' joint verification of a case, and declare the batch jointly
//! verified. Each calls the store (whose domain checks refuse what may not happen, changing
//! nothing), then goes back to the batch page (303) with a notice saying what happened or why not.
//! The later steps need signed documents and are taken with `homeward batch …`.

use axum::response::Response;
use homeward_domain::{Accession, BatchCode, BatchState, CalendarDate, JointVerification};
use homeward_store::StoreError;
use serde::Deserialize;

use crate::batches::page::batch_href;
use crate::error::{ApiError, ApiResult};
use crate::flash::NoticeKind;
use crate::form::PagePost;
use crate::state::AppState;

/// The notices of a step: taken, or refused.
const KINDS: (NoticeKind, NoticeKind) = (NoticeKind::BatchStepSaved, NoticeKind::BatchStepRefused);

/// The batch's code, 404 unless the batch exists (so a refusal names a real batch's rule, not a
/// missing one); text that is no valid batch code names no batch.
async fn require_batch(state: &AppState, code: &str) -> ApiResult<BatchCode> {
    let missing = || ApiError::not_found("repatriation batch", code);
    let key = BatchCode::parse(code).map_err(|_| missing())?;
    match state.store.batch(&key).await? {
        Some(_) => Ok(key),
        None => Err(missing()),
    }
}

/// The accession number `text`; text that is no valid one is refused as the store refuses an
/// unknown case (`what`).
fn accession(text: &str, what: &'static str) -> ApiResult<Accession> {
    Accession::parse(text).map_err(|_| {
        StoreError::NotFound {
            what,
            key: text.to_owned(),
        }
        .into()
    })
}

/// The add-remains form.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AddRemainsFields {
    accession: String,
}

/// `POST /batches/{code}/remains`.
pub async fn add_remains(post: PagePost<AddRemainsFields>) -> Response {
    post.answer(batch_href, KINDS, async |state, caller, code, form| {
        let batch = require_batch(state, code).await?;
        let fields = form?;
        let text = fields.accession.trim();
        if text.is_empty() {
            return Err(ApiError::invalid("accession", "give an accession number"));
        }
        let accession = accession(text, "remains case")?;
        state
            .store
            .add_batch_remains(&batch, &accession, caller.write_context())
            .await?;
        Ok(())
    })
    .await
}

/// The joint verification form: experts one a line (or separated by commas).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct VerificationFields {
    accession: String,
    sending_experts: String,
    receiving_experts: String,
    date: String,
    #[serde(default)]
    notes: String,
    /// Present (`yes`) when the box is ticked.
    #[serde(default)]
    both_agreed: Option<String>,
}

fn names(text: &str) -> Vec<String> {
    text.split(['\n', ','])
        .map(str::trim)
        .filter(|n| !n.is_empty())
        .map(str::to_owned)
        .collect()
}

impl VerificationFields {
    fn to_domain(&self) -> ApiResult<JointVerification> {
        let date = CalendarDate::parse(self.date.trim()).map_err(|_| {
            ApiError::invalid(
                "date",
                format!("\"{}\" is not a date of the form YYYY-MM-DD", self.date),
            )
        })?;
        let verification = JointVerification {
            sending_experts: names(&self.sending_experts),
            receiving_experts: names(&self.receiving_experts),
            date,
            notes: self.notes.trim().to_owned(),
            both_agreed: self.both_agreed.is_some(),
        };
        verification.validate()?;
        Ok(verification)
    }
}

/// `POST /batches/{code}/verification`.
pub async fn record_verification(post: PagePost<VerificationFields>) -> Response {
    post.answer(batch_href, KINDS, async |state, caller, code, form| {
        let batch = require_batch(state, code).await?;
        let fields = form?;
        let verification = fields.to_domain()?;
        let accession = accession(fields.accession.trim(), "remains case in this batch")?;
        state
            .store
            .record_joint_verification(&batch, &accession, &verification, caller.write_context())
            .await?;
        Ok(())
    })
    .await
}

/// The advance form: the step to take (only `jointly_verified` needs no record of its own).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AdvanceFields {
    to: String,
}

/// `POST /batches/{code}/advance`.
pub async fn advance(post: PagePost<AdvanceFields>) -> Response {
    post.answer(batch_href, KINDS, async |state, caller, code, form| {
        let batch = require_batch(state, code).await?;
        let to = BatchState::from_code(&form?.to)?;
        state
            .store
            .advance_batch(&batch, to, caller.write_context())
            .await?;
        Ok(())
    })
    .await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn experts_are_read_one_a_line_or_by_commas() {
        assert_eq!(names("Dr. Park\n Dr. Kim , \n"), ["Dr. Park", "Dr. Kim"]);
        let fields = VerificationFields {
            accession: "HW-1".into(),
            sending_experts: "Dr. Park".into(),
            receiving_experts: " ".into(),
            date: "2022-09-01".into(),
            notes: String::new(),
            both_agreed: Some("yes".into()),
        };
        let err = fields.to_domain().unwrap_err();
        assert!(err.message.contains("receiving_experts"), "{}", err.message);
        let bad_date = VerificationFields {
            date: "1 Sept".into(),
            receiving_experts: "Dr. Li".into(),
            ..fields
        };
        assert!(bad_date.to_domain().unwrap_err().message.contains("date"));
    }
}
