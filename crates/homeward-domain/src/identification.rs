//! Identification: the review committee gives a remains case its name back — a person on the
//! rolls of the missing, on a stated basis (DNA kinship, evidence) and a decision reference.
//!
//! The identification is the record the status `identified` rests on: recording it for a case
//! whose nationality is determined (`nationality_determined`) moves the case to `identified` in
//! the same transaction, and the generic status step can never set `identified` on its own. A
//! case further on (designated, handed over, buried — names often come back years after burial)
//! takes its identification without a status change; a case not yet examined and decided is
//! refused. A case has at most one identification and a person is identified with at most one
//! case (the store holds both as unique keys). The person must have served in the army the
//! case's determined nationality names.

use crate::site::require_text;
use crate::{
    DomainError, LifecycleStatus, MissingPerson, MissingPersonId, Nationality, RemainsCaseId,
    Timestamp, UserId,
};

/// The committee's identification of a case, as submitted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewIdentification {
    /// The person on the rolls.
    pub person: MissingPersonId,
    /// On what basis, e.g. "DNA: LR 3.2e9 with daughter's reference; seal inscription".
    pub basis: String,
    /// The reviewer's decision reference, e.g. "RC-2022-031".
    pub decision: String,
}

impl NewIdentification {
    /// Checks the fields: the basis and the decision reference must be stated.
    pub fn validate(&self) -> Result<(), DomainError> {
        require_text("basis", &self.basis)?;
        require_text("decision", &self.decision)
    }
}

/// A recorded identification, with the person it names.
#[derive(Debug, Clone, PartialEq)]
pub struct Identification {
    /// The identified case.
    pub remains: RemainsCaseId,
    /// Its accession number.
    pub accession: String,
    /// The person it was identified as.
    pub person: MissingPerson,
    /// On what basis.
    pub basis: String,
    /// The decision reference.
    pub decision: String,
    /// Who recorded it (`UserId(0)` for the system).
    pub recorded_by: UserId,
    /// When it was recorded.
    pub recorded_at: Timestamp,
}

/// The status recording an identification moves a case in `status` to, if it moves it: a
/// `nationality_determined` case becomes `identified`; a case further on keeps its status.
pub fn identification_moves_to(status: LifecycleStatus) -> Option<LifecycleStatus> {
    (status == LifecycleStatus::NationalityDetermined).then_some(LifecycleStatus::Identified)
}

/// Whether the case `accession`, in `status` with the determined `nationality`, may be
/// identified as a person of `person_nationality` (see [`identification_moves_to`] for the
/// status it then takes).
pub fn check_may_identify(
    accession: &str,
    status: LifecycleStatus,
    nationality: Nationality,
    person_nationality: Nationality,
) -> Result<(), DomainError> {
    let refuse = |reason: String| DomainError::IdentificationRefused {
        accession: accession.to_owned(),
        reason,
    };
    if status < LifecycleStatus::NationalityDetermined {
        return Err(refuse(format!(
            "the case is \"{status}\"; it must be examined and its nationality determined first"
        )));
    }
    if person_nationality != Nationality::Undetermined && person_nationality != nationality {
        return Err(refuse(format!(
            "the case was determined \"{}\" but the person served as \"{}\"",
            nationality.code(),
            person_nationality.code()
        )));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::LifecycleStatus::*;
    use super::*;
    use crate::error::assert_refused_on;

    #[test]
    fn only_decided_cases_take_a_name_and_a_decided_one_becomes_identified() {
        for status in LifecycleStatus::ALL {
            let allowed = !matches!(status, Recovered | Examined);
            let got = check_may_identify("HW-1", status, Nationality::Cpv, Nationality::Cpv);
            assert_eq!(got.is_ok(), allowed, "{status}");
            let moves = identification_moves_to(status);
            assert_eq!(moves.is_some(), status == NationalityDetermined, "{status}");
        }
        assert_eq!(
            identification_moves_to(NationalityDetermined),
            Some(Identified)
        );
        let err =
            check_may_identify("HW-1", Examined, Nationality::Cpv, Nationality::Cpv).unwrap_err();
        assert_eq!(
            err.to_string(),
            "remains case HW-1 cannot be identified as this person: the case is \"examined\"; \
             it must be examined and its nationality determined first"
        );
    }

    #[test]
    fn the_person_must_have_served_in_the_cases_army() {
        let err =
            check_may_identify("HW-2", Buried, Nationality::Cpv, Nationality::Kpa).unwrap_err();
        assert!(err.to_string().contains("\"cpv\"") && err.to_string().contains("\"kpa\""));
        assert!(
            check_may_identify("HW-2", Buried, Nationality::Cpv, Nationality::Undetermined).is_ok()
        );
    }

    #[test]
    fn basis_and_decision_are_required() {
        let mut new = NewIdentification {
            person: MissingPersonId(1),
            basis: "DNA: LR 3.2e9 with daughter's reference".into(),
            decision: "RC-2022-031".into(),
        };
        assert_eq!(new.validate(), Ok(()));
        new.decision = " ".into();
        assert_eq!(
            new.validate().unwrap_err().to_string(),
            "decision: must not be empty"
        );
        new.basis = String::new();
        assert_refused_on(new.validate(), "basis:");
    }
}
