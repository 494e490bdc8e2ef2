//! What the batch steps share inside their transaction: the ledger's drafts of a step, the
//! batch's state and its cases' lifecycle, its signed documents, its audit entry, and who signs
//! the receiver's steps.

use homeward_domain::{BatchState, LifecycleStatus, RepatriationBatch};
use homeward_ledger::{BatchStep, CustodyEvent, EntryDraft};
use sqlx::AnyConnection;

use super::DocumentKind;
use super::read::Member;
use crate::context::WriteContext;
use crate::error::{Context, StoreError, StoreResult};
use crate::ledger::chain::sign_in;
use crate::ledger::keys::current_key_in;
use crate::remains::lifecycle::set_status;
use crate::sql::audit::{self, Change};
use crate::sql::{Core, Tx, conflict_or};

/// The ledger's name for a batch state (the same steps, in the same order).
pub(crate) fn step(state: BatchState) -> BatchStep {
    match state {
        BatchState::Planned => BatchStep::Planned,
        BatchState::JointlyVerified => BatchStep::JointlyVerified,
        BatchState::Encoffined => BatchStep::Encoffined,
        BatchState::HandedOver => BatchStep::HandedOver,
        BatchState::Received => BatchStep::Received,
        BatchState::Buried => BatchStep::Buried,
    }
}

/// A `batch_step_reached` draft naming `remains`.
pub(crate) fn step_draft(
    batch: &RepatriationBatch,
    to: BatchState,
    document: Option<homeward_ledger::ContentHash>,
    remains: Vec<String>,
    actor: &str,
    ctx: WriteContext,
) -> EntryDraft {
    let mut d = EntryDraft::new(
        ctx.at.0,
        actor,
        "",
        CustodyEvent::BatchStepReached {
            batch: batch.code.clone(),
            step: step(to),
            document,
        },
    );
    d.remains = remains;
    d.details = format!(
        "batch {} ({} → {}, handover no. {}) is {}",
        batch.code,
        batch.batch.sender.name,
        batch.batch.receiver.name,
        batch.batch.sequence_number,
        to.code().replace('_', " ")
    );
    d
}

/// Sets the batch's state (the caller has asked the domain).
pub(crate) async fn set_state(
    conn: &mut AnyConnection,
    batch_id: i64,
    to: BatchState,
) -> StoreResult<()> {
    sqlx::query("UPDATE repatriation_batches SET state = $1 WHERE id = $2")
        .bind(to.code())
        .bind(batch_id)
        .execute(&mut *conn)
        .await
        .context("changing a batch's state")?;
    Ok(())
}

/// Moves a case along its lifecycle as the batch requires, asking the domain first.
pub(crate) async fn move_case(
    conn: &mut AnyConnection,
    member: &Member,
    to: LifecycleStatus,
    reason: &str,
    ctx: WriteContext,
) -> StoreResult<()> {
    member.status.check_transition(to)?;
    set_status(conn, member.remains.id.0, member.status, to, ctx, reason).await
}

/// What one batch step wrote, to end its transaction with.
pub(crate) struct Step<'a> {
    /// The batch's code.
    pub(crate) batch: &'a str,
    /// The audit log's action, e.g. `batch.encoffin`.
    pub(crate) action: &'static str,
    /// What the step does, named if the commit fails, e.g. "encoffining a batch".
    pub(crate) doing: &'static str,
    /// The organization whose stored key signs `entries`.
    pub(crate) signer: &'a str,
    /// The step's custody entries (none for the manifest, which is kept, not signed here).
    pub(crate) entries: Vec<EntryDraft>,
    /// The audit entry's account of the step.
    pub(crate) detail: String,
}

impl Step<'_> {
    /// Ends the step's transaction as every batch step ends: its custody entries signed with
    /// the signer's stored key and appended to the ledger, its audit entry, the commit. A
    /// failure on the way rolls the whole step back.
    pub(crate) async fn commit(
        self,
        core: &Core,
        mut tx: Tx,
        ctx: WriteContext,
    ) -> StoreResult<()> {
        if !self.entries.is_empty() {
            sign_in(&mut tx, core, self.signer, self.entries, ctx).await?;
        }
        let change = Change {
            action: self.action,
            entity: "repatriation_batch",
            key: self.batch,
            detail: &self.detail,
        };
        audit::record(&mut tx, ctx, change).await?;
        core.commit(tx, self.doing).await
    }
}

pub(crate) fn accessions(members: &[Member]) -> Vec<String> {
    members
        .iter()
        .map(|m| m.remains.accession.clone())
        .collect()
}

/// How a step other than `jointly_verified` is taken.
pub(crate) fn taken_by(to: BatchState) -> &'static str {
    match to {
        BatchState::Encoffined => "it is taken by encoffining the remains (caskets and effects)",
        BatchState::HandedOver => "it is taken by recording the handover ceremony and transport",
        BatchState::Received => "it is taken only with the receiver's countersigned receipt",
        _ => "it is taken by recording the burials",
    }
}

/// Stores a signed document of a batch.
pub(crate) async fn insert_document(
    conn: &mut AnyConnection,
    batch_id: i64,
    kind: DocumentKind,
    text: &str,
    sha256: &str,
    ctx: WriteContext,
) -> StoreResult<()> {
    sqlx::query(
        "INSERT INTO batch_documents (batch_id, kind, sha256, text, recorded_at) \
         VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(batch_id)
    .bind(kind.code())
    .bind(sha256)
    .bind(text)
    .bind(ctx.at.0)
    .execute(&mut *conn)
    .await
    .map_err(|e| conflict_or(e, "document of batch", kind.code(), "storing a document"))?;
    Ok(())
}

/// Who signs the receiver's steps here: the receiver when its key is in this store, else the
/// sender (with a note in the details).
pub(crate) async fn receiver_side_signer(
    conn: &mut AnyConnection,
    core: &Core,
    batch: &RepatriationBatch,
) -> StoreResult<(String, String)> {
    let receiver = &batch.batch.receiver.name;
    match current_key_in(&mut *conn, core, receiver).await {
        Ok(_) => Ok((receiver.clone(), String::new())),
        Err(StoreError::NotFound { .. }) => Ok((
            batch.batch.sender.name.clone(),
            format!("; recorded by {} for {receiver}", batch.batch.sender.name),
        )),
        Err(e) => Err(e),
    }
}
