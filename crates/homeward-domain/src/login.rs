//! Refused logins: what the audit log records of a failed password check or a lockout, and the
//! policy of growing delays that throttles guessing.

use crate::Phrase;

/// The longest username kept in the audit log of a refused login (longer input is cut).
pub const MAX_AUDITED_USERNAME: usize = 64;

/// Failed logins allowed before the first lockout.
pub const FREE_LOGIN_FAILURES: u32 = 5;

/// The first lockout, in seconds; each further failure doubles it.
pub const FIRST_LOCKOUT_SECONDS: u64 = 30;

/// The longest lockout, in seconds (15 minutes).
pub const MAX_LOCKOUT_SECONDS: u64 = 15 * 60;

/// How long a login is locked after `failures` consecutive failures: nothing for the first
/// [`FREE_LOGIN_FAILURES`], then 30 s, 60 s, 120 s, … up to [`MAX_LOCKOUT_SECONDS`].
pub fn lockout_seconds(failures: u32) -> Option<u64> {
    let beyond = failures.checked_sub(FREE_LOGIN_FAILURES)?;
    let doubled = FIRST_LOCKOUT_SECONDS
        .checked_shl(beyond.min(32))
        .unwrap_or(u64::MAX);
    Some(doubled.min(MAX_LOCKOUT_SECONDS))
}

/// Why a login was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LoginRefusalKind {
    /// The username is unknown or the password wrong (the log does not say which to outsiders,
    /// but records whether the account exists for the administrators).
    WrongCredentials {
        /// Whether an account of that name exists.
        account_exists: bool,
    },
    /// Too many failures: logins for this account or from this address wait `seconds`.
    Lockout {
        /// How long the lockout lasts.
        seconds: u64,
        /// Whether the address (rather than the account) is locked.
        by_address: bool,
    },
}

/// A refused login as the audit log records it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LoginRefusal {
    /// The username as typed, cut to [`MAX_AUDITED_USERNAME`] characters, control characters
    /// replaced by `?`.
    pub username: String,
    /// The client's address (IP), or `unknown`.
    pub address: String,
    /// What happened.
    pub kind: LoginRefusalKind,
}

impl LoginRefusal {
    /// A refusal for `username` (as typed) from `address`; the username is made safe to log.
    pub fn new(username: &str, address: &str, kind: LoginRefusalKind) -> Self {
        let username = username
            .trim()
            .chars()
            .take(MAX_AUDITED_USERNAME)
            .map(|c| if c.is_control() { '?' } else { c })
            .collect();
        let address = address
            .chars()
            .take(64)
            .map(|c| if c.is_control() { '?' } else { c })
            .collect();
        LoginRefusal {
            username,
            address,
            kind,
        }
    }

    /// The audit action: `login.failure` or `login.lockout`.
    pub fn action(&self) -> &'static str {
        match self.kind {
            LoginRefusalKind::WrongCredentials { .. } => "login.failure",
            LoginRefusalKind::Lockout { .. } => "login.lockout",
        }
    }

    /// The audit detail, naming the account and the address: a [`crate::SystemText`]'s stored
    /// form.
    pub fn detail(&self) -> String {
        let id = match self.kind {
            LoginRefusalKind::WrongCredentials {
                account_exists: true,
            } => "sys-login-wrong-password",
            LoginRefusalKind::WrongCredentials {
                account_exists: false,
            } => "sys-login-unknown-user",
            LoginRefusalKind::Lockout {
                by_address: false, ..
            } => "sys-login-user-locked",
            LoginRefusalKind::Lockout {
                by_address: true, ..
            } => "sys-login-address-locked",
        };
        let phrase = Phrase::new(id)
            .text("user", &self.username)
            .text("address", &self.address);
        match self.kind {
            LoginRefusalKind::Lockout { seconds, .. } => phrase.number("seconds", seconds),
            LoginRefusalKind::WrongCredentials { .. } => phrase,
        }
        .stored()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lockouts_start_after_the_free_failures_and_double_up_to_the_cap() {
        let delays: Vec<Option<u64>> = (0..14).map(lockout_seconds).collect();
        assert_eq!(&delays[..5], &[None; 5]);
        assert_eq!(
            &delays[5..11],
            &[
                Some(30),
                Some(60),
                Some(120),
                Some(240),
                Some(480),
                Some(900)
            ]
        );
        assert_eq!(delays[13], Some(900));
        assert_eq!(lockout_seconds(u32::MAX), Some(MAX_LOCKOUT_SECONDS));
    }

    #[test]
    fn refusals_keep_logs_short_and_printable() {
        let long = "a".repeat(500) + "\n";
        let r = LoginRefusal::new(
            &format!("ev\nil{long}"),
            "10.0.0.1",
            LoginRefusalKind::WrongCredentials {
                account_exists: false,
            },
        );
        assert_eq!(r.username.chars().count(), MAX_AUDITED_USERNAME);
        assert!(r.username.starts_with("ev?il"));
        assert_eq!(r.action(), "login.failure");
        assert!(r.detail().contains("sys-login-unknown-user"));
        let lock = LoginRefusal::new(
            "kim",
            "10.0.0.1",
            LoginRefusalKind::Lockout {
                seconds: 30,
                by_address: false,
            },
        );
        assert_eq!(lock.action(), "login.lockout");
        assert!(lock.detail().contains(r#""seconds":30"#));
    }
}
