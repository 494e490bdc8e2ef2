//! Screening runs and their candidates in SQL: a run is recorded as running when it starts,
//! and its candidates are stored with its finished status in one transaction, so a stored
//! run that says finished has all its candidates and one that says running or cancelled none.

use async_trait::async_trait;
use homeward_domain::{DomainError, Phrase, Timestamp};
use sqlx::any::AnyRow;
use sqlx::{AnyConnection, Row};

use super::{MatchRun, NewCandidate, NewMatchRun, RunStatus, Screening, StoredCandidate};
use crate::context::WriteContext;
use crate::error::{Context, StoreError, StoreResult};
use crate::sql::SqlStore;
use crate::sql::audit::Change;
use crate::sql::row::{Get, corrupt, read_all, read_one};

const RUN_COLUMNS: &str = "m.id, m.started_at, m.finished_at, m.status, m.min_lr, m.top, \
     m.frequency_database_id, m.mutation, m.theta, m.rare_allele_frequency, m.remains_count, \
     m.families_count, m.candidates_count, f.name AS frequency_name, \
     f.version AS frequency_version";

#[async_trait]
impl Screening for SqlStore {
    async fn start_match_run(&self, run: &NewMatchRun, ctx: WriteContext) -> StoreResult<MatchRun> {
        let core = &self.core;
        let mut tx = core.begin_write().await?;
        if !crate::sql::exists(&mut tx, "frequency_databases", run.frequency_database).await? {
            return Err(StoreError::not_found(
                "frequency database",
                run.frequency_database.to_string(),
            ));
        }
        let row = sqlx::query(
            "INSERT INTO match_runs (started_at, status, min_lr, top, frequency_database_id, \
             mutation, theta, rare_allele_frequency, remains_count, families_count, \
             candidates_count) VALUES ($1, 'running', $2, $3, $4, $5, $6, $7, $8, $9, 0) \
             RETURNING id",
        )
        .bind(ctx.at.0)
        .bind(run.min_lr)
        .bind(run.top)
        .bind(run.frequency_database)
        .bind(&run.mutation_json)
        .bind(run.theta)
        .bind(run.rare_allele_frequency)
        .bind(run.remains)
        .bind(run.families)
        .fetch_one(&mut *tx)
        .await
        .context("starting a match run")?;
        let id: i64 = row.try_get("id").context("starting a match run")?;
        let detail = Phrase::new("sys-dna-match-started")
            .number("remains", run.remains)
            .number("families", run.families)
            .stored();
        let key = id.to_string();
        let change = Change::new("dna.match_start", "match_run", &key, &detail);
        let started = run_in(&mut tx, id).await?;
        core.audit_and_commit(tx, ctx, change, "starting a match run")
            .await?;
        Ok(started)
    }

    async fn finish_match_run(
        &self,
        run: i64,
        candidates: &[NewCandidate],
        ctx: WriteContext,
    ) -> StoreResult<MatchRun> {
        let core = &self.core;
        let mut tx = core.begin_write().await?;
        running(&mut tx, run, core.for_update()).await?;
        for c in candidates {
            let written = sqlx::query(
                "INSERT INTO dna_candidates (run_id, remains_id, family_id, lr, autosomal_lr, \
                 y_lr, mt_lr, markers_compared, marker_lrs) \
                 SELECT $1, r.id, $3, $4, $5, $6, $7, $8, $9 FROM remains_cases r \
                 WHERE r.accession = $2",
            )
            .bind(run)
            .bind(&c.remains)
            .bind(&c.family)
            .bind(c.lr)
            .bind(c.autosomal_lr)
            .bind(c.y_lr)
            .bind(c.mt_lr)
            .bind(c.markers_compared)
            .bind(&c.marker_lrs_json)
            .execute(&mut *tx)
            .await
            .context("storing candidates")?;
            if written.rows_affected() != 1 {
                return Err(StoreError::not_found("remains case", &c.remains));
            }
        }
        end(
            &mut tx,
            run,
            RunStatus::Finished,
            candidates.len() as i64,
            ctx,
        )
        .await?;
        let detail = Phrase::new("sys-dna-match-finished")
            .number("candidates", candidates.len() as i64)
            .stored();
        let key = run.to_string();
        let change = Change::new("dna.match_finish", "match_run", &key, &detail);
        let finished = run_in(&mut tx, run).await?;
        core.audit_and_commit(tx, ctx, change, "storing candidates")
            .await?;
        Ok(finished)
    }

    async fn cancel_match_run(&self, run: i64, ctx: WriteContext) -> StoreResult<MatchRun> {
        let core = &self.core;
        let mut tx = core.begin_write().await?;
        running(&mut tx, run, core.for_update()).await?;
        end(&mut tx, run, RunStatus::Cancelled, 0, ctx).await?;
        let detail = Phrase::new("sys-dna-match-cancelled").stored();
        let key = run.to_string();
        let change = Change::new("dna.match_cancel", "match_run", &key, &detail);
        let cancelled = run_in(&mut tx, run).await?;
        core.audit_and_commit(tx, ctx, change, "cancelling a match run")
            .await?;
        Ok(cancelled)
    }

    async fn match_runs(&self) -> StoreResult<Vec<MatchRun>> {
        let sql = format!(
            "SELECT {RUN_COLUMNS} FROM match_runs m \
             JOIN frequency_databases f ON f.id = m.frequency_database_id ORDER BY m.id"
        );
        read_all(
            &self.core.pool,
            sqlx::query(sqlx::AssertSqlSafe(sql)),
            run_from,
            "reading match runs",
        )
        .await
    }

    async fn candidates(&self, run: i64) -> StoreResult<Vec<StoredCandidate>> {
        let query = sqlx::query(
            "SELECT c.run_id, r.accession, c.family_id, c.lr, c.autosomal_lr, c.y_lr, c.mt_lr, \
             c.markers_compared, c.marker_lrs FROM dna_candidates c \
             JOIN remains_cases r ON r.id = c.remains_id WHERE c.run_id = $1 \
             ORDER BY r.accession, c.lr DESC, c.family_id",
        )
        .bind(run);
        read_all(&self.core.pool, query, candidate_from, "reading candidates").await
    }

    async fn match_run(&self, id: i64) -> StoreResult<Option<MatchRun>> {
        let sql = format!(
            "SELECT {RUN_COLUMNS} FROM match_runs m \
             JOIN frequency_databases f ON f.id = m.frequency_database_id WHERE m.id = $1"
        );
        read_one(
            &self.core.pool,
            sqlx::query(sqlx::AssertSqlSafe(sql)).bind(id),
            run_from,
            "reading a match run",
        )
        .await
    }

    async fn remains_candidates(
        &self,
        run: i64,
        accession: &str,
    ) -> StoreResult<Vec<StoredCandidate>> {
        let sql = format!(
            "{CANDIDATE_SELECT} WHERE c.run_id = $1 AND r.accession = $2 \
             ORDER BY c.lr DESC, c.family_id"
        );
        let query = sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(run)
            .bind(accession);
        read_all(&self.core.pool, query, candidate_from, "reading candidates").await
    }

    async fn family_candidates(&self, run: i64, family: &str) -> StoreResult<Vec<StoredCandidate>> {
        let sql = format!(
            "{CANDIDATE_SELECT} WHERE c.run_id = $1 AND c.family_id = $2 \
             ORDER BY c.lr DESC, r.accession"
        );
        let query = sqlx::query(sqlx::AssertSqlSafe(sql)).bind(run).bind(family);
        read_all(&self.core.pool, query, candidate_from, "reading candidates").await
    }
}

/// A candidate row with its case's accession number.
const CANDIDATE_SELECT: &str = "SELECT c.run_id, r.accession, c.family_id, c.lr, c.autosomal_lr, \
     c.y_lr, c.mt_lr, c.markers_compared, c.marker_lrs FROM dna_candidates c \
     JOIN remains_cases r ON r.id = c.remains_id";

/// Reads run `id` inside the transaction.
async fn run_in(conn: &mut AnyConnection, id: i64) -> StoreResult<MatchRun> {
    let sql = format!(
        "SELECT {RUN_COLUMNS} FROM match_runs m \
         JOIN frequency_databases f ON f.id = m.frequency_database_id WHERE m.id = $1"
    );
    read_one(
        &mut *conn,
        sqlx::query(sqlx::AssertSqlSafe(sql)).bind(id),
        run_from,
        "reading a match run",
    )
    .await?
    .ok_or_else(|| StoreError::not_found("match run", id.to_string()))
}

/// Refuses a run that is not running (unknown: `NotFound`; finished or cancelled: the domain's
/// refusal naming its status), locking it on PostgreSQL.
async fn running(conn: &mut AnyConnection, run: i64, lock: &str) -> StoreResult<()> {
    let sql = format!("SELECT status FROM match_runs WHERE id = $1{lock}");
    let row = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(run)
        .fetch_optional(&mut *conn)
        .await
        .context("reading a match run")?
        .ok_or_else(|| StoreError::not_found("match run", run.to_string()))?;
    let status = row.text("status")?;
    if status != RunStatus::Running.code() {
        return Err(DomainError::invalid(
            "status",
            format!("match run {run} is {status}, not running"),
        )
        .into());
    }
    Ok(())
}

/// Ends a run with `status` and its count of candidates.
async fn end(
    conn: &mut AnyConnection,
    run: i64,
    status: RunStatus,
    candidates: i64,
    ctx: WriteContext,
) -> StoreResult<()> {
    sqlx::query(
        "UPDATE match_runs SET status = $1, finished_at = $2, candidates_count = $3 \
         WHERE id = $4",
    )
    .bind(status.code())
    .bind(ctx.at.0)
    .bind(candidates)
    .bind(run)
    .execute(&mut *conn)
    .await
    .context("ending a match run")?;
    Ok(())
}

fn run_from(r: &AnyRow) -> StoreResult<MatchRun> {
    let status = r.text("status")?;
    Ok(MatchRun {
        id: r.int("id")?,
        inputs: NewMatchRun {
            min_lr: r.real("min_lr")?,
            top: r.int("top")?,
            frequency_database: r.int("frequency_database_id")?,
            mutation_json: r.text("mutation")?,
            theta: r.real("theta")?,
            rare_allele_frequency: r.opt_real("rare_allele_frequency")?,
            remains: r.int("remains_count")?,
            families: r.int("families_count")?,
        },
        frequency_name: r.text("frequency_name")?,
        frequency_version: r.int("frequency_version")?,
        started_at: Timestamp(r.int("started_at")?),
        finished_at: r.opt_int("finished_at")?.map(Timestamp),
        status: RunStatus::from_code(&status)
            .ok_or_else(|| corrupt("status", format!("unknown run status {status}")))?,
        candidates: r.int("candidates_count")?,
    })
}

fn candidate_from(r: &AnyRow) -> StoreResult<StoredCandidate> {
    Ok(StoredCandidate {
        run: r.int("run_id")?,
        candidate: NewCandidate {
            remains: r.text("accession")?,
            family: r.text("family_id")?,
            lr: r.real("lr")?,
            autosomal_lr: r.real("autosomal_lr")?,
            y_lr: r.opt_real("y_lr")?,
            mt_lr: r.opt_real("mt_lr")?,
            markers_compared: r.int("markers_compared")?,
            marker_lrs_json: r.text("marker_lrs")?,
        },
    })
}
