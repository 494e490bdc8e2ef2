//! `homeward user list|deactivate|set-role|reset-password|tokens|revoke-token`, run as an operator
//! would: each change reaches the store, ends sessions and tokens where it should, and a bad name
//! or id is refused with exit status 2.

use homeward_testkit::key;
use std::path::Path;
use std::process::{Command, Output};

use homeward_domain::{DAY_SECONDS, NewApiToken, Timestamp};

fn homeward(db: &Path, args: &[&str], stdin: &str) -> Output {
    let mut command = Command::new(env!("CARGO_BIN_EXE_homeward"));
    command
        .args(args)
        .env("HOMEWARD_DB", db)
        .env_remove("HOMEWARD_PASSWORD");
    homeward_testkit::cli::run_with_stdin(&mut command, stdin)
}

fn ok(o: Output) -> String {
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(o.status.success(), "exit {:?}: {err}", o.status);
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn refused(o: Output, needle: &str) {
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(2), "{err}");
    assert!(err.contains(needle), "{err}");
}

const PASSWORD: &str = "a long enough password\n";

#[tokio::test]
async fn an_operator_manages_accounts_and_tokens() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("registry.db");
    ok(homeward(&db, &["migrate"], ""));
    for (name, role) in [("admin", "administrator"), ("kim", "anthropologist")] {
        let args = ["user", "add", name, "--role", role, "--password-stdin"];
        ok(homeward(&db, &args, PASSWORD));
    }
    let store = homeward_store::open(db.to_str().unwrap()).await.unwrap();
    let kim = store.user_credentials(&key("kim")).await.unwrap();
    let kim = kim.unwrap().user;
    let now = homeward_app::system_write(None);
    let token = NewApiToken {
        token_hash: "kim-token-hash".into(),
        user: kim.id,
        label: "nightly export".into(),
        expires_at: Timestamp(now.at.0 + 30 * DAY_SECONDS),
    };
    let id = store.create_api_token(&token, now).await.unwrap();
    let until = Timestamp(now.at.0 + DAY_SECONDS);
    store
        .create_session("kim-session", kim.id, until, now)
        .await
        .unwrap();

    let listed = ok(homeward(&db, &["user", "list"], ""));
    assert!(
        listed.contains("kim\tanthropologist\t-\tactive"),
        "{listed}"
    );
    let tokens = ok(homeward(&db, &["user", "tokens", "kim"], ""));
    assert!(
        tokens.contains(&format!("{id}\tkim\tnightly export")),
        "{tokens}"
    );
    assert!(tokens.contains("\tactive"), "{tokens}");
    assert!(!tokens.contains("kim-token-hash"), "{tokens}");
    refused(homeward(&db, &["user", "tokens", "nobody"], ""), "nobody");
    refused(homeward(&db, &["user", "revoke-token", "999"], ""), "999");

    let out = ok(homeward(
        &db,
        &["user", "set-role", "kim", "--role", "reviewer"],
        "",
    ));
    assert!(out.contains("reviewer"), "{out}");
    let listed = ok(homeward(&db, &["user", "list"], ""));
    assert!(listed.contains("kim\treviewer"), "{listed}");
    refused(
        homeward(&db, &["user", "set-role", "nobody", "--role", "viewer"], ""),
        "nobody",
    );

    let args = ["user", "reset-password", "kim", "--password-stdin"];
    ok(homeward(&db, &args, "another long password\n"));
    let at = Timestamp(now.at.0 + 1);
    assert_eq!(store.session_user("kim-session", at).await.unwrap(), None);
    assert_eq!(
        store.api_token_user("kim-token-hash", at).await.unwrap(),
        None
    );
    let tokens = ok(homeward(&db, &["user", "tokens"], ""));
    assert!(tokens.contains("\trevoked "), "{tokens}");
    refused(
        homeward(&db, &["user", "revoke-token", &id.to_string()], ""),
        "already revoked",
    );

    let out = ok(homeward(&db, &["user", "deactivate", "kim"], ""));
    assert!(out.contains("deactivated user kim"), "{out}");
    let listed = ok(homeward(&db, &["user", "list"], ""));
    assert!(
        listed.contains("kim\treviewer\t-\tdeactivated "),
        "{listed}"
    );
    assert_eq!(store.user_credentials(&key("kim")).await.unwrap(), None);
    refused(
        homeward(&db, &["user", "deactivate", "kim"], ""),
        "was deactivated",
    );

    let admin = store.user_credentials(&key("admin")).await.unwrap();
    let admin = admin.unwrap().user;
    let token = NewApiToken {
        token_hash: "admin-token-hash".into(),
        user: admin.id,
        label: "backup".into(),
        expires_at: Timestamp(now.at.0 + DAY_SECONDS),
    };
    let id = store.create_api_token(&token, now).await.unwrap();
    let out = ok(homeward(
        &db,
        &["user", "revoke-token", &id.to_string()],
        "",
    ));
    assert!(out.contains(&format!("revoked API token {id}")), "{out}");
    assert_eq!(
        store.api_token_user("admin-token-hash", at).await.unwrap(),
        None
    );
    let log = store.audit_log(1, 0).await.unwrap();
    assert_eq!(log[0].entry.action, "api_token.revoke");
}
