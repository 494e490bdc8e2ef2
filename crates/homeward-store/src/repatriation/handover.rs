//! A batch from its handover on, in SQL: the ceremony and transport (the sender signs), the
//! receipt (the batch is received only with the receiver's countersigned receipt) and the
//! burials, each step ending as every batch step does (`step.rs`); and, on the receiving
//! instance, writing the cases of an imported manifest with the receiver's signed entries. The
//! receiver signs received and buried when its key is in this store; otherwise the sender records
//! them, citing the receipt.

use async_trait::async_trait;
use homeward_domain::{
    BatchCode, BatchState, Burial, DomainError, HandoverCeremony, LifecycleStatus, LocalizedName,
    Official, Phrase, Transport, check_burials,
};
use homeward_ledger::{ContentHash, CustodyEvent, EntryDraft};

use super::read::{document_in, members};
use super::step::{
    Action, StepTx, accession_refs, accessions, insert_document, move_case, not_ready,
    receiver_side_signer, set_state, state_change, step_phrase, with_note,
};
use super::{DocumentKind, Handover, ReceivedBatch};
use crate::accounts::users::actor_name;
use crate::context::WriteContext;
use crate::error::{Context, StoreResult};
use crate::ledger::chain::sign_in;
use crate::registry::import::import_in;
use crate::registry::{ImportBatch, ImportSummary, ImportedEffect};
use crate::sql::SqlStore;
use crate::sql::localized::officials_json;
use crate::sql::row::corrupt;

/// The ceremony's date and place, for the details of its entries.
fn ceremony_phrase(ceremony: &HandoverCeremony) -> Phrase {
    Phrase::new("sys-ceremony")
        .date("date", ceremony.date)
        .name("place", &ceremony.place)
}

/// Officials as entered, one after another.
fn listed(officials: &[Official]) -> String {
    officials
        .iter()
        .map(Official::to_string)
        .collect::<Vec<_>>()
        .join(", ")
}

#[async_trait]
impl Handover for SqlStore {
    async fn hand_over_batch(
        &self,
        code: &BatchCode,
        ceremony: &HandoverCeremony,
        transport: &Transport,
        ctx: WriteContext,
    ) -> StoreResult<()> {
        let code = code.as_str();
        let core = &self.core;
        ceremony.validate()?;
        transport.validate()?;
        let to = BatchState::HandedOver;
        let (mut tx, batch) = StepTx::advancing(core, Action::HandOver, code, to, ctx).await?;
        let Some(manifest) = document_in(&mut tx, batch.id.0, DocumentKind::Manifest).await? else {
            return Err(not_ready(
                code,
                to,
                "no manifest has been issued; write it first (homeward batch manifest)".into(),
            ));
        };
        let manifest_hash = ContentHash::from_hex(&manifest.sha256)
            .map_err(|e| corrupt("batch_documents.sha256", e))?;
        let members = members(&mut tx, batch.id.0).await?;
        let reason = Phrase::new("sys-note-handed-over")
            .text("batch", code)
            .name("place", &ceremony.place)
            .stored();
        for m in &members {
            move_case(&mut tx, m, LifecycleStatus::HandedOver, &reason, ctx).await?;
        }
        sqlx::query(
            "UPDATE repatriation_batches SET ceremony_date = $1, ceremony_place = $2, \
             sending_officials = $3, receiving_officials = $4, carrier = $5, aircraft = $6, \
             flight = $7, escort = $8, departure_place = $9, departure_date = $10, \
             arrival_place = $11, arrival_date = $12, ceremony_place_ko = $13, \
             ceremony_place_zh = $14, ceremony_place_en = $15 WHERE id = $16",
        )
        .bind(ceremony.date.to_string())
        .bind(&ceremony.place.original)
        .bind(officials_json(&ceremony.sending_officials))
        .bind(officials_json(&ceremony.receiving_officials))
        .bind(&transport.carrier)
        .bind(&transport.aircraft)
        .bind(transport.flight.as_deref())
        .bind(&transport.escort)
        .bind(&transport.departure_place)
        .bind(transport.departure_date.to_string())
        .bind(&transport.arrival_place)
        .bind(transport.arrival_date.to_string())
        .bind(ceremony.place.ko.as_deref())
        .bind(ceremony.place.zh.as_deref())
        .bind(ceremony.place.en.as_deref())
        .bind(batch.id.0)
        .execute(&mut *tx)
        .await
        .context("recording the handover")?;
        set_state(&mut tx, batch.id.0, to).await?;
        let all = accessions(&members);
        let (sender, receiver) = (&batch.batch.sender.name, &batch.batch.receiver.name);
        let mut step = tx.step_entry(&batch, to, Some(manifest_hash), all.clone());
        let hash = Phrase::new("sys-manifest-sha256").text("sha256", &manifest.sha256);
        step.details = with_note(vec![step_phrase(&batch, to), hash], None);
        let mut handed = tx.entry(
            &ceremony.place.original,
            CustodyEvent::HandedOver {
                from_organization: sender.clone(),
                to_organization: receiver.clone(),
            },
        );
        handed.remains = all.clone();
        let officials = |side: &LocalizedName, of: &[Official]| {
            Phrase::new("sys-officials-of")
                .name("organization", side)
                .text("names", listed(of))
        };
        handed.details = with_note(
            vec![
                ceremony_phrase(ceremony),
                officials(&batch.batch.sender.names, &ceremony.sending_officials),
                officials(&batch.batch.receiver.names, &ceremony.receiving_officials),
            ],
            None,
        );
        let mut carried = tx.entry(
            &transport.departure_place,
            CustodyEvent::Transported {
                carrier: transport.carrier.clone(),
                vehicle: transport.aircraft.clone(),
                flight: transport.flight.clone(),
                from: transport.departure_place.clone(),
                to: transport.arrival_place.clone(),
            },
        );
        carried.remains = all;
        carried.details = Phrase::new("sys-transport")
            .text("escort", &transport.escort)
            .date("departed", transport.departure_date)
            .date("arrived", transport.arrival_date)
            .stored();
        let carried_to = Phrase::new("sys-carried")
            .number("count", members.len())
            .text("carrier", &transport.carrier)
            .text("aircraft", &transport.aircraft)
            .text("place", &transport.arrival_place)
            .date("arrived", transport.arrival_date);
        let detail = with_note(
            vec![
                state_change(batch.state, to),
                ceremony_phrase(ceremony),
                carried_to,
            ],
            None,
        );
        tx.commit(core, code, sender, vec![step, handed, carried], detail)
            .await
    }

    async fn receive_batch(
        &self,
        code: &BatchCode,
        receipt_text: &str,
        receipt_sha256: &str,
        ctx: WriteContext,
    ) -> StoreResult<()> {
        let code = code.as_str();
        let core = &self.core;
        let receipt_hash = ContentHash::from_hex(receipt_sha256)
            .map_err(|e| DomainError::invalid("receipt_sha256", e.to_string()))?;
        let to = BatchState::Received;
        let (mut tx, batch) = StepTx::advancing(core, Action::Receive, code, to, ctx).await?;
        let members = members(&mut tx, batch.id.0).await?;
        insert_document(
            &mut tx,
            batch.id.0,
            DocumentKind::Receipt,
            receipt_text,
            receipt_sha256,
            ctx,
        )
        .await?;
        set_state(&mut tx, batch.id.0, to).await?;
        let (signer, note) = receiver_side_signer(&mut tx, core, &batch).await?;
        let all = accessions(&members);
        let mut step = tx.step_entry(&batch, to, Some(receipt_hash), all.clone());
        let countersigned = Phrase::new("sys-receipt-countersigned")
            .name("receiver", &batch.batch.receiver.names)
            .text("sha256", receipt_sha256);
        step.details = with_note(vec![step_phrase(&batch, to), countersigned], note.as_ref());
        let mut received = tx.entry(
            "",
            CustodyEvent::Received {
                from_organization: batch.batch.sender.name.clone(),
            },
        );
        received.remains = all;
        let by = Phrase::new("sys-received-by").name("receiver", &batch.batch.receiver.names);
        received.details = with_note(vec![by], note.as_ref());
        let receipt = Phrase::new("sys-receipt-sha256").text("sha256", receipt_sha256);
        let detail = with_note(vec![state_change(batch.state, to), receipt], None);
        tx.commit(core, code, &signer, vec![step, received], detail)
            .await
    }

    async fn bury_batch(
        &self,
        code: &BatchCode,
        burials: &[(String, Burial)],
        ctx: WriteContext,
    ) -> StoreResult<()> {
        let code = code.as_str();
        let core = &self.core;
        let to = BatchState::Buried;
        let (mut tx, batch) = StepTx::advancing(core, Action::Bury, code, to, ctx).await?;
        let members = members(&mut tx, batch.id.0).await?;
        let names = accession_refs(&members);
        check_burials(&names, burials)?;
        let (signer, note) = receiver_side_signer(&mut tx, core, &batch).await?;
        let mut drafts = Vec::with_capacity(burials.len() + 1);
        for (accession, b) in burials {
            let m = members
                .iter()
                .find(|m| &m.remains.accession == accession)
                .expect("the domain checked every burial is of the batch");
            let reason = Phrase::new("sys-note-buried")
                .text("cemetery", &b.cemetery)
                .text("batch", code)
                .stored();
            move_case(&mut tx, m, LifecycleStatus::Buried, &reason, ctx).await?;
            // The buried are kept in their grave, not where they waited (the domain's rule).
            sqlx::query("UPDATE remains_cases SET storage_location = $1 WHERE id = $2")
                .bind(b.resting_place())
                .bind(m.remains.id.0)
                .execute(&mut *tx)
                .await
                .context("storing the buried in their grave")?;
            sqlx::query(
                "UPDATE batch_remains SET cemetery = $1, section = $2, plot_row = $3, plot = $4, \
                 buried_on = $5, open = 0 WHERE batch_id = $6 AND remains_id = $7",
            )
            .bind(&b.cemetery)
            .bind(&b.section)
            .bind(&b.row)
            .bind(&b.plot)
            .bind(b.date.to_string())
            .bind(batch.id.0)
            .bind(m.remains.id.0)
            .execute(&mut *tx)
            .await
            .context("recording a burial")?;
            let mut d = tx.entry(
                &b.cemetery,
                CustodyEvent::Buried {
                    cemetery: b.cemetery.clone(),
                    section: b.section.clone(),
                    row: b.row.clone(),
                    plot: b.plot.clone(),
                },
            );
            d.remains = vec![accession.clone()];
            let buried = Phrase::new("sys-buried-on")
                .date("date", b.date)
                .text("batch", code);
            d.details = with_note(vec![buried], note.as_ref());
            drafts.push(d);
        }
        set_state(&mut tx, batch.id.0, to).await?;
        let all = names.iter().map(|s| s.to_string()).collect();
        drafts.push(tx.step_entry(&batch, to, None, all));
        let count = Phrase::new("sys-count-buried").number("count", burials.len());
        let detail = with_note(vec![state_change(batch.state, to), count], None);
        tx.commit(core, code, &signer, drafts, detail).await
    }

    async fn import_received_batch(
        &self,
        received: &ReceivedBatch,
        ctx: WriteContext,
    ) -> StoreResult<ImportSummary> {
        let core = &self.core;
        let code = received.site.code.clone();
        let batch = ImportBatch {
            sites: vec![received.site.clone()],
            remains: received
                .cases
                .iter()
                .map(|c| (code.clone(), c.clone()))
                .collect(),
            effects: received
                .effects
                .iter()
                .map(|(accession, e)| ImportedEffect {
                    accession: Some(accession.clone()),
                    site_code: None,
                    effect: e.clone(),
                })
                .collect(),
            ..ImportBatch::default()
        };
        let mut tx = core.begin_write().await?;
        let summary = import_in(&mut tx, core.backend, &batch, ctx).await?;
        let actor = actor_name(&mut tx, ctx.actor).await?;
        let entries = received.entries.iter().map(|e| EntryDraft {
            actor: actor.clone(),
            ..e.clone()
        });
        let entries = entries.collect();
        sign_in(&mut tx, core, &received.organization, entries, ctx).await?;
        core.commit(tx, "importing a received batch").await?;
        Ok(summary)
    }
}
