//! The custody ledger and the organizations' keys in SQL. Appends go through `chain.rs` (the
//! head read under the ledger's lock); keys are stored and their secrets sealed through
//! `keys.rs`; handling events recorded by hand (moved, stored, sampled, sealed) are signed by
//! the acting user's organization and appended with an audit entry per case, `moved` and
//! `stored` also setting where each case is kept.

use async_trait::async_trait;
use homeward_domain::{
    Accession, DomainError, HandlingEvent, NewCustodyRecord, Phrase, SystemText,
};
use homeward_ledger::{
    ChainHead, CustodyEvent, EntryDraft, KdfParams, KeyId, NONCE_LEN, OrganizationKey, PublicKey,
    SALT_LEN, SealError, is_sealed,
};
use sqlx::any::AnyRow;
use sqlx::{AnyConnection, Row};

use super::chain::{check_continues, head_in, insert, lock_ledger, sign_in};
use super::keys::{KDF, KEY_COLUMNS, current_key_in, derive, insert_key, setup, stored_key};
use super::{Ledger, LedgerRow, SecretAtRest, SignedEntry, StoredKey, UnlockReport};
use crate::accounts::users::{acting_organization, actor_name, known_actors};
use crate::context::WriteContext;
use crate::error::{Context, StoreError, StoreResult};
use crate::sql::audit::{self, Change};
use crate::sql::row::{Get, corrupt, read_all};
use crate::sql::{SqlStore, conflict_or, exists};

fn ledger_row(r: &AnyRow) -> StoreResult<LedgerRow> {
    // A row changed behind the store's back may hold any type (SQLite is dynamically typed):
    // read what is there and let decoding name the damage, rather than failing the whole read.
    let encoding = r
        .try_get::<Vec<u8>, _>("encoding")
        .or_else(|_| r.try_get::<String, _>("encoding").map(String::into_bytes))
        .unwrap_or_default();
    let text = |col: &str| {
        r.try_get::<String, _>(col)
            .unwrap_or_else(|e| format!("<unreadable: {e}>"))
    };
    Ok(LedgerRow {
        sequence: r.int("sequence")?,
        encoding,
        hash: text("hash"),
        signature: text("signature"),
    })
}

#[async_trait]
impl Ledger for SqlStore {
    async fn append_ledger_entries(
        &self,
        entries: &[SignedEntry],
        ctx: WriteContext,
    ) -> StoreResult<ChainHead> {
        let core = &self.core;
        let mut tx = core.begin_write().await?;
        lock_ledger(&mut tx, core.backend).await?;
        let head = check_continues(head_in(&mut tx).await?, entries)?;
        insert(&mut tx, core.backend, entries, ctx).await?;
        core.commit(tx, "appending to the ledger").await?;
        Ok(head)
    }

    async fn append_ledger(
        &self,
        organization: &str,
        drafts: Vec<EntryDraft>,
        ctx: WriteContext,
    ) -> StoreResult<Vec<SignedEntry>> {
        let core = &self.core;
        let mut tx = core.begin_write().await?;
        known_actors(&mut tx, &drafts).await?;
        let entries = sign_in(&mut tx, core, organization, drafts, ctx).await?;
        core.commit(tx, "appending to the ledger").await?;
        Ok(entries)
    }

    async fn record_custody_event(
        &self,
        record: &NewCustodyRecord,
        ctx: WriteContext,
    ) -> StoreResult<SignedEntry> {
        let core = &self.core;
        record.validate()?;
        let mut tx = core.begin_write().await?;
        let Some((actor, organization)) = acting_organization(&mut tx, ctx).await? else {
            return Err(DomainError::invalid(
                "actor",
                "a custody event is signed by the acting user's organization; \
                 this user belongs to none",
            )
            .into());
        };
        let sql = format!(
            "SELECT id, storage_location FROM remains_cases WHERE accession = $1{}",
            core.for_update()
        );
        let mut cases = Vec::with_capacity(record.remains.len());
        for accession in &record.remains {
            let row = sqlx::query(sqlx::AssertSqlSafe(sql.clone()))
                .bind(accession)
                .fetch_optional(&mut *tx)
                .await
                .context("reading a remains case")?
                .ok_or_else(|| StoreError::not_found("remains case", accession.clone()))?;
            cases.push((accession, row.int("id")?, row.text("storage_location")?));
        }
        for effect in &record.effects {
            if !exists(&mut tx, "personal_effects", effect.0).await? {
                return Err(StoreError::not_found("personal effect", effect.to_string()));
            }
        }
        let kind = record.event.kind();
        for (accession, id, kept_at) in &cases {
            let mut phrases = vec![
                Phrase::new("sys-custody-event")
                    .code("kind", "custody-kind", kind)
                    .text("location", &record.location),
            ];
            if let Some(to) = record.event.new_storage_location() {
                sqlx::query("UPDATE remains_cases SET storage_location = $1 WHERE id = $2")
                    .bind(to)
                    .bind(id)
                    .execute(&mut *tx)
                    .await
                    .context("updating a case's storage location")?;
                phrases.push(
                    Phrase::new("sys-storage-moved")
                        .text("from", kept_at)
                        .text("to", to),
                );
            }
            let detail = SystemText::of(phrases).stored();
            let change = Change::new("remains.custody", "remains_case", accession, &detail);
            audit::record(&mut tx, ctx, change).await?;
        }
        let mut draft = EntryDraft::new(
            ctx.at.0,
            &actor,
            &record.location,
            ledger_event(&record.event),
        );
        draft.remains = record.remains.clone();
        draft.effects = record.effects.iter().map(|e| e.0.to_string()).collect();
        draft.details = record.details.clone();
        let signed = sign_in(&mut tx, core, &organization, vec![draft], ctx).await?;
        core.commit(tx, "recording a custody event").await?;
        Ok(signed.into_iter().next().expect("one draft signed"))
    }

    async fn ledger_head(&self) -> StoreResult<ChainHead> {
        let mut conn = self.core.acquire("reading the ledger's head").await?;
        head_in(&mut conn).await
    }

    async fn ledger_rows(&self, after: Option<i64>, limit: u32) -> StoreResult<Vec<LedgerRow>> {
        // Sequences start at 1, so "after 0" is the whole ledger.
        let query = sqlx::query(
            "SELECT sequence, encoding, hash, signature FROM ledger_entries \
             WHERE sequence > $1 ORDER BY sequence LIMIT $2",
        )
        .bind(after.unwrap_or(0))
        .bind(i64::from(limit));
        read_all(&self.core.pool, query, ledger_row, "reading the ledger").await
    }

    async fn ledger_rows_of_remains(&self, accession: &Accession) -> StoreResult<Vec<LedgerRow>> {
        let query = sqlx::query(
            "SELECT e.sequence, e.encoding, e.hash, e.signature \
             FROM ledger_remains r JOIN ledger_entries e ON e.sequence = r.sequence \
             WHERE r.accession = $1 ORDER BY e.sequence",
        )
        .bind(accession.as_str());
        let context = "reading a case's custody timeline";
        read_all(&self.core.pool, query, ledger_row, context).await
    }

    async fn save_organization_key(
        &self,
        key: &OrganizationKey,
        ctx: WriteContext,
    ) -> StoreResult<StoredKey> {
        let core = &self.core;
        let organization = key.organization();
        let mut tx = core.begin_write().await?;
        refuse_a_second_key(&mut tx, organization).await?;
        insert_key(&mut tx, core, key, 1, ctx).await?;
        let key_id = key.key_id().to_string();
        let detail = Phrase::new("sys-key-created")
            .text("key", key_id.to_string())
            .text("organization", organization)
            .stored();
        let change = Change::new("ledger.key_create", "organization_key", &key_id, &detail);
        core.audit_and_commit(tx, ctx, change, "storing a key")
            .await?;
        Ok(StoredKey {
            organization: organization.to_owned(),
            key_id: key.key_id(),
            public_key: key.public_key(),
            valid_from: 1,
            retired_at: None,
            created_at: ctx.at.0,
            secret: SecretAtRest::Sealed,
        })
    }

    async fn rotate_organization_key(
        &self,
        new_key: &OrganizationKey,
        ctx: WriteContext,
    ) -> StoreResult<SignedEntry> {
        let core = &self.core;
        let organization = new_key.organization();
        let mut tx = core.begin_write().await?;
        let actor = actor_name(&mut tx, ctx.actor).await?;
        lock_ledger(&mut tx, core.backend).await?;
        let old = current_key_in(&mut tx, core, organization).await?;
        let mut head = head_in(&mut tx).await?;
        let mut draft = EntryDraft::new(
            ctx.at.0,
            &actor,
            "",
            CustodyEvent::KeyRotated {
                new_key: new_key.public_key(),
            },
        );
        draft.details = Phrase::new("sys-key-rotated")
            .text("organization", organization)
            .text("old", old.key_id().to_string())
            .text("new", new_key.key_id().to_string())
            .stored();
        let entry = head.append(draft, &old);
        insert(&mut tx, core.backend, std::slice::from_ref(&entry), ctx).await?;
        sqlx::query("UPDATE organization_keys SET retired_at = $1 WHERE key_id = $2")
            .bind(entry.entry.sequence as i64)
            .bind(old.key_id().to_string())
            .execute(&mut *tx)
            .await
            .context("retiring a key")?;
        insert_key(&mut tx, core, new_key, entry.entry.sequence + 1, ctx).await?;
        core.commit(tx, "rotating a key").await?;
        Ok(entry)
    }

    async fn import_organization_public_key(
        &self,
        organization: &str,
        public_key: &PublicKey,
        ctx: WriteContext,
    ) -> StoreResult<StoredKey> {
        let core = &self.core;
        if organization.trim().is_empty() {
            return Err(StoreError::Unsupported(
                "a public key needs the organization it belongs to".to_owned(),
            ));
        }
        let key_id = public_key.key_id().to_string();
        let mut tx = core.begin_write().await?;
        refuse_a_second_key(&mut tx, organization).await?;
        sqlx::query(
            "INSERT INTO organization_keys \
             (key_id, organization, public_key, secret_key, valid_from, retired_at, created_at) \
             VALUES ($1, $2, $3, NULL, 1, NULL, $4)",
        )
        .bind(&key_id)
        .bind(organization)
        .bind(public_key.to_text(organization).trim_end())
        .bind(ctx.at.0)
        .execute(&mut *tx)
        .await
        .map_err(|e| conflict_or(e, "organization key", &key_id, "storing a key"))?;
        let detail = Phrase::new("sys-key-imported")
            .text("key", key_id.to_string())
            .text("organization", organization)
            .stored();
        let change = Change::new("ledger.key_import", "organization_key", &key_id, &detail);
        core.audit_and_commit(tx, ctx, change, "storing a public key")
            .await?;
        Ok(StoredKey {
            organization: organization.to_owned(),
            key_id: public_key.key_id(),
            public_key: *public_key,
            valid_from: 1,
            retired_at: None,
            created_at: ctx.at.0,
            secret: SecretAtRest::PublicOnly,
        })
    }

    async fn unlock_signing_keys(
        &self,
        secret: &[u8],
        new_params: KdfParams,
        ctx: WriteContext,
    ) -> StoreResult<UnlockReport> {
        let core = &self.core;
        let mut conn = core.acquire("reading the key-encryption set-up").await?;
        let existing = setup(&mut conn).await?;
        drop(conn);
        let (params, salt) = match &existing {
            Some((params, salt, _)) => (*params, *salt),
            None => (new_params, rand::random::<[u8; SALT_LEN]>()),
        };
        let kek = derive(secret, salt, params).await?;
        let mut tx = core.begin_write().await?;
        let created = match setup(&mut tx).await? {
            Some((_, stored_salt, check)) if stored_salt == salt => {
                kek.verify_check(&check)?;
                false
            }
            // Another process set the store up meanwhile, with its own salt.
            Some(_) => return Err(StoreError::KeyEncryption(SealError::WrongKey)),
            None => {
                sqlx::query(
                    "INSERT INTO key_encryption \
                     (id, kdf, memory_kib, iterations, parallelism, salt, check_value, created_at) \
                     VALUES (1, $1, $2, $3, $4, $5, $6, $7)",
                )
                .bind(KDF)
                .bind(i64::from(params.memory_kib))
                .bind(i64::from(params.iterations))
                .bind(i64::from(params.parallelism))
                .bind(hex::encode(salt))
                .bind(kek.check_value(rand::random::<[u8; NONCE_LEN]>()))
                .bind(ctx.at.0)
                .execute(&mut *tx)
                .await
                .context("storing the key-encryption set-up")?;
                true
            }
        };
        let rows = sqlx::query(
            "SELECT key_id, organization, secret_key FROM organization_keys \
             WHERE secret_key IS NOT NULL ORDER BY key_id",
        )
        .fetch_all(&mut *tx)
        .await
        .context("reading organization keys")?;
        let mut sealed = Vec::new();
        for row in &rows {
            let text = row.text("secret_key")?;
            if is_sealed(&text) {
                continue;
            }
            let key_id = KeyId::from_hex(&row.text("key_id")?).map_err(|e| corrupt("key_id", e))?;
            let organization = row.text("organization")?;
            let key =
                OrganizationKey::from_secret_text(&text).map_err(|e| corrupt("secret_key", e))?;
            if key.key_id() != key_id || key.organization() != organization {
                return Err(corrupt("secret_key", "not the secret of its row's key"));
            }
            sqlx::query("UPDATE organization_keys SET secret_key = $1 WHERE key_id = $2")
                .bind(kek.seal(&key, rand::random::<[u8; NONCE_LEN]>()))
                .bind(key_id.to_string())
                .execute(&mut *tx)
                .await
                .context("sealing a secret key")?;
            sealed.push(key_id.to_string());
        }
        if created || !sealed.is_empty() {
            let kek = Phrase::new("sys-kek-created");
            let sealed = Phrase::new("sys-keys-sealed")
                .number("count", sealed.len())
                .text("keys", sealed.join(", "));
            let detail = if created {
                SystemText::of(vec![kek, sealed]).stored()
            } else {
                sealed.stored()
            };
            let change = Change::new("ledger.keys_seal", "organization_key", "*", &detail);
            audit::record(&mut tx, ctx, change).await?;
        }
        core.commit(tx, "unlocking the signing keys").await?;
        core.unlock(kek);
        Ok(UnlockReport {
            created,
            sealed: sealed.len(),
        })
    }

    async fn organization_keys(&self) -> StoreResult<Vec<StoredKey>> {
        let sql = format!(
            "SELECT {KEY_COLUMNS} FROM organization_keys ORDER BY organization, valid_from"
        );
        let query = sqlx::query(sqlx::AssertSqlSafe(sql));
        read_all(
            &self.core.pool,
            query,
            stored_key,
            "reading organization keys",
        )
        .await
    }

    async fn organization_signing_key(
        &self,
        organization: &str,
    ) -> StoreResult<Option<OrganizationKey>> {
        let core = &self.core;
        let mut conn = core.pool.acquire().await.context("reading a signing key")?;
        match current_key_in(&mut conn, core, organization).await {
            Ok(key) => Ok(Some(key)),
            Err(StoreError::NotFound { .. }) => Ok(None),
            Err(e) => Err(e),
        }
    }
}

/// The ledger's event for a handling event.
pub(crate) fn ledger_event(event: &HandlingEvent) -> CustodyEvent {
    match event.clone() {
        HandlingEvent::Moved { from, to } => CustodyEvent::Moved { from, to },
        HandlingEvent::Stored { facility } => CustodyEvent::Stored { facility },
        HandlingEvent::Sampled {
            sample_id,
            material,
        } => CustodyEvent::Sampled {
            sample_id,
            material,
        },
        HandlingEvent::Sealed {
            casket_number,
            seal,
        } => CustodyEvent::Sealed {
            casket_number,
            seal,
        },
    }
}

/// Refuses a second current key for `organization` (inside the write that would store one): a
/// new key replaces the current one only by rotation, which the chain records.
async fn refuse_a_second_key(conn: &mut AnyConnection, organization: &str) -> StoreResult<()> {
    let current = sqlx::query(
        "SELECT key_id FROM organization_keys WHERE organization = $1 AND retired_at IS NULL",
    )
    .bind(organization)
    .fetch_optional(conn)
    .await
    .context("reading organization keys")?;
    match current {
        Some(_) => Err(StoreError::Conflict {
            what: "signing key of organization",
            key: organization.to_owned(),
        }),
        None => Ok(()),
    }
}
