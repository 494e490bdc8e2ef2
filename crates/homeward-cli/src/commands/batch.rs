//! `homeward batch …`: drive a repatriation batch through its steps (create, add, verify,
//! advance, encoffin, manifest, handover, receive, bury) and read it (list, show). Thin: each
//! subcommand parses its flags and calls one store or app function; the rules are the domain's.

use std::path::PathBuf;

use anyhow::Context;
use homeward_app::repatriation::{self, transfer};
use homeward_app::system_write;
use homeward_domain::{
    Accession, BatchCode, BatchState, Burial, CalendarDate, HandoverCeremony, JointVerification,
    LocalizedName, NameLanguage, Transport,
};
use homeward_ledger::Discrepancy;
use homeward_store::StoreError;

use super::{BadInput, DbArgs};

/// `homeward batch …`
#[derive(Debug, clap::Subcommand)]
pub enum BatchCommand {
    /// Plan a batch from one organization to another (state "planned").
    Create(CreateArgs),
    /// Add remains cases (by accession number) to a planned batch.
    Add(AddArgs),
    /// Record both sides' joint verification of cases (all of the batch's when none are named).
    Verify(VerifyArgs),
    /// Take the next step when it needs no record of its own (jointly_verified).
    Advance(AdvanceArgs),
    /// Encoffin: one casket per case with its travelling effects, or a CSV plan ("encoffined").
    Encoffin(EncoffinArgs),
    /// Write the batch's signed canonical JSON manifest (issued once; later copies are the same).
    Manifest(ManifestArgs),
    /// Record the handover ceremony and the transport (state "handed over").
    Handover(HandoverArgs),
    /// Verify the receiver's countersigned receipt and only then record the batch as received.
    Receive(ReceiveArgs),
    /// Record the burials, one plot per case in the order they joined (state "buried").
    Bury(BuryArgs),
    /// List the batches.
    List(DbArgs),
    /// Show a batch: its parties, state, remains, caskets, ceremony and transport.
    Show(BatchArg),
}

/// A batch and the store.
#[derive(Debug, clap::Args)]
pub struct BatchArg {
    /// The batch's code, e.g. KR-CN-9.
    batch: String,
    #[command(flatten)]
    db: DbArgs,
}

/// Flags of `homeward batch create`.
#[derive(Debug, clap::Args)]
pub struct CreateArgs {
    /// The sending organization, by exact name.
    #[arg(long)]
    sender: String,
    /// The receiving organization, by exact name.
    #[arg(long)]
    receiver: String,
    /// Which handover between them this is (e.g. 9 for the ninth).
    #[arg(long)]
    sequence: u32,
    #[command(flatten)]
    db: DbArgs,
}

/// Flags of `homeward batch add`.
#[derive(Debug, clap::Args)]
pub struct AddArgs {
    #[command(flatten)]
    batch: BatchArg,
    /// Accession numbers.
    #[arg(required = true)]
    accessions: Vec<String>,
}

/// Flags of `homeward batch verify`.
#[derive(Debug, clap::Args)]
pub struct VerifyArgs {
    #[command(flatten)]
    batch: BatchArg,
    /// Accession numbers (default: every case of the batch).
    accessions: Vec<String>,
    /// A sending-side expert (repeat for several).
    #[arg(long = "sending-expert", required = true)]
    sending: Vec<String>,
    /// A receiving-side expert (repeat for several).
    #[arg(long = "receiving-expert", required = true)]
    receiving: Vec<String>,
    /// The date, YYYY-MM-DD.
    #[arg(long)]
    date: String,
    #[arg(long, default_value = "")]
    notes: String,
    /// The sides did not agree (the batch then cannot go on).
    #[arg(long)]
    disagreed: bool,
}

/// Flags of `homeward batch advance`.
#[derive(Debug, clap::Args)]
pub struct AdvanceArgs {
    #[command(flatten)]
    batch: BatchArg,
    /// The step, e.g. jointly_verified.
    step: String,
}

/// Flags of `homeward batch encoffin`.
#[derive(Debug, clap::Args)]
pub struct EncoffinArgs {
    #[command(flatten)]
    batch: BatchArg,
    /// How many caskets (the first ones) are carried in the ceremony, draped with the flag.
    #[arg(long, default_value_t = 0)]
    ceremonial: u32,
    /// A casket plan (CSV: casket,accession,effects,ceremonial) instead of one casket per case.
    #[arg(long, conflicts_with = "ceremonial")]
    caskets: Option<PathBuf>,
}

/// Flags of `homeward batch manifest`.
#[derive(Debug, clap::Args)]
pub struct ManifestArgs {
    #[command(flatten)]
    batch: BatchArg,
    /// Write it to this file instead of standard output.
    #[arg(long)]
    out: Option<PathBuf>,
}

/// Flags of `homeward batch handover`.
#[derive(Debug, clap::Args)]
pub struct HandoverArgs {
    #[command(flatten)]
    batch: BatchArg,
    /// Date of the ceremony, YYYY-MM-DD.
    #[arg(long)]
    date: String,
    /// Where the ceremony was held, as entered (its original script).
    #[arg(long)]
    place: String,
    /// The place's name in a language, `ko=…`, `zh=…` or `en=…` (repeat for each).
    #[arg(long = "place-in", value_name = "LANG=NAME")]
    place_in: Vec<String>,
    /// An official of the sending side (repeat for several).
    #[arg(long = "sending-official", required = true)]
    sending: Vec<String>,
    /// An official of the receiving side (repeat for several).
    #[arg(long = "receiving-official", required = true)]
    receiving: Vec<String>,
    #[arg(long)]
    carrier: String,
    #[arg(long)]
    aircraft: String,
    #[arg(long)]
    flight: Option<String>,
    #[arg(long, default_value = "")]
    escort: String,
    /// Where the transport left from.
    #[arg(long)]
    from: String,
    /// Where it arrived.
    #[arg(long)]
    to: String,
    /// Arrival date, YYYY-MM-DD (default: the ceremony's date).
    #[arg(long)]
    arrival_date: Option<String>,
}

/// Flags of `homeward batch receive`.
#[derive(Debug, clap::Args)]
pub struct ReceiveArgs {
    #[command(flatten)]
    batch: BatchArg,
    /// The receipt file the receiver countersigned.
    #[arg(long)]
    receipt: PathBuf,
    /// The receiver's public key file.
    #[arg(long)]
    key: PathBuf,
}

/// Flags of `homeward batch bury`.
#[derive(Debug, clap::Args)]
pub struct BuryArgs {
    #[command(flatten)]
    batch: BatchArg,
    #[arg(long)]
    cemetery: String,
    #[arg(long, default_value = "")]
    section: String,
    #[arg(long, default_value = "")]
    row: String,
    /// The first plot number; the cases take consecutive plots.
    #[arg(long, default_value_t = 1)]
    first_plot: u32,
    /// Date of burial, YYYY-MM-DD.
    #[arg(long)]
    date: String,
}

fn date(flag: &str, text: &str) -> Result<CalendarDate, BadInput> {
    CalendarDate::parse(text).map_err(|e| BadInput(format!("--{flag}: {e}")))
}

/// One discrepancy of a receipt, as a line for people.
fn describe(d: &Discrepancy) -> String {
    match d {
        Discrepancy::MissingCasket { casket } => format!("casket {casket} missing"),
        Discrepancy::UnexpectedCasket { casket } => format!("casket {casket} not in the manifest"),
        Discrepancy::MissingRemains { casket, accession } => {
            format!("remains {accession} missing from casket {casket}")
        }
        Discrepancy::UnexpectedRemains { casket, accession } => {
            format!("remains {accession} in casket {casket} not in the manifest")
        }
        Discrepancy::MissingEffect { casket, effect } => {
            format!("effect {effect} missing from casket {casket}")
        }
        Discrepancy::UnexpectedEffect { casket, effect } => {
            format!("effect {effect} in casket {casket} not in the manifest")
        }
        Discrepancy::CountDiffers {
            item,
            declared,
            counted,
        } => format!("{item}: {declared} declared, {counted} counted"),
        Discrepancy::Note { text } => format!("note: {text}"),
    }
}

impl BatchArg {
    /// The batch's code; text that is no valid code is refused as an unknown batch is.
    fn code(&self) -> Result<BatchCode, StoreError> {
        repatriation::batch_code(&self.batch)
    }
}

/// The accession number `text`; text that is no valid one is refused as the store refuses an
/// unknown case (`what`).
fn accession(text: &str, what: &'static str) -> Result<Accession, StoreError> {
    Accession::parse(text).map_err(|_| StoreError::NotFound {
        what,
        key: text.to_owned(),
    })
}

/// Runs a batch subcommand.
pub async fn run(cmd: BatchCommand) -> anyhow::Result<()> {
    let ctx = system_write(None);
    match cmd {
        BatchCommand::Create(a) => {
            let store = super::kek::open_signing(&a.db.db).await?;
            let b =
                repatriation::plan_batch(store.as_ref(), &a.sender, &a.receiver, a.sequence, ctx)
                    .await?;
            println!("{}", b.code);
        }
        BatchCommand::Add(a) => {
            let store = super::kek::open_signing(&a.batch.db.db).await?;
            for (done, acc) in a.accessions.iter().enumerate() {
                store
                    .add_batch_remains(&a.batch.code()?, &accession(acc, "remains case")?, ctx)
                    .await
                    .with_context(|| {
                        format!("{done} case(s) before {acc} were added; {acc} and after were not")
                    })?;
            }
            eprintln!("{} case(s) added to {}", a.accessions.len(), a.batch.batch);
        }
        BatchCommand::Verify(a) => {
            let store = super::kek::open_signing(&a.batch.db.db).await?;
            let v = JointVerification {
                sending_experts: a.sending,
                receiving_experts: a.receiving,
                date: date("date", &a.date)?,
                notes: a.notes,
                both_agreed: !a.disagreed,
            };
            let accessions = if a.accessions.is_empty() {
                let record = repatriation::batch(store.as_ref(), &a.batch.batch).await?;
                record.remains.into_iter().map(|r| r.accession).collect()
            } else {
                a.accessions
            };
            for acc in &accessions {
                store
                    .record_joint_verification(
                        &a.batch.code()?,
                        &accession(acc, "remains case in this batch")?,
                        &v,
                        ctx,
                    )
                    .await?;
            }
            eprintln!(
                "joint verification recorded for {} case(s)",
                accessions.len()
            );
        }
        BatchCommand::Advance(a) => {
            let to = BatchState::from_code(&a.step).map_err(|e| BadInput(e.to_string()))?;
            let store = super::kek::open_signing(&a.batch.db.db).await?;
            store.advance_batch(&a.batch.code()?, to, ctx).await?;
            eprintln!("{} is {to}", a.batch.batch);
        }
        BatchCommand::Encoffin(a) => {
            let store = super::kek::open_signing(&a.batch.db.db).await?;
            let caskets = match &a.caskets {
                Some(path) => {
                    let file = super::files::read_bytes(path, super::files::CASKETS)?;
                    repatriation::caskets_from_csv(file.as_slice())
                        .map_err(|e| BadInput(format!("{}: {e}", path.display())))?
                }
                None => {
                    let record = repatriation::batch(store.as_ref(), &a.batch.batch).await?;
                    repatriation::one_casket_each(store.as_ref(), &record, a.ceremonial).await?
                }
            };
            store
                .encoffin_batch(&a.batch.code()?, &caskets, ctx)
                .await?;
            let effects: usize = caskets.iter().map(|c| c.effects.len()).sum();
            eprintln!(
                "{} encoffined: {} caskets, {effects} effects",
                a.batch.batch,
                caskets.len()
            );
        }
        BatchCommand::Manifest(a) => {
            let store = super::kek::open_signing(&a.batch.db.db).await?;
            let text = repatriation::manifest(store.as_ref(), &a.batch.batch, ctx).await?;
            match a.out {
                Some(path) => std::fs::write(&path, &text)
                    .with_context(|| format!("cannot write {}", path.display()))?,
                None => print!("{text}"),
            }
        }
        BatchCommand::Handover(a) => {
            let ceremony_date = date("date", &a.date)?;
            let mut place = LocalizedName::original(a.place);
            for form in &a.place_in {
                let (lang, text) = form
                    .split_once('=')
                    .and_then(|(l, t)| Some((NameLanguage::parse(l)?, t)))
                    .with_context(|| {
                        format!("--place-in {form:?}: write ko=NAME, zh=NAME or en=NAME")
                    })?;
                place.set(lang, Some(text.to_owned()));
            }
            let ceremony = HandoverCeremony {
                date: ceremony_date,
                place,
                sending_officials: a.sending.into_iter().map(Into::into).collect(),
                receiving_officials: a.receiving.into_iter().map(Into::into).collect(),
            };
            let transport = Transport {
                carrier: a.carrier,
                aircraft: a.aircraft,
                flight: a.flight,
                escort: a.escort,
                departure_place: a.from,
                departure_date: ceremony_date,
                arrival_place: a.to,
                arrival_date: match a.arrival_date {
                    Some(d) => date("arrival-date", &d)?,
                    None => ceremony_date,
                },
            };
            let store = super::kek::open_signing(&a.batch.db.db).await?;
            store
                .hand_over_batch(&a.batch.code()?, &ceremony, &transport, ctx)
                .await?;
            eprintln!("{} handed over", a.batch.batch);
        }
        BatchCommand::Receive(a) => {
            let key = super::files::read_key(&a.key)?;
            let receipt = super::files::read_text(&a.receipt, super::files::RECEIPT)?;
            let store = super::kek::open_signing(&a.batch.db.db).await?;
            let found =
                transfer::receive(store.as_ref(), &a.batch.batch, &receipt, &key, ctx).await?;
            println!(
                "{} received; the receipt records {} discrepancies",
                a.batch.batch,
                found.len()
            );
            for d in found {
                println!("  {}", describe(&d));
            }
        }
        BatchCommand::Bury(a) => {
            let on = date("date", &a.date)?;
            let store = super::kek::open_signing(&a.batch.db.db).await?;
            let record = repatriation::batch(store.as_ref(), &a.batch.batch).await?;
            let burials: Vec<(String, Burial)> = (a.first_plot..)
                .zip(&record.remains)
                .map(|(plot, r)| {
                    let burial = Burial {
                        cemetery: a.cemetery.clone(),
                        section: a.section.clone(),
                        row: a.row.clone(),
                        plot: plot.to_string(),
                        date: on,
                    };
                    (r.accession.clone(), burial)
                })
                .collect();
            store.bury_batch(&a.batch.code()?, &burials, ctx).await?;
            eprintln!(
                "{}: {} buried at {}",
                a.batch.batch,
                burials.len(),
                a.cemetery
            );
        }
        BatchCommand::List(db) => {
            let store = super::open(&db.db).await?;
            println!("{:<12} {:<18} SENDER → RECEIVER", "BATCH", "STATE");
            for b in store.batches().await? {
                println!(
                    "{:<12} {:<18} {} → {}",
                    b.code, b.state, b.batch.sender.name, b.batch.receiver.name
                );
            }
        }
        BatchCommand::Show(a) => {
            let store = super::open(&a.db.db).await?;
            let r = repatriation::batch(store.as_ref(), &a.batch).await?;
            super::manifest::show(&r);
        }
    }
    Ok(())
}
