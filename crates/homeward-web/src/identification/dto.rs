//! The JSON in of an identification.

use serde::Deserialize;
use utoipa::ToSchema;

/// The identification to record.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct IdentificationInput {
    /// The person's id on the rolls of the missing.
    pub person_id: i64,
    /// On what basis, e.g. "DNA: LR 3.2e9 with daughter's reference; seal inscription".
    pub basis: String,
    /// The review committee's decision reference.
    pub decision: String,
}
