//! What the registry's rules refuse, in the user's terms.

use crate::LifecycleStatus;

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
    /// A case past examination rests on its determined nationality; it cannot be undone.
    #[error(
        "nationality: the case is \"{status}\", which rests on a determined nationality; it \
         cannot go back to \"undetermined\" (correct it to another nationality instead)"
    )]
    NationalityLocked {
        /// Where the case is now.
        status: LifecycleStatus,
    },
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

impl DomainError {
    /// A shorthand for [`DomainError::InvalidField`].
    pub fn invalid(field: &'static str, reason: impl Into<String>) -> Self {
        DomainError::InvalidField {
            field,
            reason: reason.into(),
        }
    }
}
