//! The JSON the API accepts, and its conversion into domain values. Unknown fields are refused
//! (a misspelt field should not be silently dropped); every refusal names the field.

use homeward_domain::{
    BiologicalProfile, CalendarDate, EffectCategory, EffectDisposition, ExcavationPeriod,
    ExternalNumber, LifecycleStatus, Nationality, NationalityAssessment, NewMissingPerson,
    NewPersonalEffect, NewRecoverySite, NewRemainsCase, PartialDate, RecoveryContext,
    RecoverySiteId, RemainsCaseId, SexEstimate, SkeletalInventory,
};
use serde::Deserialize;
use utoipa::ToSchema;

use crate::error::{ApiError, ApiResult};

fn date(field: &str, text: &str) -> ApiResult<CalendarDate> {
    CalendarDate::parse(text).map_err(|e| ApiError::invalid(field, reason_of(e)))
}

/// The reason of a domain refusal without its own field prefix, so the API's field name leads.
fn reason_of(err: homeward_domain::DomainError) -> String {
    match err {
        homeward_domain::DomainError::InvalidField { reason, .. } => reason,
        other => other.to_string(),
    }
}

/// One excavation campaign.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PeriodInput {
    /// First day, `YYYY-MM-DD`.
    pub start: String,
    /// Last day, if ended.
    #[serde(default)]
    pub end: Option<String>,
}

/// A recovery site to record.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewSiteInput {
    /// Unique code.
    pub code: String,
    /// Name.
    pub name: String,
    /// Province.
    pub province: String,
    /// County.
    pub county: String,
    /// WGS 84 latitude.
    pub latitude: f64,
    /// WGS 84 longitude.
    pub longitude: f64,
    /// Battle or area name.
    #[serde(default)]
    pub battle_area: String,
    /// Excavation campaigns.
    #[serde(default)]
    pub excavation_periods: Vec<PeriodInput>,
    /// Recovery team.
    #[serde(default)]
    pub team: String,
    /// Generated demo data.
    #[serde(default)]
    pub synthetic: bool,
}

impl NewSiteInput {
    /// The domain value, validated.
    pub fn into_domain(self) -> ApiResult<NewRecoverySite> {
        let excavation_periods = self
            .excavation_periods
            .iter()
            .map(|p| {
                Ok(ExcavationPeriod {
                    start: date("excavation_periods.start", &p.start)?,
                    end: p
                        .end
                        .as_deref()
                        .map(|e| date("excavation_periods.end", e))
                        .transpose()?,
                })
            })
            .collect::<ApiResult<_>>()?;
        let site = NewRecoverySite {
            code: self.code,
            name: self.name,
            province: self.province,
            county: self.county,
            latitude: self.latitude,
            longitude: self.longitude,
            battle_area: self.battle_area,
            excavation_periods,
            team: self.team,
            synthetic: self.synthetic,
        };
        site.validate()?;
        Ok(site)
    }
}

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

/// A person to add to the rolls of the missing.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewMissingInput {
    /// Name in its original script.
    pub name_original: String,
    /// Hanzi.
    #[serde(default)]
    pub name_hanzi: Option<String>,
    /// Hanyu Pinyin.
    #[serde(default)]
    pub name_pinyin: Option<String>,
    /// Hangul.
    #[serde(default)]
    pub name_hangul: Option<String>,
    /// Revised Romanization.
    #[serde(default)]
    pub name_rr: Option<String>,
    /// Year of birth.
    #[serde(default)]
    pub birth_year: Option<i32>,
    /// Hometown province.
    #[serde(default)]
    pub hometown_province: String,
    /// Hometown county.
    #[serde(default)]
    pub hometown_county: String,
    /// Unit.
    #[serde(default)]
    pub unit: String,
    /// Date of loss: `YYYY`, `YYYY-MM` or `YYYY-MM-DD`.
    #[serde(default)]
    pub date_of_loss: Option<String>,
    /// Place of loss.
    #[serde(default)]
    pub place_of_loss: String,
    /// Source record.
    #[serde(default)]
    pub source_record: String,
    /// Army served in (nationality code).
    #[serde(default)]
    pub nationality: String,
    /// Generated demo data.
    #[serde(default)]
    pub synthetic: bool,
}

impl NewMissingInput {
    /// The domain value, validated.
    pub fn into_domain(self) -> ApiResult<NewMissingPerson> {
        let date_of_loss = self
            .date_of_loss
            .as_deref()
            .filter(|d| !d.trim().is_empty())
            .map(|d| {
                PartialDate::parse(d).map_err(|e| ApiError::invalid("date_of_loss", reason_of(e)))
            })
            .transpose()?;
        let person = NewMissingPerson {
            name_original: self.name_original,
            name_hanzi: self.name_hanzi,
            name_pinyin: self.name_pinyin,
            name_hangul: self.name_hangul,
            name_rr: self.name_rr,
            birth_year: self.birth_year,
            hometown_province: self.hometown_province,
            hometown_county: self.hometown_county,
            unit: self.unit,
            date_of_loss,
            place_of_loss: self.place_of_loss,
            source_record: self.source_record,
            nationality: Nationality::from_code(&self.nationality)?,
            synthetic: self.synthetic,
        };
        person.validate()?;
        Ok(person)
    }
}

/// A label for a new API token.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewTokenInput {
    /// What the token is for, e.g. "nightly export".
    pub label: String,
    /// Days until the token stops working: 1 to 365, default 90.
    #[serde(default)]
    pub expires_in_days: Option<i64>,
}

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
