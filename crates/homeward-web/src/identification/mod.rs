//! The review committee's identification of a case as a person on the rolls of the missing,
//! shared by the API ([`api`]) and the case page's form ([`page`]). The case shows it as
//! [`crate::remains::dto::IdentificationDto`].

pub mod api;
pub mod dto;
pub mod page;

use homeward_domain::{MissingPersonId, NewIdentification};
use homeward_store::Store;

use crate::auth::Caller;
use crate::error::ApiResult;
use crate::identification::dto::IdentificationInput;
use crate::remains::case_by_accession;

/// Records the identification of the case `accession`; a refusal changes nothing.
pub async fn identify(
    store: &dyn Store,
    caller: &Caller,
    accession: &str,
    input: IdentificationInput,
) -> ApiResult<()> {
    let case = case_by_accession(store, accession).await?;
    let new = NewIdentification {
        person: MissingPersonId(input.person_id),
        basis: input.basis,
        decision: input.decision,
    };
    store
        .record_identification(case.id, &new, caller.write_context())
        .await?;
    Ok(())
}
