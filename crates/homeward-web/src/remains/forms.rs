//! The case page's forms as it shows them (examination, nationality, custody), and the case page
//! that every form posted from it goes back to (through [`crate::form::PagePost`]).

use homeward_domain::{HandlingEvent, SexEstimate};

use crate::chrome::{Choice, url_encode};
use crate::i18n::Tr;
use crate::remains::dto::RemainsDto;

/// Nationalities the form offers; `un` takes its state from a second field.
const NATIONALITIES: [&str; 5] = ["undetermined", "rok", "cpv", "kpa", "un"];

/// The examination form, filled in with what is recorded.
#[derive(Debug, Clone)]
pub struct ExaminationForm {
    /// Where it posts.
    pub action: String,
    /// Elements present, one a line.
    pub elements: String,
    /// Completeness, percent.
    pub completeness: u8,
    /// The sex estimates.
    pub sexes: Vec<Choice>,
    /// Age range (empty when unknown).
    pub age_min: String,
    /// Age range (empty when unknown).
    pub age_max: String,
    /// Stature range (empty when unknown).
    pub stature_min: String,
    /// Stature range (empty when unknown).
    pub stature_max: String,
    /// Condition.
    pub condition: String,
}

impl ExaminationForm {
    /// The form for `case`.
    pub fn new(t: &Tr, case: &RemainsDto) -> Self {
        let p = &case.profile;
        let (age_min, age_max) = p
            .age_range
            .map_or_else(Default::default, |[a, b]| (a.to_string(), b.to_string()));
        let (stature_min, stature_max) = p
            .stature_range_cm
            .map_or_else(Default::default, |[a, b]| (a.to_string(), b.to_string()));
        ExaminationForm {
            action: format!("/remains/{}/examination", url_encode(&case.accession)),
            elements: case.inventory.elements.join("\n"),
            completeness: case.inventory.completeness_pct,
            sexes: SexEstimate::ALL
                .into_iter()
                .map(|s| Choice {
                    value: s.code().to_owned(),
                    label: t.code("sex", s.code()),
                    selected: s.code() == p.sex,
                })
                .collect(),
            age_min,
            age_max,
            stature_min,
            stature_max,
            condition: case.condition.clone(),
        }
    }
}

/// The nationality form, filled in with what is recorded.
#[derive(Debug, Clone)]
pub struct NationalityForm {
    /// Where it posts.
    pub action: String,
    /// The nationalities.
    pub choices: Vec<Choice>,
    /// The UN Command state's code, when the nationality is one.
    pub un_state: String,
    /// Evidence.
    pub evidence: String,
    /// The committee's decision.
    pub decision: String,
}

impl NationalityForm {
    /// The form for `case`.
    pub fn new(t: &Tr, case: &RemainsDto) -> Self {
        let n = &case.nationality;
        let un_state = n.nationality.strip_prefix("un:").unwrap_or_default();
        let current = if un_state.is_empty() {
            n.nationality.as_str()
        } else {
            "un"
        };
        NationalityForm {
            action: format!("/remains/{}/nationality", url_encode(&case.accession)),
            choices: NATIONALITIES
                .into_iter()
                .map(|code| Choice {
                    value: code.to_owned(),
                    label: if code == "un" {
                        t.get("nat-un")
                    } else {
                        t.nationality(code)
                    },
                    selected: code == current,
                })
                .collect(),
            un_state: un_state.to_owned(),
            evidence: t.stored_text(&n.evidence),
            decision: t.stored_text(n.committee_decision.as_deref().unwrap_or_default()),
        }
    }
}

/// The case page `accession`, where every form posted from it goes back to.
pub(crate) fn case_page(accession: &str) -> String {
    format!("/remains/{}", url_encode(accession))
}

/// The handling-event form as the case page shows it.
#[derive(Debug, Clone)]
pub struct CustodyForm {
    /// Where it posts.
    pub action: String,
    /// The event kinds, translated.
    pub events: Vec<Choice>,
    /// Where the case is kept now (the default `from` and location).
    pub kept_at: String,
}

impl CustodyForm {
    /// The form for case `accession`, kept at `kept_at`.
    pub fn new(t: &Tr, accession: &str, kept_at: &str) -> Self {
        CustodyForm {
            action: format!("/remains/{}/custody", url_encode(accession)),
            events: HandlingEvent::KINDS
                .iter()
                .map(|k| Choice {
                    value: (*k).to_owned(),
                    label: t.code("custody-kind", k),
                    selected: false,
                })
                .collect(),
            kept_at: kept_at.to_owned(),
        }
    }
}
