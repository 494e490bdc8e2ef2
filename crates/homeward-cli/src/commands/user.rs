//! `homeward user add|list|deactivate|set-role|reset-password|tokens|revoke-token`: accounts and
//! their API tokens. A password comes from stdin (`--password-stdin`), the `HOMEWARD_PASSWORD`
//! variable, or a prompt that does not echo. These run as the system on the server (audited
//! with no acting user).

use std::io::{BufRead, IsTerminal, Read};

use anyhow::Context;
use homeward_app::passwords::hash_password;
use homeward_domain::{AccountChange, ApiTokenId, NewUser, Role};

use super::{BadInput, DbArgs};

/// `homeward user …`
#[derive(Debug, clap::Subcommand)]
pub enum UserCommand {
    /// Create a user.
    Add(AddArgs),
    /// List the users: name, role, organization, active or deactivated.
    List(super::DbArgs),
    /// Deactivate a user: they can no longer log in; their sessions end and tokens are revoked.
    Deactivate(NameArgs),
    /// Give a user another role.
    SetRole(SetRoleArgs),
    /// Give a user a new password; their sessions end and their tokens are revoked.
    ResetPassword(ResetPasswordArgs),
    /// List API tokens (never their secrets): one user's, or everyone's.
    Tokens(TokensArgs),
    /// Revoke an API token by its id (as `homeward user tokens` lists it).
    RevokeToken(RevokeTokenArgs),
}

/// A user by login name.
#[derive(Debug, clap::Args)]
pub struct NameArgs {
    /// Login name.
    username: String,
    #[command(flatten)]
    db: DbArgs,
}

/// Flags of `homeward user set-role`.
#[derive(Debug, clap::Args)]
pub struct SetRoleArgs {
    /// Login name.
    username: String,
    /// The new role (see `homeward user add --help`).
    #[arg(long, value_parser = parse_role)]
    role: Role,
    #[command(flatten)]
    db: DbArgs,
}

/// Flags of `homeward user reset-password`.
#[derive(Debug, clap::Args)]
pub struct ResetPasswordArgs {
    /// Login name.
    username: String,
    /// Read the new password from the first line of stdin.
    #[arg(long)]
    password_stdin: bool,
    #[command(flatten)]
    db: DbArgs,
}

/// Flags of `homeward user tokens`.
#[derive(Debug, clap::Args)]
pub struct TokensArgs {
    /// Only this user's tokens.
    username: Option<String>,
    #[command(flatten)]
    db: DbArgs,
}

/// Flags of `homeward user revoke-token`.
#[derive(Debug, clap::Args)]
pub struct RevokeTokenArgs {
    /// The token's id.
    id: i64,
    #[command(flatten)]
    db: DbArgs,
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
        UserCommand::List(db) => list(db).await,
        UserCommand::Deactivate(args) => {
            change(&args.db, &args.username, AccountChange::Deactivate).await?;
            println!(
                "deactivated user {}; their sessions ended and their API tokens were revoked",
                args.username
            );
            Ok(())
        }
        UserCommand::SetRole(args) => {
            change(&args.db, &args.username, AccountChange::SetRole(args.role)).await?;
            println!("user {} now has the role {}", args.username, args.role);
            Ok(())
        }
        UserCommand::ResetPassword(args) => {
            let hash = hash_password(&password(args.password_stdin)?)
                .map_err(|e| BadInput(e.to_string()))?;
            change(&args.db, &args.username, AccountChange::SetPassword(hash)).await?;
            println!(
                "set a new password for user {}; their sessions ended and their API tokens were \
                 revoked",
                args.username
            );
            Ok(())
        }
        UserCommand::Tokens(args) => tokens(args).await,
        UserCommand::RevokeToken(args) => {
            let store = super::open(&args.db.db).await?;
            store
                .revoke_api_token(ApiTokenId(args.id), homeward_app::system_write(None))
                .await
                .map_err(refusal)?;
            println!("revoked API token {}", args.id);
            Ok(())
        }
    }
}

/// A refusal by the store (unknown name, a rule) is the user's bad input (exit status 2).
fn refusal(err: homeward_store::StoreError) -> anyhow::Error {
    use homeward_store::StoreError as E;
    match err {
        e @ (E::NotFound { .. } | E::Domain(_) | E::Conflict { .. }) => {
            BadInput(e.to_string()).into()
        }
        e => anyhow::Error::new(e).context("cannot change the user"),
    }
}

async fn change(db: &DbArgs, username: &str, change: AccountChange) -> anyhow::Result<()> {
    let store = super::open(&db.db).await?;
    store
        .change_account(username, &change, homeward_app::system_write(None))
        .await
        .map_err(refusal)
}

async fn list(db: DbArgs) -> anyhow::Result<()> {
    let store = super::open(&db.db).await?;
    let organizations = store.organizations().await?;
    println!("username\trole\torganization\tstate\tdisplay name");
    for account in store.user_accounts().await? {
        let u = &account.user;
        let org = u
            .organization
            .and_then(|id| organizations.iter().find(|o| o.id == id))
            .map_or("-", |o| o.name.as_str());
        let state = match account.deactivated_at {
            Some(at) => format!("deactivated {at}"),
            None => "active".to_owned(),
        };
        println!(
            "{}\t{}\t{org}\t{state}\t{}",
            u.username, u.role, u.display_name
        );
    }
    Ok(())
}

/// The item of `items` that `is_named` picks, or a refusal "no `what` \"`name`\"".
fn one_named<T>(
    items: Vec<T>,
    is_named: impl Fn(&T) -> bool,
    what: &str,
    name: &str,
) -> Result<T, BadInput> {
    items
        .into_iter()
        .find(is_named)
        .ok_or_else(|| BadInput(format!("no {what} \"{name}\"")))
}

async fn tokens(args: TokensArgs) -> anyhow::Result<()> {
    let store = super::open(&args.db.db).await?;
    let owner = match &args.username {
        None => None,
        Some(name) => {
            let accounts = store.user_accounts().await?;
            let found = one_named(accounts, |a| &a.user.username == name, "user", name)?;
            Some(found.user.id)
        }
    };
    let now = homeward_app::now();
    println!("id\tuser\tlabel\tcreated\texpires\tstate");
    for t in store.api_tokens(owner).await? {
        let state = match t.revoked_at {
            Some(at) => format!("revoked {at}"),
            None if t.is_usable(now) => "active".to_owned(),
            None => "expired".to_owned(),
        };
        println!(
            "{}\t{}\t{}\t{}\t{}\t{state}",
            t.id, t.username, t.label, t.created_at, t.expires_at
        );
    }
    Ok(())
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
        Some(name) => {
            let organizations = store.organizations().await?;
            let found = one_named(
                organizations,
                |o| &o.name == name,
                "organization named",
                name,
            )?;
            Some(found.id)
        }
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
