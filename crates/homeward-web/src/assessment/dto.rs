//! The JSON in of the examination and the nationality decision, checked into domain values.

use homeward_domain::{
    BiologicalProfile, Nationality, NationalityAssessment, NewRemainsCase, SexEstimate,
    SkeletalInventory,
};
use serde::Deserialize;
use utoipa::ToSchema;

use crate::error::{ApiError, ApiResult};
use crate::remains::input::{InventoryInput, ProfileInput};

/// The anthropologist's examination. It replaces the case's skeletal inventory, biological
/// profile and condition as a whole: a range left out is recorded as unknown.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ExaminationInput {
    /// Elements present and completeness.
    pub inventory: InventoryInput,
    /// Sex estimate (`male`, `probable_male`, `female`, `probable_female`, `indeterminate`),
    /// age range and stature range.
    pub profile: ProfileInput,
    /// Condition of the remains.
    #[serde(default)]
    pub condition: String,
}

/// An examination as domain values, checked field by field (the ranges are checked against the
/// case by [`ExaminationInput::apply_to`]).
#[derive(Debug, Clone, PartialEq)]
pub struct Examination {
    /// Elements present and completeness.
    pub inventory: SkeletalInventory,
    /// Sex, age and stature.
    pub profile: BiologicalProfile,
    /// Condition.
    pub condition: String,
}

/// The API's name for a field the domain names on its own (`age_range` → `profile.age_range`).
fn examination_field(field: &str) -> &str {
    match field {
        "completeness_pct" => "inventory.completeness_pct",
        "age_range" => "profile.age_range",
        "stature_range_cm" => "profile.stature_range_cm",
        "sex" => "profile.sex",
        other => other,
    }
}

/// A domain refusal of an examination, naming the field as the API spells it.
fn examination_error(err: homeward_domain::DomainError) -> ApiError {
    match err {
        homeward_domain::DomainError::InvalidField { field, reason } => {
            ApiError::invalid(examination_field(field), reason)
        }
        other => other.into(),
    }
}

impl ExaminationInput {
    /// The examination applied to `case`, validated by the rules every stored case obeys (so a
    /// refusal here is the refusal the store would give, naming the field).
    pub fn apply_to(self, case: &NewRemainsCase) -> ApiResult<Examination> {
        let mut elements = Vec::with_capacity(self.inventory.elements.len());
        for (i, element) in self.inventory.elements.iter().enumerate() {
            let element = element.trim();
            if element.is_empty() {
                return Err(ApiError::invalid(
                    "inventory.elements",
                    format!("element {} is empty", i + 1),
                ));
            }
            elements.push(element.to_owned());
        }
        let sex = match self.profile.sex.as_deref() {
            Some(code) => SexEstimate::from_code(code).map_err(examination_error)?,
            None => SexEstimate::Indeterminate,
        };
        let examination = Examination {
            inventory: SkeletalInventory {
                elements,
                completeness_pct: self.inventory.completeness_pct,
            },
            profile: BiologicalProfile {
                sex,
                age_range: self.profile.age_range.map(|[a, b]| (a, b)),
                stature_range_cm: self.profile.stature_range_cm.map(|[a, b]| (a, b)),
            },
            condition: self.condition.trim().to_owned(),
        };
        let mut updated = case.clone();
        updated.inventory = examination.inventory.clone();
        updated.profile = examination.profile.clone();
        updated.condition = examination.condition.clone();
        updated.validate().map_err(examination_error)?;
        Ok(examination)
    }
}

/// The review's nationality assessment of a case and the committee's decision. It replaces the
/// recorded assessment as a whole.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NationalityDecisionInput {
    /// Code: `undetermined`, `rok`, `cpv`, `kpa`, `un:US`…
    pub nationality: String,
    /// The evidence (effects, burial context, location, isotopes…); required unless
    /// `undetermined`.
    pub evidence: String,
    /// The review committee's decision (reference and date), once taken.
    #[serde(default)]
    pub committee_decision: Option<String>,
}

impl NationalityDecisionInput {
    /// The assessment, checked.
    pub fn into_domain(self) -> ApiResult<NationalityAssessment> {
        let nationality = Nationality::from_code(&self.nationality)?;
        let evidence = self.evidence.trim();
        if nationality != Nationality::Undetermined && evidence.is_empty() {
            return Err(ApiError::invalid(
                "evidence",
                format!(
                    "must not be empty: say on what evidence the nationality \"{}\" rests",
                    nationality.code()
                ),
            ));
        }
        Ok(NationalityAssessment {
            nationality,
            evidence: evidence.to_owned(),
            committee_decision: self
                .committee_decision
                .map(|d| d.trim().to_owned())
                .filter(|d| !d.is_empty()),
        })
    }
}
