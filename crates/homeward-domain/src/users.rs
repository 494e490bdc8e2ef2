//! Organizations and the people who work in them.

use crate::site::require_text;
use crate::{DomainError, LocalizedName, OrganizationId, Role, UserId};

/// A ministry, agency or laboratory (e.g. MND/MAKRI, the Ministry of Veterans Affairs of China).
#[derive(Debug, Clone, PartialEq)]
pub struct Organization {
    /// Its id.
    pub id: OrganizationId,
    /// Its name, the key it is known by (as created; checked as an identifier).
    pub name: String,
    /// ISO 3166 alpha-2 code of its state (e.g. "KR", "CN").
    pub country: String,
    /// Its name in Korean, Chinese and English where recorded; `original` is `name`.
    pub names: LocalizedName,
}

/// A user account to be created. The password arrives already hashed (argon2, PHC string):
/// the domain never sees a clear-text password.
#[derive(Debug, Clone, PartialEq)]
pub struct NewUser {
    /// Login name.
    pub username: String,
    /// Name shown in the UI and the audit log.
    pub display_name: String,
    /// The user's role.
    pub role: Role,
    /// The user's organization, if any.
    pub organization: Option<OrganizationId>,
    /// argon2 PHC string.
    pub password_hash: String,
}

impl NewUser {
    /// Checks the rules every stored user obeys.
    pub fn validate(&self) -> Result<(), DomainError> {
        require_text("username", &self.username)?;
        let ok = self
            .username
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-'));
        if !ok || self.username.len() > 64 {
            return Err(DomainError::invalid(
                "username",
                format!(
                    "\"{}\" may use only letters, digits, '.', '_' and '-' (at most 64)",
                    self.username
                ),
            ));
        }
        crate::Identifier::Username.check(&self.username)?;
        if !self.password_hash.starts_with("$argon2") {
            return Err(DomainError::invalid(
                "password_hash",
                "must be an argon2 PHC string",
            ));
        }
        Ok(())
    }
}

/// A stored user (without the password hash, which only the store and the login check see).
#[derive(Debug, Clone, PartialEq)]
pub struct User {
    /// Its id.
    pub id: UserId,
    /// Login name.
    pub username: String,
    /// Display name.
    pub display_name: String,
    /// Role.
    pub role: Role,
    /// Organization.
    pub organization: Option<OrganizationId>,
}
