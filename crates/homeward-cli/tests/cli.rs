//! The built `homeward` binary, run as a user would: import (all-or-nothing, line 57), export,
//! user add, migrate, backup, serve.

use std::io::{BufRead, BufReader, Read, Write};
use std::path::Path;
use std::process::{Output, Stdio};

use homeward_testkit::cli;

fn homeward(db: &Path, args: &[&str]) -> Output {
    homeward_with_stdin(db, args, "")
}

const BIN: &str = env!("CARGO_BIN_EXE_homeward");

fn homeward_with_stdin(db: &Path, args: &[&str], stdin: &str) -> Output {
    let mut command = cli::command(BIN, db);
    command.args(args).env_remove("HOMEWARD_PASSWORD");
    cli::run_with_stdin(&mut command, stdin)
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn ok(o: Output) -> String {
    assert!(o.status.success(), "exit {:?}: {}", o.status, stderr(&o));
    stdout(&o)
}

const SITES: &str = "code,name,province,county,latitude,longitude,battle_area\n\
                     T-001,Baengma Hill north slope,Gangwon,Cheorwon,38.297,127.208,Baengma Hill\n";
const REMAINS_HEADER: &str = "accession,site_code,recovery_date,context,completeness_pct,sex,nationality,nationality_evidence,synthetic\n";

fn remains_row(i: usize, date: &str) -> String {
    format!("HW-T-{i:04},T-001,{date},individual_grave,40,male,cpv,CPV badge,true\n")
}

/// A fresh temporary folder with a migrated store `file` in it.
fn migrated(file: &str) -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join(file);
    ok(homeward(&db, &["migrate"]));
    (dir, db)
}

/// Imports [`SITES`] into `db` from a `sites.csv` written in `dir`; the command's output.
fn import_sites(dir: &Path, db: &Path) -> String {
    let sites = dir.join("sites.csv");
    std::fs::write(&sites, SITES).unwrap();
    ok(homeward(db, &["import", "sites", sites.to_str().unwrap()]))
}

#[test]
fn a_bad_line_57_is_refused_naming_it_and_the_store_is_unchanged() {
    let (dir, db) = migrated("registry.db");
    let out = import_sites(dir.path(), &db);
    assert!(out.contains("1 sites"), "{out}");

    let good = dir.path().join("good.csv");
    std::fs::write(
        &good,
        format!("{REMAINS_HEADER}{}", remains_row(1, "2019-05-01")),
    )
    .unwrap();
    ok(homeward(&db, &["import", "auto", good.to_str().unwrap()]));
    let before = ok(homeward(&db, &["export", "remains"]));

    let mut text = String::from(REMAINS_HEADER);
    for i in 2..=56 {
        text.push_str(&remains_row(i, "2019-05-02"));
    }
    text.push_str(&remains_row(57, "2019-05-02").replace(",40,", ",forty,"));
    text.push_str(&remains_row(58, "2019-05-02"));
    let bad = dir.path().join("bad.csv");
    std::fs::write(&bad, text).unwrap();
    let o = homeward(&db, &["import", "remains", bad.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    let message = stderr(&o);
    assert_eq!(message.lines().count(), 1, "one line: {message}");
    assert!(
        message.contains("bad.csv") && message.contains("line 57"),
        "{message}"
    );
    assert!(
        message.contains("completeness_pct") && message.contains("forty"),
        "{message}"
    );
    assert_eq!(
        ok(homeward(&db, &["export", "remains"])),
        before,
        "store unchanged"
    );
}

#[test]
fn export_writes_csv_to_stdout_and_json_to_a_file() {
    let (dir, db) = migrated("registry.db");
    import_sites(dir.path(), &db);
    let csv = ok(homeward(&db, &["export", "sites"]));
    assert!(csv.starts_with("code,name,"), "{csv}");
    assert!(csv.contains("T-001,Baengma Hill north slope"), "{csv}");
    let json = dir.path().join("sites.json");
    let o = homeward(
        &db,
        &[
            "export",
            "sites",
            "--format",
            "json",
            "--out",
            json.to_str().unwrap(),
        ],
    );
    assert!(stderr(&o).contains("exported 1 sites"), "{}", stderr(&o));
    let text = std::fs::read_to_string(&json).unwrap();
    assert!(
        text.trim_start().starts_with('[') && text.contains("\"latitude\": 38.297"),
        "{text}"
    );
    let o = homeward(&db, &["export", "sites", "--format", "xml"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("xml"), "{}", stderr(&o));
}

#[test]
fn user_add_takes_the_password_from_stdin_and_refuses_bad_input() {
    let (_dir, db) = migrated("registry.db");
    let add = [
        "user",
        "add",
        "kim.anthro",
        "--role",
        "anthropologist",
        "--password-stdin",
    ];
    let out = ok(homeward_with_stdin(&db, &add, "a long enough password\n"));
    assert!(
        out.contains("created user kim.anthro (anthropologist)"),
        "{out}"
    );
    let again = homeward_with_stdin(&db, &add, "a long enough password\n");
    assert_eq!(again.status.code(), Some(2), "{}", stderr(&again));
    assert!(stderr(&again).contains("kim.anthro"), "{}", stderr(&again));
    let short = ["user", "add", "lee", "--role", "viewer", "--password-stdin"];
    let o = homeward_with_stdin(&db, &short, "short\n");
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("at least"), "{}", stderr(&o));
    let o = homeward_with_stdin(
        &db,
        &["user", "add", "x", "--role", "general", "--password-stdin"],
        "",
    );
    assert_eq!(o.status.code(), Some(2));
    let o = homeward(&db, &["user", "add", "park", "--role", "viewer"]);
    assert_eq!(
        o.status.code(),
        Some(2),
        "no password, no terminal: {}",
        stderr(&o)
    );
}

#[test]
fn migrate_applies_once_then_reports_up_to_date() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("new.db");
    let first = ok(homeward(&db, &["migrate"]));
    assert!(first.contains("applied"), "{first}");
    let second = ok(homeward(&db, &["migrate"]));
    assert!(second.contains("already up to date"), "{second}");
}

#[test]
fn backup_writes_a_copy_that_opens_with_the_same_data() {
    let (dir, db) = migrated("live.db");
    import_sites(dir.path(), &db);
    let copy = dir.path().join("copy.db");
    let out = ok(homeward(&db, &["backup", copy.to_str().unwrap()]));
    assert!(out.contains("backed up"), "{out}");
    assert_eq!(
        ok(homeward(&copy, &["export", "sites"])),
        ok(homeward(&db, &["export", "sites"]))
    );
    let o = homeward(&db, &["backup", copy.to_str().unwrap()]);
    assert_eq!(
        o.status.code(),
        Some(2),
        "an existing file is not overwritten"
    );
}

#[test]
fn serve_prints_its_url_and_answers() {
    let (_dir, db) = migrated("serve.db");
    let mut child = cli::command(BIN, &db)
        .args(["serve", "--addr", "127.0.0.1:0"])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    let first = lines.next().unwrap().unwrap();
    let url = first
        .split("http://")
        .nth(1)
        .unwrap_or_else(|| panic!("{first}"));
    let addr = url.trim_end_matches('/');
    let mut conn = std::net::TcpStream::connect(addr).unwrap();
    conn.write_all(b"GET /api/v1/handovers HTTP/1.0\r\nHost: x\r\n\r\n")
        .unwrap();
    let mut response = String::new();
    conn.read_to_string(&mut response).unwrap();
    child.kill().unwrap();
    child.wait().unwrap();
    assert!(response.starts_with("HTTP/1."), "{response}");
}
