//! Organizations and users in SQL; account changes are checked by the domain inside their write
//! transaction and audited in it.

use async_trait::async_trait;
use homeward_domain::{
    AccountChange, NewUser, Organization, OrganizationId, User, UserAccount, UserId,
};

use super::Accounts;
use super::users::{USER_COLUMNS, account_from, user_from};
use crate::context::WriteContext;
use crate::error::{Context, StoreError, StoreResult};
use crate::sql::audit::{self, Change};
use crate::sql::row::Get;
use crate::sql::{SqlStore, conflict_or, exists};

#[async_trait]
impl Accounts for SqlStore {
    async fn create_organization(
        &self,
        name: &str,
        country: &str,
        ctx: WriteContext,
    ) -> StoreResult<OrganizationId> {
        let core = &self.core;
        homeward_domain::Identifier::OrganizationName.check(name)?;
        let mut tx = core.begin_write().await?;
        let row =
            sqlx::query("INSERT INTO organizations (name, country) VALUES ($1, $2) RETURNING id")
                .bind(name)
                .bind(country)
                .fetch_one(&mut *tx)
                .await
                .map_err(|e| conflict_or(e, "organization", name, "creating an organization"))?;
        let id = row.int("id")?;
        let detail = format!("organization \"{name}\" ({country}) created");
        let key = id.to_string();
        let change = Change {
            action: "organization.create",
            entity: "organization",
            key: &key,
            detail: &detail,
        };
        audit::record(&mut tx, ctx, change).await?;
        core.commit(tx, "creating an organization").await?;
        Ok(OrganizationId(id))
    }

    async fn organizations(&self) -> StoreResult<Vec<Organization>> {
        let core = &self.core;
        let rows = sqlx::query("SELECT id, name, country FROM organizations ORDER BY name")
            .fetch_all(&core.pool)
            .await
            .context("listing organizations")?;
        rows.iter()
            .map(|r| {
                Ok(Organization {
                    id: OrganizationId(r.int("id")?),
                    name: r.text("name")?,
                    country: r.text("country")?,
                })
            })
            .collect()
    }

    async fn create_user(&self, user: &NewUser, ctx: WriteContext) -> StoreResult<UserId> {
        let core = &self.core;
        user.validate()?;
        let mut tx = core.begin_write().await?;
        if let Some(org) = user.organization
            && !exists(&mut tx, "organizations", org.0).await?
        {
            return Err(StoreError::NotFound {
                what: "organization",
                key: org.to_string(),
            });
        }
        let row = sqlx::query(
            "INSERT INTO users (username, display_name, role, organization_id, password_hash) \
             VALUES ($1, $2, $3, $4, $5) RETURNING id",
        )
        .bind(&user.username)
        .bind(&user.display_name)
        .bind(user.role.code())
        .bind(user.organization.map(|o| o.0))
        .bind(&user.password_hash)
        .fetch_one(&mut *tx)
        .await
        .map_err(|e| conflict_or(e, "user", &user.username, "creating a user"))?;
        let id = row.int("id")?;
        let detail = format!(
            "user \"{}\" ({}) created with role {}",
            user.username, user.display_name, user.role
        );
        let change = Change {
            action: "user.create",
            entity: "user",
            key: &user.username,
            detail: &detail,
        };
        audit::record(&mut tx, ctx, change).await?;
        core.commit(tx, "creating a user").await?;
        Ok(UserId(id))
    }

    async fn user(&self, id: UserId) -> StoreResult<Option<User>> {
        let core = &self.core;
        let sql = format!("SELECT {USER_COLUMNS} FROM users u WHERE u.id = $1");
        let row = sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(id.0)
            .fetch_optional(&core.pool)
            .await
            .context("reading a user")?;
        row.as_ref().map(user_from).transpose()
    }

    async fn users(&self) -> StoreResult<Vec<User>> {
        let core = &self.core;
        let sql = format!("SELECT {USER_COLUMNS} FROM users u ORDER BY u.username");
        let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
            .fetch_all(&core.pool)
            .await
            .context("listing users")?;
        rows.iter().map(user_from).collect()
    }

    async fn user_accounts(&self) -> StoreResult<Vec<UserAccount>> {
        let core = &self.core;
        let sql =
            format!("SELECT {USER_COLUMNS}, u.deactivated_at FROM users u ORDER BY u.username");
        let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
            .fetch_all(&core.pool)
            .await
            .context("listing users")?;
        rows.iter().map(account_from).collect()
    }

    async fn change_account(
        &self,
        username: &str,
        change: &AccountChange,
        ctx: WriteContext,
    ) -> StoreResult<()> {
        let core = &self.core;
        let mut tx = core.begin_write().await?;
        let sql = format!(
            "SELECT {USER_COLUMNS}, u.deactivated_at FROM users u WHERE u.username = $1{}",
            core.for_update()
        );
        let row = sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(username)
            .fetch_optional(&mut *tx)
            .await
            .context("reading a user")?;
        let Some(account) = row.as_ref().map(account_from).transpose()? else {
            return Err(StoreError::NotFound {
                what: "user",
                key: username.to_owned(),
            });
        };
        change.check(&account, ctx.actor)?;
        let id = account.user.id.0;
        let (action, mut detail) = match change {
            AccountChange::Deactivate => {
                sqlx::query("UPDATE users SET deactivated_at = $1 WHERE id = $2")
                    .bind(ctx.at.0)
                    .bind(id)
                    .execute(&mut *tx)
                    .await
                    .context("deactivating a user")?;
                (
                    "user.deactivate",
                    format!("user \"{username}\" deactivated"),
                )
            }
            AccountChange::SetRole(role) => {
                sqlx::query("UPDATE users SET role = $1 WHERE id = $2")
                    .bind(role.code())
                    .bind(id)
                    .execute(&mut *tx)
                    .await
                    .context("changing a user's role")?;
                let was = account.user.role;
                let detail = format!("user \"{username}\" changed from role {was} to {role}");
                ("user.set_role", detail)
            }
            AccountChange::SetPassword(hash) => {
                sqlx::query("UPDATE users SET password_hash = $1 WHERE id = $2")
                    .bind(hash)
                    .bind(id)
                    .execute(&mut *tx)
                    .await
                    .context("setting a user's password")?;
                let detail = format!("user \"{username}\" given a new password");
                ("user.reset_password", detail)
            }
        };
        if change.ends_credentials() {
            let sessions = sqlx::query("DELETE FROM sessions WHERE user_id = $1")
                .bind(id)
                .execute(&mut *tx)
                .await
                .context("ending a user's sessions")?
                .rows_affected();
            let tokens = sqlx::query(
                "UPDATE api_tokens SET revoked_at = $1 WHERE user_id = $2 AND revoked_at IS NULL",
            )
            .bind(ctx.at.0)
            .bind(id)
            .execute(&mut *tx)
            .await
            .context("revoking a user's API tokens")?
            .rows_affected();
            detail.push_str(&format!(
                "; {sessions} session(s) ended, {tokens} API token(s) revoked"
            ));
        }
        let audit_change = Change {
            action,
            entity: "user",
            key: username,
            detail: &detail,
        };
        audit::record(&mut tx, ctx, audit_change).await?;
        core.commit(tx, "changing a user account").await
    }
}
