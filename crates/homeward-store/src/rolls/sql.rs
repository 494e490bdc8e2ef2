//! The rolls in SQL; a search runs its range scans over the in-memory name index
//! (`name_index.rs`) and reads only the persons it returns.

use async_trait::async_trait;
use homeward_domain::{MissingPerson, MissingPersonId, NewMissingPerson};

use super::rows::{COLUMNS, insert_all, person_from};
use super::search::{Plan, SCAN_CAP, Scores, matches};
use super::{MissingMatch, Rolls};
use crate::context::WriteContext;
use crate::error::StoreResult;
use crate::sql::audit::Change;
use crate::sql::row::{read_all, read_one};
use crate::sql::{SqlStore, prefix_upper_bound};

#[async_trait]
impl Rolls for SqlStore {
    async fn add_missing_person(
        &self,
        person: &NewMissingPerson,
        ctx: WriteContext,
    ) -> StoreResult<MissingPersonId> {
        let core = &self.core;
        person.validate()?;
        let mut tx = core.begin_write().await?;
        let written = insert_all(&mut tx, core.backend, std::slice::from_ref(person)).await?;
        let id = written.ids[0];
        let key = id.to_string();
        let detail = format!(
            "{} added to the rolls (names: {}; unit: {}; source: {})",
            person.name_original,
            person.name_forms().join(" / "),
            person.unit,
            person.source_record
        );
        let change = Change::new("missing.create", "missing_person", &key, &detail);
        core.audit_and_commit(tx, ctx, change, "adding a person to the rolls")
            .await?;
        core.names.added(written.keys);
        Ok(MissingPersonId(id))
    }

    async fn missing_person(&self, id: MissingPersonId) -> StoreResult<Option<MissingPerson>> {
        let sql = format!("SELECT {COLUMNS} FROM missing_persons WHERE id = $1");
        let query = sqlx::query(sqlx::AssertSqlSafe(sql)).bind(id.0);
        let context = "reading a person on the rolls";
        read_one(&self.core.pool, query, person_from, context).await
    }

    async fn search_missing(&self, query: &str, limit: u32) -> StoreResult<Vec<MissingMatch>> {
        let core = &self.core;
        let Some(plan) = Plan::new(query, limit)? else {
            return Ok(Vec::new());
        };
        let snapshot = core.names.snapshot(&core.pool).await?;
        let mut scores = Scores::new(&plan.query);
        for s in &plan.scans {
            let keys = if s.backward {
                &snapshot.backward
            } else {
                &snapshot.forward
            };
            let upper = prefix_upper_bound(&s.prefix);
            for (key, id) in keys.scan(&s.prefix, &upper, SCAN_CAP) {
                scores.add(id, key, s.backward);
            }
        }
        let best = scores.best;
        drop(snapshot);
        matches(core, &plan.query, best, plan.limit).await
    }

    async fn all_missing(&self) -> StoreResult<Vec<MissingPerson>> {
        let sql = format!("SELECT {COLUMNS} FROM missing_persons ORDER BY id");
        let query = sqlx::query(sqlx::AssertSqlSafe(sql));
        read_all(&self.core.pool, query, person_from, "exporting the rolls").await
    }
}
