//! `homeward ledger verify --trust KEYS`: the chain is checked against public keys the verifier
//! holds (files from `ledger export-key`), not the keys stored in the database being checked —
//! a forged database with its own keys, a key table changed behind the chain's back, a missing or
//! later trusted key are each refused naming the organization; a bad key file is bad input.

use std::path::Path;
use std::process::Output;

use homeward_ledger::{CustodyEvent, EntryDraft};
use homeward_store::{Ledger, SqliteStore};
use homeward_testkit::cli::{self, SEEDED, stderr, stdout};
use sqlx::{Connection, Executor};

fn homeward(db: &Path, args: &[&str]) -> Output {
    cli::homeward(env!("CARGO_BIN_EXE_homeward"), db, args)
}

/// Generates `org`'s key with the binary (creating the store with `migrate` when absent) and
/// writes its exported public key to `file`.
fn keygen(db: &Path, org: &str, file: &Path) {
    assert!(homeward(db, &["migrate"]).status.success());
    let out = homeward(db, &["ledger", "keygen", "--org", org]);
    assert!(out.status.success(), "{}", stderr(&out));
    std::fs::write(file, stdout(&out)).unwrap();
}

/// `n` entries by `org`, appended through the store.
async fn append(db: &Path, org: &str, n: u64) {
    let store = SqliteStore::open(db).await.unwrap();
    let ctx = SEEDED;
    // The passphrase `homeward ledger keygen` set the store up with.
    cli::unlock(&store).await;
    let drafts = (1..=n)
        .map(|i| {
            let mut d = EntryDraft::new(
                1_663_286_400 + i as i64,
                "system",
                "Incheon",
                CustodyEvent::Encoffined {
                    casket_number: i as u32,
                },
            );
            d.remains = vec![format!("HW-2022-{i:03}")];
            d
        })
        .collect();
    store.append_ledger(org, drafts, ctx).await.unwrap();
}

fn verify(db: &Path, trust: &[&Path]) -> Output {
    let mut args = vec!["ledger", "verify"];
    for t in trust {
        args.extend(["--trust", t.to_str().unwrap()]);
    }
    homeward(db, &args)
}

fn assert_refused(out: &Output, words: &[&str]) {
    let err = stderr(out);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert_eq!(err.lines().count(), 1, "one line: {err}");
    for w in words {
        assert!(err.contains(w), "expected {w:?} in: {err}");
    }
}

#[tokio::test]
async fn verify_trusts_the_given_keys_not_the_databases_own() {
    let dir = tempfile::tempdir().unwrap();
    let at = |name: &str| dir.path().join(name);
    let (db, mnd, mva) = (at("real.db"), at("mnd.pub"), at("mva.pub"));
    keygen(&db, "MND", &mnd);
    keygen(&db, "MVA", &mva);
    append(&db, "MND", 4).await;
    append(&db, "MVA", 2).await;
    let rotated = homeward(&db, &["ledger", "rotate", "--org", "MND"]);
    assert!(rotated.status.success(), "{}", stderr(&rotated));
    std::fs::write(at("mnd-new.pub"), stdout(&rotated)).unwrap();
    append(&db, "MND", 3).await;

    let good = verify(&db, &[&mnd, &mva]);
    assert!(good.status.success(), "{}", stderr(&good));
    let text = stdout(&good);
    assert!(text.starts_with("ledger OK: 10 entries, head "), "{text}");
    assert!(text.contains("checked against 2 trusted key(s)"), "{text}");
    // Both keys in one file do as well.
    let both = at("both.pub");
    let joined = std::fs::read_to_string(&mnd).unwrap() + &std::fs::read_to_string(&mva).unwrap();
    std::fs::write(&both, joined).unwrap();
    assert!(verify(&db, &[&both]).status.success());

    // An organization in the store that no trusted key covers.
    assert_refused(&verify(&db, &[&mva]), &["no trusted key is given for MND"]);
    // MND's current key came by rotation at entry 7: it cannot vouch for entries 1–4.
    assert_refused(
        &verify(&db, &[&at("mnd-new.pub"), &mva]),
        &["MND", "valid only from entry 8", "came by rotation"],
    );

    // A forged database: its own "MND" key and a chain that verifies against that key alone.
    let forged = at("forged.db");
    keygen(&forged, "MND", &at("forged-mnd.pub"));
    append(&forged, "MND", 4).await;
    assert!(verify(&forged, &[]).status.success());
    assert_refused(
        &verify(&forged, &[&mnd]),
        &["for MND is not MND's trusted key", "key table was replaced"],
    );

    // A key slipped into the real key table that no signed rotation brought in.
    let slipped = homeward_ledger::OrganizationKey::from_seed("MVA", &[99; 32]);
    let options = sqlx::sqlite::SqliteConnectOptions::new().filename(&db);
    let mut conn = sqlx::SqliteConnection::connect_with(&options)
        .await
        .unwrap();
    conn.execute(sqlx::raw_sql(sqlx::AssertSqlSafe(format!(
        "INSERT INTO organization_keys VALUES ('{}', 'MVA', '{}', 'x', 6, 6, 0)",
        slipped.key_id(),
        slipped.public_key().to_text("MVA").trim_end()
    ))))
    .await
    .unwrap();
    conn.close().await.unwrap();
    assert!(
        verify(&db, &[]).status.success(),
        "the store alone cannot tell"
    );
    assert_refused(
        &verify(&db, &[&mnd, &mva]),
        &["holds key", "for MVA from entry 6", "no signed rotation"],
    );

    // A file that is not a key, or names no organization, is bad input (exit 2).
    std::fs::write(at("bad.pub"), "ssh-ed25519 AAAA someone\n").unwrap();
    let bad = verify(&db, &[&at("bad.pub")]);
    assert_eq!(bad.status.code(), Some(2), "{}", stderr(&bad));
    assert!(stderr(&bad).contains("bad.pub, line 1"), "{}", stderr(&bad));
    let missing = verify(&db, &[&at("absent.pub")]);
    assert_eq!(missing.status.code(), Some(2), "{}", stderr(&missing));
}
