//! `homeward custody record`: a handling event (moved, stored, sampled, sealed) for one or more
//! remains cases, signed by the acting user's organization's key — thin over
//! `Store::record_custody_event`, which checks and refuses.

use anyhow::Context;
use homeward_app::system_write;
use homeward_domain::{HandlingEvent, HandlingFields, NewCustodyRecord, PersonalEffectId};
use homeward_store::StoreError;

use super::{BadInput, DbArgs};

/// `homeward custody …`
#[derive(Debug, clap::Subcommand)]
pub enum CustodyCommand {
    /// Record a handling event in the custody ledger, signed by the actor's organization.
    Record(RecordArgs),
}

/// Flags of `homeward custody record`.
#[derive(Debug, clap::Args)]
pub struct RecordArgs {
    /// Accession numbers of the remains cases concerned.
    #[arg(required = true, value_name = "ACCESSION")]
    remains: Vec<String>,
    /// The event: moved, stored, sampled or sealed.
    #[arg(long)]
    event: String,
    /// moved: where from.
    #[arg(long, default_value = "")]
    from: String,
    /// moved: where to (becomes the cases' storage location).
    #[arg(long, default_value = "")]
    to: String,
    /// stored: the facility (becomes the cases' storage location).
    #[arg(long, default_value = "")]
    facility: String,
    /// sampled: the sample's id.
    #[arg(long, default_value = "")]
    sample_id: String,
    /// sampled: the material (bone, tooth).
    #[arg(long, default_value = "")]
    material: String,
    /// sealed: the casket number.
    #[arg(long)]
    casket: Option<u32>,
    /// sealed: the seal.
    #[arg(long, default_value = "")]
    seal: String,
    /// Ids of personal effects concerned (repeatable).
    #[arg(long = "effect")]
    effects: Vec<i64>,
    /// Where it happened.
    #[arg(long)]
    location: String,
    /// The acting user's username; their organization signs.
    #[arg(long)]
    actor: String,
    /// Free text.
    #[arg(long, default_value = "")]
    details: String,
    #[command(flatten)]
    db: DbArgs,
}

pub async fn run(cmd: CustodyCommand) -> anyhow::Result<()> {
    let CustodyCommand::Record(a) = cmd;
    let fields = HandlingFields {
        from: a.from,
        to: a.to,
        facility: a.facility,
        sample_id: a.sample_id,
        material: a.material,
        casket: a.casket,
        seal: a.seal,
    };
    let event =
        HandlingEvent::from_fields(&a.event, fields).map_err(|e| BadInput(e.to_string()))?;
    let record = NewCustodyRecord {
        event,
        remains: a.remains,
        effects: a.effects.into_iter().map(PersonalEffectId).collect(),
        location: a.location,
        details: a.details,
    };
    record.validate().map_err(|e| BadInput(e.to_string()))?;
    let store = super::kek::open_signing(&a.db.db).await?;
    let user = super::actor_user(store.as_ref(), &a.actor).await?;
    let entry = match store
        .record_custody_event(&record, system_write(Some(user)))
        .await
    {
        Err(e @ (StoreError::Domain(_) | StoreError::NotFound { .. })) => {
            return Err(BadInput(e.to_string()).into());
        }
        other => other.context("cannot record the custody event")?,
    };
    let e = &entry.entry;
    println!(
        "entry {}: {} of {} by {} ({}) at {}; hash {}",
        e.sequence,
        e.event.kind().as_str(),
        e.remains.join(", "),
        e.actor,
        e.organization,
        e.location,
        entry.hash.to_hex()
    );
    Ok(())
}
