//! Tamper tests (issue 4, "Done when"): a real store with 20 signed entries is changed directly
//! in the database, as an attacker with the file or the server would — the append-only triggers
//! dropped first, then a row's bytes edited, a row deleted, two rows reordered, a forged row
//! inserted — and each time `homeward ledger verify` exits 1 naming the right entry. On a SQLite
//! file and, when `HOMEWARD_TEST_PG` is set, on a PostgreSQL schema of its own.

use std::process::{Command, Output};

use homeward_ledger::{ChainHead, ContentHash, CustodyEvent, Entry, EntryDraft, OrganizationKey};
use homeward_store::{LedgerRow, SqliteStore, Store};
use homeward_testkit::cli::{self, SEEDED};
use homeward_testkit::pg::PgSchema;
use sqlx::{AnyConnection, Connection, Executor, Row};

const ENTRIES: u64 = 20;

/// How the attacker changes the table.
#[derive(Debug, Clone, Copy)]
enum Tamper {
    /// Flips one bit of entry 7's last byte (its details text): still decodes, no longer hashes.
    FlipByte,
    /// Edits entry 3's actor and stores the recomputed hash: only the signature can tell.
    EditAndRehash,
    /// Overwrites entry 9's bytes with something that is not an entry at all.
    Garble,
    /// Deletes entry 12.
    Delete,
    /// Swaps the contents of the rows holding entries 5 and 6.
    Reorder,
    /// Shifts entries 10–20 down one row and puts a forged entry 10 in their place.
    InsertForged,
    /// Appends a forged entry 21, signed by the attacker's own key in the ministry's name.
    AppendForged,
}

/// Each tampering and the words `verify` must say about it.
const CASES: &[(Tamper, &[&str])] = &[
    (Tamper::FlipByte, &["entry 7 ", "edited"]),
    (Tamper::EditAndRehash, &["entry 3 ", "bad signature"]),
    (Tamper::Garble, &["sequence 9 ", "unreadable"]),
    (Tamper::Delete, &["entry 13 ", "deleted", "12 to 12"]),
    (
        Tamper::Reorder,
        &["entry 6 ", "reordered", "entry 5 should come here"],
    ),
    (Tamper::InsertForged, &["entry 10 ", "inserted"]),
    (Tamper::AppendForged, &["entry 21 ", "unknown key"]),
];

fn draft(i: u64) -> EntryDraft {
    let accession = format!("HW-2022-{i:03}");
    let mut draft = EntryDraft::new(
        1_663_286_400 + i as i64,
        "system",
        "Incheon",
        CustodyEvent::Encoffined {
            casket_number: i as u32,
        },
    );
    draft.remains = vec![accession.clone()];
    draft.details = format!("encoffined {accession}");
    draft
}

/// The ministry's key, and 20 entries appended in four transactions.
async fn seed(store: &dyn Store) {
    let key = OrganizationKey::from_seed("MND", &[21; 32]);
    cli::unlock(store).await;
    store.save_organization_key(&key, SEEDED).await.unwrap();
    for batch in 0..4 {
        let drafts = (1..=5).map(|i| draft(batch * 5 + i)).collect();
        store.append_ledger("MND", drafts, SEEDED).await.unwrap();
    }
    assert_eq!(
        store.ledger_head().await.unwrap().next_sequence,
        ENTRIES + 1
    );
}

fn verify(db: &str) -> Output {
    Command::new(env!("CARGO_BIN_EXE_homeward"))
        // The test stores' key-encryption passphrase (commands that sign need one).
        .env("HOMEWARD_KEY_PASSPHRASE", cli::PASSPHRASE)
        .env_remove("HOMEWARD_KEY_FILE")
        .args(["ledger", "verify", "--db", db])
        .env_remove("HOMEWARD_DB")
        .output()
        .expect("the binary runs")
}

fn assert_verifies(db: &str) {
    let out = verify(db);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        stdout.starts_with("ledger OK: 20 entries, head "),
        "{stdout}"
    );
}

fn assert_names(db: &str, tamper: Tamper, words: &[&str]) {
    let out = verify(db);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{tamper:?}: {stderr}");
    assert_eq!(stderr.lines().count(), 1, "{tamper:?}: one line: {stderr}");
    for word in words {
        assert!(
            stderr.contains(word),
            "{tamper:?}: expected {word:?} in: {stderr}"
        );
    }
}

async fn row(conn: &mut AnyConnection, sequence: i64) -> LedgerRow {
    let r = sqlx::query(
        "SELECT sequence, encoding, hash, signature FROM ledger_entries WHERE sequence = $1",
    )
    .bind(sequence)
    .fetch_one(&mut *conn)
    .await
    .unwrap();
    LedgerRow {
        sequence: r.get("sequence"),
        encoding: r.get("encoding"),
        hash: r.get("hash"),
        signature: r.get("signature"),
    }
}

/// Overwrites the content of the row keyed `sequence` (the key itself stays).
async fn put(conn: &mut AnyConnection, sequence: i64, content: &LedgerRow) {
    sqlx::query(
        "UPDATE ledger_entries SET encoding = $1, hash = $2, signature = $3 WHERE sequence = $4",
    )
    .bind(content.encoding.clone())
    .bind(content.hash.clone())
    .bind(content.signature.clone())
    .bind(sequence)
    .execute(&mut *conn)
    .await
    .unwrap();
}

async fn insert(conn: &mut AnyConnection, row: &LedgerRow) {
    sqlx::query(
        "INSERT INTO ledger_entries (sequence, encoding, hash, signature) VALUES ($1, $2, $3, $4)",
    )
    .bind(row.sequence)
    .bind(row.encoding.clone())
    .bind(row.hash.clone())
    .bind(row.signature.clone())
    .execute(&mut *conn)
    .await
    .unwrap();
}

/// An entry in the ministry's name, placed after `previous` and signed by a key of the attacker.
fn forged(previous: &LedgerRow) -> LedgerRow {
    let previous = previous.decode().unwrap();
    let attacker = OrganizationKey::from_seed("MND", &[66; 32]);
    let mut head = ChainHead::after(&previous);
    let mut draft = draft(99);
    draft.details = "a casket that never was".into();
    LedgerRow::of(&head.append(draft, &attacker))
}

/// What the attacker does, once the triggers are gone.
async fn tamper(conn: &mut AnyConnection, how: Tamper) {
    match how {
        Tamper::FlipByte => {
            let mut r = row(conn, 7).await;
            *r.encoding.last_mut().unwrap() ^= 1;
            put(conn, 7, &r).await;
        }
        Tamper::EditAndRehash => {
            let mut r = row(conn, 3).await;
            let mut entry = Entry::decode(&r.encoding).unwrap();
            entry.actor = "Someone Else".into();
            r.encoding = entry.encode();
            r.hash = ContentHash::of(&r.encoding).to_hex();
            put(conn, 3, &r).await;
        }
        Tamper::Garble => {
            let mut r = row(conn, 9).await;
            r.encoding = b"not a ledger entry".to_vec();
            put(conn, 9, &r).await;
        }
        Tamper::Delete => {
            for table in ["ledger_remains", "ledger_entries"] {
                let sql = format!("DELETE FROM {table} WHERE sequence = 12");
                conn.execute(sqlx::AssertSqlSafe(sql)).await.unwrap();
            }
        }
        Tamper::Reorder => {
            let (five, six) = (row(conn, 5).await, row(conn, 6).await);
            put(conn, 5, &six).await;
            put(conn, 6, &five).await;
        }
        Tamper::InsertForged => {
            let mut last = row(conn, ENTRIES as i64).await;
            last.sequence += 1;
            insert(conn, &last).await;
            for s in (11..=ENTRIES as i64).rev() {
                let earlier = row(conn, s - 1).await;
                put(conn, s, &earlier).await;
            }
            let fake = forged(&row(conn, 9).await);
            put(conn, 10, &fake).await;
        }
        Tamper::AppendForged => {
            let fake = forged(&row(conn, ENTRIES as i64).await);
            insert(conn, &fake).await;
        }
    }
}

#[tokio::test]
async fn tampering_with_a_sqlite_file_is_named() {
    sqlx::any::install_default_drivers();
    for &(how, words) in CASES {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("ledger.db");
        let db = path.to_str().unwrap().to_owned();
        let store = SqliteStore::open(&path).await.unwrap();
        seed(&store).await;
        store.close().await;
        assert_verifies(&db);

        let mut conn = AnyConnection::connect(&format!("sqlite://{db}"))
            .await
            .unwrap();
        conn.execute(
            "DROP TRIGGER ledger_entries_no_update; DROP TRIGGER ledger_entries_no_delete; \
             DROP TRIGGER ledger_remains_no_update; DROP TRIGGER ledger_remains_no_delete;",
        )
        .await
        .unwrap();
        tamper(&mut conn, how).await;
        conn.close().await.unwrap();
        assert_names(&db, how, words);
    }
}

#[tokio::test]
async fn tampering_with_a_postgres_table_is_named() {
    let Ok(url) = std::env::var("HOMEWARD_TEST_PG") else {
        homeward_testkit::skip("HOMEWARD_TEST_PG is not set; PostgreSQL tamper tests not run");
        return;
    };
    sqlx::any::install_default_drivers();
    for (n, &(how, words)) in CASES.iter().enumerate() {
        // Dropped with everything in it when this iteration ends, also when a check fails.
        let schema = PgSchema::create(&url, &format!("tamper_{n}")).await;
        let store = schema.open().await;
        seed(&store).await;
        // The binary reaches the schema through the URL, as an operator's --db would.
        let db = schema.url_in_schema();
        assert_verifies(&db);

        let mut conn = AnyConnection::connect(&db).await.unwrap();
        conn.execute(
            "DROP TRIGGER ledger_entries_append_only ON ledger_entries; \
             DROP TRIGGER ledger_remains_append_only ON ledger_remains;",
        )
        .await
        .unwrap();
        tamper(&mut conn, how).await;
        conn.close().await.unwrap();
        assert_names(&db, how, words);
        store.drop_schema(schema.name()).await.unwrap();
    }
}

fn homeward(db: &str, args: &[&str]) -> Output {
    cli::homeward(env!("CARGO_BIN_EXE_homeward"), db, args)
}

#[test]
fn keys_are_generated_listed_exported_and_rotated() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("keys.db").to_str().unwrap().to_owned();
    let text = |o: &Output| String::from_utf8_lossy(&o.stdout).into_owned();
    assert!(homeward(&db, &["migrate"]).status.success());

    let empty = homeward(&db, &["ledger", "verify"]);
    assert!(empty.status.success());
    assert_eq!(text(&empty), "ledger OK: 0 entries, head (empty)\n");

    let generated = homeward(&db, &["ledger", "keygen", "--org", "MND"]);
    assert!(generated.status.success(), "{generated:?}");
    let public = text(&generated);
    assert!(
        public.starts_with("homeward-ed25519 ") && public.ends_with(" MND\n"),
        "{public}"
    );
    let key = homeward_ledger::PublicKey::from_text(&public).unwrap();

    let again = homeward(&db, &["ledger", "keygen", "--org", "MND"]);
    assert_eq!(again.status.code(), Some(2), "{again:?}");
    assert!(String::from_utf8_lossy(&again.stderr).contains("ledger rotate --org MND"));
    let unnamed = homeward(&db, &["ledger", "keygen", "--org", " "]);
    assert_eq!(unnamed.status.code(), Some(2), "{unnamed:?}");

    let exported = homeward(&db, &["ledger", "export-key", "--org", "MND"]);
    assert_eq!(text(&exported), public);
    let listed = text(&homeward(&db, &["ledger", "keys"]));
    assert!(listed.contains(&key.key_id().to_string()), "{listed}");

    // Whoever a signed entry names is a user of the registry: free text is refused, nothing rotated.
    let unknown = homeward(
        &db,
        &["ledger", "rotate", "--org", "MND", "--actor", "Dir. Park"],
    );
    assert_eq!(unknown.status.code(), Some(2), "{unknown:?}");
    let refused = String::from_utf8_lossy(&unknown.stderr);
    assert!(
        refused.contains("--actor: no user \"Dir. Park\""),
        "{refused}"
    );
    assert_eq!(text(&homeward(&db, &["ledger", "keys"])), listed);
    let rotated = homeward(&db, &["ledger", "rotate", "--org", "MND"]);
    assert!(rotated.status.success(), "{rotated:?}");
    let new_public = text(&rotated);
    assert_ne!(new_public, public);
    assert_eq!(
        text(&homeward(&db, &["ledger", "export-key", "--org", "MND"])),
        new_public
    );
    let listed = text(&homeward(&db, &["ledger", "keys"]));
    assert_eq!(listed.lines().count(), 3, "{listed}");
    let verified = text(&homeward(&db, &["ledger", "verify"]));
    assert!(
        verified.starts_with("ledger OK: 1 entries, head "),
        "{verified}"
    );

    let none = homeward(&db, &["ledger", "export-key", "--org", "MOVA"]);
    assert_eq!(none.status.code(), Some(2), "{none:?}");
}
