//! Repatriation batches in SQL, planned through encoffined with the manifest issued, and read
//! back. Each step reads the batch under the write lock, lets the domain decide (step order, who
//! may join, caskets), writes, moves the cases' lifecycle, and ends as every batch step does
//! (`step.rs`): the custody entries signed with the sender's stored key, the audit entry, the
//! commit — all in one transaction, so a refused step changes nothing.

use async_trait::async_trait;
use homeward_domain::{
    Accession, BatchCasket, BatchCode, BatchState, JointVerification, LifecycleStatus,
    NewRepatriationBatch, Phrase, RemainsCaseId, RepatriationBatch, RepatriationBatchId,
    check_encoffining, check_jointly_verified, check_may_join,
};
use homeward_ledger::CustodyEvent;
use sqlx::any::AnyRow;

use super::read::{
    BATCH_SELECT, batch_from, caskets, document_in, load, member_effects, members, names_json,
    open_batch_of,
};
use super::step::{
    Action, StepTx, accession_refs, accessions, insert_document, not_ready, set_state,
    state_change, step_phrase, taken_by, with_note,
};
use super::{BatchDocument, BatchRecord, DocumentKind, Repatriation};
use crate::context::WriteContext;
use crate::error::{Context, StoreError, StoreResult};
use crate::remains::lifecycle::set_status;
use crate::remains::rows::for_update;
use crate::sql::row::{Get, read_all};
use crate::sql::{SqlStore, conflict_or};

#[async_trait]
impl Repatriation for SqlStore {
    async fn create_batch(
        &self,
        new: &NewRepatriationBatch,
        ctx: WriteContext,
    ) -> StoreResult<RepatriationBatch> {
        let core = &self.core;
        new.validate()?;
        let code = new.code();
        let mut tx = StepTx::begin(core, Action::Create, ctx).await?;
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
                return Err(StoreError::not_found(
                    "organization",
                    format!("{} ({})", org.name, org.id),
                ));
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
            id: RepatriationBatchId(row.int("id")?),
            code: code.clone(),
            batch: new.clone(),
            state: BatchState::Planned,
        };
        let draft = tx.step_entry(&batch, BatchState::Planned, None, vec![]);
        let detail = step_phrase(&batch, BatchState::Planned).stored();
        tx.commit(core, &code, &new.sender.name, vec![draft], detail)
            .await?;
        Ok(batch)
    }

    async fn add_batch_remains(
        &self,
        code: &BatchCode,
        accession: &Accession,
        ctx: WriteContext,
    ) -> StoreResult<()> {
        let code = code.as_str();
        let accession = accession.as_str();
        let core = &self.core;
        let (mut tx, batch) = StepTx::on_batch(core, Action::Add, code, ctx).await?;
        let id = sqlx::query("SELECT id FROM remains_cases WHERE accession = $1")
            .bind(accession)
            .fetch_optional(&mut *tx)
            .await
            .context("reading a remains case")?
            .ok_or_else(|| StoreError::not_found("remains case", accession))?
            .int("id")?;
        let case = for_update(core, &mut tx, RemainsCaseId(id)).await?;
        let open = open_batch_of(&mut tx, id).await?;
        check_may_join(&batch, &case, open.as_deref())?;
        if case.status != LifecycleStatus::DesignatedForRepatriation {
            let to = LifecycleStatus::DesignatedForRepatriation;
            case.status.check_transition(to)?;
            to.check_preconditions(case.case.nationality.nationality)?;
            let reason = Phrase::new("sys-note-designated")
                .text("batch", code)
                .stored();
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
        let mut draft = tx.step_entry(
            &batch,
            BatchState::Planned,
            None,
            vec![accession.to_owned()],
        );
        let joins = Phrase::new("sys-joins-batch")
            .text("accession", accession)
            .text("batch", code);
        draft.details = joins.clone().stored();
        let detail = joins.stored();
        tx.commit(core, code, &batch.batch.sender.name, vec![draft], detail)
            .await
    }

    async fn record_joint_verification(
        &self,
        code: &BatchCode,
        accession: &Accession,
        v: &JointVerification,
        ctx: WriteContext,
    ) -> StoreResult<()> {
        let code = code.as_str();
        let accession = accession.as_str();
        let core = &self.core;
        v.validate()?;
        let (mut tx, batch) = StepTx::on_batch(core, Action::Verify, code, ctx).await?;
        if batch.state != BatchState::Planned {
            return Err(not_ready(
                code,
                BatchState::JointlyVerified,
                format!(
                    "it is already {}; joint verification is recorded while it is planned",
                    batch.state
                ),
            ));
        }
        let members = members(&mut tx, batch.id.0).await?;
        let Some(member) = members.iter().find(|m| m.remains.accession == accession) else {
            return Err(StoreError::not_found(
                "remains case in this batch",
                accession.to_owned(),
            ));
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
        let agreed = Phrase::new(if v.both_agreed {
            "sys-verification-agreed"
        } else {
            "sys-verification-disagreed"
        })
        .date("date", v.date);
        let sides = Phrase::new("sys-verification-sides")
            .text("sending", v.sending_experts.join(", "))
            .text("receiving", v.receiving_experts.join(", "));
        let mut draft = tx.entry(
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
        draft.details = with_note(vec![agreed.clone(), sides.clone()], None);
        let of = Phrase::new("sys-verification-of").text("accession", accession);
        let detail = with_note(vec![of, agreed, sides], None);
        tx.commit(core, code, &batch.batch.sender.name, vec![draft], detail)
            .await
    }

    async fn advance_batch(
        &self,
        code: &BatchCode,
        to: BatchState,
        ctx: WriteContext,
    ) -> StoreResult<()> {
        let code = code.as_str();
        let core = &self.core;
        let (mut tx, batch) = StepTx::advancing(core, Action::Advance, code, to, ctx).await?;
        if to != BatchState::JointlyVerified {
            return Err(not_ready(code, to, taken_by(to).to_owned()));
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
        let draft = tx.step_entry(&batch, to, None, accessions(&members));
        let count = Phrase::new("sys-count-remains").number("count", members.len());
        let detail = with_note(vec![state_change(batch.state, to), count], None);
        tx.commit(core, code, &batch.batch.sender.name, vec![draft], detail)
            .await
    }

    async fn encoffin_batch(
        &self,
        code: &BatchCode,
        caskets: &[BatchCasket],
        ctx: WriteContext,
    ) -> StoreResult<()> {
        let code = code.as_str();
        let core = &self.core;
        let to = BatchState::Encoffined;
        let (mut tx, batch) = StepTx::advancing(core, Action::Encoffin, code, to, ctx).await?;
        let members = members(&mut tx, batch.id.0).await?;
        let effects = member_effects(&mut tx, batch.id.0).await?;
        let names = accession_refs(&members);
        check_encoffining(&names, caskets, &effects)?;
        let mut drafts = Vec::with_capacity(caskets.len() + 1);
        for casket in caskets {
            let n = i64::from(casket.number);
            sqlx::query(
                "INSERT INTO batch_caskets (batch_id, number, ceremonial) VALUES ($1, $2, $3)",
            )
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
                    "UPDATE batch_remains SET casket_number = $1 \
                     WHERE batch_id = $2 AND remains_id = $3",
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
            let mut d = tx.entry(
                "",
                CustodyEvent::Encoffined {
                    casket_number: casket.number,
                },
            );
            d.remains = casket.remains.clone();
            d.effects = casket.effects.iter().map(|e| e.0.to_string()).collect();
            let placed = Phrase::new("sys-casket")
                .text("batch", code)
                .number("casket", casket.number)
                .number("effects", casket.effects.len());
            let flag = Phrase::new("sys-casket-ceremonial");
            d.details = with_note(vec![placed], casket.ceremonial.then_some(&flag));
            drafts.push(d);
        }
        set_state(&mut tx, batch.id.0, to).await?;
        drafts.push(tx.step_entry(&batch, to, None, accessions(&members)));
        let effects_placed: usize = caskets.iter().map(|c| c.effects.len()).sum();
        let counts = Phrase::new("sys-count-caskets")
            .number("caskets", caskets.len())
            .number("remains", members.len())
            .number("effects", effects_placed);
        let detail = with_note(vec![state_change(batch.state, to), counts], None);
        tx.commit(core, code, &batch.batch.sender.name, drafts, detail)
            .await
    }

    async fn issue_batch_manifest(
        &self,
        code: &BatchCode,
        text: &str,
        sha256: &str,
        ctx: WriteContext,
    ) -> StoreResult<()> {
        let code = code.as_str();
        let core = &self.core;
        let (mut tx, batch) = StepTx::on_batch(core, Action::Manifest, code, ctx).await?;
        if batch.state != BatchState::Encoffined {
            return Err(not_ready(
                code,
                BatchState::HandedOver,
                format!(
                    "its manifest is issued once it is encoffined and before the handover; it is {}",
                    batch.state
                ),
            ));
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
        let detail = Phrase::new("sys-manifest-issued")
            .text("sha256", sha256)
            .stored();
        tx.commit(core, code, &batch.batch.sender.name, Vec::new(), detail)
            .await
    }

    async fn batch(&self, code: &BatchCode) -> StoreResult<Option<BatchRecord>> {
        let code = code.as_str();
        let core = &self.core;
        let mut conn = core.pool.acquire().await.context("reading a batch")?;
        let row = match load(&mut conn, code, "").await {
            Ok(row) => row,
            Err(StoreError::NotFound { .. }) => return Ok(None),
            Err(e) => return Err(e),
        };
        let members = members(&mut conn, row.batch.id.0).await?;
        let mut caskets = caskets(&mut conn, row.batch.id.0).await?;
        for m in &members {
            if let Some(c) = caskets
                .iter_mut()
                .find(|c| Some(c.number) == m.remains.casket)
            {
                c.remains.push(m.remains.accession.clone());
            }
        }
        Ok(Some(BatchRecord {
            batch: row.batch,
            remains: members.into_iter().map(|m| m.remains).collect(),
            caskets,
            ceremony: row.ceremony,
            transport: row.transport,
        }))
    }

    async fn batches(&self) -> StoreResult<Vec<RepatriationBatch>> {
        let sql = format!("{BATCH_SELECT} ORDER BY b.code");
        let query = sqlx::query(sqlx::AssertSqlSafe(sql));
        let from = |r: &AnyRow| Ok(batch_from(r)?.batch);
        read_all(&self.core.pool, query, from, "listing repatriation batches").await
    }

    async fn batch_document(
        &self,
        code: &BatchCode,
        kind: DocumentKind,
    ) -> StoreResult<Option<BatchDocument>> {
        let code = code.as_str();
        let core = &self.core;
        let mut conn = core.pool.acquire().await.context("reading a document")?;
        let row = load(&mut conn, code, "").await?;
        document_in(&mut conn, row.batch.id.0, kind).await
    }
}
