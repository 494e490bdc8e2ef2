//! `homeward user add`: create an account. The password comes from stdin (`--password-stdin`),
//! the `HOMEWARD_PASSWORD` variable, or a prompt that does not echo.

use std::io::{BufRead, IsTerminal, Read};

use anyhow::Context;
use homeward_app::passwords::hash_password;
use homeward_domain::{NewUser, Role};

use super::{BadInput, DbArgs};

/// `homeward user …`
#[derive(Debug, clap::Subcommand)]
pub enum UserCommand {
    /// Create a user.
    Add(AddArgs),
}

/// Flags of `homeward user add`.
#[derive(Debug, clap::Args)]
pub struct AddArgs {
    /// Login name (letters, digits, '.', '_', '-').
    username: String,
    /// administrator, recovery_officer, anthropologist, dna_analyst, custodian,
    /// repatriation_officer, reviewer or viewer.
    #[arg(long, value_parser = parse_role)]
    role: Role,
    /// Name shown in the UI and the audit log (default: the username).
    #[arg(long)]
    display_name: Option<String>,
    /// The user's organization, by exact name.
    #[arg(long)]
    organization: Option<String>,
    /// Read the password from the first line of stdin.
    #[arg(long)]
    password_stdin: bool,
    #[command(flatten)]
    db: DbArgs,
}

fn parse_role(text: &str) -> Result<Role, String> {
    Role::from_code(text).map_err(|e| e.to_string())
}

/// Runs a `user` subcommand.
pub async fn run(cmd: UserCommand) -> anyhow::Result<()> {
    match cmd {
        UserCommand::Add(args) => add(args).await,
    }
}

/// The longest password line read from stdin (its line end included).
const PASSWORD_LINE_CAP: u64 = 4096;

fn password(from_stdin: bool) -> anyhow::Result<String> {
    if from_stdin {
        // A password line is short: stdin is read through a cap, never whole.
        let mut line = String::new();
        std::io::stdin()
            .lock()
            .take(PASSWORD_LINE_CAP + 1)
            .read_line(&mut line)
            .context("cannot read the password from stdin")?;
        if line.len() as u64 > PASSWORD_LINE_CAP {
            return Err(BadInput(format!(
                "--password-stdin: the first line of stdin is longer than {PASSWORD_LINE_CAP} bytes"
            ))
            .into());
        }
        return Ok(line.trim_end_matches(['\r', '\n']).to_owned());
    }
    if let Ok(p) = std::env::var("HOMEWARD_PASSWORD") {
        return Ok(p);
    }
    if !std::io::stdin().is_terminal() {
        return Err(BadInput(
            "no password given: use --password-stdin, set HOMEWARD_PASSWORD, or run in a terminal"
                .into(),
        )
        .into());
    }
    let first = rpassword::prompt_password("Password: ").context("cannot read the password")?;
    let again = rpassword::prompt_password("Again: ").context("cannot read the password")?;
    if first != again {
        return Err(BadInput("the two passwords differ".into()).into());
    }
    Ok(first)
}

async fn add(args: AddArgs) -> anyhow::Result<()> {
    let hash =
        hash_password(&password(args.password_stdin)?).map_err(|e| BadInput(e.to_string()))?;
    let store = super::open(&args.db.db).await?;
    let organization = match &args.organization {
        None => None,
        Some(name) => Some(
            store
                .organizations()
                .await?
                .into_iter()
                .find(|o| &o.name == name)
                .map(|o| o.id)
                .ok_or_else(|| BadInput(format!("no organization named \"{name}\"")))?,
        ),
    };
    let user = NewUser {
        display_name: args.display_name.unwrap_or_else(|| args.username.clone()),
        username: args.username,
        role: args.role,
        organization,
        password_hash: hash,
    };
    user.validate().map_err(|e| BadInput(e.to_string()))?;
    match store
        .create_user(&user, homeward_app::system_write(None))
        .await
    {
        Ok(id) => {
            println!(
                "created user {} ({}) with id {id}",
                user.username, user.role
            );
            Ok(())
        }
        Err(e @ homeward_store::StoreError::Conflict { .. }) => Err(BadInput(e.to_string()).into()),
        Err(e) => Err(e).context("cannot create the user"),
    }
}
