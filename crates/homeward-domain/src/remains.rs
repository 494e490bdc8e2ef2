//! Remains cases: what was recovered, what the anthropologists found, and where it is kept.

use crate::site::require_text;
use crate::{
    CalendarDate, DomainError, Identifier, LifecycleStatus, NationalityAssessment, RecoverySiteId,
    RemainsCaseId,
};

/// How the remains lay when found.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum RecoveryContext {
    /// One person in one grave.
    IndividualGrave,
    /// Several people mixed together.
    Commingled,
    /// Found on the surface.
    SurfaceFind,
}

impl RecoveryContext {
    /// Every context.
    pub const ALL: [RecoveryContext; 3] = [
        RecoveryContext::IndividualGrave,
        RecoveryContext::Commingled,
        RecoveryContext::SurfaceFind,
    ];
    /// The stable code.
    pub fn code(self) -> &'static str {
        match self {
            RecoveryContext::IndividualGrave => "individual_grave",
            RecoveryContext::Commingled => "commingled",
            RecoveryContext::SurfaceFind => "surface_find",
        }
    }
    /// Parses [`Self::code`].
    pub fn from_code(code: &str) -> Result<Self, DomainError> {
        parse_code("context", code, &Self::ALL, |c| c.code())
    }
}

/// The anthropologist's estimate of sex.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum SexEstimate {
    /// Male.
    Male,
    /// Probably male.
    ProbableMale,
    /// Female.
    Female,
    /// Probably female.
    ProbableFemale,
    /// Not estimable from what was recovered.
    Indeterminate,
}

impl SexEstimate {
    /// Every estimate.
    pub const ALL: [SexEstimate; 5] = [
        SexEstimate::Male,
        SexEstimate::ProbableMale,
        SexEstimate::Female,
        SexEstimate::ProbableFemale,
        SexEstimate::Indeterminate,
    ];
    /// The stable code.
    pub fn code(self) -> &'static str {
        match self {
            SexEstimate::Male => "male",
            SexEstimate::ProbableMale => "probable_male",
            SexEstimate::Female => "female",
            SexEstimate::ProbableFemale => "probable_female",
            SexEstimate::Indeterminate => "indeterminate",
        }
    }
    /// Parses [`Self::code`].
    pub fn from_code(code: &str) -> Result<Self, DomainError> {
        parse_code("sex", code, &Self::ALL, |c| c.code())
    }
}

/// The skeletal elements present and how complete the skeleton is.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct SkeletalInventory {
    /// Elements present (e.g. "cranium", "left femur").
    pub elements: Vec<String>,
    /// Completeness, percent (0–100).
    pub completeness_pct: u8,
}

/// The biological profile estimated by the anthropologist.
#[derive(Debug, Clone, PartialEq)]
pub struct BiologicalProfile {
    /// Sex estimate.
    pub sex: SexEstimate,
    /// Age range at death, years (min, max).
    pub age_range: Option<(u8, u8)>,
    /// Stature range, centimetres (min, max).
    pub stature_range_cm: Option<(u16, u16)>,
}

impl Default for BiologicalProfile {
    fn default() -> Self {
        BiologicalProfile {
            sex: SexEstimate::Indeterminate,
            age_range: None,
            stature_range_cm: None,
        }
    }
}

/// A number given to the case by another system (lab, LIMS, legacy register).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct ExternalNumber {
    /// The numbering scheme (e.g. "LIMS", "MAKRI-legacy", "lab").
    pub scheme: String,
    /// The number within that scheme.
    pub value: String,
}

/// A remains case as it is to be accessioned (no id yet).
#[derive(Debug, Clone, PartialEq)]
pub struct NewRemainsCase {
    /// The stable accession number, e.g. `HW-2021-0042`.
    pub accession: String,
    /// Where it was recovered.
    pub site: RecoverySiteId,
    /// When it was recovered.
    pub recovery_date: CalendarDate,
    /// How it lay.
    pub context: RecoveryContext,
    /// What is present.
    pub inventory: SkeletalInventory,
    /// The biological profile.
    pub profile: BiologicalProfile,
    /// Condition of the remains (free text).
    pub condition: String,
    /// Nationality assessment and decision.
    pub nationality: NationalityAssessment,
    /// Where it is kept now.
    pub storage_location: String,
    /// Other numbering schemes' numbers.
    pub external_numbers: Vec<ExternalNumber>,
    /// Whether this is generated demo data.
    pub synthetic: bool,
}

impl NewRemainsCase {
    /// Checks the rules every stored case obeys.
    pub fn validate(&self) -> Result<(), DomainError> {
        require_text("accession", &self.accession)?;
        Identifier::Accession.check(&self.accession)?;
        if self.inventory.completeness_pct > 100 {
            return Err(DomainError::invalid(
                "completeness_pct",
                format!("{} is more than 100", self.inventory.completeness_pct),
            ));
        }
        if let Some((lo, hi)) = self.profile.age_range
            && (lo > hi || hi > 100)
        {
            return Err(DomainError::invalid(
                "age_range",
                format!("{lo}–{hi} is not a plausible age range"),
            ));
        }
        if let Some((lo, hi)) = self.profile.stature_range_cm
            && (lo > hi || !(100..=230).contains(&lo) || hi > 230)
        {
            return Err(DomainError::invalid(
                "stature_range_cm",
                format!("{lo}–{hi} cm is not a plausible stature range"),
            ));
        }
        for n in &self.external_numbers {
            require_text("external_numbers.scheme", &n.scheme)?;
            require_text("external_numbers.value", &n.value)?;
        }
        self.nationality.validate()
    }
}

/// A stored remains case with its current lifecycle status.
#[derive(Debug, Clone, PartialEq)]
pub struct RemainsCase {
    /// Its id.
    pub id: RemainsCaseId,
    /// Where it stands in its lifecycle.
    pub status: LifecycleStatus,
    /// The recorded data.
    pub case: NewRemainsCase,
}

pub(crate) fn parse_code<T: Copy>(
    field: &'static str,
    code: &str,
    all: &[T],
    code_of: impl Fn(T) -> &'static str,
) -> Result<T, DomainError> {
    let wanted = code.trim();
    all.iter()
        .copied()
        .find(|c| code_of(*c) == wanted)
        .ok_or_else(|| {
            let choices: Vec<_> = all.iter().map(|c| code_of(*c)).collect();
            DomainError::invalid(
                field,
                format!("\"{code}\" is not one of: {}", choices.join(", ")),
            )
        })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Nationality;
    use crate::error::{assert_codes_round_trip, assert_refused_on};

    pub(crate) fn case() -> NewRemainsCase {
        NewRemainsCase {
            accession: "HW-2021-0001".into(),
            site: RecoverySiteId(1),
            recovery_date: CalendarDate::parse("2021-05-03").unwrap(),
            context: RecoveryContext::IndividualGrave,
            inventory: SkeletalInventory {
                elements: vec!["cranium".into(), "left femur".into()],
                completeness_pct: 40,
            },
            profile: BiologicalProfile {
                sex: SexEstimate::Male,
                age_range: Some((18, 25)),
                stature_range_cm: Some((160, 170)),
            },
            condition: "fragmentary".into(),
            nationality: NationalityAssessment {
                nationality: Nationality::Cpv,
                evidence: "rubber-soled shoes".into(),
                committee_decision: None,
            },
            storage_location: "MAKRI vault B".into(),
            external_numbers: vec![ExternalNumber {
                scheme: "LIMS".into(),
                value: "L-77".into(),
            }],
            synthetic: false,
        }
    }

    #[test]
    fn a_plausible_case_is_accepted() {
        assert_eq!(case().validate(), Ok(()));
    }

    #[test]
    fn implausible_values_are_refused_by_field() {
        let mut c = case();
        c.profile.age_range = Some((40, 20));
        assert_refused_on(c.validate(), "age_range");
        let mut c = case();
        c.accession = "HW 1".into();
        assert_refused_on(c.validate(), "accession");
        let mut c = case();
        c.inventory.completeness_pct = 101;
        assert!(c.validate().is_err());
    }

    #[test]
    fn a_case_with_a_determined_nationality_and_no_evidence_is_refused() {
        let mut c = case();
        c.nationality.evidence = "  ".into();
        assert_refused_on(c.validate(), "nationality_evidence");
        c.nationality.nationality = Nationality::Undetermined;
        assert_eq!(c.validate(), Ok(()));
    }

    #[test]
    fn codes_round_trip() {
        use RecoveryContext as C;
        assert_codes_round_trip(&C::ALL, C::code, C::from_code);
        assert_codes_round_trip(&SexEstimate::ALL, SexEstimate::code, SexEstimate::from_code);
        assert!(SexEstimate::from_code("unknown").is_err());
    }
}
