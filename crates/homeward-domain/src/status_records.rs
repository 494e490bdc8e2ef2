//! Which record each lifecycle status needs, and which statuses the generic status step may set.
//!
//! A status that says something was *done* rests on the record of doing it: `examined` on the
//! anthropologist's examination (its inventory names what is present), `identified` on the
//! committee's identification, `designated_repatriation` on the repatriation batch the case is in,
//! `handed_over` on that batch's handover and `buried` on the burial its bury step records. Such a
//! status is entered only by the use case that writes its record, in the same transaction:
//! recording the examination moves a `recovered` case to `examined`, recording an identification
//! moves a `nationality_determined` case to `identified`, and the batch's steps move its cases.
//! The generic status step (`homeward_app::remains::change_status`, the API's and the form's
//! status step) sets only the decisions that carry no record of their own:
//! `nationality_determined` (which rests on the nationality assessment) and
//! `designated_domestic_burial`.
//!
//! [`missing_records`] names what a stored case lacks for its status, so an existing store can be
//! examined (`homeward check`).

use crate::{
    BatchState, DomainError, LifecycleStatus, Nationality, NewRemainsCase, SkeletalInventory,
};

/// A record a lifecycle status rests on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum StatusRecord {
    /// The anthropologist's examination: the inventory names at least one skeletal element.
    Examination,
    /// The review committee's nationality decision (not "undetermined").
    NationalityDecision,
    /// The committee's identification of the case as a person on the rolls.
    Identification,
    /// Membership of a repatriation batch.
    RepatriationBatch,
    /// The handover of the case's batch (batch state `handed_over` or later).
    BatchHandover,
    /// The burial recorded by the batch's bury step (cemetery, plot, date).
    Burial,
}

impl StatusRecord {
    /// The stable code, as printed by `homeward check`.
    pub fn code(self) -> &'static str {
        match self {
            StatusRecord::Examination => "examination",
            StatusRecord::NationalityDecision => "nationality_decision",
            StatusRecord::Identification => "identification",
            StatusRecord::RepatriationBatch => "repatriation_batch",
            StatusRecord::BatchHandover => "batch_handover",
            StatusRecord::Burial => "burial",
        }
    }

    /// How the record is made (and with it the status entered), in the user's terms.
    pub fn how(self) -> &'static str {
        match self {
            StatusRecord::Examination => {
                "record the examination (inventory and biological profile); that moves the case \
                 to \"examined\""
            }
            StatusRecord::NationalityDecision => {
                "record the review committee's nationality decision"
            }
            StatusRecord::Identification => {
                "record the identification (the person on the rolls); that moves the case to \
                 \"identified\""
            }
            StatusRecord::RepatriationBatch => {
                "add the case to a repatriation batch (homeward batch add)"
            }
            StatusRecord::BatchHandover => {
                "take the case's repatriation batch through its handover step (homeward batch \
                 handover)"
            }
            StatusRecord::Burial => {
                "record the burial through the repatriation batch's bury step (homeward batch bury)"
            }
        }
    }
}

impl std::fmt::Display for StatusRecord {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.code())
    }
}

impl LifecycleStatus {
    /// The record entering this status writes (and without which no use case may set it), if any.
    pub fn own_record(self) -> Option<StatusRecord> {
        use LifecycleStatus::*;
        match self {
            Recovered | NationalityDetermined | DesignatedForDomesticBurial => None,
            Examined => Some(StatusRecord::Examination),
            Identified => Some(StatusRecord::Identification),
            DesignatedForRepatriation => Some(StatusRecord::RepatriationBatch),
            HandedOver => Some(StatusRecord::BatchHandover),
            Buried => Some(StatusRecord::Burial),
        }
    }

    /// Whether the generic status step may set this status: only a decision that has no record
    /// of its own (`nationality_determined`, `designated_domestic_burial`).
    pub fn set_by_status_step(self) -> bool {
        self != LifecycleStatus::Recovered && self.own_record().is_none()
    }

    /// The statuses the generic status step may set, in lifecycle order.
    pub fn status_step_targets() -> Vec<LifecycleStatus> {
        Self::ALL
            .into_iter()
            .filter(|s| s.set_by_status_step())
            .collect()
    }

    /// Whether the generic status step may move a case from `self` to `to` for a case whose
    /// nationality is `nationality`: the lifecycle allows it, the data meet its preconditions,
    /// and `to` is not a status that only its own record may set.
    pub fn check_status_step(
        self,
        to: LifecycleStatus,
        nationality: Nationality,
    ) -> Result<(), DomainError> {
        self.check_transition(to)?;
        if let Some(record) = to.own_record() {
            return Err(DomainError::RecordRequired { to, record });
        }
        to.check_preconditions(nationality)
    }

    /// The records a case in this status must have (what [`missing_records`] checks).
    pub fn records_needed(self) -> Vec<StatusRecord> {
        use LifecycleStatus::*;
        let mut needed = Vec::new();
        if self >= Examined {
            needed.push(StatusRecord::Examination);
        }
        if self >= NationalityDetermined {
            needed.push(StatusRecord::NationalityDecision);
        }
        if let Some(own) = self.own_record()
            && own != StatusRecord::Examination
        {
            needed.push(own);
        }
        needed
    }
}

/// The legal walk from `recovered` to `to` for an imported `case`: [`LifecycleStatus::path_to`],
/// refusing any status on the way whose record an import cannot carry. An import carries the
/// examination (the row's inventory); an identification, a batch, a handover or a burial are
/// recorded only by their own use cases.
pub fn import_walk(
    to: LifecycleStatus,
    case: &NewRemainsCase,
) -> Result<Vec<LifecycleStatus>, DomainError> {
    let walk = LifecycleStatus::Recovered.path_to(to, case.nationality.nationality)?;
    for &step in &walk {
        match step.own_record() {
            None => {}
            Some(StatusRecord::Examination) if has_examination(case) => {}
            Some(record) => return Err(DomainError::RecordRequired { to: step, record }),
        }
    }
    Ok(walk)
}

/// Whether the case carries an examination: its inventory names at least one element.
pub fn has_examination(case: &NewRemainsCase) -> bool {
    check_examination(&case.inventory).is_ok()
}

/// Whether `inventory` may be recorded as an examination: it names at least one element present
/// (the record `examined` rests on).
pub fn check_examination(inventory: &SkeletalInventory) -> Result<(), DomainError> {
    if inventory.elements.iter().any(|e| !e.trim().is_empty()) {
        Ok(())
    } else {
        Err(DomainError::invalid(
            "elements",
            "an examination names at least one skeletal element present",
        ))
    }
}

/// The status recording an examination moves a case in `status` to, if it moves it: a
/// `recovered` case becomes `examined`; a case further on keeps its status (a re-examination).
pub fn examination_moves_to(status: LifecycleStatus) -> Option<LifecycleStatus> {
    (status == LifecycleStatus::Recovered).then_some(LifecycleStatus::Examined)
}

/// What is recorded of a stored case, as the store reads it.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct CaseRecords {
    /// The inventory names at least one element ([`has_examination`]).
    pub examination: bool,
    /// The nationality is determined.
    pub nationality_decided: bool,
    /// An identification is recorded.
    pub identification: bool,
    /// The state of the latest repatriation batch the case is in, if any.
    pub batch: Option<BatchState>,
    /// A burial (cemetery and date) is recorded for the case in a batch.
    pub burial: bool,
}

/// The records a case in `status` needs but lacks (empty when it is whole).
pub fn missing_records(status: LifecycleStatus, records: &CaseRecords) -> Vec<StatusRecord> {
    status
        .records_needed()
        .into_iter()
        .filter(|r| match r {
            StatusRecord::Examination => !records.examination,
            StatusRecord::NationalityDecision => !records.nationality_decided,
            StatusRecord::Identification => !records.identification,
            StatusRecord::RepatriationBatch => records.batch.is_none(),
            StatusRecord::BatchHandover => records.batch.is_none_or(|b| b < BatchState::HandedOver),
            StatusRecord::Burial => !records.burial,
        })
        .collect()
}

#[cfg(test)]
#[path = "status_records_tests.rs"]
mod tests;
