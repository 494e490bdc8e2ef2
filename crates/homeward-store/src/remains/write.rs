//! One write to remains cases, in one transaction: the app opens it
//! ([`super::Remains::begin_case_write`]), applies a change (each checks the domain's rules inside
//! the transaction and records its audit entry), appends the change's custody event signed by the
//! acting user's organization, and commits. A refused change returns before anything is written;
//! a write dropped without [`CaseWrite::commit`] (a failed append, say) is rolled back.

use homeward_domain::{
    BiologicalProfile, DomainError, LifecycleStatus, NationalityAssessment, NewRemainsCase, Phrase,
    RemainsCaseId, SkeletalInventory, StatusChange, UserId, check_examination,
    examination_moves_to,
};
use homeward_ledger::{EntryDraft, SignedEntry};
use serde_json::Value;

use super::change::{CaseChange, CaseChangeKind, Signer};
use super::lifecycle::{insert_history, set_status};
use super::rows::{
    INSERT_COLUMN_COUNT, INSERT_COLUMNS, bind_case, for_update, insert_external_numbers,
};
use crate::accounts::users::{acting_organization, actor_name};
use crate::context::WriteContext;
use crate::error::{Context, StoreError, StoreResult};
use crate::ledger::chain::sign_in;
use crate::ledger::keys::current_key_in;
use crate::sites::sql::code_of;
use crate::sql::audit::{self, Change, diff, diff_code, joined};
use crate::sql::row::Get;
use crate::sql::{Core, Tx, conflict_or, list_placeholders};

/// An open write to remains cases (see the module's doc). Dropped without
/// [`CaseWrite::commit`], everything it wrote is rolled back.
#[must_use = "a case write is rolled back unless committed"]
pub struct CaseWrite {
    core: Core,
    tx: Tx,
    ctx: WriteContext,
    /// What the last change was doing, for a failed commit's message.
    context: &'static str,
}

impl std::fmt::Debug for CaseWrite {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("CaseWrite")
            .field("ctx", &self.ctx)
            .field("context", &self.context)
            .finish_non_exhaustive()
    }
}

fn range_text<T: std::fmt::Display>(r: Option<(T, T)>, unit: &str) -> String {
    r.map_or_else(|| "—".to_owned(), |(a, b)| format!("{a}–{b}{unit}"))
}

impl CaseWrite {
    /// Begins a write by `ctx` (SQLite takes its write lock at once).
    pub(crate) async fn begin(core: &Core, ctx: WriteContext) -> StoreResult<Self> {
        let tx = core.begin_write().await?;
        Ok(CaseWrite {
            core: core.clone(),
            tx,
            ctx,
            context: "writing a remains case",
        })
    }

    /// Who the write is by.
    pub fn context(&self) -> WriteContext {
        self.ctx
    }

    /// Records `action` on the case `accession` in the audit log, inside the write, and names the
    /// write `context` should its commit fail: how each change of a case ends.
    async fn audit(
        &mut self,
        action: &str,
        accession: &str,
        detail: &str,
        context: &'static str,
    ) -> StoreResult<()> {
        let change = Change::new(action, "remains_case", accession, detail);
        audit::record(&mut self.tx, self.ctx, change).await?;
        self.context = context;
        Ok(())
    }

    fn changed(&self, accession: &str, location: String, kind: CaseChangeKind) -> CaseChange {
        CaseChange {
            accession: accession.to_owned(),
            location,
            kind,
        }
    }

    /// Accessions a case in status `recovered`; `Conflict` when the accession number is taken,
    /// `NotFound` when the site does not exist.
    pub async fn accession(
        &mut self,
        case: &NewRemainsCase,
    ) -> StoreResult<(RemainsCaseId, CaseChange)> {
        case.validate()?;
        let (tx, ctx) = (&mut self.tx, self.ctx);
        let Some(site_code) = code_of(&mut *tx, case.site).await? else {
            return Err(StoreError::not_found(
                "recovery site",
                case.site.to_string(),
            ));
        };
        let sql = format!(
            "INSERT INTO remains_cases ({INSERT_COLUMNS}) VALUES ({}) RETURNING id",
            list_placeholders(1, INSERT_COLUMN_COUNT)
        );
        let row = bind_case(sqlx::query(sqlx::AssertSqlSafe(sql)), case, case.site)
            .fetch_one(&mut **tx)
            .await
            .map_err(|e| {
                conflict_or(
                    e,
                    "accession number",
                    &case.accession,
                    "accessioning remains",
                )
            })?;
        let id = row.int("id")?;
        insert_external_numbers(&mut *tx, id, &case.external_numbers).await?;
        insert_history(
            &mut *tx,
            id,
            None,
            LifecycleStatus::Recovered,
            ctx,
            &Phrase::new("sys-note-accessioned").stored(),
        )
        .await?;
        let detail = Phrase::new("sys-accessioned")
            .text("accession", &case.accession)
            .text("site", &site_code)
            .date("recovered", case.recovery_date)
            .stored();
        let action = "remains.create";
        self.audit(action, &case.accession, &detail, "accessioning remains")
            .await?;
        let kind = CaseChangeKind::Accessioned {
            site: site_code,
            recovery_date: case.recovery_date,
        };
        let location = case.storage_location.clone();
        Ok((
            RemainsCaseId(id),
            self.changed(&case.accession, location, kind),
        ))
    }

    /// Records the anthropologist's examination (inventory, profile, condition); the inventory
    /// names at least one element (`homeward_domain::check_examination`), and a `recovered` case
    /// moves to `examined` in the same transaction (the only way into `examined`).
    pub async fn record_examination(
        &mut self,
        id: RemainsCaseId,
        inventory: &SkeletalInventory,
        profile: &BiologicalProfile,
        condition: &str,
    ) -> StoreResult<CaseChange> {
        let (tx, ctx) = (&mut self.tx, self.ctx);
        let old = for_update(&self.core, tx, id).await?;
        let mut new = old.case.clone();
        new.inventory = inventory.clone();
        new.profile = profile.clone();
        new.condition = condition.to_owned();
        new.validate()?;
        check_examination(inventory)?;
        let elements = Value::Array(
            inventory
                .elements
                .iter()
                .cloned()
                .map(Value::String)
                .collect(),
        );
        sqlx::query(
            "UPDATE remains_cases SET elements = $1, completeness_pct = $2, sex = $3, \
             age_min = $4, age_max = $5, stature_min_cm = $6, stature_max_cm = $7, condition = $8 \
             WHERE id = $9",
        )
        .bind(elements.to_string())
        .bind(i64::from(inventory.completeness_pct))
        .bind(profile.sex.code())
        .bind(profile.age_range.map(|r| i64::from(r.0)))
        .bind(profile.age_range.map(|r| i64::from(r.1)))
        .bind(profile.stature_range_cm.map(|r| i64::from(r.0)))
        .bind(profile.stature_range_cm.map(|r| i64::from(r.1)))
        .bind(condition)
        .bind(id.0)
        .execute(&mut **tx)
        .await
        .context("recording an examination")?;
        let (o, n) = (&old.case, &new);
        let mut lines = Vec::new();
        diff(
            &mut lines,
            "elements",
            &o.inventory.elements.join(", "),
            &n.inventory.elements.join(", "),
        );
        diff(
            &mut lines,
            "completeness",
            &format!("{}%", o.inventory.completeness_pct),
            &format!("{}%", n.inventory.completeness_pct),
        );
        diff_code(
            &mut lines,
            "sex",
            "sex",
            o.profile.sex.code(),
            n.profile.sex.code(),
        );
        diff(
            &mut lines,
            "age",
            &range_text(o.profile.age_range, ""),
            &range_text(n.profile.age_range, ""),
        );
        diff(
            &mut lines,
            "stature",
            &range_text(o.profile.stature_range_cm, " cm"),
            &range_text(n.profile.stature_range_cm, " cm"),
        );
        diff(&mut lines, "condition", &o.condition, &n.condition);
        if let Some(to) = examination_moves_to(old.status) {
            let reason = Phrase::new("sys-note-examined").stored();
            set_status(tx, id.0, old.status, to, ctx, &reason).await?;
            lines.push(
                Phrase::new("sys-status-moved")
                    .code("from", "status", old.status.code())
                    .code("to", "status", to.code()),
            );
        }
        let detail = joined(lines);
        let action = "remains.examine";
        self.audit(action, &o.accession, &detail, "recording an examination")
            .await?;
        let kind = CaseChangeKind::Examination {
            completeness_pct: inventory.completeness_pct,
            condition: condition.to_owned(),
        };
        Ok(self.changed(&o.accession, o.storage_location.clone(), kind))
    }

    /// Records the nationality assessment and the committee's decision.
    pub async fn record_nationality(
        &mut self,
        id: RemainsCaseId,
        assessment: &NationalityAssessment,
    ) -> StoreResult<CaseChange> {
        let tx = &mut self.tx;
        let old = for_update(&self.core, tx, id).await?;
        assessment.validate()?;
        old.status.check_reassessment(&assessment.nationality)?;
        sqlx::query(
            "UPDATE remains_cases SET nationality = $1, nationality_evidence = $2, \
             committee_decision = $3 WHERE id = $4",
        )
        .bind(assessment.nationality.code())
        .bind(&assessment.evidence)
        .bind(assessment.committee_decision.as_deref())
        .bind(id.0)
        .execute(&mut **tx)
        .await
        .context("recording a nationality assessment")?;
        let o = &old.case.nationality;
        let mut lines = Vec::new();
        diff_code(
            &mut lines,
            "nationality",
            "nat",
            &o.nationality.code(),
            &assessment.nationality.code(),
        );
        diff(&mut lines, "evidence", &o.evidence, &assessment.evidence);
        let none = "—";
        diff(
            &mut lines,
            "committee_decision",
            o.committee_decision.as_deref().unwrap_or(none),
            assessment.committee_decision.as_deref().unwrap_or(none),
        );
        let detail = joined(lines);
        let action = "remains.nationality";
        self.audit(
            action,
            &old.case.accession,
            &detail,
            "recording a nationality assessment",
        )
        .await?;
        let kind = CaseChangeKind::Nationality(assessment.clone());
        let location = old.case.storage_location.clone();
        Ok(self.changed(&old.case.accession, location, kind))
    }

    /// Moves a case along its lifecycle, checking the domain's rules inside the transaction
    /// (`LifecycleStatus::check_status_step`: only `nationality_determined` and
    /// `designated_domestic_burial`; a status that rests on a record is refused as
    /// `DomainError::RecordRequired`); an illegal step returns `StoreError::Domain` and changes
    /// nothing.
    pub async fn change_status(
        &mut self,
        id: RemainsCaseId,
        to: LifecycleStatus,
        reason: &str,
    ) -> StoreResult<(StatusChange, CaseChange)> {
        if reason.trim().is_empty() {
            return Err(DomainError::invalid("reason", "a status change must say why").into());
        }
        let (tx, ctx) = (&mut self.tx, self.ctx);
        let case = for_update(&self.core, tx, id).await?;
        let from = case.status;
        from.check_status_step(to, case.case.nationality.nationality)?;
        let actor_name = actor_name(tx, ctx.actor).await?;
        set_status(tx, id.0, from, to, ctx, reason).await?;
        let detail = Phrase::new("sys-status-change")
            .code("from", "status", from.code())
            .code("to", "status", to.code())
            .text("reason", reason)
            .stored();
        let action = "remains.status";
        self.audit(
            action,
            &case.case.accession,
            &detail,
            "changing a case's status",
        )
        .await?;
        let step = StatusChange {
            from: Some(from),
            to,
            actor: ctx.actor.unwrap_or(UserId(0)),
            actor_name,
            at: ctx.at,
            reason: reason.to_owned(),
        };
        let kind = CaseChangeKind::Status {
            from,
            to,
            nationality: case.case.nationality.nationality,
            reason: reason.to_owned(),
        };
        let location = case.case.storage_location.clone();
        Ok((step, self.changed(&case.case.accession, location, kind)))
    }

    /// The acting user and their organization, when the write has an actor who belongs to one
    /// (writes by the system or by a user of no organization have nobody to sign).
    pub async fn signer(&mut self) -> StoreResult<Option<Signer>> {
        let found = acting_organization(&mut self.tx, self.ctx).await?;
        Ok(found.map(|(actor, organization)| Signer {
            actor,
            organization,
        }))
    }

    /// Appends `drafts` to the custody ledger signed with `signer`'s organization's current key,
    /// inside this write; `None`, appending nothing, when the organization has no key. Any other
    /// failure is returned, so that the caller drops the write and its change rolls back.
    pub async fn append_custody(
        &mut self,
        signer: &Signer,
        drafts: Vec<EntryDraft>,
    ) -> StoreResult<Option<Vec<SignedEntry>>> {
        let organization = &signer.organization;
        if let Err(StoreError::NotFound { .. }) =
            current_key_in(&mut self.tx, &self.core, organization).await
        {
            return Ok(None);
        }
        // Under the ledger's lock the key is read again: a rotation may have retired it meanwhile.
        let signed = sign_in(&mut self.tx, &self.core, organization, drafts, self.ctx).await?;
        Ok(Some(signed))
    }

    /// Commits everything the write did, and counts the write.
    pub async fn commit(self) -> StoreResult<()> {
        self.core.commit(self.tx, self.context).await
    }
}
