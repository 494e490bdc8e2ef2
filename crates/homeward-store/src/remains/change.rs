//! What a write to a remains case changed, as a fact the app maps to its custody event
//! (`homeward_app::remains::event_of`), and who may sign that event.

use homeward_domain::{CalendarDate, LifecycleStatus, Nationality, NationalityAssessment};

/// A change a [`super::CaseWrite`] made to one remains case: the case, where it is kept, and
/// what changed. The store only reports it; whether it is a custody event is the app's rule.
#[derive(Debug, Clone, PartialEq)]
pub struct CaseChange {
    /// The case's accession number (what ledger entries name it by).
    pub accession: String,
    /// Where the case is kept (the location a custody event records).
    pub location: String,
    /// What changed.
    pub kind: CaseChangeKind,
}

/// What changed in a remains case.
#[derive(Debug, Clone, PartialEq)]
pub enum CaseChangeKind {
    /// The case was accessioned from a recovery site.
    Accessioned {
        /// The site's code.
        site: String,
        /// When the remains were recovered.
        recovery_date: CalendarDate,
    },
    /// The anthropologist's examination was recorded.
    Examination {
        /// How complete the skeleton is.
        completeness_pct: u8,
        /// Its condition.
        condition: String,
    },
    /// The nationality assessment was recorded.
    Nationality(NationalityAssessment),
    /// The case moved along its lifecycle by the generic status step.
    Status {
        /// The status it left.
        from: LifecycleStatus,
        /// The status it reached.
        to: LifecycleStatus,
        /// The case's assessed nationality.
        nationality: Nationality,
        /// Why.
        reason: String,
    },
}

/// The acting user of a write and the organization that signs for them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Signer {
    /// The user's name (a ledger entry's actor).
    pub actor: String,
    /// Their organization.
    pub organization: String,
}
