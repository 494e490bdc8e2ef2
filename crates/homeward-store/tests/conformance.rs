//! The one conformance suite for every `Store` backend.
//!
//! A check is a `pub async fn` of a file in `conformance/` (`fixtures.rs` holds builders, not
//! checks): `async fn(&dyn Store)` on a fresh, unlocked store, or `async fn(&dyn Store,
//! &Beside)` on a fresh, locked store with raw SQL and a second handle on the same database
//! beside it. The `conformance!` macro runs each against a fresh SQLite file and, when
//! `HOMEWARD_TEST_PG` names a PostgreSQL database (e.g. `postgres://postgres@127.0.0.1:5432/test`),
//! against a fresh schema of its own (a `homeward_testkit::pg::PgSchema`) that is dropped
//! afterwards, also when the check fails. Without `HOMEWARD_TEST_PG` each PostgreSQL check
//! prints a SKIP line and passes. A check written but not listed fails
//! `every_check_is_listed`.

#[path = "conformance/bulk.rs"]
mod bulk;
#[path = "conformance/custody.rs"]
mod custody;
#[path = "conformance/dna.rs"]
mod dna;
#[path = "conformance/fixtures.rs"]
mod fixtures;
#[path = "conformance/gazetteer.rs"]
mod gazetteer;
#[path = "conformance/handling.rs"]
mod handling;
#[path = "conformance/identification.rs"]
mod identification;
#[path = "conformance/identifiers.rs"]
mod identifiers;
#[path = "conformance/ledger.rs"]
mod ledger;
#[path = "conformance/lifecycle.rs"]
mod lifecycle;
#[path = "conformance/people.rs"]
mod people;
#[path = "conformance/registry.rs"]
mod registry;
#[path = "conformance/repatriation.rs"]
mod repatriation;
#[path = "conformance/rolls.rs"]
mod rolls;
#[path = "conformance/sealed.rs"]
mod sealed;
#[path = "conformance/status_records.rs"]
mod status_records;
#[path = "conformance/tokens.rs"]
mod tokens;

use std::collections::BTreeSet;
use std::path::PathBuf;

use homeward_ledger::KdfParams;
use homeward_store::{PgStore, SqlStore, SqliteStore, Store};
use homeward_testkit::pg::PgSchema;
use sqlx::{Connection, Executor, Row};

/// The key-encryption secret of the test stores (cheap argon2id parameters: tests only).
pub const TEST_KEK: &[u8] = b"conformance test key-encryption secret";

/// Unlocks `store`'s signing keys with [`TEST_KEK`], as every command that signs does.
pub async fn unlock(store: &dyn Store) {
    store
        .unlock_signing_keys(TEST_KEK, KdfParams::TEST_ONLY, fixtures::system())
        .await
        .expect("unlock the signing keys with the test KEK");
}

/// A fresh SQLite store in a temporary directory (removed when the guard drops), unlocked.
pub async fn sqlite_store() -> (SqliteStore, tempfile::TempDir) {
    let (store, _, dir) = locked_sqlite_store().await;
    unlock(&store).await;
    (store, dir)
}

/// A fresh SQLite store whose signing keys are still locked, with what lies beside it.
pub async fn locked_sqlite_store() -> (SqliteStore, Beside, tempfile::TempDir) {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("registry.db");
    let store = SqliteStore::open(&path).await.expect("open SQLite store");
    (store, Beside::Sqlite(path), dir)
}

/// A fresh PostgreSQL store in a schema of its own, unlocked, with the schema's guard, or `None`
/// (after a SKIP line) when `HOMEWARD_TEST_PG` is not set. The guard drops the schema when it is dropped, so a check that
/// fails leaves nothing behind in the shared test database; it comes first so that it drops last.
pub async fn pg_store(test: &str) -> Option<(PgSchema, PgStore)> {
    let (schema, store, _) = locked_pg_store(test).await?;
    unlock(&store).await;
    Some((schema, store))
}

/// A fresh PostgreSQL store in a schema of its own whose signing keys are still locked, with
/// what lies beside it and the schema's guard (see [`pg_store`]).
pub async fn locked_pg_store(test: &str) -> Option<(PgSchema, PgStore, Beside)> {
    let schema = PgSchema::from_env(test).await?;
    let store = schema.open().await;
    let beside = Beside::Postgres {
        url: schema.url().to_owned(),
        schema: schema.name().to_owned(),
    };
    Some((schema, store, beside))
}

/// What a check may reach beside the store it is given, as another process (an older version,
/// an operator's SQL client, an intruder) would: the same database.
#[derive(Debug)]
pub enum Beside {
    /// The SQLite file.
    Sqlite(PathBuf),
    /// The PostgreSQL database and the store's schema in it.
    Postgres { url: String, schema: String },
}

impl Beside {
    /// Runs `sql` (one statement or several) on a connection of its own; returns the first
    /// column of the rows, or the database's refusal.
    pub async fn sql(&self, sql: &str) -> Result<Vec<Option<String>>, sqlx::Error> {
        let sql = sqlx::AssertSqlSafe(sql.to_owned());
        match self {
            Beside::Sqlite(path) => {
                let options = sqlx::sqlite::SqliteConnectOptions::new()
                    .filename(path)
                    .busy_timeout(std::time::Duration::from_secs(10));
                let mut conn = sqlx::SqliteConnection::connect_with(&options).await?;
                let rows = conn.fetch_all(sqlx::raw_sql(sql)).await;
                conn.close().await?;
                first_column(rows?)
            }
            Beside::Postgres { url, schema } => {
                let mut conn = sqlx::PgConnection::connect(url).await?;
                let set_path = format!("SET search_path TO \"{schema}\"");
                conn.execute(sqlx::raw_sql(sqlx::AssertSqlSafe(set_path)))
                    .await?;
                let rows = conn.fetch_all(sqlx::raw_sql(sql)).await;
                conn.close().await?;
                first_column(rows?)
            }
        }
    }

    /// A second handle on the same database, opened locked (another process's store).
    pub async fn reopen(&self) -> SqlStore {
        match self {
            Beside::Sqlite(path) => SqliteStore::open(path).await,
            Beside::Postgres { url, schema } => PgStore::open_in_schema(url, schema).await,
        }
        .expect("open the store again")
    }
}

/// The first column of `rows`, as text (NULL as `None`), on either engine.
fn first_column<R: Row>(rows: Vec<R>) -> Result<Vec<Option<String>>, sqlx::Error>
where
    usize: sqlx::ColumnIndex<R>,
    for<'r> Option<String>: sqlx::Decode<'r, R::Database> + sqlx::Type<R::Database>,
{
    rows.iter().map(|r| r.try_get(0)).collect()
}

/// Runs every check on both engines: `plain` ones on a fresh unlocked store, `beside` ones on
/// a fresh locked store with [`Beside`]; and lists them all in `LISTED` as `file::check`.
macro_rules! conformance {
    (
        plain: [$($module:ident :: $name:ident),* $(,)?],
        beside: [$($b_module:ident :: $b_name:ident),* $(,)?] $(,)?
    ) => {
        mod on_sqlite {
            $(
                #[tokio::test]
                async fn $name() {
                    let (store, _dir) = super::sqlite_store().await;
                    super::$module::$name(&store).await;
                }
            )*
            $(
                #[tokio::test]
                async fn $b_name() {
                    let (store, beside, _dir) = super::locked_sqlite_store().await;
                    super::$b_module::$b_name(&store, &beside).await;
                }
            )*
        }
        /// On a multi-thread runtime: a check that panics inside a transaction leaves its
        /// rollback to the pool's tasks, which must still run while the schema's guard drops.
        mod on_postgres {
            $(
                #[tokio::test(flavor = "multi_thread")]
                async fn $name() {
                    let Some((_schema, store)) = super::pg_store(stringify!($name)).await else {
                        return;
                    };
                    super::$module::$name(&store).await;
                    store.close().await;
                }
            )*
            $(
                #[tokio::test(flavor = "multi_thread")]
                async fn $b_name() {
                    let Some((_schema, store, beside)) =
                        super::locked_pg_store(stringify!($b_name)).await
                    else {
                        return;
                    };
                    super::$b_module::$b_name(&store, &beside).await;
                    store.close().await;
                }
            )*
        }
        /// Every check the suite runs, as `file::check`.
        const LISTED: &[&str] = &[
            $(concat!(stringify!($module), "::", stringify!($name)),)*
            $(concat!(stringify!($b_module), "::", stringify!($b_name)),)*
        ];
    };
}

conformance!(
    plain: [
        dna::remains_profiles_need_their_case_and_refusals_write_nothing,
        dna::families_keep_their_references_in_order_and_refusals_write_nothing,
        dna::a_bulk_import_of_families_crosses_chunks_all_or_nothing,
        dna::a_run_stores_its_candidates_when_it_finishes,
        dna::remains_relations_are_replaced_whole_and_refusals_write_nothing,
        dna::holds_are_raised_once_and_cleared_with_a_note,
        dna::lineage_profiles_need_their_owner_and_refusals_write_nothing,
        people::organizations_and_users,
        people::duplicate_username_is_a_conflict,
        people::sessions_expire_and_end,
        people::login_refusals_are_audited_and_change_nothing_else,
        people::api_tokens_name_their_user,
        tokens::expired_and_revoked_tokens_are_refused,
        tokens::token_expiry_is_checked_when_created,
        tokens::deactivation_ends_sessions_and_tokens,
        tokens::a_new_password_ends_sessions_and_tokens,
        tokens::a_new_role_applies_to_existing_tokens,
        registry::sites_round_trip_with_counts,
        registry::duplicate_site_code_is_a_conflict,
        registry::remains_round_trip,
        registry::duplicate_accession_and_missing_site_are_refused,
        registry::examination_and_nationality_are_recorded_with_their_changes,
        registry::effects_round_trip,
        registry::list_filters_and_pages,
        registry::number_search_finds_accession_and_external_numbers,
        lifecycle::accession_starts_the_history,
        lifecycle::illegal_transition_changes_nothing,
        lifecycle::undetermined_nationality_blocks_determination,
        lifecycle::a_determined_nationality_needs_evidence,
        lifecycle::legal_path_to_burial_records_history,
        lifecycle::unknown_case_is_not_found,
        lifecycle::concurrent_writers_neither_fail_nor_race,
        rolls::missing_person_round_trip,
        rolls::search_finds_every_script_and_romanization,
        rolls::search_tolerates_one_letter,
        rolls::search_short_cjk_names_and_given_names,
        rolls::search_of_nothing_finds_nothing,
        rolls::search_of_one_character_is_refused_naming_q,
        rolls::search_finds_converted_forms_with_their_reason,
        bulk::import_writes_everything_and_resolves_keys,
        bulk::import_with_a_bad_reference_writes_nothing,
        bulk::import_with_a_taken_key_writes_nothing,
        bulk::import_walks_each_case_to_its_status_or_writes_nothing,
        bulk::audit_log_records_every_write,
        bulk::stats_count_everything,
        bulk::handovers_round_trip,
        bulk::export_lists_everything,
        bulk::backup_copies_sqlite_and_points_postgres_to_pg_dump,
        ledger::appended_entries_read_back_and_verify,
        ledger::a_second_append_continues_the_chain_and_a_stale_one_is_refused,
        ledger::keys_are_stored_and_rotated_in_the_chain,
        ledger::concurrent_appenders_take_turns_and_never_fork,
        repatriation::a_batch_goes_from_planned_to_buried_signing_each_step,
        repatriation::a_step_names_the_acting_user_in_the_ledger,
        repatriation::a_skipped_step_is_refused_and_changes_nothing,
        repatriation::a_case_without_nationality_determined_is_refused_and_changes_nothing,
        repatriation::a_case_is_in_one_open_batch_only,
        repatriation::a_step_without_the_senders_key_is_refused_and_changes_nothing,
        repatriation::a_handover_needs_the_issued_manifest_which_is_issued_once,
        custody::an_uncommitted_case_write_leaves_nothing,
        custody::a_refused_change_changes_nothing,
        identification::an_identified_case_takes_a_name_with_its_audit_entry,
        identification::a_refused_identification_changes_nothing,
        handling::handling_events_are_signed_and_move_the_cases,
        handling::refused_handling_events_write_nothing,
        status_records::the_status_step_reaches_no_status_that_has_its_own_record,
        status_records::the_check_finds_nothing_on_a_store_built_through_its_use_cases,
        sealed::a_foreign_public_key_is_held_without_a_secret,
        identifiers::look_alike_and_path_identifiers_write_nothing,
        gazetteer::place_names_round_trip_and_replace,
        gazetteer::an_invalid_place_name_writes_nothing,
        gazetteer::names_in_use_lists_what_records_carry,
    ],
    beside: [
        dna::frequency_databases_are_versioned_and_immutable,
        custody::a_failed_append_rolls_the_change_back,
        status_records::the_check_names_every_case_whose_status_lacks_its_record,
        ledger::the_database_refuses_to_change_ledger_rows,
        sealed::sealed_at_rest_and_locked_until_the_right_kek,
        sealed::plaintext_secrets_are_sealed_on_unlock,
        sealed::altered_or_moved_secrets_are_detected,
        rolls::stale_name_keys_are_rewritten_on_open,
        rolls::written_keys_are_read_back_by_another_process,
    ],
);

/// The checks written in `conformance/`: every `pub async fn` of its files but `fixtures.rs`,
/// as `file::check`.
fn written_checks() -> BTreeSet<String> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/conformance");
    let mut checks = BTreeSet::new();
    for file in std::fs::read_dir(&dir).expect("read tests/conformance") {
        let path = file.expect("a directory entry").path();
        let stem = path
            .file_stem()
            .and_then(|s| s.to_str())
            .unwrap_or_default();
        if path.extension().is_none_or(|e| e != "rs") || stem == "fixtures" {
            continue;
        }
        let text = std::fs::read_to_string(&path).expect("read a check file");
        for line in text.lines() {
            if let Some(rest) = line.strip_prefix("pub async fn ") {
                let name: String = rest
                    .chars()
                    .take_while(|c| c.is_alphanumeric() || *c == '_')
                    .collect();
                checks.insert(format!("{stem}::{name}"));
            }
        }
    }
    checks
}

#[test]
fn every_check_is_listed() {
    let listed: BTreeSet<String> = LISTED.iter().map(|s| s.to_string()).collect();
    let written = written_checks();
    let unlisted: Vec<&String> = written.difference(&listed).collect();
    assert!(
        unlisted.is_empty(),
        "checks written in tests/conformance but not listed in conformance!: {unlisted:?}"
    );
    assert_eq!(listed.len(), LISTED.len(), "a check is listed twice");
    assert!(written.len() > 60, "only {} checks found", written.len());
}
