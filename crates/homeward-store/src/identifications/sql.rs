//! Identifications in SQL: the review committee's decision that a remains case is a person on the
//! rolls of the missing. The domain's rule (`check_may_identify`) is asked inside the write
//! transaction; a case and a person each take part in at most one identification. Recording it
//! for a `nationality_determined` case moves the case to `identified` in the same transaction.

use async_trait::async_trait;
use homeward_domain::{
    Identification, NewIdentification, Phrase, RemainsCaseId, SystemText, Timestamp, UserId,
    check_may_identify, identification_moves_to,
};
use sqlx::any::AnyRow;

use super::Identifications;
use crate::context::WriteContext;
use crate::error::{Context, StoreError, StoreResult};
use crate::remains::lifecycle::set_status;
use crate::remains::rows::for_update;
use crate::rolls::rows::{COLUMNS, person_from};
use crate::sql::audit::Change;
use crate::sql::row::{Get, read_all, read_one};
use crate::sql::{SqlStore, conflict_or};

/// The columns of a read: the identification, the case's accession and the person.
fn select() -> String {
    let person: Vec<String> = COLUMNS.split(", ").map(|c| format!("p.{c}")).collect();
    format!(
        "SELECT i.remains_id, r.accession, i.basis, i.decision, i.recorded_by, i.recorded_at, {} \
         FROM identifications i \
         JOIN remains_cases r ON r.id = i.remains_id \
         JOIN missing_persons p ON p.id = i.person_id",
        person.join(", ")
    )
}

fn from_row(r: &AnyRow) -> StoreResult<Identification> {
    Ok(Identification {
        remains: RemainsCaseId(r.int("remains_id")?),
        accession: r.text("accession")?,
        person: person_from(r)?,
        basis: r.text("basis")?,
        decision: r.text("decision")?,
        recorded_by: UserId(r.opt_int("recorded_by")?.unwrap_or(0)),
        recorded_at: Timestamp(r.int("recorded_at")?),
    })
}

#[async_trait]
impl Identifications for SqlStore {
    async fn record_identification(
        &self,
        id: RemainsCaseId,
        new: &NewIdentification,
        ctx: WriteContext,
    ) -> StoreResult<Identification> {
        let core = &self.core;
        new.validate()?;
        let mut tx = core.begin_write().await?;
        let case = for_update(core, &mut tx, id).await?;
        let accession = case.case.accession.clone();
        let sql = format!("SELECT {COLUMNS} FROM missing_persons WHERE id = $1");
        let query = sqlx::query(sqlx::AssertSqlSafe(sql)).bind(new.person.0);
        let context = "reading the person to identify";
        let Some(person) = read_one(&mut *tx, query, person_from, context).await? else {
            return Err(StoreError::not_found(
                "person on the rolls",
                new.person.to_string(),
            ));
        };
        check_may_identify(
            &accession,
            case.status,
            case.case.nationality.nationality,
            person.person.nationality,
        )?;
        let taken = sqlx::query(
            "SELECT r.accession FROM identifications i JOIN remains_cases r ON r.id = i.remains_id \
             WHERE i.remains_id = $1 OR i.person_id = $2",
        )
        .bind(id.0)
        .bind(new.person.0)
        .fetch_optional(&mut *tx)
        .await
        .context("checking earlier identifications")?;
        if let Some(row) = taken {
            let other = row.text("accession")?;
            let key = if other == accession {
                accession.clone()
            } else {
                format!(
                    "{} (person {}, identified with {other})",
                    person.person.name_original, person.id
                )
            };
            return Err(StoreError::Conflict {
                what: "identification of",
                key,
            });
        }
        sqlx::query(
            "INSERT INTO identifications \
             (remains_id, person_id, basis, decision, recorded_by, recorded_at) \
             VALUES ($1, $2, $3, $4, $5, $6)",
        )
        .bind(id.0)
        .bind(new.person.0)
        .bind(new.basis.trim())
        .bind(new.decision.trim())
        .bind(ctx.actor.map(|u| u.0))
        .bind(ctx.at.0)
        .execute(&mut *tx)
        .await
        .map_err(|e| {
            conflict_or(
                e,
                "identification of",
                &accession,
                "recording an identification",
            )
        })?;
        let mut phrases = vec![
            Phrase::new("sys-identified-as")
                .number("person", person.id.0)
                .text("name", &person.person.name_original)
                .text("basis", new.basis.trim())
                .text("decision", new.decision.trim()),
        ];
        if let Some(to) = identification_moves_to(case.status) {
            let reason = Phrase::new("sys-note-identified")
                .text("decision", new.decision.trim())
                .stored();
            set_status(&mut tx, id.0, case.status, to, ctx, &reason).await?;
            phrases.push(
                Phrase::new("sys-status-moved")
                    .code("from", "status", case.status.code())
                    .code("to", "status", to.code()),
            );
        }
        let detail = SystemText::of(phrases).stored();
        let change = Change::new("remains.identify", "remains_case", &accession, &detail);
        core.audit_and_commit(tx, ctx, change, "recording an identification")
            .await?;
        Ok(Identification {
            remains: id,
            accession,
            person,
            basis: new.basis.trim().to_owned(),
            decision: new.decision.trim().to_owned(),
            recorded_by: ctx.actor.unwrap_or(UserId(0)),
            recorded_at: ctx.at,
        })
    }

    async fn identification(&self, id: RemainsCaseId) -> StoreResult<Option<Identification>> {
        let sql = format!("{} WHERE i.remains_id = $1", select());
        let query = sqlx::query(sqlx::AssertSqlSafe(sql)).bind(id.0);
        let context = "reading an identification";
        read_one(&self.core.pool, query, from_row, context).await
    }

    async fn identifications(&self) -> StoreResult<Vec<Identification>> {
        let sql = format!("{} ORDER BY r.accession", select());
        let query = sqlx::query(sqlx::AssertSqlSafe(sql));
        read_all(
            &self.core.pool,
            query,
            from_row,
            "reading the identifications",
        )
        .await
    }
}
