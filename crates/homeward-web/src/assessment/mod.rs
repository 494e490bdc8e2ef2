//! What the specialists record on a case: the anthropologist's examination (inventory, biological
//! profile, condition) and the review's nationality assessment with the committee's decision.
//! The API ([`api`]) and the case page's forms ([`page`]) call the same two functions here.

pub mod api;
pub mod dto;
pub mod page;

use homeward_store::Store;

use crate::assessment::dto::{ExaminationInput, NationalityDecisionInput};
use crate::auth::Caller;
use crate::error::ApiResult;
use crate::remains::case_by_accession;

/// Records the examination of the case `accession`; a refusal changes nothing.
pub async fn examine(
    store: &dyn Store,
    caller: &Caller,
    accession: &str,
    input: ExaminationInput,
) -> ApiResult<()> {
    let case = case_by_accession(store, accession).await?;
    let exam = input.apply_to(&case.case)?;
    homeward_app::remains::record_examination(
        store,
        case.id,
        &exam.inventory,
        &exam.profile,
        &exam.condition,
        caller.write_context(),
    )
    .await?;
    Ok(())
}

/// Records the nationality assessment of the case `accession`; a refusal changes nothing.
///
/// Once a case has passed `examined`, its lifecycle rests on a determined nationality, so the
/// assessment may be corrected but not set back to `undetermined` (409).
pub async fn decide_nationality(
    store: &dyn Store,
    caller: &Caller,
    accession: &str,
    input: NationalityDecisionInput,
) -> ApiResult<()> {
    let assessment = input.into_domain()?;
    let case = case_by_accession(store, accession).await?;
    homeward_app::remains::record_nationality(store, case.id, &assessment, caller.write_context())
        .await?;
    Ok(())
}
