//! `homeward check`: a store built through the use cases passes; cases put into statuses without
//! their records (raw SQL, as an older version's status step allowed) are each named on one line
//! with what they lack, the exit status is 1 and nothing is written; a missing store file is
//! refused plainly (exit 2) and not created.

use std::path::Path;
use std::process::{Command, Output};

use homeward_domain::{Nationality, NationalityAssessment, NewRemainsCase};
use homeward_store::WriteContext;
use homeward_testkit::cli::{SEEDED, makri_case, makri_site};
use sqlx::{Connection, Executor};

fn check(db: &str) -> Output {
    Command::new(env!("CARGO_BIN_EXE_homeward"))
        .args(["check", "--db", db])
        .env_remove("HOMEWARD_DB")
        .output()
        .expect("the binary runs")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

const CTX: WriteContext = SEEDED;

/// Three CPV cases: HW-1 recovered, HW-2 and HW-3 examined through the examination.
async fn seed(db: &Path) {
    let store = homeward_store::open(db.to_str().unwrap()).await.unwrap();
    let site = store.create_site(&makri_site(), CTX).await.unwrap();
    for i in 1..=3 {
        let case = NewRemainsCase {
            nationality: NationalityAssessment {
                nationality: Nationality::Cpv,
                evidence: "CPV badge".into(),
                committee_decision: Some("RC-1".into()),
            },
            ..makri_case(&format!("HW-{i}"), site)
        };
        let id = homeward_app::remains::accession(&*store, &case, CTX)
            .await
            .unwrap();
        if i > 1 {
            homeward_app::remains::record_examination(
                &*store,
                id,
                &case.inventory,
                &case.profile,
                "fragmentary",
                CTX,
            )
            .await
            .unwrap();
        }
    }
}

async fn raw(db: &Path, sql: &str) {
    let options = sqlx::sqlite::SqliteConnectOptions::new().filename(db);
    let mut conn = sqlx::SqliteConnection::connect_with(&options)
        .await
        .unwrap();
    conn.execute(sqlx::raw_sql(sqlx::AssertSqlSafe(sql.to_owned())))
        .await
        .unwrap();
    conn.close().await.unwrap();
}

#[tokio::test]
async fn check_names_each_case_whose_status_lacks_its_record_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("registry.db");
    seed(&db).await;
    let out = check(db.to_str().unwrap());
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(
        text(&out.stdout).contains("every remains case carries"),
        "{}",
        text(&out.stdout)
    );

    // As the old status step could: identified and buried without identification or burial.
    raw(
        &db,
        "UPDATE remains_cases SET status = 'identified' WHERE accession = 'HW-2'; \
         UPDATE remains_cases SET status = 'buried' WHERE accession = 'HW-3';",
    )
    .await;
    let before = std::fs::read(&db).unwrap();
    let out = check(db.to_str().unwrap());
    assert_eq!(out.status.code(), Some(1), "{}", text(&out.stderr));
    let stdout = text(&out.stdout);
    let lines: Vec<&str> = stdout.lines().collect();
    assert_eq!(lines.len(), 2, "{stdout}");
    assert!(
        lines[0].starts_with("HW-2\tidentified\tno identification record"),
        "{stdout}"
    );
    assert!(
        lines[1].starts_with("HW-3\tburied\tno burial record"),
        "{stdout}"
    );
    assert!(
        text(&out.stderr).contains("2 remains case(s)"),
        "{}",
        text(&out.stderr)
    );
    assert_eq!(std::fs::read(&db).unwrap(), before, "the check wrote");
}

#[test]
fn check_refuses_a_missing_store_file_and_does_not_create_it() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("absent.db");
    let out = check(db.to_str().unwrap());
    assert_eq!(out.status.code(), Some(2), "{}", text(&out.stderr));
    let stderr = text(&out.stderr);
    assert!(
        stderr.contains("absent.db") && stderr.contains("no such store file"),
        "{stderr}"
    );
    assert!(!db.exists(), "the check created the store");
}
