//! Helpers shared by this crate's integration tests (each test file that needs one says
//! `mod common;`); fixtures shared with other crates belong in the workspace's test kit instead.

use std::ffi::OsStr;
use std::process::{Command, Output};

/// Runs the built binary on the store `db` (a SQLite path or a database URL) with `args`,
/// with the test stores' key-encryption passphrase (commands that sign need one).
pub fn homeward(db: impl AsRef<OsStr>, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_homeward"))
        .env("HOMEWARD_KEY_PASSPHRASE", "cli test passphrase")
        .env_remove("HOMEWARD_KEY_FILE")
        .args(args)
        .env("HOMEWARD_DB", db)
        .output()
        .expect("the binary runs")
}
