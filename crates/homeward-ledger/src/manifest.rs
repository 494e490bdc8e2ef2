//! The handover manifest (a batch's caskets, remains, effects and totals) and the receiver's
//! receipt, with their canonical byte encodings and the checks that their numbers add up.

use std::collections::BTreeSet;
use std::fmt::Write as _;

use serde::{Deserialize, Serialize};

use crate::encoding::Writer;
use crate::keys::ContentHash;

/// First bytes of a manifest's canonical encoding: `HWMANIFEST`, version 1 (u16 BE).
pub const MANIFEST_MAGIC: &[u8; 12] = b"HWMANIFEST\x00\x01";
/// First bytes of a receipt's canonical encoding: `HWRECEIPT`, version 1 (u16 BE).
pub const RECEIPT_MAGIC: &[u8; 11] = b"HWRECEIPT\x00\x01";

/// A batch handed from one state's organization to another's.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Manifest {
    pub batch_id: String,
    /// Which handover this is, e.g. 9 for the ninth.
    pub sequence_number: u32,
    pub sender: String,
    pub receiver: String,
    /// When the manifest was issued, unix seconds.
    pub issued_at: i64,
    pub caskets: Vec<Casket>,
    /// What the sender declares; must equal what the caskets hold.
    pub totals: Totals,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Casket {
    pub number: u32,
    pub remains: Vec<ManifestRemains>,
    pub effects: Vec<ManifestEffect>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ManifestRemains {
    /// The sender's accession number.
    pub accession: String,
    /// Biological profile summary (sex, age at death, stature), as text.
    pub profile: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ManifestEffect {
    pub id: String,
    pub description: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Totals {
    pub caskets: u32,
    pub remains: u32,
    pub effects: u32,
}

impl std::fmt::Display for Totals {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{} caskets, {} remains, {} effects",
            self.caskets, self.remains, self.effects
        )
    }
}

fn count(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

impl Totals {
    /// What a list of caskets holds.
    pub fn of(caskets: &[Casket]) -> Totals {
        Totals {
            caskets: count(caskets.len()),
            remains: count(caskets.iter().map(|c| c.remains.len()).sum()),
            effects: count(caskets.iter().map(|c| c.effects.len()).sum()),
        }
    }
}

/// A manifest's content does not hold together.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ContentError {
    #[error(
        "totals do not add up: declared {declared}, but the caskets hold {counted} ({per_casket})"
    )]
    Totals {
        declared: Totals,
        counted: Totals,
        /// `#number: r remains, e effects` for each casket, in order.
        per_casket: String,
    },
    #[error("casket number {0} appears more than once")]
    DuplicateCasket(u32),
    #[error("accession number {accession} appears more than once (casket {casket})")]
    DuplicateRemains { accession: String, casket: u32 },
    #[error("effect {effect} appears more than once (casket {casket})")]
    DuplicateEffect { effect: String, casket: u32 },
    #[error("{field} is empty")]
    Empty { field: &'static str },
}

impl Manifest {
    /// The canonical bytes (README, "Manifest encoding v1").
    pub fn encode(&self) -> Vec<u8> {
        let mut w = Writer::with_magic(MANIFEST_MAGIC);
        w.str(&self.batch_id);
        w.u32(self.sequence_number);
        w.str(&self.sender);
        w.str(&self.receiver);
        w.i64(self.issued_at);
        w.count(self.caskets.len());
        for casket in &self.caskets {
            w.u32(casket.number);
            w.count(casket.remains.len());
            for r in &casket.remains {
                w.str(&r.accession);
                w.str(&r.profile);
            }
            w.count(casket.effects.len());
            for e in &casket.effects {
                w.str(&e.id);
                w.str(&e.description);
            }
        }
        encode_totals(&mut w, self.totals);
        w.finish()
    }

    /// SHA-256 of [`Manifest::encode`]: what the sender signs and the receipt references.
    pub fn hash(&self) -> ContentHash {
        ContentHash::of(&self.encode())
    }

    /// What the caskets hold.
    pub fn counted_totals(&self) -> Totals {
        Totals::of(&self.caskets)
    }

    /// Unique casket numbers, accession numbers and effect ids; declared totals equal counted.
    pub fn check(&self) -> Result<(), ContentError> {
        for (field, value) in [
            ("batch_id", &self.batch_id),
            ("sender", &self.sender),
            ("receiver", &self.receiver),
        ] {
            if value.trim().is_empty() {
                return Err(ContentError::Empty { field });
            }
        }
        let mut numbers = BTreeSet::new();
        let mut accessions = BTreeSet::new();
        let mut effects = BTreeSet::new();
        for casket in &self.caskets {
            if !numbers.insert(casket.number) {
                return Err(ContentError::DuplicateCasket(casket.number));
            }
            for r in &casket.remains {
                if !accessions.insert(r.accession.as_str()) {
                    return Err(ContentError::DuplicateRemains {
                        accession: r.accession.clone(),
                        casket: casket.number,
                    });
                }
            }
            for e in &casket.effects {
                if !effects.insert(e.id.as_str()) {
                    return Err(ContentError::DuplicateEffect {
                        effect: e.id.clone(),
                        casket: casket.number,
                    });
                }
            }
        }
        let counted = self.counted_totals();
        if counted != self.totals {
            let mut per_casket = String::new();
            for (i, c) in self.caskets.iter().enumerate() {
                if i > 0 {
                    per_casket.push_str("; ");
                }
                let _ = write!(
                    per_casket,
                    "#{}: {} remains, {} effects",
                    c.number,
                    c.remains.len(),
                    c.effects.len()
                );
            }
            return Err(ContentError::Totals {
                declared: self.totals,
                counted,
                per_casket,
            });
        }
        Ok(())
    }
}

fn encode_totals(w: &mut Writer, t: Totals) {
    w.u32(t.caskets);
    w.u32(t.remains);
    w.u32(t.effects);
}

/// One way the received batch differs from its manifest.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", deny_unknown_fields)]
pub enum Discrepancy {
    MissingCasket {
        casket: u32,
    },
    UnexpectedCasket {
        casket: u32,
    },
    MissingRemains {
        casket: u32,
        accession: String,
    },
    UnexpectedRemains {
        casket: u32,
        accession: String,
    },
    MissingEffect {
        casket: u32,
        effect: String,
    },
    UnexpectedEffect {
        casket: u32,
        effect: String,
    },
    /// A count that differs: `item` is `caskets`, `remains` or `effects`.
    CountDiffers {
        item: String,
        declared: u32,
        counted: u32,
    },
    Note {
        text: String,
    },
}

/// Keys one side has and the other lacks, and the discrepancy each makes in a casket.
type Side<'a> = (
    &'a BTreeSet<&'a str>,
    &'a BTreeSet<&'a str>,
    fn(u32, String) -> Discrepancy,
);

impl Discrepancy {
    /// The variant's tag in the signed encoding (fixed: receipts already signed carry it).
    fn tag(&self) -> u16 {
        match self {
            Discrepancy::MissingCasket { .. } => 1,
            Discrepancy::UnexpectedCasket { .. } => 2,
            Discrepancy::MissingRemains { .. } => 3,
            Discrepancy::UnexpectedRemains { .. } => 4,
            Discrepancy::MissingEffect { .. } => 5,
            Discrepancy::UnexpectedEffect { .. } => 6,
            Discrepancy::CountDiffers { .. } => 7,
            Discrepancy::Note { .. } => 8,
        }
    }

    fn encode(&self, w: &mut Writer) {
        w.u16(self.tag());
        match self {
            Discrepancy::MissingCasket { casket } | Discrepancy::UnexpectedCasket { casket } => {
                w.u32(*casket);
            }
            Discrepancy::MissingRemains {
                casket,
                accession: key,
            }
            | Discrepancy::UnexpectedRemains {
                casket,
                accession: key,
            }
            | Discrepancy::MissingEffect {
                casket,
                effect: key,
            }
            | Discrepancy::UnexpectedEffect {
                casket,
                effect: key,
            } => {
                w.u32(*casket);
                w.str(key);
            }
            Discrepancy::CountDiffers {
                item,
                declared,
                counted,
            } => {
                w.str(item);
                w.u32(*declared);
                w.u32(*counted);
            }
            Discrepancy::Note { text } => w.str(text),
        }
    }
}

/// The receiving side's countersignature: which manifest, what was counted, what differed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Receipt {
    /// The hash of the manifest received (its canonical encoding's SHA-256), lowercase hex.
    pub manifest_sha256: String,
    pub batch_id: String,
    pub sender: String,
    pub receiver: String,
    pub received_at: i64,
    pub counted: Totals,
    pub discrepancies: Vec<Discrepancy>,
    pub notes: String,
}

impl Receipt {
    /// Compares what was found in each casket with the manifest and lists every difference.
    pub fn inspect(
        manifest: &Manifest,
        manifest_hash: ContentHash,
        found: &[Casket],
        received_at: i64,
        notes: &str,
    ) -> Receipt {
        let mut discrepancies = Vec::new();
        for declared in &manifest.caskets {
            let Some(got) = found.iter().find(|c| c.number == declared.number) else {
                discrepancies.push(Discrepancy::MissingCasket {
                    casket: declared.number,
                });
                continue;
            };
            let casket = declared.number;
            let have_r: BTreeSet<&str> = got.remains.iter().map(|r| r.accession.as_str()).collect();
            let want_r: BTreeSet<&str> = declared
                .remains
                .iter()
                .map(|r| r.accession.as_str())
                .collect();
            let have_e: BTreeSet<&str> = got.effects.iter().map(|e| e.id.as_str()).collect();
            let want_e: BTreeSet<&str> = declared.effects.iter().map(|e| e.id.as_str()).collect();
            // Each declared key not found, and each found key not declared, for remains and effects.
            let sides: [Side; 4] = [
                (&want_r, &have_r, |casket, accession| {
                    Discrepancy::MissingRemains { casket, accession }
                }),
                (&have_r, &want_r, |casket, accession| {
                    Discrepancy::UnexpectedRemains { casket, accession }
                }),
                (&want_e, &have_e, |casket, effect| {
                    Discrepancy::MissingEffect { casket, effect }
                }),
                (&have_e, &want_e, |casket, effect| {
                    Discrepancy::UnexpectedEffect { casket, effect }
                }),
            ];
            for (from, without, make) in sides {
                discrepancies.extend(
                    from.difference(without)
                        .map(|k| make(casket, k.to_string())),
                );
            }
        }
        for got in found {
            if !manifest.caskets.iter().any(|c| c.number == got.number) {
                discrepancies.push(Discrepancy::UnexpectedCasket { casket: got.number });
            }
        }
        let counted = Totals::of(found);
        let declared = manifest.totals;
        for (item, d, c) in [
            ("caskets", declared.caskets, counted.caskets),
            ("remains", declared.remains, counted.remains),
            ("effects", declared.effects, counted.effects),
        ] {
            if d != c {
                discrepancies.push(Discrepancy::CountDiffers {
                    item: item.to_string(),
                    declared: d,
                    counted: c,
                });
            }
        }
        Receipt {
            manifest_sha256: manifest_hash.to_hex(),
            batch_id: manifest.batch_id.clone(),
            sender: manifest.sender.clone(),
            receiver: manifest.receiver.clone(),
            received_at,
            counted,
            discrepancies,
            notes: notes.to_string(),
        }
    }

    /// The canonical bytes (README, "Receipt encoding v1"). The manifest hash is encoded as its
    /// text, which [`crate::verify_receipt`] checks is 64 lowercase hex characters.
    pub fn encode(&self) -> Vec<u8> {
        let mut w = Writer::with_magic(RECEIPT_MAGIC);
        w.str(&self.manifest_sha256);
        w.str(&self.batch_id);
        w.str(&self.sender);
        w.str(&self.receiver);
        w.i64(self.received_at);
        encode_totals(&mut w, self.counted);
        w.count(self.discrepancies.len());
        for d in &self.discrepancies {
            d.encode(&mut w);
        }
        w.str(&self.notes);
        w.finish()
    }

    pub fn hash(&self) -> ContentHash {
        ContentHash::of(&self.encode())
    }
}
