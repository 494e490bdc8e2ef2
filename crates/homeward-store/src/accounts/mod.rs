//! Accounts: organizations and their users. The trait and what it answers; `sql.rs` implements
//! it, `users.rs` reads users back and names the actor of a write for the other aggregates.

mod sql;
pub(crate) mod users;

use async_trait::async_trait;
use homeward_domain::{
    AccountChange, LocalizedName, NewUser, Organization, OrganizationId, User, UserAccount, UserId,
};

use crate::context::WriteContext;
use crate::error::StoreResult;

/// Organizations and the users who belong to them: who exists, with what role, and whether the
/// account is active.
#[async_trait]
pub trait Accounts: Send + Sync {
    /// Creates an organization.
    async fn create_organization(
        &self,
        name: &str,
        country: &str,
        ctx: WriteContext,
    ) -> StoreResult<OrganizationId>;

    /// Records an organization's name in Korean, Chinese and English (`names.original` must be
    /// its name); audited. An unknown id is `NotFound`.
    async fn name_organization(
        &self,
        id: OrganizationId,
        names: &LocalizedName,
        ctx: WriteContext,
    ) -> StoreResult<()>;

    /// Every organization, by name.
    async fn organizations(&self) -> StoreResult<Vec<Organization>>;

    /// Creates a user; `Conflict` when the username is taken.
    async fn create_user(&self, user: &NewUser, ctx: WriteContext) -> StoreResult<UserId>;

    /// A user by id.
    async fn user(&self, id: UserId) -> StoreResult<Option<User>>;

    /// Every user, by username.
    async fn users(&self) -> StoreResult<Vec<User>>;

    /// Every user with their standing (active or deactivated), by username.
    async fn user_accounts(&self) -> StoreResult<Vec<UserAccount>>;

    /// Changes an account ([`AccountChange::check`] against the stored account and
    /// `ctx.actor`), audited in the same transaction. Deactivation and a new password also end
    /// the user's sessions and revoke their tokens; a deactivated user's login, sessions and
    /// tokens are refused from then on. An unknown username is `NotFound`.
    async fn change_account(
        &self,
        username: &str,
        change: &AccountChange,
        ctx: WriteContext,
    ) -> StoreResult<()>;
}
