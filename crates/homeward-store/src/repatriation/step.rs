//! What the batch steps share inside their transaction: the ledger's drafts of a step, the
//! batch's state and its cases' lifecycle, its signed documents, its audit entry, and who signs
//! the receiver's steps.

use std::ops::{Deref, DerefMut};

use homeward_domain::{
    BatchState, DomainError, LifecycleStatus, Phrase, RepatriationBatch, SystemText,
};
use homeward_ledger::{BatchStep, ContentHash, CustodyEvent, EntryDraft};
use sqlx::AnyConnection;

use super::DocumentKind;
use super::read::{Member, load};
use crate::accounts::users::actor_name;
use crate::context::WriteContext;
use crate::error::{StoreError, StoreResult};
use crate::ledger::chain::sign_in;
use crate::ledger::keys::current_key_in;
use crate::remains::lifecycle::set_status;
use crate::sql::audit::{self, Change};
use crate::sql::{Core, Tx, conflict_or, set_code};

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

/// Sets the batch's state (the caller has asked the domain).
pub(crate) async fn set_state(
    conn: &mut AnyConnection,
    batch_id: i64,
    to: BatchState,
) -> StoreResult<()> {
    let context = "changing a batch's state";
    let column = ("repatriation_batches", "state");
    set_code(conn, column, batch_id, to.code(), context).await
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

/// Which batch step a transaction takes: named in the audit log, and if its commit fails.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Action {
    Create,
    Add,
    Verify,
    Advance,
    Encoffin,
    Manifest,
    HandOver,
    Receive,
    Bury,
}

impl Action {
    /// The audit log's action.
    fn code(self) -> &'static str {
        match self {
            Action::Create => "batch.create",
            Action::Add => "batch.add",
            Action::Verify => "batch.verify",
            Action::Advance => "batch.advance",
            Action::Encoffin => "batch.encoffin",
            Action::Manifest => "batch.manifest",
            Action::HandOver => "batch.handover",
            Action::Receive => "batch.receive",
            Action::Bury => "batch.bury",
        }
    }

    /// What the step does, named if the commit fails.
    fn doing(self) -> &'static str {
        match self {
            Action::Create => "planning a batch",
            Action::Add => "adding remains to a batch",
            Action::Verify => "recording a joint verification",
            Action::Advance => "advancing a batch",
            Action::Encoffin => "encoffining a batch",
            Action::Manifest => "issuing a manifest",
            Action::HandOver => "recording a handover",
            Action::Receive => "receiving a batch",
            Action::Bury => "recording burials",
        }
    }
}

/// One batch step's transaction, from its start to the tail every step ends with. It names the
/// acting user in the custody entries the way the lifecycle's custody events do (the username,
/// or `system` for a write with no user), read once inside the transaction, so that the signed
/// ledger names people one way whichever path wrote the entry.
pub(crate) struct StepTx {
    tx: Tx,
    action: Action,
    /// The name the step's custody entries carry as their actor.
    actor: String,
    ctx: WriteContext,
}

impl Deref for StepTx {
    type Target = AnyConnection;

    fn deref(&self) -> &AnyConnection {
        &self.tx
    }
}

impl DerefMut for StepTx {
    fn deref_mut(&mut self) -> &mut AnyConnection {
        &mut self.tx
    }
}

impl StepTx {
    /// Begins the write transaction of `action` and reads who takes it.
    pub(crate) async fn begin(core: &Core, action: Action, ctx: WriteContext) -> StoreResult<Self> {
        let mut tx = core.begin_write().await?;
        let actor = actor_name(&mut tx, ctx.actor).await?;
        Ok(StepTx {
            tx,
            action,
            actor,
            ctx,
        })
    }

    /// Begins the write transaction of `action` on batch `code`, read under the write lock.
    pub(crate) async fn on_batch(
        core: &Core,
        action: Action,
        code: &str,
        ctx: WriteContext,
    ) -> StoreResult<(Self, RepatriationBatch)> {
        let mut tx = Self::begin(core, action, ctx).await?;
        let batch = load(&mut tx.tx, code, core.for_update()).await?.batch;
        Ok((tx, batch))
    }

    /// [`StepTx::on_batch`] for a step that moves the batch to `to`: refused before anything is
    /// written if the batch may not advance there.
    pub(crate) async fn advancing(
        core: &Core,
        action: Action,
        code: &str,
        to: BatchState,
        ctx: WriteContext,
    ) -> StoreResult<(Self, RepatriationBatch)> {
        let (tx, batch) = Self::on_batch(core, action, code, ctx).await?;
        batch.state.check_advance(to)?;
        Ok((tx, batch))
    }

    /// A custody entry of this step at `location`, naming the acting user.
    pub(crate) fn entry(&self, location: &str, event: CustodyEvent) -> EntryDraft {
        EntryDraft::new(self.ctx.at.0, &self.actor, location, event)
    }

    /// The `batch_step_reached` entry of `batch` reaching `to`, naming `remains`.
    pub(crate) fn step_entry(
        &self,
        batch: &RepatriationBatch,
        to: BatchState,
        document: Option<ContentHash>,
        remains: Vec<String>,
    ) -> EntryDraft {
        let mut d = self.entry(
            "",
            CustodyEvent::BatchStepReached {
                batch: batch.code.clone(),
                step: step(to),
                document,
            },
        );
        d.remains = remains;
        d.details = step_phrase(batch, to).stored();
        d
    }

    /// Ends the step as every batch step ends: its custody entries (none for the manifest,
    /// which is kept, not signed here) signed with the stored key of `signer` and appended to
    /// the ledger, the audit entry of batch `code` with `detail`, the commit. A failure on the
    /// way rolls the whole step back.
    pub(crate) async fn commit(
        mut self,
        core: &Core,
        code: &str,
        signer: &str,
        entries: Vec<EntryDraft>,
        detail: String,
    ) -> StoreResult<()> {
        if !entries.is_empty() {
            sign_in(&mut self.tx, core, signer, entries, self.ctx).await?;
        }
        let change = Change::new(self.action.code(), "repatriation_batch", code, &detail);
        audit::record(&mut self.tx, self.ctx, change).await?;
        core.commit(self.tx, self.action.doing()).await
    }
}

/// What a step entry's details say: batch `batch` (sender → receiver, handover no.) is now `to`.
pub(crate) fn step_phrase(batch: &RepatriationBatch, to: BatchState) -> Phrase {
    Phrase::new("sys-batch-step")
        .text("batch", &batch.code)
        .name("sender", &batch.batch.sender.names)
        .name("receiver", &batch.batch.receiver.names)
        .number("sequence", batch.batch.sequence_number)
        .code("step", "batch-state", to.code())
}

/// An audit line's first phrase: the batch's state `from` → `to`.
pub(crate) fn state_change(from: BatchState, to: BatchState) -> Phrase {
    Phrase::new("sys-state-change")
        .code("from", "batch-state", from.code())
        .code("to", "batch-state", to.code())
}

/// The stored form of `phrases`, followed by `note` if there is one.
pub(crate) fn with_note(mut phrases: Vec<Phrase>, note: Option<&Phrase>) -> String {
    phrases.extend(note.cloned());
    SystemText::of(phrases).stored()
}

/// The accession numbers of a batch's members, in the order they joined.
pub(crate) fn accessions(members: &[Member]) -> Vec<String> {
    accession_refs(members)
        .into_iter()
        .map(str::to_owned)
        .collect()
}

/// The accession numbers of a batch's members, borrowed, for the domain's checks.
pub(crate) fn accession_refs(members: &[Member]) -> Vec<&str> {
    members
        .iter()
        .map(|m| m.remains.accession.as_str())
        .collect()
}

/// A step refused because the batch is not ready for it.
pub(crate) fn not_ready(batch: &str, step: BatchState, reason: String) -> StoreError {
    DomainError::BatchNotReady {
        batch: batch.to_owned(),
        step,
        reason,
    }
    .into()
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
/// sender (with a note for the details).
pub(crate) async fn receiver_side_signer(
    conn: &mut AnyConnection,
    core: &Core,
    batch: &RepatriationBatch,
) -> StoreResult<(String, Option<Phrase>)> {
    let receiver = &batch.batch.receiver.name;
    match current_key_in(&mut *conn, core, receiver).await {
        Ok(_) => Ok((receiver.clone(), None)),
        Err(StoreError::NotFound { .. }) => Ok((
            batch.batch.sender.name.clone(),
            Some(
                Phrase::new("sys-recorded-for")
                    .name("sender", &batch.batch.sender.names)
                    .name("receiver", &batch.batch.receiver.names),
            ),
        )),
        Err(e) => Err(e),
    }
}
