//! Handling events recorded by hand (moved, stored, sampled, sealed): checked, signed by the
//! acting user's organization's current key and appended to the custody ledger in one
//! transaction with an audit entry per case; `moved` and `stored` also set where each case is
//! kept. A refusal (no organization, no key, an unknown case or effect, an empty field) writes
//! nothing.

use homeward_domain::{DomainError, HandlingEvent, NewCustodyRecord};
use homeward_ledger::{CustodyEvent, EntryDraft, SignedEntry};

use super::audit::{self, Change};
use super::custody::acting_organization;
use super::ledger::{current_key_in, head_in, insert, lock_ledger};
use super::row::Get;
use super::{Core, exists};
use crate::error::Context;
use crate::{StoreError, StoreResult, WriteContext};

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

pub(crate) async fn record(
    core: &Core,
    record: &NewCustodyRecord,
    ctx: WriteContext,
) -> StoreResult<SignedEntry> {
    record.validate()?;
    let mut tx = core.begin_write().await?;
    let Some((actor, organization)) = acting_organization(&mut tx, ctx).await? else {
        return Err(DomainError::invalid(
            "actor",
            "a custody event is signed by the acting user's organization; this user belongs to none",
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
            .ok_or_else(|| StoreError::NotFound {
                what: "remains case",
                key: accession.clone(),
            })?;
        cases.push((accession, row.int("id")?, row.text("storage_location")?));
    }
    for effect in &record.effects {
        if !exists(&mut tx, "personal_effects", effect.0).await? {
            return Err(StoreError::NotFound {
                what: "personal effect",
                key: effect.to_string(),
            });
        }
    }
    lock_ledger(&mut tx, core.backend).await?;
    let key = current_key_in(&mut tx, core, &organization).await?;
    let kind = record.event.kind();
    for (accession, id, kept_at) in &cases {
        let mut detail = format!("custody event {kind} at {}", record.location);
        if let Some(to) = record.event.new_storage_location() {
            sqlx::query("UPDATE remains_cases SET storage_location = $1 WHERE id = $2")
                .bind(to)
                .bind(id)
                .execute(&mut *tx)
                .await
                .context("updating a case's storage location")?;
            detail.push_str(&format!("; storage location: {kept_at} → {to}"));
        }
        let change = Change {
            action: "remains.custody",
            entity: "remains_case",
            key: accession,
            detail: &detail,
        };
        audit::record(&mut tx, ctx, change).await?;
    }
    let mut head = head_in(&mut tx).await?;
    let mut draft = EntryDraft::new(
        ctx.at.0,
        &actor,
        &record.location,
        ledger_event(&record.event),
    );
    draft.remains = record.remains.clone();
    draft.effects = record.effects.iter().map(|e| e.0.to_string()).collect();
    draft.details = record.details.clone();
    let entry = head.append(draft, &key);
    insert(&mut tx, core.backend, std::slice::from_ref(&entry), ctx).await?;
    core.commit(tx, "recording a custody event").await?;
    Ok(entry)
}
