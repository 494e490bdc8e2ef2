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
}
