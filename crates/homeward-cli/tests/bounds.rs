//! Bounded inputs through the built binary: `/dev/zero` named as a key, manifest, case or CSV
//! file is refused after its cap (naming the file and the cap) in bounded time and memory; only
//! `migrate` and `demo` create a store (`--db typo.db` elsewhere fails and creates nothing);
//! `--db` naming a device or a directory fails at once; `kinship screen --top 0` is refused.

use std::path::Path;
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

/// Runs the binary with `HOMEWARD_DB` unset (tests pass `--db`), stdin from `stdin` or empty.
fn run(args: &[&str], stdin: Option<&Path>) -> (Output, Duration) {
    let start = Instant::now();
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_homeward"));
    cmd.args(args)
        .env_remove("HOMEWARD_DB")
        .env("HOMEWARD_KEY_PASSPHRASE", "bounds test passphrase");
    match stdin {
        Some(path) => cmd.stdin(std::fs::File::open(path).expect("stdin file")),
        None => cmd.stdin(Stdio::null()),
    };
    let out = cmd.output().expect("the homeward binary runs");
    (out, start.elapsed())
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// Exit 2, one line on stderr containing every `needle`, nothing on stdout, within 20 s.
fn refused(args: &[&str], needles: &[&str]) -> String {
    let (out, took) = run(args, None);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(2), "{args:?}: {err}");
    assert!(out.stdout.is_empty(), "{args:?}: stdout {:?}", out.stdout);
    assert!(!err.contains("panicked"), "{err}");
    for needle in needles {
        assert!(err.contains(needle), "{args:?}: {needle:?} not in {err}");
    }
    assert!(took < Duration::from_secs(20), "{args:?} took {took:?}");
    err
}

fn ok(args: &[&str]) -> String {
    let (out, _) = run(args, None);
    assert!(out.status.success(), "{args:?}: {}", stderr(&out));
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// A fresh temporary folder with a migrated store `registry.db` in it, named by its path.
fn migrated() -> (tempfile::TempDir, String) {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("registry.db").to_str().unwrap().to_owned();
    ok(&["migrate", "--db", &db]);
    (dir, db)
}

/// Importing `file` as `kind` is refused naming `naming`, and the export of that kind shows
/// nothing of it (`absent` is a value of its first good row): the import wrote nothing.
fn import_refused_writing_nothing(
    db: &str,
    (kind, file): (&str, &Path),
    naming: &[&str],
    absent: &str,
) {
    refused(
        &["import", kind, file.to_str().unwrap(), "--db", db],
        naming,
    );
    let export = ok(&["export", kind, "--db", db]);
    assert!(!export.contains(absent), "nothing written: {export}");
}

#[test]
fn dev_zero_as_a_document_is_refused_at_its_cap() {
    let (dir, db) = migrated();
    let db = db.as_str();
    ok(&["ledger", "keygen", "--org", "Korea", "--db", db]);
    let key = dir.path().join("korea.pub");
    std::fs::write(
        &key,
        ok(&["ledger", "export-key", "--org", "Korea", "--db", db]),
    )
    .unwrap();
    let key = key.to_str().unwrap();

    refused(
        &["manifest", "verify", "/dev/zero", "--key", "/dev/zero"],
        &["/dev/zero", "1 MiB", "key file"],
    );
    refused(
        &["manifest", "verify", "/dev/zero", "--key", key],
        &["/dev/zero", "64 MiB", "manifest"],
    );
    refused(
        &["ledger", "verify", "--trust", "/dev/zero", "--db", db],
        &["--trust", "/dev/zero", "1 MiB"],
    );
    refused(
        &["kinship", "lr", "/dev/zero"],
        &["/dev/zero", "16 MiB", "kinship case"],
    );
    refused(
        &["kinship", "simulate", "/dev/zero"],
        &["/dev/zero", "16 MiB"],
    );
    refused(
        &["kinship", "bench", "--frequencies", "/dev/zero"],
        &["/dev/zero", "16 MiB", "frequency table"],
    );
    refused(
        &[
            "kinship",
            "screen",
            "--remains",
            "/dev/zero",
            "--families",
            "/dev/zero",
            "--frequencies",
            "/dev/zero",
        ],
        &["/dev/zero", "256 MiB", "remains profiles"],
    );
}

#[test]
fn dev_zero_as_a_csv_import_is_cut_at_the_first_field_and_nothing_is_written() {
    let (dir, db) = migrated();
    let db = db.as_str();
    refused(
        &["import", "remains", "/dev/zero", "--db", db],
        &["/dev/zero", "line 1", "header", "65536 bytes"],
    );

    let sites = dir.path().join("sites.csv");
    let long = "x".repeat(70_000);
    std::fs::write(
        &sites,
        format!(
            "code,name,province,county,latitude,longitude,battle_area\n\
             T-001,Baengma Hill,Gangwon,Cheorwon,38.297,127.208,Baengma\n\
             T-002,{long},Gangwon,Cheorwon,38.3,127.2,Baengma\n"
        ),
    )
    .unwrap();
    let naming = ["sites.csv", "line 3", "field \"name\"", "65536 bytes"];
    import_refused_writing_nothing(db, ("sites", &sites), &naming, "T-001");
}

#[test]
fn a_password_line_from_dev_zero_is_refused() {
    let (_dir, db) = migrated();
    let db = db.as_str();
    let (out, took) = run(
        &[
            "user",
            "add",
            "kim",
            "--role",
            "viewer",
            "--password-stdin",
            "--db",
            db,
        ],
        Some(Path::new("/dev/zero")),
    );
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(stderr(&out).contains("4096 bytes"), "{}", stderr(&out));
    assert!(took < Duration::from_secs(20));
}

#[test]
fn only_migrate_and_demo_create_a_store() {
    let dir = tempfile::tempdir().unwrap();
    let typo = dir.path().join("typo.db");
    let t = typo.to_str().unwrap();
    for args in [
        vec!["ledger", "verify", "--db", t],
        vec!["export", "remains", "--db", t],
        vec!["ledger", "keys", "--db", t],
        vec!["batch", "list", "--db", t],
        vec!["backup", "/nonexistent-dir/out.db", "--db", t],
    ] {
        refused(&args, &[t, "no such store file", "homeward migrate --db"]);
        assert!(!typo.exists(), "{args:?} created {t}");
    }
    let url = format!("sqlite://{t}");
    refused(&["ledger", "verify", "--db", &url], &["no such store file"]);
    assert!(!typo.exists(), "the sqlite: URL created {t}");

    let out = ok(&["migrate", "--db", t]);
    assert!(out.contains("applied"), "{out}");
    assert!(typo.is_file());
    let out = ok(&["ledger", "verify", "--db", t]);
    assert!(out.contains("ledger OK"), "{out}");
}

#[test]
fn a_db_that_is_no_regular_file_fails_at_once() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path().to_str().unwrap();
    for db in ["/dev/null", "/dev/zero", d] {
        for args in [
            vec!["ledger", "verify", "--db", db],
            vec!["migrate", "--db", db],
            vec!["export", "sites", "--db", db],
        ] {
            refused(&args, &[db, "not a regular file"]);
        }
        refused(
            &["demo", "--seed-only", "--db", db],
            &[db, "not a regular file"],
        );
    }
}

#[test]
fn look_alike_identifiers_are_refused_on_import_and_user_add() {
    let (dir, db) = migrated();
    let db = db.as_str();
    let sites = dir.path().join("sites.csv");
    std::fs::write(
        &sites,
        "code,name,province,county,latitude,longitude,battle_area\n\
         T-001,Baengma Hill,Gangwon,Cheorwon,38.297,127.208,Baengma\n",
    )
    .unwrap();
    ok(&["import", "sites", sites.to_str().unwrap(), "--db", db]);
    let remains = dir.path().join("remains.csv");
    std::fs::write(
        &remains,
        "accession,site_code,recovery_date,context,completeness_pct,sex,nationality,nationality_evidence,synthetic\n\
         HW-T-0001,T-001,2019-05-01,individual_grave,40,male,cpv,CPV badge,true\n\
         HW-T-0001\u{200B},T-001,2019-05-01,individual_grave,40,male,cpv,CPV badge,true\n",
    )
    .unwrap();
    let naming = ["remains.csv", "line 3", "accession", "U+200B"];
    import_refused_writing_nothing(db, ("remains", &remains), &naming, "HW-T-0001");

    let password = dir.path().join("password.txt");
    std::fs::write(&password, "correct horse battery\n").unwrap();
    for name in ["..", "../root", "kim\u{200B}"] {
        let (out, _) = run(
            &[
                "user",
                "add",
                name,
                "--role",
                "viewer",
                "--password-stdin",
                "--db",
                db,
            ],
            Some(&password),
        );
        assert_eq!(out.status.code(), Some(2), "{name:?}: {}", stderr(&out));
        assert!(stderr(&out).contains("username"), "{}", stderr(&out));
    }
}
