//! The demo's custody ledger: a signing key for MAKRI and, for every remains case, the custody
//! entries its lifecycle implies (recovered, stored, examined, nationality determined, handed
//! over, buried), appended in time order so the chain reads as the cases were handled.

use homeward_domain::{LifecycleStatus, Nationality, NewRemainsCase, Phrase, Timestamp};
use homeward_ledger::{CustodyEvent, EntryDraft, OrganizationKey};
use homeward_store::{Store, StoreError, WriteContext};
use rand::{Rng, RngCore, SeedableRng};
use rand_chacha::ChaCha8Rng;

use super::plan::Step;
use super::time::at_hour;

/// Entries per `append_ledger` call (one transaction each).
const BATCH: usize = 1_000;

/// Where recovered remains are kept until their case ends.
const LABORATORY: &str = "MAKRI central identification laboratory";

/// The receiving organization for repatriated remains of this nationality.
fn receiver(n: Nationality) -> String {
    match n {
        Nationality::Cpv => "Ministry of Veterans Affairs of the People's Republic of China".into(),
        Nationality::Un(state) => format!("Government of {}", state.code()),
        other => format!("Government of {}", other.code()),
    }
}

/// MAKRI's demo signing key. Derived from the demo seed so that the same seed gives the same
/// ledger: acceptable only because demo stores are synthetic and never hold real data — a real
/// organization's key comes from OS randomness (`homeward ledger keygen`).
pub fn demo_key(organization: &str, seed: u64) -> OrganizationKey {
    let mut rng = ChaCha8Rng::seed_from_u64(seed ^ 0x6c65_6467_6572_6b65);
    let mut bytes = [0u8; 32];
    rng.fill_bytes(&mut bytes);
    OrganizationKey::from_seed(organization, &bytes)
}

/// One case as the ledger needs it.
pub struct CaseCustody<'a> {
    /// The case as accessioned.
    pub case: &'a NewRemainsCase,
    /// Its recovery site's code and name.
    pub site: (&'a str, &'a str),
    /// The team that recovered it.
    pub team: &'a str,
    /// Its lifecycle steps, in order.
    pub steps: &'a [Step],
}

/// The custody entries of one case, oldest first.
fn drafts(rng: &mut impl Rng, organization: &str, c: &CaseCustody<'_>) -> Vec<EntryDraft> {
    let case = c.case;
    let (code, site_name) = c.site;
    let n = case.nationality.nationality;
    let facility = if case.storage_location.starts_with(LABORATORY) {
        case.storage_location.clone()
    } else {
        LABORATORY.to_owned()
    };
    let recovered = at_hour(case.recovery_date, 9).0;
    // Entries name their actor by the demo user's username, as the registry's own writes do.
    let mut out = vec![
        EntryDraft::new(
            recovered,
            "recovery",
            site_name,
            CustodyEvent::Recovered {
                site: code.to_owned(),
            },
        ),
        EntryDraft::new(
            at_hour(case.recovery_date, 18).0,
            "custodian",
            &facility,
            CustodyEvent::Stored {
                facility: facility.clone(),
            },
        ),
    ];
    out[0].details = Phrase::new("sys-demo-recovered")
        .text("team", c.team)
        .text("condition", &case.condition)
        .stored();
    for step in c.steps {
        let at = step.at.0;
        let draft = match step.to {
            LifecycleStatus::Examined => EntryDraft::new(
                at,
                "anthropologist",
                &facility,
                CustodyEvent::Examined {
                    examination: Phrase::new("sys-event-demo-examination").stored(),
                },
            ),
            LifecycleStatus::NationalityDetermined => {
                let mut d = EntryDraft::new(
                    at,
                    "reviewer",
                    &facility,
                    CustodyEvent::NationalityDetermined {
                        nationality: n.code(),
                        basis: case.nationality.evidence.clone(),
                    },
                );
                d.details = case
                    .nationality
                    .committee_decision
                    .clone()
                    .unwrap_or_default();
                d
            }
            LifecycleStatus::HandedOver => EntryDraft::new(
                at,
                "repatriation",
                "Incheon International Airport",
                CustodyEvent::HandedOver {
                    from_organization: organization.to_owned(),
                    to_organization: receiver(n),
                },
            ),
            LifecycleStatus::Buried => {
                let repatriated = c.steps.iter().any(|s| s.to == LifecycleStatus::HandedOver);
                let cemetery = match n {
                    Nationality::Cpv => "Shenyang Cemetery of CPV Martyrs".to_owned(),
                    Nationality::Kpa => "Cemetery for North Korean soldiers, Jeokseong".to_owned(),
                    Nationality::Un(s) => format!("national cemetery of {}", s.code()),
                    _ => "Daejeon National Cemetery".to_owned(),
                };
                let mut d = EntryDraft::new(
                    at,
                    "custodian",
                    &cemetery,
                    CustodyEvent::Buried {
                        cemetery: cemetery.clone(),
                        section: format!("{}", rng.random_range(1..=12)),
                        row: format!("{}", rng.random_range(1..=40)),
                        plot: format!("{}", rng.random_range(1..=60)),
                    },
                );
                if repatriated {
                    d.details = Phrase::new("sys-reported-after-handover")
                        .text("receiver", receiver(n))
                        .stored();
                }
                d
            }
            _ => continue,
        };
        out.push(draft);
    }
    for d in &mut out {
        d.remains = vec![case.accession.clone()];
    }
    out
}

/// Saves MAKRI's demo key and appends every case's custody entries in time order, in batches.
/// Returns the count.
pub async fn append(
    store: &dyn Store,
    organization: &str,
    seed: u64,
    cases: &[CaseCustody<'_>],
    ctx: WriteContext,
) -> Result<usize, StoreError> {
    store
        .save_organization_key(&demo_key(organization, seed), ctx)
        .await?;
    let mut rng = ChaCha8Rng::seed_from_u64(seed ^ 0x6275_7269_616c);
    let mut all: Vec<EntryDraft> = cases
        .iter()
        .flat_map(|c| drafts(&mut rng, organization, c))
        .collect();
    // Stable: entries of one case at the same moment keep their order.
    all.sort_by(|a, b| (a.time, &a.remains).cmp(&(b.time, &b.remains)));
    let count = all.len();
    let mut rest = all.into_iter().peekable();
    while rest.peek().is_some() {
        let batch: Vec<EntryDraft> = rest.by_ref().take(BATCH).collect();
        let last = batch.last().map_or(ctx.at, |d| Timestamp(d.time));
        let at = WriteContext { at: last, ..ctx };
        store.append_ledger(organization, batch, at).await?;
    }
    Ok(count)
}
