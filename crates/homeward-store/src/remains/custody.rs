//! Lifecycle events in the custody ledger: when a write changes a remains case (its examination,
//! its nationality, its status), the acting user's organization signs the matching custody event
//! and it is appended in the same transaction as the change — a refused change appends nothing,
//! and a failed append rolls the change back. Writes by the system (no acting user), by a user of
//! no organization, or by an organization without a signing key append nothing.
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

use homeward_domain::{LifecycleStatus, Nationality, NationalityAssessment};
use homeward_ledger::{CustodyEvent, EntryDraft, SignedEntry};
use sqlx::AnyConnection;

use crate::accounts::users::acting_organization;
use crate::context::WriteContext;
use crate::error::{StoreError, StoreResult};
use crate::ledger::chain::sign_in;
use crate::ledger::keys::current_key_in;
use crate::sql::Core;

/// A change to a remains case that may be a custody event.
#[derive(Debug, Clone, Copy)]
pub(crate) enum CaseChange<'a> {
    /// The case was accessioned from a recovery site.
    Accessioned {
        site: &'a str,
        recovery_date: &'a str,
    },
    /// The anthropologist's examination was recorded.
    Examination {
        completeness_pct: u8,
        condition: &'a str,
    },
    /// The nationality assessment was recorded.
    Nationality(&'a NationalityAssessment),
    /// The case moved along its lifecycle.
    Status {
        from: LifecycleStatus,
        to: LifecycleStatus,
        nationality: Nationality,
        reason: &'a str,
    },
}

/// The custody event and its details for `change` by `organization`, if it is one.
fn event_of(change: CaseChange<'_>, organization: &str) -> Option<(CustodyEvent, String)> {
    match change {
        CaseChange::Accessioned {
            site,
            recovery_date,
        } => Some((
            CustodyEvent::Recovered {
                site: site.to_owned(),
            },
            format!("accessioned; recovered {recovery_date}"),
        )),
        CaseChange::Examination {
            completeness_pct,
            condition,
        } => Some((
            CustodyEvent::Examined {
                examination: "anthropological examination".into(),
            },
            format!(
                "inventory and biological profile recorded; completeness {completeness_pct}%; condition: {condition}"
            ),
        )),
        CaseChange::Nationality(a) if a.nationality != Nationality::Undetermined => Some((
            CustodyEvent::NationalityDetermined {
                nationality: a.nationality.code(),
                basis: a.evidence.clone(),
            },
            match &a.committee_decision {
                Some(decision) => format!("committee decision {decision}"),
                None => "no committee decision yet".to_owned(),
            },
        )),
        CaseChange::Nationality(_) => None,
        CaseChange::Status {
            from,
            to,
            nationality,
            reason,
        } => {
            let event = match to {
                LifecycleStatus::Examined => CustodyEvent::Examined {
                    examination: "examination complete".into(),
                },
                LifecycleStatus::NationalityDetermined => CustodyEvent::NationalityDetermined {
                    nationality: nationality.code(),
                    basis: "committee".into(),
                },
                LifecycleStatus::HandedOver => CustodyEvent::HandedOver {
                    from_organization: organization.to_owned(),
                    to_organization: format!("the state of nationality {}", nationality.code()),
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
            Some((event, format!("status: {from} → {to}; reason: {reason}")))
        }
    }
}

/// Appends the custody event of `change` to case `accession`, signed by the acting user's
/// organization, inside the caller's transaction; `None` when the change is no custody event or
/// nobody can sign it. Any failure is returned, so that the caller's change rolls back.
pub(crate) async fn append_case_event(
    conn: &mut AnyConnection,
    core: &Core,
    ctx: WriteContext,
    accession: &str,
    location: &str,
    change: CaseChange<'_>,
) -> StoreResult<Option<SignedEntry>> {
    let Some((actor, organization)) = acting_organization(conn, ctx).await? else {
        return Ok(None);
    };
    let Some((event, details)) = event_of(change, &organization) else {
        return Ok(None);
    };
    if let Err(StoreError::NotFound { .. }) = current_key_in(conn, core, &organization).await {
        return Ok(None);
    }
    let mut draft = EntryDraft::new(ctx.at.0, &actor, location, event);
    draft.remains = vec![accession.to_owned()];
    draft.details = details;
    // Under the ledger's lock the key is read again: a rotation may have retired it meanwhile.
    let signed = sign_in(conn, core, &organization, vec![draft], ctx).await?;
    Ok(signed.into_iter().next())
}
