//! Nationality assessment: whose soldier this was, on what evidence, and what the committee decided.

use crate::DomainError;

/// The state whose soldier the remains are assessed to be.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Nationality {
    /// Not yet decided.
    #[default]
    Undetermined,
    /// Republic of Korea Army.
    Rok,
    /// Chinese People's Volunteers.
    Cpv,
    /// Korean People's Army.
    Kpa,
    /// A United Nations Command state (e.g. "US", "GB", "TR").
    Un(UnState),
}

/// An ISO 3166 alpha-2 code of a UN Command state.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct UnState([u8; 2]);

impl UnState {
    /// The two-letter code.
    pub fn code(&self) -> &str {
        std::str::from_utf8(&self.0).unwrap_or("??")
    }
}

impl Nationality {
    /// The stable code: `undetermined`, `rok`, `cpv`, `kpa`, or `un:US`.
    pub fn code(&self) -> String {
        match self {
            Nationality::Undetermined => "undetermined".into(),
            Nationality::Rok => "rok".into(),
            Nationality::Cpv => "cpv".into(),
            Nationality::Kpa => "kpa".into(),
            Nationality::Un(s) => format!("un:{}", s.code()),
        }
    }

    /// Parses [`Nationality::code`], case-insensitively.
    pub fn from_code(code: &str) -> Result<Self, DomainError> {
        let lower = code.trim().to_ascii_lowercase();
        match lower.as_str() {
            "undetermined" | "" => Ok(Nationality::Undetermined),
            "rok" => Ok(Nationality::Rok),
            "cpv" => Ok(Nationality::Cpv),
            "kpa" => Ok(Nationality::Kpa),
            other => {
                let cc = other.strip_prefix("un:").unwrap_or("");
                let bytes = cc.to_ascii_uppercase().into_bytes();
                if bytes.len() == 2 && bytes.iter().all(u8::is_ascii_uppercase) {
                    Ok(Nationality::Un(UnState([bytes[0], bytes[1]])))
                } else {
                    Err(DomainError::invalid(
                        "nationality",
                        format!(
                            "\"{code}\" is not a nationality (expected undetermined, rok, cpv, kpa \
                             or un:XX with a two-letter country code)"
                        ),
                    ))
                }
            }
        }
    }
}

/// The assessment of a case's nationality and the review committee's decision.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct NationalityAssessment {
    /// The assessed nationality.
    pub nationality: Nationality,
    /// The evidence (effects, burial context, location, isotopes, ...).
    pub evidence: String,
    /// The review committee's decision (reference and date), once taken.
    pub committee_decision: Option<String>,
}

impl NationalityAssessment {
    /// Refuses a determined nationality that rests on no stated evidence (only `undetermined`
    /// may be recorded without). The rule lives here, not in one input type, so that every path
    /// that records a nationality (accession, CSV import, the demo, a manifest's cases, a review)
    /// obeys it: the decision decides which state a soldier goes home to, and a reviewer or the
    /// receiving state must be able to read on what it was taken.
    pub fn validate(&self) -> Result<(), DomainError> {
        if self.nationality != Nationality::Undetermined && self.evidence.trim().is_empty() {
            return Err(DomainError::invalid(
                "nationality_evidence",
                format!(
                    "must not be empty: say on what evidence the nationality \"{}\" rests",
                    self.nationality.code()
                ),
            ));
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_round_trip() {
        for code in ["undetermined", "rok", "cpv", "kpa", "un:US", "un:TR"] {
            assert_eq!(Nationality::from_code(code).unwrap().code(), code);
        }
        assert_eq!(Nationality::from_code("UN:gb").unwrap().code(), "un:GB");
    }

    #[test]
    fn nonsense_is_refused_with_the_value_named() {
        let err = Nationality::from_code("martian").unwrap_err();
        assert!(err.to_string().contains("\"martian\""), "{err}");
        assert!(Nationality::from_code("un:USA").is_err());
    }

    fn assessment(code: &str, evidence: &str) -> NationalityAssessment {
        NationalityAssessment {
            nationality: Nationality::from_code(code).unwrap(),
            evidence: evidence.into(),
            committee_decision: None,
        }
    }

    #[test]
    fn a_determined_nationality_needs_evidence() {
        for code in ["rok", "cpv", "kpa", "un:US"] {
            let err = assessment(code, "").validate().unwrap_err();
            assert!(
                matches!(
                    err,
                    DomainError::InvalidField {
                        field: "nationality_evidence",
                        ..
                    }
                ),
                "{err}"
            );
            assert!(err.to_string().contains(code), "{err}");
            assert!(
                assessment(code, " \t\n").validate().is_err(),
                "blank is no evidence"
            );
            assert_eq!(assessment(code, "CPV badge").validate(), Ok(()));
        }
    }

    #[test]
    fn an_undetermined_nationality_needs_none() {
        assert_eq!(NationalityAssessment::default().validate(), Ok(()));
        assert_eq!(
            assessment("undetermined", "a badge, unread").validate(),
            Ok(())
        );
    }
}
