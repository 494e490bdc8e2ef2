//! API tokens and the accounts behind them: how long a token lives, who may see or revoke it,
//! and what an administrator may do to an account. A token is a secret shown once; the registry
//! keeps only its hash, its label and its dates.

use crate::site::require_text;
use crate::{DomainError, Permission, Role, Timestamp, User, UserId};

/// Seconds in a day.
pub const DAY_SECONDS: i64 = 86_400;
/// A new token's lifetime when its creator names none.
pub const DEFAULT_TOKEN_DAYS: i64 = 90;
/// The longest lifetime a token may be given.
pub const MAX_TOKEN_DAYS: i64 = 365;
/// The longest label a token may carry.
pub const MAX_TOKEN_LABEL: usize = 100;

/// A stored API token, as stored.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct ApiTokenId(pub i64);

impl std::fmt::Display for ApiTokenId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}", self.0)
    }
}

/// How a caller proved who they are. Only a logged-in session may mint a token: a leaked token
/// must not be able to outlive its own expiry or revocation by minting successors.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Credential {
    /// A login session (the browser's cookie).
    Session,
    /// An API token (`Authorization: Bearer`).
    ApiToken,
}

/// When a token created at `now` ends: `days` from now (default [`DEFAULT_TOKEN_DAYS`]), which
/// must be between 1 and [`MAX_TOKEN_DAYS`].
pub fn token_expiry(now: Timestamp, days: Option<i64>) -> Result<Timestamp, DomainError> {
    let days = days.unwrap_or(DEFAULT_TOKEN_DAYS);
    if !(1..=MAX_TOKEN_DAYS).contains(&days) {
        return Err(DomainError::invalid(
            "expires_in_days",
            format!("{days} is not between 1 and {MAX_TOKEN_DAYS} days"),
        ));
    }
    Ok(Timestamp(now.0 + days * DAY_SECONDS))
}

/// A token to be stored: the SHA-256 (hex) of its secret, its owner, label and expiry.
#[derive(Debug, Clone, PartialEq)]
pub struct NewApiToken {
    /// SHA-256 of the secret, hex.
    pub token_hash: String,
    /// Whose token it is.
    pub user: UserId,
    /// What it is for (e.g. "nightly export").
    pub label: String,
    /// When it stops working.
    pub expires_at: Timestamp,
}

impl NewApiToken {
    /// Checks the token's rules at its creation time `now`: a label, an expiry in the future
    /// and at most [`MAX_TOKEN_DAYS`] away.
    pub fn validate(&self, now: Timestamp) -> Result<(), DomainError> {
        require_text("label", &self.label)?;
        if self.label.chars().count() > MAX_TOKEN_LABEL {
            return Err(DomainError::invalid(
                "label",
                format!("is longer than {MAX_TOKEN_LABEL} characters"),
            ));
        }
        if self.expires_at <= now {
            return Err(DomainError::invalid(
                "expires_at",
                format!("{} is not after the creation time {now}", self.expires_at),
            ));
        }
        if self.expires_at.0 > now.0 + MAX_TOKEN_DAYS * DAY_SECONDS {
            return Err(DomainError::invalid(
                "expires_at",
                format!(
                    "{} is more than {MAX_TOKEN_DAYS} days after {now}",
                    self.expires_at
                ),
            ));
        }
        Ok(())
    }
}

/// A stored token as its owner and administrators see it: never the secret, nor its hash.
#[derive(Debug, Clone, PartialEq)]
pub struct ApiToken {
    /// Its id (what revocation names).
    pub id: ApiTokenId,
    /// Its owner.
    pub user: UserId,
    /// The owner's login name.
    pub username: String,
    /// What it is for.
    pub label: String,
    /// When it was created.
    pub created_at: Timestamp,
    /// When it stops working.
    pub expires_at: Timestamp,
    /// When it was revoked, if it was.
    pub revoked_at: Option<Timestamp>,
}

impl ApiToken {
    /// Whether the token still lets its owner in at `now`.
    pub fn is_usable(&self, now: Timestamp) -> bool {
        self.revoked_at.is_none() && self.expires_at > now
    }

    /// Whether `actor` may revoke this token at `now`: see [`check_may_manage_tokens`]; a token
    /// already revoked cannot be revoked again.
    pub fn check_may_revoke(&self, actor: Option<&User>) -> Result<(), DomainError> {
        check_may_manage_tokens(actor, self.user)?;
        if let Some(at) = self.revoked_at {
            return Err(DomainError::invalid(
                "token",
                format!("API token {} was already revoked at {at}", self.id),
            ));
        }
        Ok(())
    }
}

/// Who may list or revoke the tokens of `owner`: the owner, an administrator (a role holding
/// `ManageUsers`), or the system itself (`None`: the command line on the server).
pub fn check_may_manage_tokens(actor: Option<&User>, owner: UserId) -> Result<(), DomainError> {
    match actor {
        None => Ok(()),
        Some(user) if user.id == owner || user.role.may(Permission::ManageUsers) => Ok(()),
        Some(user) => Err(DomainError::NotPermitted {
            reason: format!(
                "user \"{}\" may manage only their own API tokens (the role \"{}\" does not \
                 have the permission \"manage_users\")",
                user.username, user.role
            ),
        }),
    }
}

/// A user account with its standing.
#[derive(Debug, Clone, PartialEq)]
pub struct UserAccount {
    /// The user.
    pub user: User,
    /// When the account was deactivated, if it was: it can no longer log in, and its sessions
    /// and tokens were ended then.
    pub deactivated_at: Option<Timestamp>,
}

/// A change an administrator makes to an account.
#[derive(Debug, Clone, PartialEq)]
pub enum AccountChange {
    /// The account can no longer log in; its sessions end and its tokens are revoked.
    Deactivate,
    /// The account gets another role.
    SetRole(Role),
    /// The account gets a new password (argon2 PHC string); its sessions end and its tokens are
    /// revoked.
    SetPassword(String),
}

impl AccountChange {
    /// Whether the change ends the account's sessions and revokes its tokens.
    pub fn ends_credentials(&self) -> bool {
        matches!(
            self,
            AccountChange::Deactivate | AccountChange::SetPassword(_)
        )
    }

    /// Checks the change against the account as it stands and the acting user (`None`: the
    /// system): a deactivated account cannot be changed, an administrator cannot deactivate
    /// themself or take away their own right to manage users, a password must be an argon2 hash.
    pub fn check(&self, account: &UserAccount, actor: Option<UserId>) -> Result<(), DomainError> {
        let name = &account.user.username;
        if let Some(at) = account.deactivated_at {
            return Err(DomainError::invalid(
                "username",
                format!("user \"{name}\" was deactivated at {at}"),
            ));
        }
        let own = actor == Some(account.user.id);
        match self {
            AccountChange::Deactivate if own => Err(DomainError::NotPermitted {
                reason: format!("user \"{name}\" cannot deactivate their own account"),
            }),
            AccountChange::SetRole(role) if own && !role.may(Permission::ManageUsers) => {
                Err(DomainError::NotPermitted {
                    reason: format!(
                        "user \"{name}\" cannot take away their own permission \"manage_users\""
                    ),
                })
            }
            AccountChange::SetPassword(hash) if !hash.starts_with("$argon2") => Err(
                DomainError::invalid("password_hash", "must be an argon2 PHC string"),
            ),
            _ => Ok(()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::assert_refused_on;

    fn user(id: i64, role: Role) -> User {
        User {
            id: UserId(id),
            username: format!("u{id}"),
            display_name: format!("User {id}"),
            role,
            organization: None,
        }
    }

    fn new_token(expires: i64) -> NewApiToken {
        NewApiToken {
            token_hash: "h".into(),
            user: UserId(1),
            label: "nightly export".into(),
            expires_at: Timestamp(expires),
        }
    }

    #[test]
    fn expiry_defaults_to_ninety_days_and_is_at_most_a_year() {
        let now = Timestamp(1_000);
        assert_eq!(
            token_expiry(now, None),
            Ok(Timestamp(1_000 + 90 * DAY_SECONDS))
        );
        assert_eq!(
            token_expiry(now, Some(365)),
            Ok(Timestamp(1_000 + 365 * DAY_SECONDS))
        );
        for bad in [0, -1, 366] {
            let err = token_expiry(now, Some(bad)).unwrap_err().to_string();
            assert!(err.starts_with("expires_in_days:"), "{err}");
            assert!(err.contains(&bad.to_string()), "{err}");
        }
    }

    #[test]
    fn a_new_token_needs_a_label_and_an_expiry_within_a_year() {
        let now = Timestamp(1_000);
        assert_eq!(new_token(1_000 + DAY_SECONDS).validate(now), Ok(()));
        assert!(new_token(1_000).validate(now).is_err());
        assert!(
            new_token(1_001 + MAX_TOKEN_DAYS * DAY_SECONDS)
                .validate(now)
                .is_err()
        );
        let mut blank = new_token(2_000);
        blank.label = "  ".into();
        assert_refused_on(blank.validate(now), "label");
        blank.label = "x".repeat(101);
        assert!(blank.validate(now).is_err());
    }

    #[test]
    fn only_the_owner_an_administrator_or_the_system_manage_tokens() {
        let owner = user(1, Role::Viewer);
        let other = user(2, Role::Reviewer);
        let admin = user(3, Role::Administrator);
        assert_eq!(check_may_manage_tokens(Some(&owner), owner.id), Ok(()));
        assert_eq!(check_may_manage_tokens(Some(&admin), owner.id), Ok(()));
        assert_eq!(check_may_manage_tokens(None, owner.id), Ok(()));
        let err = check_may_manage_tokens(Some(&other), owner.id).unwrap_err();
        assert!(matches!(err, DomainError::NotPermitted { .. }));
        assert!(err.to_string().contains("\"u2\""), "{err}");
    }

    #[test]
    fn revoked_and_expired_tokens_are_unusable_and_revocation_happens_once() {
        let mut token = ApiToken {
            id: ApiTokenId(7),
            user: UserId(1),
            username: "u1".into(),
            label: "x".into(),
            created_at: Timestamp(0),
            expires_at: Timestamp(100),
            revoked_at: None,
        };
        assert!(token.is_usable(Timestamp(99)));
        assert!(!token.is_usable(Timestamp(100)));
        assert_eq!(token.check_may_revoke(None), Ok(()));
        token.revoked_at = Some(Timestamp(50));
        assert!(!token.is_usable(Timestamp(60)));
        let err = token.check_may_revoke(None).unwrap_err().to_string();
        assert!(err.contains("API token 7 was already revoked"), "{err}");
    }

    #[test]
    fn account_changes_keep_an_administrator_from_locking_themself_out() {
        let account = UserAccount {
            user: user(3, Role::Administrator),
            deactivated_at: None,
        };
        let me = Some(UserId(3));
        let other = Some(UserId(4));
        assert!(AccountChange::Deactivate.check(&account, me).is_err());
        assert_eq!(AccountChange::Deactivate.check(&account, other), Ok(()));
        assert!(
            AccountChange::SetRole(Role::Viewer)
                .check(&account, me)
                .is_err()
        );
        assert_eq!(
            AccountChange::SetRole(Role::Viewer).check(&account, None),
            Ok(())
        );
        assert!(
            AccountChange::SetPassword("plain".into())
                .check(&account, None)
                .is_err()
        );
        let gone = UserAccount {
            deactivated_at: Some(Timestamp(5)),
            ..account
        };
        let err = AccountChange::SetRole(Role::Viewer)
            .check(&gone, None)
            .unwrap_err();
        assert!(err.to_string().contains("was deactivated"), "{err}");
        assert!(AccountChange::Deactivate.ends_credentials());
        assert!(!AccountChange::SetRole(Role::Viewer).ends_credentials());
    }
}
