//! Secret keys at rest through the built binary: a command that signs without the key-encryption
//! key, with a key file others may read, or with a wrong passphrase fails naming what to provide
//! and writes nothing; `ledger keys` shows the secret sealed; another organization's public key
//! is imported alone; the store and a backup are owner-only files.

use std::os::unix::fs::PermissionsExt;
use std::path::Path;
use std::process::{Command, Output, Stdio};

const ORG: &str = "MND MAKRI";

/// Runs the binary with only the given key-encryption settings (none from the environment).
fn homeward(db: &Path, args: &[&str], envs: &[(&str, &str)]) -> Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_homeward"));
    cmd.env_remove("HOMEWARD_KEY_PASSPHRASE")
        .env_remove("HOMEWARD_KEY_FILE")
        .env("HOMEWARD_DB", db)
        .stdin(Stdio::null())
        .args(args);
    for (k, v) in envs {
        cmd.env(k, v);
    }
    cmd.output().expect("the binary runs")
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn keys(db: &Path) -> String {
    let out = homeward(db, &["ledger", "keys"], &[]);
    assert!(out.status.success(), "{}", stderr(&out));
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn mode(path: &Path) -> u32 {
    std::fs::metadata(path).unwrap().permissions().mode() & 0o777
}

#[test]
fn signing_needs_the_right_kek_and_a_private_key_file() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("a.db");
    assert!(homeward(&db, &["migrate"], &[]).status.success());

    // No KEK at all: refused, naming what to provide; no key stored.
    let out = homeward(&db, &["ledger", "keygen", "--org", ORG], &[]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    for named in ["--key-file", "HOMEWARD_KEY_FILE", "HOMEWARD_KEY_PASSPHRASE"] {
        assert!(stderr(&out).contains(named), "{}", stderr(&out));
    }
    assert!(!keys(&db).contains(ORG));

    // A key file others may read: refused, nothing stored.
    let key_file = dir.path().join("kek");
    std::fs::write(&key_file, "a long random key-encryption secret\n").unwrap();
    std::fs::set_permissions(&key_file, std::fs::Permissions::from_mode(0o644)).unwrap();
    let file = key_file.to_str().unwrap();
    let out = homeward(
        &db,
        &["ledger", "keygen", "--org", ORG, "--key-file", file],
        &[],
    );
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(stderr(&out).contains("chmod 600"), "{}", stderr(&out));
    assert!(!keys(&db).contains(ORG));

    // Owner-only: the key is generated and stored sealed; the store file is owner-only.
    std::fs::set_permissions(&key_file, std::fs::Permissions::from_mode(0o600)).unwrap();
    let out = homeward(
        &db,
        &["ledger", "keygen", "--org", ORG],
        &[("HOMEWARD_KEY_FILE", file)],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let listed = keys(&db);
    assert!(
        listed.contains(ORG) && listed.contains("sealed"),
        "{listed}"
    );
    assert_eq!(mode(&db), 0o600);

    // A wrong passphrase: the rotation is refused and nothing is appended or stored.
    let out = homeward(
        &db,
        &["ledger", "rotate", "--org", ORG],
        &[("HOMEWARD_KEY_PASSPHRASE", "not the key file")],
    );
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("wrong key file or passphrase"),
        "{}",
        stderr(&out)
    );
    assert_eq!(keys(&db).lines().count(), 2, "header and the one key");
    let verify = homeward(&db, &["ledger", "verify"], &[]);
    assert!(
        verify.status.success(),
        "verification needs no KEK: {}",
        stderr(&verify)
    );
    assert!(String::from_utf8_lossy(&verify.stdout).contains("0 entries"));

    // A backup is owner-only too.
    let copy = dir.path().join("copy.db");
    let out = homeward(&db, &["backup", copy.to_str().unwrap()], &[]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(mode(&copy), 0o600);
}

#[test]
fn another_organizations_public_key_is_imported_alone() {
    let dir = tempfile::tempdir().unwrap();
    let a = dir.path().join("a.db");
    let b = dir.path().join("b.db");
    let pass = [("HOMEWARD_KEY_PASSPHRASE", "instance A's passphrase")];
    for db in [&a, &b] {
        assert!(homeward(db, &["migrate"], &[]).status.success());
    }
    assert!(
        homeward(&a, &["ledger", "keygen", "--org", ORG], &pass)
            .status
            .success()
    );
    let exported = homeward(&a, &["ledger", "export-key", "--org", ORG], &[]);
    let public = dir.path().join("makri.pub");
    std::fs::write(&public, &exported.stdout).unwrap();

    let out = homeward(
        &b,
        &[
            "ledger",
            "import-key",
            public.to_str().unwrap(),
            "--org",
            ORG,
        ],
        &[],
    );
    assert!(out.status.success(), "no KEK needed: {}", stderr(&out));
    let listed = keys(&b);
    assert!(listed.contains("public key only"), "{listed}");
    let out = homeward(&b, &["ledger", "export-key", "--org", ORG], &[]);
    assert_eq!(out.stdout, exported.stdout, "the same public key");
    // B cannot sign for A: keygen for A's organization is refused, nothing added.
    let out = homeward(
        &b,
        &["ledger", "keygen", "--org", ORG],
        &[("HOMEWARD_KEY_PASSPHRASE", "instance B's passphrase")],
    );
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert_eq!(keys(&b).lines().count(), 2);
}
