//! Who may call a route, and the one check of it: [`enforce`] weighs the route's declared
//! [`Access`] against the caller and answers with a typed [`Refusal`] or nothing. It knows
//! neither HTTP bodies nor pages: the router (`routes.rs`) renders a refusal as JSON for the API
//! and as a redirect or an error page for the UI, so the rule itself is readable and testable
//! on its own.

use axum::http::{Method, StatusCode};
use homeward_domain::{Credential, Permission};

use crate::auth::{Caller, is_api};

/// Who may call a route.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Access {
    /// Anyone, logged in or not.
    Public,
    /// Any logged-in user, whatever their role.
    Authenticated,
    /// A logged-in user with a session, not an API token (e.g. to create API tokens: a token
    /// must not mint its successors).
    Session,
    /// A logged-in user whose role holds this permission.
    Permission(Permission),
}

impl Access {
    /// How the OpenAPI document and the README describe it.
    pub fn describe(self) -> String {
        match self {
            Access::Public => "public".to_owned(),
            Access::Authenticated => "any logged-in user".to_owned(),
            Access::Session => "any logged-in user with a session (not an API token)".to_owned(),
            Access::Permission(p) => format!("permission `{}`", p.code()),
        }
    }
}

/// One route as declared: method, path (axum syntax, e.g. `/api/v1/remains/{accession}`), access.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RouteSpec {
    /// HTTP method.
    pub method: Method,
    /// Path pattern.
    pub path: &'static str,
    /// Who may call it.
    pub access: Access,
}

impl RouteSpec {
    /// Whether the route changes the registry (anything but GET and HEAD).
    pub fn is_write(&self) -> bool {
        self.method != Method::GET && self.method != Method::HEAD
    }

    /// Whether the route is part of the JSON API.
    pub fn is_api(&self) -> bool {
        is_api(self.path)
    }
}

/// Why a caller may not call a route.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Refusal {
    /// Nobody is logged in (401; the UI sends the visitor to the login form).
    #[error("authentication required: log in, or send \"Authorization: Bearer <token>\"")]
    Anonymous,
    /// An API token was sent to a route that only a logged-in session may call (403).
    #[error(
        "user \"{username}\" sent an API token, which cannot create API tokens: only a logged-in \
         session may (log in to the web app)"
    )]
    SessionOnly {
        /// The token's owner.
        username: String,
    },
    /// The caller's role lacks the route's permission (403).
    #[error(
        "the role \"{role}\" of user \"{username}\" does not have the permission \"{permission}\""
    )]
    Lacks {
        /// The caller's role code.
        role: String,
        /// The caller.
        username: String,
        /// The permission the route needs.
        permission: Permission,
    },
}

impl Refusal {
    /// The HTTP status of the refusal: 401 for nobody, 403 for somebody not allowed.
    pub fn status(&self) -> StatusCode {
        match self {
            Refusal::Anonymous => StatusCode::UNAUTHORIZED,
            Refusal::SessionOnly { .. } | Refusal::Lacks { .. } => StatusCode::FORBIDDEN,
        }
    }
}

/// Whether `caller`, proving who they are with `credential`, may call a route declared with
/// `access`.
pub fn enforce(access: Access, caller: &Caller, credential: Credential) -> Result<(), Refusal> {
    let user = match (access, &caller.0) {
        (Access::Public, _) => return Ok(()),
        (_, None) => return Err(Refusal::Anonymous),
        (_, Some(user)) => user,
    };
    match access {
        Access::Public | Access::Authenticated => Ok(()),
        Access::Session if credential == Credential::ApiToken => Err(Refusal::SessionOnly {
            username: user.username.clone(),
        }),
        Access::Session => Ok(()),
        Access::Permission(p) if user.role.may(p) => Ok(()),
        Access::Permission(permission) => Err(Refusal::Lacks {
            role: user.role.to_string(),
            username: user.username.clone(),
            permission,
        }),
    }
}

#[cfg(test)]
mod tests {
    use homeward_domain::{Role, User, UserId};

    use super::*;

    fn caller(role: Role) -> Caller {
        Caller(Some(User {
            id: UserId(1),
            username: "kim".to_owned(),
            display_name: "Kim".to_owned(),
            role,
            organization: None,
        }))
    }

    #[test]
    fn public_routes_take_anyone_and_others_need_a_login() {
        let nobody = Caller::default();
        assert_eq!(
            enforce(Access::Public, &nobody, Credential::Session),
            Ok(())
        );
        for access in [
            Access::Authenticated,
            Access::Session,
            Access::Permission(Permission::ReadRegistry),
        ] {
            let refusal = enforce(access, &nobody, Credential::Session).unwrap_err();
            assert_eq!(refusal, Refusal::Anonymous);
            assert_eq!(refusal.status(), StatusCode::UNAUTHORIZED);
        }
    }

    #[test]
    fn a_role_without_the_permission_is_refused_naming_it() {
        let viewer = caller(Role::Viewer);
        let read = Access::Permission(Permission::ReadRegistry);
        assert_eq!(enforce(read, &viewer, Credential::ApiToken), Ok(()));
        let refusal = enforce(
            Access::Permission(Permission::Examine),
            &viewer,
            Credential::Session,
        )
        .unwrap_err();
        assert_eq!(refusal.status(), StatusCode::FORBIDDEN);
        assert_eq!(
            refusal.to_string(),
            "the role \"viewer\" of user \"kim\" does not have the permission \"examine\""
        );
    }

    #[test]
    fn session_only_routes_refuse_api_tokens() {
        let admin = caller(Role::Administrator);
        assert_eq!(
            enforce(Access::Session, &admin, Credential::Session),
            Ok(())
        );
        let refusal = enforce(Access::Session, &admin, Credential::ApiToken).unwrap_err();
        assert_eq!(refusal.status(), StatusCode::FORBIDDEN);
        assert!(refusal.to_string().contains("cannot create API tokens"));
    }
}
