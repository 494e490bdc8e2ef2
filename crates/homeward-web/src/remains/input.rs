//! The JSON in of remains cases: a new case, a lifecycle step, a personal effect; each checked
//! into domain values, refusals naming the field.

use homeward_domain::{
    BiologicalProfile, EffectCategory, EffectDisposition, ExternalNumber, LifecycleStatus,
    Nationality, NationalityAssessment, NewPersonalEffect, NewRemainsCase, RecoveryContext,
    RecoverySiteId, RemainsCaseId, SexEstimate, SkeletalInventory,
};
use serde::Deserialize;
use utoipa::ToSchema;

use crate::error::{ApiError, ApiResult};
use crate::input::date;

/// Skeletal elements present.
#[derive(Debug, Deserialize, ToSchema, Default)]
#[serde(deny_unknown_fields)]
pub struct InventoryInput {
    /// Elements present.
    #[serde(default)]
    pub elements: Vec<String>,
    /// Completeness, percent.
    #[serde(default)]
    pub completeness_pct: u8,
}

/// The biological profile.
#[derive(Debug, Deserialize, ToSchema, Default)]
#[serde(deny_unknown_fields)]
pub struct ProfileInput {
    /// Sex estimate code (default `indeterminate`).
    #[serde(default)]
    pub sex: Option<String>,
    /// Age range, `[min, max]` years.
    #[serde(default)]
    pub age_range: Option<[u8; 2]>,
    /// Stature range, `[min, max]` cm.
    #[serde(default)]
    pub stature_range_cm: Option<[u16; 2]>,
}

/// The nationality assessment.
#[derive(Debug, Deserialize, ToSchema, Default)]
#[serde(deny_unknown_fields)]
pub struct NationalityInput {
    /// Code: `undetermined`, `rok`, `cpv`, `kpa`, `un:US`…
    #[serde(default)]
    pub nationality: String,
    /// Evidence.
    #[serde(default)]
    pub evidence: String,
    /// The committee's decision.
    #[serde(default)]
    pub committee_decision: Option<String>,
}

/// A number in another system.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ExternalNumberInput {
    /// Scheme.
    pub scheme: String,
    /// Number.
    pub value: String,
}

/// A remains case to accession.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewRemainsInput {
    /// Accession number.
    pub accession: String,
    /// Code of the recovery site.
    pub site: String,
    /// Recovery date, `YYYY-MM-DD`.
    pub recovery_date: String,
    /// Context code: `individual_grave`, `commingled`, `surface_find`.
    pub context: String,
    /// Skeletal inventory.
    #[serde(default)]
    pub inventory: InventoryInput,
    /// Biological profile.
    #[serde(default)]
    pub profile: ProfileInput,
    /// Condition.
    #[serde(default)]
    pub condition: String,
    /// Nationality assessment.
    #[serde(default)]
    pub nationality: NationalityInput,
    /// Storage location.
    #[serde(default)]
    pub storage_location: String,
    /// Numbers in other systems.
    #[serde(default)]
    pub external_numbers: Vec<ExternalNumberInput>,
    /// Generated demo data.
    #[serde(default)]
    pub synthetic: bool,
}

impl NewRemainsInput {
    /// The domain value for the site `site` (resolved from the code by the caller), validated.
    pub fn into_domain(self, site: RecoverySiteId) -> ApiResult<NewRemainsCase> {
        let sex = match self.profile.sex.as_deref() {
            Some(code) => SexEstimate::from_code(code)?,
            None => SexEstimate::Indeterminate,
        };
        let case = NewRemainsCase {
            accession: self.accession,
            site,
            recovery_date: date("recovery_date", &self.recovery_date)?,
            context: RecoveryContext::from_code(&self.context)?,
            inventory: SkeletalInventory {
                elements: self.inventory.elements,
                completeness_pct: self.inventory.completeness_pct,
            },
            profile: BiologicalProfile {
                sex,
                age_range: self.profile.age_range.map(|[a, b]| (a, b)),
                stature_range_cm: self.profile.stature_range_cm.map(|[a, b]| (a, b)),
            },
            condition: self.condition,
            nationality: NationalityAssessment {
                nationality: Nationality::from_code(&self.nationality.nationality)?,
                evidence: self.nationality.evidence,
                committee_decision: self.nationality.committee_decision,
            },
            storage_location: self.storage_location,
            external_numbers: self
                .external_numbers
                .into_iter()
                .map(|n| ExternalNumber {
                    scheme: n.scheme,
                    value: n.value,
                })
                .collect(),
            synthetic: self.synthetic,
        };
        case.validate()?;
        Ok(case)
    }
}

/// A request to move a case along its lifecycle.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct StatusChangeInput {
    /// The status to enter (code).
    pub to: String,
    /// Why (required).
    pub reason: String,
}

impl StatusChangeInput {
    /// The status and the reason, checked.
    pub fn parse(&self) -> ApiResult<(LifecycleStatus, &str)> {
        let to = LifecycleStatus::from_code(self.to.trim())?;
        let reason = self.reason.trim();
        if reason.is_empty() {
            return Err(ApiError::invalid(
                "reason",
                "must not be empty: say why the status changes",
            ));
        }
        // Typed text that reads as the system's own would be shown as its words.
        homeward_domain::check_typed("reason", reason)?;
        Ok((to, reason))
    }
}

/// A personal effect to record.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewEffectInput {
    /// Accession number of the remains it was found with.
    #[serde(default)]
    pub accession: Option<String>,
    /// Code of the site it was found at (required without `accession`).
    #[serde(default)]
    pub site: Option<String>,
    /// Category code.
    pub category: String,
    /// Description.
    pub description: String,
    /// Inscription in its original script.
    #[serde(default)]
    pub inscription: Option<String>,
    /// Condition.
    #[serde(default)]
    pub condition: String,
    /// Disposition code (default `travels_with_remains`).
    #[serde(default)]
    pub disposition: Option<String>,
}

impl NewEffectInput {
    /// The domain value for the resolved remains and site, validated.
    pub fn into_domain(
        self,
        remains: Option<RemainsCaseId>,
        site: Option<RecoverySiteId>,
    ) -> ApiResult<NewPersonalEffect> {
        let disposition = match self.disposition.as_deref() {
            Some(code) => EffectDisposition::from_code(code)?,
            None => EffectDisposition::TravelsWithRemains,
        };
        let effect = NewPersonalEffect {
            remains,
            site,
            category: EffectCategory::from_code(&self.category)?,
            description: self.description,
            inscription: self.inscription.filter(|i| !i.trim().is_empty()),
            condition: self.condition,
            disposition,
        };
        effect.validate()?;
        Ok(effect)
    }
}
