//! Remains relations in SQL: replaced whole by each direct match, in one transaction.

use async_trait::async_trait;
use homeward_domain::{DomainError, Phrase, Timestamp};
use sqlx::any::AnyRow;

use super::{NewRemainsRelation, RemainsRelation, RemainsRelationKind, RemainsRelations};
use crate::context::WriteContext;
use crate::error::{Context, StoreError, StoreResult};
use crate::sql::SqlStore;
use crate::sql::audit::Change;
use crate::sql::row::{Get, read_all};

const COLUMNS: &str =
    "remains_a, remains_b, relation, lr, markers_compared, frequency_database, found_at";

fn relation_from(r: &AnyRow) -> StoreResult<RemainsRelation> {
    Ok(RemainsRelation {
        pair: NewRemainsRelation {
            remains_a: r.text("remains_a")?,
            remains_b: r.text("remains_b")?,
            relation: r.code("relation", RemainsRelationKind::from_code)?,
            lr: r.real("lr")?,
            markers_compared: r.int("markers_compared")?,
        },
        frequency_database: r.int("frequency_database")?,
        found_at: Timestamp(r.int("found_at")?),
    })
}

#[async_trait]
impl RemainsRelations for SqlStore {
    async fn replace_remains_relations(
        &self,
        found: &[NewRemainsRelation],
        database: i64,
        ctx: WriteContext,
    ) -> StoreResult<u64> {
        let core = &self.core;
        let mut tx = core.begin_write().await?;
        if !crate::sql::exists(&mut tx, "frequency_databases", database).await? {
            return Err(StoreError::not_found(
                "frequency database",
                database.to_string(),
            ));
        }
        for pair in found {
            if pair.remains_a == pair.remains_b {
                return Err(DomainError::invalid(
                    "remains_b",
                    format!("{} is related to itself", pair.remains_a),
                )
                .into());
            }
            for accession in [&pair.remains_a, &pair.remains_b] {
                let known = sqlx::query("SELECT id FROM remains_cases WHERE accession = $1")
                    .bind(accession.as_str())
                    .fetch_optional(&mut *tx)
                    .await
                    .context("checking a remains case")?;
                if known.is_none() {
                    return Err(StoreError::not_found("remains case", accession.clone()));
                }
            }
        }
        sqlx::query("DELETE FROM remains_relations")
            .execute(&mut *tx)
            .await
            .context("clearing the remains relations")?;
        for pair in found {
            sqlx::query(
                "INSERT INTO remains_relations (remains_a, remains_b, relation, lr, \
                 markers_compared, frequency_database, found_at) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7)",
            )
            .bind(pair.remains_a.as_str())
            .bind(pair.remains_b.as_str())
            .bind(pair.relation.code())
            .bind(pair.lr)
            .bind(pair.markers_compared)
            .bind(database)
            .bind(ctx.at.0)
            .execute(&mut *tx)
            .await
            .context("storing a remains relation")?;
        }
        let written = found.len() as u64;
        let detail = Phrase::new("sys-dna-relations-found")
            .number("relations", written)
            .stored();
        let change = Change::new("dna.relations", "remains_relation", "direct", &detail);
        core.audit_and_commit(tx, ctx, change, "storing the remains relations")
            .await?;
        Ok(written)
    }

    async fn remains_relations(
        &self,
        accession: Option<&str>,
    ) -> StoreResult<Vec<RemainsRelation>> {
        let query = match accession {
            Some(a) => sqlx::query(sqlx::AssertSqlSafe(format!(
                "SELECT {COLUMNS} FROM remains_relations WHERE remains_a = $1 OR remains_b = $1 \
                 ORDER BY lr DESC, remains_a, remains_b, relation"
            )))
            .bind(a.to_owned()),
            None => sqlx::query(sqlx::AssertSqlSafe(format!(
                "SELECT {COLUMNS} FROM remains_relations \
                 ORDER BY lr DESC, remains_a, remains_b, relation"
            ))),
        };
        read_all(
            &self.core.pool,
            query,
            relation_from,
            "reading the remains relations",
        )
        .await
    }
}
