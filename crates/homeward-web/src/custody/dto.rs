//! The JSON in of a handling event, checked into the ledger's record.

use homeward_domain::{HandlingEvent, HandlingFields, NewCustodyRecord, PersonalEffectId};
use serde::Deserialize;
use utoipa::ToSchema;

use crate::error::ApiResult;

/// A handling event to record. Which event fields are needed depends on `event`: `moved` needs
/// `from` and `to`, `stored` `facility`, `sampled` `sample_id` and `material`, `sealed` `casket`
/// and `seal`.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CustodyEventInput {
    /// `moved`, `stored`, `sampled` or `sealed`.
    pub event: String,
    /// Where it happened.
    pub location: String,
    /// Free text (optional).
    #[serde(default)]
    pub details: String,
    /// Further remains cases the event concerns besides the one in the path (accession numbers).
    #[serde(default)]
    pub also_remains: Vec<String>,
    /// Ids of personal effects the event concerns.
    #[serde(default)]
    pub effects: Vec<i64>,
    /// `moved`: where from.
    #[serde(default)]
    pub from: String,
    /// `moved`: where to (becomes the cases' storage location).
    #[serde(default)]
    pub to: String,
    /// `stored`: the facility (becomes the cases' storage location).
    #[serde(default)]
    pub facility: String,
    /// `sampled`: the sample's id.
    #[serde(default)]
    pub sample_id: String,
    /// `sampled`: the material (bone, tooth).
    #[serde(default)]
    pub material: String,
    /// `sealed`: the casket number.
    #[serde(default)]
    pub casket: Option<u32>,
    /// `sealed`: the seal.
    #[serde(default)]
    pub seal: String,
}

impl CustodyEventInput {
    /// The record for remains case `accession` (and `also_remains`), checked by the domain.
    pub fn into_record(self, accession: &str) -> ApiResult<NewCustodyRecord> {
        let fields = HandlingFields {
            from: self.from.trim().to_owned(),
            to: self.to.trim().to_owned(),
            facility: self.facility.trim().to_owned(),
            sample_id: self.sample_id.trim().to_owned(),
            material: self.material.trim().to_owned(),
            casket: self.casket,
            seal: self.seal.trim().to_owned(),
        };
        let event = HandlingEvent::from_fields(&self.event, fields)?;
        let mut remains = vec![accession.to_owned()];
        remains.extend(
            self.also_remains
                .iter()
                .map(|a| a.trim().to_owned())
                .filter(|a| !a.is_empty()),
        );
        let record = NewCustodyRecord {
            event,
            remains,
            effects: self.effects.into_iter().map(PersonalEffectId).collect(),
            location: self.location.trim().to_owned(),
            details: self.details.trim().to_owned(),
        };
        record.validate()?;
        Ok(record)
    }
}
