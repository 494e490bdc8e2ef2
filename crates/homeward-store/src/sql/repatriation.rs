//! Repatriation batches, planned through encoffined: each write reads the batch under the write
//! lock, lets the domain decide (step order, who may join, caskets), writes, appends the signed
//! custody entries with the acting organization's stored key and records the audit entry — all
//! in one transaction, so a refused step changes nothing.

use homeward_domain::{
    BatchCasket, BatchState, DomainError, JointVerification, LifecycleStatus, NewRepatriationBatch,
    RepatriationBatch, check_encoffining, check_jointly_verified, check_may_join,
};
use homeward_ledger::{BatchStep, CustodyEvent, EntryDraft, SignedEntry};
use sqlx::AnyConnection;

use super::audit::{self, Change};
use super::lifecycle::set_status;
use super::repatriation_read::{
    Member, document_in, load, member_effects, members, names_json, open_batch_of,
};
use super::row::Get;
use super::{Core, conflict_or, ledger, remains};
use crate::error::Context;
use crate::repatriation::DocumentKind;
use crate::{StoreError, StoreResult, WriteContext};

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

/// Places, signs with `organization`'s current stored key and inserts `drafts`, inside the
/// caller's transaction (the ledger is locked until it ends).
pub(crate) async fn append_in(
    conn: &mut AnyConnection,
    core: &Core,
    organization: &str,
    drafts: Vec<EntryDraft>,
    ctx: WriteContext,
) -> StoreResult<Vec<SignedEntry>> {
    ledger::lock_ledger(&mut *conn, core.backend).await?;
    let key = ledger::current_key_in(&mut *conn, core, organization).await?;
    let mut head = ledger::head_in(&mut *conn).await?;
    let entries: Vec<SignedEntry> = drafts.into_iter().map(|d| head.append(d, &key)).collect();
    ledger::insert(&mut *conn, core.backend, &entries, ctx).await?;
    Ok(entries)
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

/// Records one audit entry about a batch.
pub(crate) async fn audit_batch(
    conn: &mut AnyConnection,
    ctx: WriteContext,
    action: &str,
    code: &str,
    detail: &str,
) -> StoreResult<()> {
    let change = Change {
        action,
        entity: "repatriation_batch",
        key: code,
        detail,
    };
    audit::record(conn, ctx, change).await
}

fn accessions(members: &[Member]) -> Vec<String> {
    members
        .iter()
        .map(|m| m.remains.accession.clone())
        .collect()
}

pub(crate) async fn create(
    core: &Core,
    new: &NewRepatriationBatch,
    actor: &str,
    ctx: WriteContext,
) -> StoreResult<RepatriationBatch> {
    new.validate()?;
    let code = new.code();
    let mut tx = core.begin_write().await?;
    for org in [&new.sender, &new.receiver] {
        let row = sqlx::query("SELECT name, country FROM organizations WHERE id = $1")
            .bind(org.id.0)
            .fetch_optional(&mut *tx)
            .await
            .context("reading an organization")?;
        let same = match row {
            Some(r) => r.text("name")? == org.name && r.text("country")? == org.country,
            None => false,
        };
        if !same {
            return Err(StoreError::NotFound {
                what: "organization",
                key: format!("{} ({})", org.name, org.id),
            });
        }
    }
    let row = sqlx::query(
        "INSERT INTO repatriation_batches \
         (code, sequence_number, sender_id, receiver_id, state, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
    )
    .bind(&code)
    .bind(i64::from(new.sequence_number))
    .bind(new.sender.id.0)
    .bind(new.receiver.id.0)
    .bind(BatchState::Planned.code())
    .bind(ctx.at.0)
    .fetch_one(&mut *tx)
    .await
    .map_err(|e| conflict_or(e, "repatriation batch", &code, "planning a batch"))?;
    let batch = RepatriationBatch {
        id: homeward_domain::RepatriationBatchId(row.int("id")?),
        code: code.clone(),
        batch: new.clone(),
        state: BatchState::Planned,
    };
    let draft = step_draft(&batch, BatchState::Planned, None, vec![], actor, ctx);
    append_in(&mut tx, core, &new.sender.name, vec![draft], ctx).await?;
    let detail = format!(
        "batch {code} planned: {} → {}, handover no. {}",
        new.sender.name, new.receiver.name, new.sequence_number
    );
    audit_batch(&mut tx, ctx, "batch.create", &code, &detail).await?;
    core.commit(tx, "planning a batch").await?;
    Ok(batch)
}

pub(crate) async fn add_remains(
    core: &Core,
    code: &str,
    accession: &str,
    actor: &str,
    ctx: WriteContext,
) -> StoreResult<()> {
    let mut tx = core.begin_write().await?;
    let batch = load(&mut tx, code, core.for_update()).await?.batch;
    let id = sqlx::query("SELECT id FROM remains_cases WHERE accession = $1")
        .bind(accession)
        .fetch_optional(&mut *tx)
        .await
        .context("reading a remains case")?
        .ok_or_else(|| StoreError::NotFound {
            what: "remains case",
            key: accession.to_owned(),
        })?
        .int("id")?;
    let case = remains::for_update(core, &mut tx, homeward_domain::RemainsCaseId(id)).await?;
    let open = open_batch_of(&mut tx, id).await?;
    check_may_join(&batch, &case, open.as_deref())?;
    if case.status != LifecycleStatus::DesignatedForRepatriation {
        let to = LifecycleStatus::DesignatedForRepatriation;
        case.status.check_transition(to)?;
        to.check_preconditions(case.case.nationality.nationality)?;
        let reason = format!("designated for repatriation in batch {code}");
        set_status(&mut tx, id, case.status, to, ctx, &reason).await?;
    }
    sqlx::query(
        "INSERT INTO batch_remains (batch_id, remains_id, position, open) \
         VALUES ($1, $2, (SELECT COUNT(*) + 1 FROM batch_remains WHERE batch_id = $3), 1)",
    )
    .bind(batch.id.0)
    .bind(id)
    .bind(batch.id.0)
    .execute(&mut *tx)
    .await
    .map_err(|e| {
        conflict_or(
            e,
            "remains case in an open batch",
            accession,
            "adding remains",
        )
    })?;
    let mut draft = step_draft(
        &batch,
        BatchState::Planned,
        None,
        vec![accession.to_owned()],
        actor,
        ctx,
    );
    draft.details = format!("{accession} joins batch {code}");
    append_in(&mut tx, core, &batch.batch.sender.name, vec![draft], ctx).await?;
    let detail = format!("{accession} added to batch {code}");
    audit_batch(&mut tx, ctx, "batch.add", code, &detail).await?;
    core.commit(tx, "adding remains to a batch").await
}

pub(crate) async fn verify(
    core: &Core,
    code: &str,
    accession: &str,
    v: &JointVerification,
    actor: &str,
    ctx: WriteContext,
) -> StoreResult<()> {
    v.validate()?;
    let mut tx = core.begin_write().await?;
    let batch = load(&mut tx, code, core.for_update()).await?.batch;
    if batch.state != BatchState::Planned {
        return Err(DomainError::BatchNotReady {
            batch: code.to_owned(),
            step: BatchState::JointlyVerified,
            reason: format!(
                "it is already {}; joint verification is recorded while it is planned",
                batch.state
            ),
        }
        .into());
    }
    let members = members(&mut tx, batch.id.0).await?;
    let Some(member) = members.iter().find(|m| m.remains.accession == accession) else {
        return Err(StoreError::NotFound {
            what: "remains case in this batch",
            key: accession.to_owned(),
        });
    };
    sqlx::query(
        "UPDATE batch_remains SET sending_experts = $1, receiving_experts = $2, \
         verified_on = $3, verification_notes = $4, both_agreed = $5 \
         WHERE batch_id = $6 AND remains_id = $7",
    )
    .bind(names_json(&v.sending_experts))
    .bind(names_json(&v.receiving_experts))
    .bind(v.date.to_string())
    .bind(&v.notes)
    .bind(i64::from(v.both_agreed))
    .bind(batch.id.0)
    .bind(member.remains.id.0)
    .execute(&mut *tx)
    .await
    .context("recording a joint verification")?;
    let sides = format!(
        "sending side: {}; receiving side: {}",
        v.sending_experts.join(", "),
        v.receiving_experts.join(", ")
    );
    let mut draft = EntryDraft::new(
        ctx.at.0,
        actor,
        "",
        CustodyEvent::JointlyVerified {
            batch: code.to_owned(),
            experts: v
                .sending_experts
                .iter()
                .chain(&v.receiving_experts)
                .cloned()
                .collect(),
            notes: v.notes.clone(),
        },
    );
    draft.remains = vec![accession.to_owned()];
    let agreed = if v.both_agreed {
        "both sides agreed"
    } else {
        "the sides did NOT agree"
    };
    draft.details = format!("{} on {}; {sides}", agreed, v.date);
    append_in(&mut tx, core, &batch.batch.sender.name, vec![draft], ctx).await?;
    let detail = format!(
        "{accession}: joint verification on {}, {agreed}; {sides}",
        v.date
    );
    audit_batch(&mut tx, ctx, "batch.verify", code, &detail).await?;
    core.commit(tx, "recording a joint verification").await
}

/// How a step other than `jointly_verified` is taken.
fn taken_by(to: BatchState) -> &'static str {
    match to {
        BatchState::Encoffined => "it is taken by encoffining the remains (caskets and effects)",
        BatchState::HandedOver => "it is taken by recording the handover ceremony and transport",
        BatchState::Received => "it is taken only with the receiver's countersigned receipt",
        _ => "it is taken by recording the burials",
    }
}

pub(crate) async fn advance(
    core: &Core,
    code: &str,
    to: BatchState,
    actor: &str,
    ctx: WriteContext,
) -> StoreResult<()> {
    let mut tx = core.begin_write().await?;
    let batch = load(&mut tx, code, core.for_update()).await?.batch;
    batch.state.check_advance(to)?;
    if to != BatchState::JointlyVerified {
        return Err(DomainError::BatchNotReady {
            batch: code.to_owned(),
            step: to,
            reason: taken_by(to).to_owned(),
        }
        .into());
    }
    let members = members(&mut tx, batch.id.0).await?;
    let cases: Vec<_> = members
        .iter()
        .map(|m| {
            (
                m.remains.accession.as_str(),
                m.remains.verification.as_ref(),
            )
        })
        .collect();
    check_jointly_verified(code, &cases)?;
    set_state(&mut tx, batch.id.0, to).await?;
    let draft = step_draft(&batch, to, None, accessions(&members), actor, ctx);
    append_in(&mut tx, core, &batch.batch.sender.name, vec![draft], ctx).await?;
    let detail = format!("state: {} → {to}; {} remains", batch.state, members.len());
    audit_batch(&mut tx, ctx, "batch.advance", code, &detail).await?;
    core.commit(tx, "advancing a batch").await
}

pub(crate) async fn encoffin(
    core: &Core,
    code: &str,
    caskets: &[BatchCasket],
    actor: &str,
    ctx: WriteContext,
) -> StoreResult<()> {
    let mut tx = core.begin_write().await?;
    let batch = load(&mut tx, code, core.for_update()).await?.batch;
    let to = BatchState::Encoffined;
    batch.state.check_advance(to)?;
    let members = members(&mut tx, batch.id.0).await?;
    let effects = member_effects(&mut tx, batch.id.0).await?;
    let names: Vec<&str> = members
        .iter()
        .map(|m| m.remains.accession.as_str())
        .collect();
    check_encoffining(&names, caskets, &effects)?;
    let mut drafts = Vec::with_capacity(caskets.len() + 1);
    for casket in caskets {
        let n = i64::from(casket.number);
        sqlx::query("INSERT INTO batch_caskets (batch_id, number, ceremonial) VALUES ($1, $2, $3)")
            .bind(batch.id.0)
            .bind(n)
            .bind(i64::from(casket.ceremonial))
            .execute(&mut *tx)
            .await
            .context("recording a casket")?;
        for accession in &casket.remains {
            let member = members
                .iter()
                .find(|m| &m.remains.accession == accession)
                .expect("the domain checked every remains is in the batch");
            sqlx::query(
                "UPDATE batch_remains SET casket_number = $1 WHERE batch_id = $2 AND remains_id = $3",
            )
            .bind(n)
            .bind(batch.id.0)
            .bind(member.remains.id.0)
            .execute(&mut *tx)
            .await
            .context("recording a casket")?;
        }
        for effect in &casket.effects {
            sqlx::query(
                "INSERT INTO batch_casket_effects (batch_id, casket_number, effect_id) \
                 VALUES ($1, $2, $3)",
            )
            .bind(batch.id.0)
            .bind(n)
            .bind(effect.0)
            .execute(&mut *tx)
            .await
            .context("recording a casket's effects")?;
        }
        let mut d = EntryDraft::new(
            ctx.at.0,
            actor,
            "",
            CustodyEvent::Encoffined {
                casket_number: casket.number,
            },
        );
        d.remains = casket.remains.clone();
        d.effects = casket.effects.iter().map(|e| e.0.to_string()).collect();
        d.details = format!(
            "batch {code}, casket {} with {} effect(s){}",
            casket.number,
            casket.effects.len(),
            if casket.ceremonial {
                "; carried in the ceremony, draped with the flag"
            } else {
                ""
            }
        );
        drafts.push(d);
    }
    set_state(&mut tx, batch.id.0, to).await?;
    drafts.push(step_draft(
        &batch,
        to,
        None,
        accessions(&members),
        actor,
        ctx,
    ));
    append_in(&mut tx, core, &batch.batch.sender.name, drafts, ctx).await?;
    let effects_placed: usize = caskets.iter().map(|c| c.effects.len()).sum();
    let detail = format!(
        "state: {} → {to}; {} caskets, {} remains, {effects_placed} effects",
        batch.state,
        caskets.len(),
        members.len()
    );
    audit_batch(&mut tx, ctx, "batch.encoffin", code, &detail).await?;
    core.commit(tx, "encoffining a batch").await
}

/// Keeps the manifest the sender issued (once, after encoffining, before the handover).
pub(crate) async fn issue_manifest(
    core: &Core,
    code: &str,
    text: &str,
    sha256: &str,
    ctx: WriteContext,
) -> StoreResult<()> {
    let mut tx = core.begin_write().await?;
    let batch = load(&mut tx, code, core.for_update()).await?.batch;
    if batch.state != BatchState::Encoffined {
        return Err(DomainError::BatchNotReady {
            batch: code.to_owned(),
            step: BatchState::HandedOver,
            reason: format!(
                "its manifest is issued once it is encoffined and before the handover; it is {}",
                batch.state
            ),
        }
        .into());
    }
    if document_in(&mut tx, batch.id.0, DocumentKind::Manifest)
        .await?
        .is_some()
    {
        return Err(StoreError::Conflict {
            what: "manifest of batch",
            key: code.to_owned(),
        });
    }
    insert_document(
        &mut tx,
        batch.id.0,
        DocumentKind::Manifest,
        text,
        sha256,
        ctx,
    )
    .await?;
    let detail = format!("manifest issued, sha256 {sha256}");
    audit_batch(&mut tx, ctx, "batch.manifest", code, &detail).await?;
    core.commit(tx, "issuing a manifest").await
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
