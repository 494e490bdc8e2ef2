//! Repatriation batches: remains handed from one state's organization to another's, and the only
//! order their steps may happen in (planned → jointly verified → encoffined → handed over →
//! received → buried), with which remains cases may join a batch.
//!
//! **Nationality and the receiving state.** An organization's country (ISO 3166 alpha-2) says
//! which soldiers it receives: `CN` receives the Chinese People's Volunteers (`cpv`), `KR` the
//! Republic of Korea Army (`rok`), `KP` the Korean People's Army (`kpa`), and any other state
//! its own UN Command soldiers (`un:XX` with its code). A case may join a batch only when the
//! review committee's nationality is exactly the receiver's.

use crate::error::listed;
use crate::{
    CalendarDate, DomainError, LifecycleStatus, Nationality, Organization, RemainsCase,
    RepatriationBatchId,
};

/// Where a batch stands. The steps are the custody ledger's batch steps, in the same order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum BatchState {
    /// Announced: the remains are being gathered.
    Planned,
    /// Both sides' experts agreed on every remains case.
    JointlyVerified,
    /// Every case is in a numbered casket, with the effects that travel with it.
    Encoffined,
    /// Handed over at the ceremony, the manifest signed.
    HandedOver,
    /// The receiving side countersigned its receipt.
    Received,
    /// Buried; the final state.
    Buried,
}

impl BatchState {
    /// Every state, in order.
    pub const ALL: [BatchState; 6] = [
        BatchState::Planned,
        BatchState::JointlyVerified,
        BatchState::Encoffined,
        BatchState::HandedOver,
        BatchState::Received,
        BatchState::Buried,
    ];

    /// The stable code (the ledger's step names).
    pub fn code(self) -> &'static str {
        match self {
            BatchState::Planned => "planned",
            BatchState::JointlyVerified => "jointly_verified",
            BatchState::Encoffined => "encoffined",
            BatchState::HandedOver => "handed_over",
            BatchState::Received => "received",
            BatchState::Buried => "buried",
        }
    }

    /// Parses [`Self::code`].
    pub fn from_code(code: &str) -> Result<Self, DomainError> {
        crate::remains::parse_code("state", code, &Self::ALL, |s| s.code())
    }

    /// The one step that may follow, if any.
    pub fn next(self) -> Option<BatchState> {
        let i = Self::ALL.iter().position(|s| *s == self)?;
        Self::ALL.get(i + 1).copied()
    }

    /// Whether `self → to` is the next step; skipping, repeating or going back is refused.
    pub fn check_advance(self, to: BatchState) -> Result<(), DomainError> {
        if self.next() == Some(to) {
            Ok(())
        } else {
            Err(DomainError::BatchStepRefused { from: self, to })
        }
    }

    /// A batch is open (its remains may not join another) until it is buried.
    pub fn is_open(self) -> bool {
        self != BatchState::Buried
    }
}

impl std::fmt::Display for BatchState {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.code())
    }
}

/// The nationality whose soldiers an organization of `country` receives (see the module doc).
pub fn nationality_received_by(country: &str) -> Result<Nationality, DomainError> {
    match country.trim().to_ascii_uppercase().as_str() {
        "CN" => Ok(Nationality::Cpv),
        "KR" => Ok(Nationality::Rok),
        "KP" => Ok(Nationality::Kpa),
        cc => Nationality::from_code(&format!("un:{cc}")).map_err(|_| {
            DomainError::invalid(
                "country",
                format!("\"{country}\" is not a two-letter country code"),
            )
        }),
    }
}

/// A batch as it is to be planned.
#[derive(Debug, Clone, PartialEq)]
pub struct NewRepatriationBatch {
    /// Which handover between these two organizations this is (e.g. 9 for the ninth).
    pub sequence_number: u32,
    /// The sending organization.
    pub sender: Organization,
    /// The receiving organization.
    pub receiver: Organization,
}

impl NewRepatriationBatch {
    /// Checks the rules every stored batch obeys.
    pub fn validate(&self) -> Result<(), DomainError> {
        if self.sequence_number == 0 {
            return Err(DomainError::invalid(
                "sequence_number",
                "must be 1 or more (1 for the first handover)",
            ));
        }
        if self.sender.id == self.receiver.id {
            return Err(DomainError::invalid(
                "receiver",
                format!("\"{}\" cannot send remains to itself", self.sender.name),
            ));
        }
        nationality_received_by(&self.receiver.country)?;
        crate::Identifier::BatchCode.check(&self.code())?;
        Ok(())
    }

    /// The batch's code, e.g. `KR-CN-9`: sender's and receiver's countries and the sequence.
    pub fn code(&self) -> String {
        format!(
            "{}-{}-{}",
            self.sender.country.trim().to_ascii_uppercase(),
            self.receiver.country.trim().to_ascii_uppercase(),
            self.sequence_number
        )
    }
}

/// A stored batch.
#[derive(Debug, Clone, PartialEq)]
pub struct RepatriationBatch {
    /// Its id.
    pub id: RepatriationBatchId,
    /// Its code (see [`NewRepatriationBatch::code`]); the ledger and the manifest name it so.
    pub code: String,
    /// What was planned.
    pub batch: NewRepatriationBatch,
    /// Where it stands.
    pub state: BatchState,
}

/// Whether `case` may join `batch`: its nationality must be decided as the receiver's, its
/// lifecycle at nationality determined, identified or designated for repatriation, and it must
/// not be in another open batch (`open_batch` is the code of the open batch it is in, if any).
pub fn check_may_join(
    batch: &RepatriationBatch,
    case: &RemainsCase,
    open_batch: Option<&str>,
) -> Result<(), DomainError> {
    let accession = &case.case.accession;
    let refuse = |reason: String| DomainError::BatchMembershipRefused {
        batch: batch.code.clone(),
        accession: accession.clone(),
        reason,
    };
    if batch.state != BatchState::Planned {
        return Err(refuse(format!(
            "the batch is {}; remains join only while it is planned",
            batch.state
        )));
    }
    let wanted = nationality_received_by(&batch.batch.receiver.country)?;
    let has = case.case.nationality.nationality;
    if has == Nationality::Undetermined {
        return Err(refuse(format!(
            "its nationality is not determined; the review committee must decide it is \"{}\" \
             (received by {}) first",
            wanted.code(),
            batch.batch.receiver.name
        )));
    }
    if has != wanted {
        return Err(refuse(format!(
            "its nationality is \"{}\", but {} receives \"{}\"",
            has.code(),
            batch.batch.receiver.name,
            wanted.code()
        )));
    }
    use LifecycleStatus::*;
    if !matches!(
        case.status,
        NationalityDetermined | Identified | DesignatedForRepatriation
    ) {
        return Err(refuse(format!(
            "its status is \"{}\"; only cases whose nationality is determined and that are not \
             designated for domestic burial, handed over or buried may join",
            case.status
        )));
    }
    if let Some(other) = open_batch {
        return Err(refuse(if other == batch.code {
            "it is already in this batch".to_owned()
        } else {
            format!("it is already in open batch {other}; a case is in one open batch only")
        }));
    }
    Ok(())
}

/// Both sides' experts examined one remains case together and recorded what they found.
#[derive(Debug, Clone, PartialEq)]
pub struct JointVerification {
    /// The sending side's experts.
    pub sending_experts: Vec<String>,
    /// The receiving side's experts.
    pub receiving_experts: Vec<String>,
    /// When.
    pub date: CalendarDate,
    /// What they noted.
    pub notes: String,
    /// Whether both sides agreed; the batch goes on only when they agreed on every case.
    pub both_agreed: bool,
}

impl JointVerification {
    /// Names on both sides, none empty; nothing typed poses as a text the system writes (it
    /// would be shown as the system's words, translated, not as the experts typed it).
    pub fn validate(&self) -> Result<(), DomainError> {
        for (field, names) in [
            ("sending_experts", &self.sending_experts),
            ("receiving_experts", &self.receiving_experts),
        ] {
            if names.is_empty() {
                return Err(DomainError::invalid(field, "name at least one expert"));
            }
            if names.iter().any(|n| n.trim().is_empty()) {
                return Err(DomainError::invalid(field, "an expert's name is empty"));
            }
            for name in names {
                crate::check_typed(field, name)?;
            }
        }
        crate::check_typed("notes", &self.notes)
    }
}

/// Whether every case of a batch may count as jointly verified: `cases` pairs each accession
/// with its verification, if recorded.
pub fn check_jointly_verified(
    batch: &str,
    cases: &[(&str, Option<&JointVerification>)],
) -> Result<(), DomainError> {
    let refuse = |reason: String| DomainError::BatchNotReady {
        batch: batch.to_owned(),
        step: BatchState::JointlyVerified,
        reason,
    };
    if cases.is_empty() {
        return Err(refuse("it holds no remains".into()));
    }
    let unrecorded = cases.iter().filter(|(_, v)| v.is_none()).map(|(a, _)| *a);
    if let Some(missing) = listed(unrecorded) {
        return Err(refuse(format!(
            "no joint verification is recorded for {missing}"
        )));
    }
    let split = cases
        .iter()
        .filter(|(_, v)| v.is_some_and(|v| !v.both_agreed));
    match listed(split.map(|(a, _)| *a)) {
        Some(disputed) => Err(refuse(format!(
            "the experts did not both agree on {disputed}"
        ))),
        None => Ok(()),
    }
}

#[cfg(test)]
#[path = "repatriation_tests.rs"]
mod tests;
