//! What the registry's rules refuse, in the user's terms.

use crate::{BatchState, LifecycleStatus, StatusRecord};

/// A rule of the registry was broken; nothing was changed.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum DomainError {
    /// A field's value is not acceptable.
    #[error("{field}: {reason}")]
    InvalidField {
        /// The field, as the user knows it (e.g. `latitude`).
        field: &'static str,
        /// Why it was refused, naming the value.
        reason: String,
    },
    /// The lifecycle does not allow this step.
    #[error(
        "a remains case cannot go from \"{from}\" to \"{to}\"; allowed next: {allowed}",
        allowed = allowed_list(.from)
    )]
    InvalidTransition {
        /// Where the case is now.
        from: LifecycleStatus,
        /// Where the request wanted it to go.
        to: LifecycleStatus,
    },
    /// A transition needs something the case does not have yet.
    #[error("a remains case cannot become \"{to}\": {reason}")]
    PreconditionFailed {
        /// The requested status.
        to: LifecycleStatus,
        /// What is missing.
        reason: String,
    },
    /// The status is entered only by the use case that writes its record, never by a bare
    /// status change.
    #[error(
        "a remains case cannot become \"{to}\" without its {record} record, which a status \
         change or an import cannot make; {how}",
        how = .record.how()
    )]
    RecordRequired {
        /// The requested status.
        to: LifecycleStatus,
        /// The record it rests on.
        record: StatusRecord,
    },
    /// A case past examination rests on its determined nationality; it cannot be undone.
    #[error(
        "nationality: the case is \"{status}\", which rests on a determined nationality; it \
         cannot go back to \"undetermined\" (correct it to another nationality instead)"
    )]
    NationalityLocked {
        /// Where the case is now.
        status: LifecycleStatus,
    },
    /// A remains case may not be identified as this person (yet).
    #[error("remains case {accession} cannot be identified as this person: {reason}")]
    IdentificationRefused {
        /// The case's accession number.
        accession: String,
        /// Which rule it breaks.
        reason: String,
    },
    /// A repatriation batch's steps come in one order and none may be skipped.
    #[error(
        "a repatriation batch cannot go from \"{from}\" to \"{to}\"; {}",
        next_step(.from)
    )]
    BatchStepRefused {
        /// Where the batch is now.
        from: BatchState,
        /// Where the request wanted it to go.
        to: BatchState,
    },
    /// A remains case may not join this batch.
    #[error("remains case {accession} cannot join batch {batch}: {reason}")]
    BatchMembershipRefused {
        /// The batch's code.
        batch: String,
        /// The case's accession number.
        accession: String,
        /// Which rule it breaks.
        reason: String,
    },
    /// The batch lacks what its next step needs.
    #[error("batch {batch} cannot become \"{step}\": {reason}")]
    BatchNotReady {
        /// The batch's code.
        batch: String,
        /// The step asked for.
        step: BatchState,
        /// What is missing.
        reason: String,
    },
    /// The acting user may not do this (e.g. revoke another user's API token).
    #[error("{reason}")]
    NotPermitted {
        /// Who may not do what, and why.
        reason: String,
    },
}

fn next_step(from: &BatchState) -> String {
    match from.next() {
        Some(next) => format!("the next step is \"{next}\" (steps cannot be skipped)"),
        None => "\"buried\" is the final step".to_owned(),
    }
}

fn allowed_list(from: &LifecycleStatus) -> String {
    let next = from.allowed_next();
    if next.is_empty() {
        "none (this is the final status)".to_owned()
    } else {
        next.iter()
            .map(|s| format!("\"{s}\""))
            .collect::<Vec<_>>()
            .join(", ")
    }
}

/// The accession numbers a refusal lists, joined ("HW-1, HW-2"); `None` when there are none, so
/// a check reads "if any are left, refuse naming them".
pub(crate) fn listed<'a>(accessions: impl Iterator<Item = &'a str>) -> Option<String> {
    let all: Vec<&str> = accessions.collect();
    (!all.is_empty()).then(|| all.join(", "))
}

impl DomainError {
    /// A shorthand for [`DomainError::InvalidField`].
    pub fn invalid(field: &'static str, reason: impl Into<String>) -> Self {
        DomainError::InvalidField {
            field,
            reason: reason.into(),
        }
    }
}

/// Test support: `result` was refused naming `field` first, as every refusal of a field does
/// (`field: reason`).
#[cfg(test)]
pub(crate) fn assert_refused_on<T: std::fmt::Debug>(result: Result<T, DomainError>, field: &str) {
    let message = result.expect_err(field).to_string();
    assert!(message.starts_with(field), "{message}");
}

/// Test support: every value in `all` reads back from its code.
#[cfg(test)]
pub(crate) fn assert_codes_round_trip<T: Copy + PartialEq + std::fmt::Debug>(
    all: &[T],
    code: fn(T) -> &'static str,
    from_code: fn(&str) -> Result<T, DomainError>,
) {
    for &value in all {
        assert_eq!(from_code(code(value)), Ok(value));
    }
}
