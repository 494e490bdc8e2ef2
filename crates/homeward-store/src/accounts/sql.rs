//! Organizations and users in SQL; account changes are checked by the domain inside their write
//! transaction and audited in it.

use async_trait::async_trait;
use homeward_domain::{
    AccountChange, DomainError, LocalizedName, NameLanguage, NewUser, Organization, OrganizationId,
    Phrase, SystemText, User, UserAccount, UserId,
};
use sqlx::any::AnyRow;

use super::Accounts;
use super::users::{USER_COLUMNS, account_from, account_where, user_from};
use crate::context::WriteContext;
use crate::error::{Context, StoreError, StoreResult};
use crate::sql::audit::Change;
use crate::sql::localized::name_from;
use crate::sql::row::{Get, read_all, read_one};
use crate::sql::{SqlStore, conflict_or, exists, set_code};

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
        let detail = Phrase::new("sys-organization-created")
            .text("organization", name)
            .text("country", country)
            .stored();
        let key = id.to_string();
        let change = Change::new("organization.create", "organization", &key, &detail);
        core.audit_and_commit(tx, ctx, change, "creating an organization")
            .await?;
        Ok(OrganizationId(id))
    }

    async fn organizations(&self) -> StoreResult<Vec<Organization>> {
        let query = sqlx::query(
            "SELECT id, name, country, name_ko, name_zh, name_en FROM organizations ORDER BY name",
        );
        let from = |r: &AnyRow| {
            Ok(Organization {
                id: OrganizationId(r.int("id")?),
                name: r.text("name")?,
                country: r.text("country")?,
                names: name_from(r, "name", ["name_ko", "name_zh", "name_en"])?,
            })
        };
        read_all(&self.core.pool, query, from, "listing organizations").await
    }

    async fn name_organization(
        &self,
        id: OrganizationId,
        names: &LocalizedName,
        ctx: WriteContext,
    ) -> StoreResult<()> {
        let core = &self.core;
        names.validate("names")?;
        let mut tx = core.begin_write().await?;
        let row = sqlx::query("SELECT name FROM organizations WHERE id = $1")
            .bind(id.0)
            .fetch_optional(&mut *tx)
            .await
            .context("naming an organization")?;
        let Some(row) = row else {
            return Err(StoreError::not_found("organization", id.0.to_string()));
        };
        let name = row.text("name")?;
        if names.original != name {
            return Err(DomainError::invalid(
                "names",
                format!("the original is the organization's name, {name:?}"),
            )
            .into());
        }
        sqlx::query(
            "UPDATE organizations SET name_ko = $1, name_zh = $2, name_en = $3 WHERE id = $4",
        )
        .bind(names.ko.as_deref())
        .bind(names.zh.as_deref())
        .bind(names.en.as_deref())
        .bind(id.0)
        .execute(&mut *tx)
        .await
        .context("naming an organization")?;
        let forms: Vec<String> = NameLanguage::ALL
            .into_iter()
            .filter_map(|l| names.get(l).map(|t| format!("{}: {t}", l.code())))
            .collect();
        let detail = format!("organization \"{name}\" named {}", forms.join("; "));
        let key = id.0.to_string();
        let change = Change::new("organization.name", "organization", &key, &detail);
        core.audit_and_commit(tx, ctx, change, "naming an organization")
            .await
    }

    async fn create_user(&self, user: &NewUser, ctx: WriteContext) -> StoreResult<UserId> {
        let core = &self.core;
        user.validate()?;
        let mut tx = core.begin_write().await?;
        if let Some(org) = user.organization
            && !exists(&mut tx, "organizations", org.0).await?
        {
            return Err(StoreError::not_found("organization", org.to_string()));
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
        let detail = Phrase::new("sys-user-created")
            .text("user", &user.username)
            .text("name", &user.display_name)
            .code("role", "role", user.role.code())
            .stored();
        let change = Change::new("user.create", "user", &user.username, &detail);
        core.audit_and_commit(tx, ctx, change, "creating a user")
            .await?;
        Ok(UserId(id))
    }

    async fn user(&self, id: UserId) -> StoreResult<Option<User>> {
        let sql = format!("SELECT {USER_COLUMNS} FROM users u WHERE u.id = $1");
        let query = sqlx::query(sqlx::AssertSqlSafe(sql)).bind(id.0);
        read_one(&self.core.pool, query, user_from, "reading a user").await
    }

    async fn users(&self) -> StoreResult<Vec<User>> {
        let sql = format!("SELECT {USER_COLUMNS} FROM users u ORDER BY u.username");
        let query = sqlx::query(sqlx::AssertSqlSafe(sql));
        read_all(&self.core.pool, query, user_from, "listing users").await
    }

    async fn user_accounts(&self) -> StoreResult<Vec<UserAccount>> {
        let sql =
            format!("SELECT {USER_COLUMNS}, u.deactivated_at FROM users u ORDER BY u.username");
        let query = sqlx::query(sqlx::AssertSqlSafe(sql));
        read_all(&self.core.pool, query, account_from, "listing users").await
    }

    async fn change_account(
        &self,
        username: &str,
        change: &AccountChange,
        ctx: WriteContext,
    ) -> StoreResult<()> {
        let core = &self.core;
        let mut tx = core.begin_write().await?;
        let Some(account) = account_where(core, &mut tx, "username", username).await? else {
            return Err(StoreError::not_found("user", username.to_owned()));
        };
        change.check(&account, ctx.actor)?;
        let id = account.user.id.0;
        let (action, first) = match change {
            AccountChange::Deactivate => {
                sqlx::query("UPDATE users SET deactivated_at = $1 WHERE id = $2")
                    .bind(ctx.at.0)
                    .bind(id)
                    .execute(&mut *tx)
                    .await
                    .context("deactivating a user")?;
                (
                    "user.deactivate",
                    Phrase::new("sys-user-deactivated").text("user", username),
                )
            }
            AccountChange::SetRole(role) => {
                let column = ("users", "role");
                set_code(&mut tx, column, id, role.code(), "changing a user's role").await?;
                let was = account.user.role;
                let detail = Phrase::new("sys-user-role")
                    .text("user", username)
                    .code("from", "role", was.code())
                    .code("to", "role", role.code());
                ("user.set_role", detail)
            }
            AccountChange::SetPassword(hash) => {
                sqlx::query("UPDATE users SET password_hash = $1 WHERE id = $2")
                    .bind(hash)
                    .bind(id)
                    .execute(&mut *tx)
                    .await
                    .context("setting a user's password")?;
                let detail = Phrase::new("sys-user-password").text("user", username);
                ("user.reset_password", detail)
            }
        };
        let mut phrases = vec![first];
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
            phrases.push(
                Phrase::new("sys-credentials-ended")
                    .number("sessions", sessions)
                    .number("tokens", tokens),
            );
        }
        let detail = SystemText::of(phrases).stored();
        let audit_change = Change::new(action, "user", username, &detail);
        core.audit_and_commit(tx, ctx, audit_change, "changing a user account")
            .await
    }
}
