//! The JSON out of `GET /api/v1/me`.

use homeward_domain::Permission;
use homeward_domain::User;
use serde::Serialize;
use utoipa::ToSchema;

pub use crate::remains::dto::{CustodyEntryDto, IdentificationDto};

/// The caller of `GET /api/v1/me`.
#[derive(Debug, Serialize, ToSchema)]
pub struct UserDto {
    /// Login name.
    pub username: String,
    /// Name shown in the UI and the audit log.
    pub display_name: String,
    /// Role code, e.g. `anthropologist`.
    pub role: String,
    /// The permissions this role holds.
    pub permissions: Vec<String>,
}

impl From<&User> for UserDto {
    fn from(u: &User) -> Self {
        UserDto {
            username: u.username.clone(),
            display_name: u.display_name.clone(),
            role: u.role.code().to_owned(),
            permissions: Permission::ALL
                .into_iter()
                .filter(|p| u.role.may(*p))
                .map(|p| p.code().to_owned())
                .collect(),
        }
    }
}
