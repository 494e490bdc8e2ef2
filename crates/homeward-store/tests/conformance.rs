//! The one conformance suite for every `Store` backend.
//!
//! Every check is an `async fn(&dyn Store)`; the `conformance!` macro runs each against a fresh
//! SQLite file and, when `HOMEWARD_TEST_PG` names a PostgreSQL database (e.g.
//! `postgres://postgres@127.0.0.1:5432/test`), against a fresh schema of its own that is dropped
//! afterwards. Without `HOMEWARD_TEST_PG` the PostgreSQL half prints a SKIP line and passes.

#[path = "conformance/bulk.rs"]
mod bulk;
#[path = "conformance/custody.rs"]
mod custody;
#[path = "conformance/fixtures.rs"]
mod fixtures;
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

use std::io::Write;
use std::sync::Once;
use std::sync::atomic::{AtomicU32, Ordering};

use homeward_ledger::KdfParams;
use homeward_store::{PgStore, SqliteStore, Store};

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
    let (store, dir) = locked_sqlite_store().await;
    unlock(&store).await;
    (store, dir)
}

/// A fresh SQLite store whose signing keys are still locked.
pub async fn locked_sqlite_store() -> (SqliteStore, tempfile::TempDir) {
    let dir = tempfile::tempdir().expect("temp dir");
    let store = SqliteStore::open(&dir.path().join("registry.db"))
        .await
        .expect("open SQLite store");
    (store, dir)
}

/// A fresh PostgreSQL store in its own schema, or `None` (after one SKIP line) when
/// `HOMEWARD_TEST_PG` is not set.
pub async fn pg_store(test: &str) -> Option<(PgStore, String)> {
    static SKIP: Once = Once::new();
    static SEQ: AtomicU32 = AtomicU32::new(0);
    let Ok(url) = std::env::var("HOMEWARD_TEST_PG") else {
        SKIP.call_once(|| {
            // Written to the real stderr so that the line shows even though the test passes.
            let _ = writeln!(
                std::io::stderr(),
                "SKIP: HOMEWARD_TEST_PG is not set; PostgreSQL conformance not run"
            );
        });
        return None;
    };
    let schema = format!(
        "hw_t{}_{}_{}",
        std::process::id(),
        SEQ.fetch_add(1, Ordering::Relaxed),
        test.chars().take(30).collect::<String>()
    );
    let store = PgStore::open_in_schema(&url, &schema)
        .await
        .unwrap_or_else(|e| panic!("open PostgreSQL store in schema {schema}: {e}"));
    unlock(&store).await;
    Some((store, schema))
}

macro_rules! conformance {
    ($($module:ident :: $name:ident),* $(,)?) => {
        mod on_sqlite {
            $(
                #[tokio::test]
                async fn $name() {
                    let (store, _dir) = super::sqlite_store().await;
                    super::$module::$name(&store).await;
                }
            )*
        }
        mod on_postgres {
            $(
                #[tokio::test]
                async fn $name() {
                    let Some((store, schema)) = super::pg_store(stringify!($name)).await else {
                        return;
                    };
                    super::$module::$name(&store).await;
                    store.drop_schema(&schema).await.expect("drop test schema");
                }
            )*
        }
    };
}

conformance!(
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
    lifecycle::legal_path_to_burial_records_history,
    lifecycle::unknown_case_is_not_found,
    lifecycle::concurrent_writers_neither_fail_nor_race,
    rolls::missing_person_round_trip,
    rolls::search_finds_every_script_and_romanization,
    rolls::search_tolerates_one_letter,
    rolls::search_short_cjk_names_and_given_names,
    rolls::search_of_nothing_finds_nothing,
    rolls::search_of_one_character_is_refused_naming_q,
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
    repatriation::a_skipped_step_is_refused_and_changes_nothing,
    repatriation::a_case_without_nationality_determined_is_refused_and_changes_nothing,
    repatriation::a_case_is_in_one_open_batch_only,
    repatriation::a_step_without_the_senders_key_is_refused_and_changes_nothing,
    repatriation::a_handover_needs_the_issued_manifest_which_is_issued_once,
    ledger::streamed_verification_names_the_same_bad_entry,
    custody::lifecycle_writes_append_signed_custody_events,
    custody::refused_and_unsigned_changes_append_nothing,
    custody::an_organization_without_a_key_changes_without_entries,
    identification::an_identified_case_takes_a_name_with_its_audit_entry,
    identification::a_refused_identification_changes_nothing,
    handling::accessioning_by_an_organization_with_a_key_appends_recovered,
    handling::handling_events_are_signed_and_move_the_cases,
    handling::refused_handling_events_write_nothing,
    status_records::the_status_step_reaches_no_status_that_has_its_own_record,
    status_records::the_check_finds_nothing_on_a_store_built_through_its_use_cases,
    sealed::a_foreign_public_key_is_held_without_a_secret,
    identifiers::look_alike_and_path_identifiers_write_nothing,
);

/// Cases put into statuses without their records by raw SQL (as an older version's status step
/// could) are each named by the lifecycle check.
mod legacy_bypass {
    use sqlx::{Connection, Executor};

    #[tokio::test]
    async fn on_sqlite() {
        let (store, dir) = super::sqlite_store().await;
        let path = dir.path().join("registry.db");
        super::status_records::the_check_names_every_case_whose_status_lacks_its_record(
            &store,
            async |sql| {
                let options = sqlx::sqlite::SqliteConnectOptions::new().filename(&path);
                let mut conn = sqlx::SqliteConnection::connect_with(&options)
                    .await
                    .unwrap();
                conn.execute(sql).await.unwrap();
                conn.close().await.unwrap();
            },
        )
        .await;
    }

    #[tokio::test]
    async fn on_postgres() {
        let Some((store, schema)) = super::pg_store("legacy_bypass").await else {
            return;
        };
        super::status_records::the_check_names_every_case_whose_status_lacks_its_record(
            &store,
            async |sql| {
                let url = std::env::var("HOMEWARD_TEST_PG").unwrap();
                let mut conn = sqlx::PgConnection::connect(&url).await.unwrap();
                let sql = format!("SET search_path TO \"{schema}\"; {sql}");
                conn.execute(sqlx::raw_sql(sqlx::AssertSqlSafe(sql)))
                    .await
                    .unwrap();
                conn.close().await.unwrap();
            },
        )
        .await;
        store.drop_schema(&schema).await.expect("drop test schema");
    }
}

/// A failed ledger append rolls its lifecycle change back: the organization's stored key is made
/// unreadable with raw SQL on a connection of its own (the key table is not append-only).
mod failed_append {
    use sqlx::{Connection, Executor};

    const CORRUPT: &str = "UPDATE organization_keys SET secret_key = 'not a key'";

    #[tokio::test]
    async fn on_sqlite() {
        let (store, dir) = super::sqlite_store().await;
        let path = dir.path().join("registry.db");
        super::custody::a_failed_append_rolls_the_change_back(&store, async || {
            let options = sqlx::sqlite::SqliteConnectOptions::new().filename(&path);
            let mut conn = sqlx::SqliteConnection::connect_with(&options)
                .await
                .unwrap();
            conn.execute(CORRUPT).await.unwrap();
            conn.close().await.unwrap();
        })
        .await;
    }

    #[tokio::test]
    async fn on_postgres() {
        let Some((store, schema)) = super::pg_store("failed_append").await else {
            return;
        };
        super::custody::a_failed_append_rolls_the_change_back(&store, async || {
            let url = std::env::var("HOMEWARD_TEST_PG").unwrap();
            let mut conn = sqlx::PgConnection::connect(&url).await.unwrap();
            let sql = format!("SET search_path TO \"{schema}\"; {CORRUPT}");
            conn.execute(sqlx::raw_sql(sqlx::AssertSqlSafe(sql)))
                .await
                .unwrap();
            conn.close().await.unwrap();
        })
        .await;
        store.drop_schema(&schema).await.expect("drop test schema");
    }
}

/// The database refuses UPDATE and DELETE of ledger rows, whatever client asks: raw SQL on a
/// connection of its own, beside the store.
mod append_only {
    use homeward_store::{Ledger, Store};
    use sqlx::{Connection, Executor};

    async fn seed(store: &dyn Store) {
        store
            .save_organization_key(&super::ledger::mnd_key(), super::fixtures::system())
            .await
            .unwrap();
        let drafts = (1..=2)
            .map(|i| super::ledger::recovered(&format!("HW-{i}"), i))
            .collect();
        store
            .append_ledger("MND", drafts, super::fixtures::system())
            .await
            .unwrap();
    }

    /// Runs each statement on `conn` and asserts that the trigger refused it.
    async fn refused<C>(conn: &mut C, statements: &[&str])
    where
        for<'c> &'c mut C: Executor<'c>,
    {
        for sql in statements {
            let Err(err) = conn.execute(sqlx::raw_sql(sqlx::AssertSqlSafe(*sql))).await else {
                panic!("{sql}: the database allowed it");
            };
            assert!(
                err.to_string().contains("ledger entries are append-only"),
                "{sql}: {err}"
            );
        }
    }

    const TAMPERING: &[&str] = &[
        "UPDATE ledger_entries SET hash = 'x' WHERE sequence = 1",
        "UPDATE ledger_entries SET sequence = 9 WHERE sequence = 2",
        "DELETE FROM ledger_entries WHERE sequence = 2",
        "DELETE FROM ledger_entries",
        "UPDATE ledger_remains SET accession = 'HW-9'",
        "DELETE FROM ledger_remains",
    ];

    #[tokio::test]
    async fn on_sqlite() {
        let (store, dir) = super::sqlite_store().await;
        seed(&store).await;
        let options = sqlx::sqlite::SqliteConnectOptions::new()
            .filename(dir.path().join("registry.db"))
            .busy_timeout(std::time::Duration::from_secs(10));
        let mut conn = sqlx::SqliteConnection::connect_with(&options)
            .await
            .unwrap();
        refused(&mut conn, TAMPERING).await;
        conn.close().await.unwrap();
        assert_eq!(store.ledger_rows(None, 10).await.unwrap().len(), 2);
    }

    #[tokio::test]
    async fn on_postgres() {
        let Some((store, schema)) = super::pg_store("append_only").await else {
            return;
        };
        seed(&store).await;
        let url = std::env::var("HOMEWARD_TEST_PG").unwrap();
        let mut conn = sqlx::PgConnection::connect(&url).await.unwrap();
        let set_path = format!("SET search_path TO \"{schema}\"");
        conn.execute(sqlx::raw_sql(sqlx::AssertSqlSafe(set_path)))
            .await
            .unwrap();
        refused(&mut conn, TAMPERING).await;
        refused(&mut conn, &["TRUNCATE ledger_entries CASCADE"]).await;
        conn.close().await.unwrap();
        assert_eq!(store.ledger_rows(None, 10).await.unwrap().len(), 2);
        store.drop_schema(&schema).await.expect("drop test schema");
    }
}
