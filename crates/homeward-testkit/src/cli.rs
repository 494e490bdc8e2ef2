//! The CLI tests' side: running the built `homeward` binary against a store as a user would, and
//! the store they seed (site `GW-CW-001` on Baengma Hill, cases `HW-n`) at a fixed moment.

use std::ffi::OsStr;
use std::io::Write;
use std::process::{Command, Output, Stdio};

use homeward_domain::{
    NewRecoverySite, NewRemainsCase, RecoverySiteId, SkeletalInventory, Timestamp,
};
use homeward_store::{Store, WriteContext};

use crate::registry::date;

/// The passphrase the CLI tests give the binary (`HOMEWARD_KEY_PASSPHRASE`): commands that sign
/// seal and unseal the store's keys with it.
pub const PASSPHRASE: &str = "cli test passphrase";

/// The CLI tests' seeding writes: by the system on 2022-09-16.
pub const SEEDED: WriteContext = WriteContext {
    actor: None,
    at: Timestamp(1_663_286_400),
};

/// The built binary `bin` (`env!("CARGO_BIN_EXE_homeward")` in the CLI's tests) on the store
/// `db` (`HOMEWARD_DB`), with the tests' [`PASSPHRASE`] and no key file; add the arguments.
pub fn command(bin: &str, db: impl AsRef<OsStr>) -> Command {
    let mut command = Command::new(bin);
    command
        .env("HOMEWARD_KEY_PASSPHRASE", PASSPHRASE)
        .env_remove("HOMEWARD_KEY_FILE")
        .env("HOMEWARD_DB", db);
    command
}

/// Runs the built binary `bin` with `args` on the store `db`, as [`command`] sets it up.
pub fn homeward(bin: &str, db: impl AsRef<OsStr>, args: &[&str]) -> Output {
    command(bin, db)
        .args(args)
        .output()
        .expect("the binary runs")
}

/// Runs `command` with `stdin` written to its standard input; its output.
pub fn run_with_stdin(command: &mut Command, stdin: &str) -> Output {
    let mut child = command
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the binary runs");
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(stdin.as_bytes())
        .expect("write stdin");
    child.wait_with_output().expect("the binary ends")
}

/// A run's standard output as text.
pub fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

/// A run's standard error as text.
pub fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// Asserts the run succeeded (else names its exit status and stderr); its stdout.
pub fn ok(o: Output) -> String {
    assert!(o.status.success(), "exit {:?}: {}", o.status, stderr(&o));
    stdout(&o)
}

/// Asserts the run failed (else shows its stdout); its stderr.
pub fn fails(o: Output) -> String {
    assert!(
        !o.status.success(),
        "expected a failure, got: {}",
        stdout(&o)
    );
    stderr(&o)
}

/// The site the CLI tests seed: `GW-CW-001` on Baengma Hill, dug by MAKRI team 3.
pub fn makri_site() -> NewRecoverySite {
    NewRecoverySite {
        code: "GW-CW-001".into(),
        name: "Baengma Hill".into(),
        province: "Gangwon".into(),
        county: "Cheorwon".into(),
        latitude: 38.29,
        longitude: 127.2,
        battle_area: "Baengma Hill".into(),
        excavation_periods: vec![],
        team: "MAKRI team 3".into(),
        synthetic: false,
    }
}

/// A case as the CLI tests seed it at `site`: a fragmentary cranium (30 %) recovered from an
/// individual grave on 2021-05-03, nationality not yet assessed, in the MAKRI vault; tests
/// change what they need with `..makri_case(…)`.
pub fn makri_case(accession: &str, site: RecoverySiteId) -> NewRemainsCase {
    NewRemainsCase {
        accession: accession.into(),
        site,
        recovery_date: date("2021-05-03"),
        context: homeward_domain::RecoveryContext::IndividualGrave,
        inventory: SkeletalInventory {
            elements: vec!["cranium".into()],
            completeness_pct: 30,
        },
        profile: Default::default(),
        condition: "fragmentary".into(),
        nationality: Default::default(),
        storage_location: "MAKRI vault".into(),
        external_numbers: vec![],
        synthetic: false,
    }
}

/// Unlocks `store`'s signing keys with the CLI tests' [`PASSPHRASE`] (cheap parameters), as the
/// binary does when they give it: keys sealed here open there, and the other way round.
pub async fn unlock(store: &dyn Store) {
    store
        .unlock_signing_keys(
            PASSPHRASE.as_bytes(),
            homeward_ledger::KdfParams::TEST_ONLY,
            SEEDED,
        )
        .await
        .expect("unlock the signing keys");
}

/// The standard error of a command that must refuse its input (exit status 2).
pub fn refused(output: Output) -> String {
    let err = String::from_utf8_lossy(&output.stderr).into_owned();
    assert_eq!(output.status.code(), Some(2), "{err}");
    err
}

/// Writes `text` to `name` in `dir`; returns the path as the command line takes it.
pub fn write_file(dir: &std::path::Path, name: &str, text: &str) -> String {
    let path = dir.join(name);
    std::fs::write(&path, text).expect("write a test file");
    path.to_str().expect("a UTF-8 path").to_owned()
}

/// A migrated store `db` with the site `T-001` on Baengma Hill and the CPV remains cases
/// `accessions` recovered there, imported through the binary `bin` as a user would.
pub fn site_and_cases(bin: &str, db: &str, dir: &std::path::Path, accessions: &[&str]) {
    ok(homeward(bin, db, &["migrate"]));
    let sites = write_file(
        dir,
        "sites.csv",
        "code,name,province,county,latitude,longitude,battle_area\n\
         T-001,Baengma Hill north slope,Gangwon,Cheorwon,38.297,127.208,Baengma Hill\n",
    );
    ok(homeward(bin, db, &["import", "sites", &sites]));
    let mut cases = String::from(
        "accession,site_code,recovery_date,context,completeness_pct,sex,nationality,nationality_evidence,synthetic\n",
    );
    for accession in accessions {
        cases.push_str(&format!(
            "{accession},T-001,2019-05-01,commingled,40,male,cpv,CPV badge,true\n"
        ));
    }
    let cases = write_file(dir, "cases.csv", &cases);
    ok(homeward(bin, db, &["import", "remains", &cases]));
}
