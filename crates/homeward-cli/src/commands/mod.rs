//! The subcommands, one module each, and what they share: the `--db` flag, opening the store,
//! the exit status of an error, reading files under a cap (`files`).

pub mod backup;
pub mod batch;
pub mod bench;
pub mod bench_web;
pub mod check;
pub mod custody;
pub mod demo;
pub mod dna;
pub mod elimination;
pub mod export;
pub mod files;
pub mod import;
pub mod kek;
pub mod kinship;
pub mod ledger;
mod load;
mod machine;
pub mod manifest;
mod progress;
pub mod serve;
pub mod user;

use std::process::ExitCode;
use std::sync::Arc;

use anyhow::Context;
use homeward_app::import::ImportError;
use homeward_domain::{UserId, Username};
use homeward_store::Store;

pub use progress::Bar;

/// The store to work on.
#[derive(Debug, clap::Args)]
pub struct DbArgs {
    /// SQLite file path or `postgres://` URL.
    #[arg(long, env = "HOMEWARD_DB", default_value = "homeward.db")]
    pub db: String,
}

/// An error in what the user gave us (exit status 2).
#[derive(Debug)]
pub struct BadInput(pub String);

impl std::fmt::Display for BadInput {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for BadInput {}

/// The user named by `--actor`: whoever a signed entry names must be a user of the registry. A
/// name that is no valid username names no user, refused as an unknown one is.
pub async fn actor_user(store: &dyn Store, name: &str) -> anyhow::Result<UserId> {
    let found = match Username::parse(name) {
        Ok(username) => store.user_credentials(&username).await?,
        Err(_) => None,
    };
    let user = found.ok_or_else(|| BadInput(format!("--actor: no user \"{name}\"")))?;
    Ok(user.user.id)
}

/// The error and its causes on one line, leaving out a cause whose text the line already holds
/// (many library errors include their cause in their own message).
pub fn one_line(err: &anyhow::Error) -> String {
    let mut line = String::new();
    for cause in err.chain() {
        let text = cause.to_string();
        if !line.contains(&text) {
            if !line.is_empty() {
                line.push_str(": ");
            }
            line.push_str(&text);
        }
    }
    line
}

/// 2 for bad input, 1 otherwise.
pub fn exit_code(err: &anyhow::Error) -> ExitCode {
    let bad_input = err.chain().any(|e| {
        e.downcast_ref::<BadInput>().is_some()
            || e.downcast_ref::<ImportError>()
                .is_some_and(ImportError::is_bad_input)
    });
    if bad_input {
        ExitCode::from(2)
    } else {
        ExitCode::FAILURE
    }
}

/// Opens (and migrates) the existing store at `location`; an absent SQLite file is refused
/// (only `migrate` and `demo` create a store: [`open_or_create`]).
pub async fn open(location: &str) -> anyhow::Result<Arc<dyn Store>> {
    files::check_existing(location)?;
    open_or_create(location).await
}

/// Opens (and migrates) the store at `location`, creating an absent SQLite file; a path that is
/// not a regular file (a directory, `/dev/null`) is refused at once.
pub async fn open_or_create(location: &str) -> anyhow::Result<Arc<dyn Store>> {
    files::check_regular(location)?;
    homeward_store::open(location)
        .await
        .with_context(|| format!("cannot open the store \"{location}\""))
}

/// `homeward migrate`: bring the schema up to date.
pub async fn migrate(args: DbArgs) -> anyhow::Result<()> {
    files::check_regular(&args.db)?;
    let applied = homeward_store::migrate(&args.db)
        .await
        .with_context(|| format!("cannot migrate the store \"{}\"", args.db))?;
    if applied.is_empty() {
        println!("{}: the schema was already up to date", args.db);
    } else {
        println!("{}: applied {} migration(s):", args.db, applied.len());
        for name in applied {
            println!("  {name}");
        }
    }
    Ok(())
}
