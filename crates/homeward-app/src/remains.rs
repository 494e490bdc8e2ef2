//! Writes to a remains case and their custody events: each use case opens the store's case write
//! ([`homeward_store::Remains::begin_case_write`]), applies the change there (a refused change
//! returns before anything is appended), maps it to its custody event ([`event_of`]), appends the
//! event signed by the acting user's organization, and commits — all in one transaction, so a
//! failed append rolls the change back. Writes by the system (no acting user), by a user of no
//! organization, or by an organization without a signing key append nothing.
//!
//! | change                                   | custody event                                  |
//! |------------------------------------------|------------------------------------------------|
//! | case accessioned                         | `recovered` (site code, recovery date)         |
//! | examination recorded                     | `examined` ("anthropological examination")     |
//! | nationality recorded (not undetermined)  | `nationality_determined` (code, evidence)      |
//! | status → nationality determined          | `nationality_determined` (code, "committee")   |
//! | status → designated for domestic burial  | none: a decision, not a custody event          |
//!
//! The generic status step sets no other status (`LifecycleStatus::check_status_step`): examined
//! comes with the examination's own event, identified with the identification (a decision), and
//! the batch's steps sign their own entries; the `Status` mapping below still covers every status
//! so that no change could ever go unsigned.

use homeward_domain::{
    BiologicalProfile, LifecycleStatus, Nationality, NationalityAssessment, NewRemainsCase, Phrase,
    RemainsCaseId, SkeletalInventory, StatusChange,
};
use homeward_ledger::{CustodyEvent, EntryDraft};
use homeward_store::{CaseChange, CaseChangeKind, CaseWrite, Remains, StoreResult, WriteContext};

/// The custody event and its details for `change` by `organization`, if it is one.
pub fn event_of(change: &CaseChange, organization: &str) -> Option<(CustodyEvent, String)> {
    match &change.kind {
        CaseChangeKind::Accessioned {
            site,
            recovery_date,
        } => Some((
            CustodyEvent::Recovered { site: site.clone() },
            Phrase::new("sys-custody-accessioned")
                .date("recovered", recovery_date)
                .stored(),
        )),
        CaseChangeKind::Examination {
            completeness_pct,
            condition,
        } => Some((
            CustodyEvent::Examined {
                examination: Phrase::new("sys-event-anthropological-examination").stored(),
            },
            Phrase::new("sys-custody-examined")
                .number("completeness", *completeness_pct)
                .text("condition", condition)
                .stored(),
        )),
        CaseChangeKind::Nationality(a) if a.nationality != Nationality::Undetermined => Some((
            CustodyEvent::NationalityDetermined {
                nationality: a.nationality.code(),
                basis: a.evidence.clone(),
            },
            match &a.committee_decision {
                Some(decision) => Phrase::new("sys-committee-decision").text("decision", decision),
                None => Phrase::new("sys-no-committee-decision"),
            }
            .stored(),
        )),
        CaseChangeKind::Nationality(_) => None,
        CaseChangeKind::Status {
            from,
            to,
            nationality,
            reason,
        } => {
            let event = match to {
                LifecycleStatus::Examined => CustodyEvent::Examined {
                    examination: Phrase::new("sys-event-examination-complete").stored(),
                },
                LifecycleStatus::NationalityDetermined => CustodyEvent::NationalityDetermined {
                    nationality: nationality.code(),
                    basis: Phrase::new("sys-event-committee").stored(),
                },
                LifecycleStatus::HandedOver => CustodyEvent::HandedOver {
                    from_organization: organization.to_owned(),
                    to_organization: Phrase::new("sys-event-state-of-nationality")
                        .code("nationality", "nat", nationality.code())
                        .stored(),
                },
                LifecycleStatus::Buried => CustodyEvent::Buried {
                    cemetery: String::new(),
                    section: String::new(),
                    row: String::new(),
                    plot: String::new(),
                },
                LifecycleStatus::Recovered
                | LifecycleStatus::Identified
                | LifecycleStatus::DesignatedForRepatriation
                | LifecycleStatus::DesignatedForDomesticBurial => return None,
            };
            let details = Phrase::new("sys-status-change")
                .code("from", "status", from.code())
                .code("to", "status", to.code())
                .text("reason", reason)
                .stored();
            Some((event, details))
        }
    }
}

/// Appends the custody event of `change`, signed by the acting user's organization, inside
/// `write`, and commits; a failed append returns its error and drops the write, rolling the
/// change back.
async fn sign_and_commit(mut write: CaseWrite, change: &CaseChange) -> StoreResult<()> {
    if let Some(signer) = write.signer().await?
        && let Some((event, details)) = event_of(change, &signer.organization)
    {
        let at = write.context().at.0;
        let mut draft = EntryDraft::new(at, &signer.actor, &change.location, event);
        draft.remains = vec![change.accession.clone()];
        draft.details = details;
        write.append_custody(&signer, vec![draft]).await?;
    }
    write.commit().await
}

/// Accessions a case in status `recovered` (`Conflict` when the accession number is taken,
/// `NotFound` when the site does not exist), with its `recovered` event.
pub async fn accession<S: Remains + ?Sized>(
    store: &S,
    case: &NewRemainsCase,
    ctx: WriteContext,
) -> StoreResult<RemainsCaseId> {
    let mut write = store.begin_case_write(ctx).await?;
    let (id, change) = write.accession(case).await?;
    sign_and_commit(write, &change).await?;
    Ok(id)
}

/// Records the anthropologist's examination (a `recovered` case becomes `examined`), with its
/// `examined` event.
pub async fn record_examination<S: Remains + ?Sized>(
    store: &S,
    id: RemainsCaseId,
    inventory: &SkeletalInventory,
    profile: &BiologicalProfile,
    condition: &str,
    ctx: WriteContext,
) -> StoreResult<()> {
    let mut write = store.begin_case_write(ctx).await?;
    let change = write
        .record_examination(id, inventory, profile, condition)
        .await?;
    sign_and_commit(write, &change).await
}

/// Records the nationality assessment and the committee's decision, with its
/// `nationality_determined` event when the nationality is determined.
pub async fn record_nationality<S: Remains + ?Sized>(
    store: &S,
    id: RemainsCaseId,
    assessment: &NationalityAssessment,
    ctx: WriteContext,
) -> StoreResult<()> {
    let mut write = store.begin_case_write(ctx).await?;
    let change = write.record_nationality(id, assessment).await?;
    sign_and_commit(write, &change).await
}

/// Moves a case along its lifecycle by the generic status step (the store checks the domain's
/// rules; a refused step changes nothing), with the step's event when it is one.
pub async fn change_status<S: Remains + ?Sized>(
    store: &S,
    id: RemainsCaseId,
    to: LifecycleStatus,
    reason: &str,
    ctx: WriteContext,
) -> StoreResult<StatusChange> {
    let mut write = store.begin_case_write(ctx).await?;
    let (step, change) = write.change_status(id, to, reason).await?;
    sign_and_commit(write, &change).await?;
    Ok(step)
}
