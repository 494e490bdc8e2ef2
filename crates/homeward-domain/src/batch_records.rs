//! What each later step of a repatriation batch records: the caskets (which remains and which
//! personal effects travel in each), the handover ceremony, the transport and the burials, with
//! their validation; and the one-line biological profile summary the manifest carries.

use std::collections::{BTreeMap, BTreeSet};

use crate::error::listed;
use crate::site::require_text;
use crate::{
    BiologicalProfile, CalendarDate, DomainError, EffectDisposition, LocalizedName, Official,
    PersonalEffect, PersonalEffectId, SexEstimate,
};

/// One casket as encoffined.
#[derive(Debug, Clone, PartialEq)]
pub struct BatchCasket {
    /// Its number, unique in the batch (1 or more).
    pub number: u32,
    /// Accession numbers of the remains in it.
    pub remains: Vec<String>,
    /// The personal effects that travel in it.
    pub effects: Vec<PersonalEffectId>,
    /// Carried in the ceremony, draped with the flag (the others are already aboard).
    pub ceremonial: bool,
}

/// Checks a batch's encoffining: casket numbers 1 or more and unique; every case of the batch
/// (`batch_remains`) in exactly one casket and no other case; no empty casket; each effect once,
/// in the casket of the remains it was found with, and meant to travel with them. `effects`
/// holds the stored effects named by the caskets (ids not in it do not exist).
pub fn check_encoffining(
    batch_remains: &[&str],
    caskets: &[BatchCasket],
    effects: &[(String, PersonalEffect)],
) -> Result<(), DomainError> {
    if caskets.is_empty() {
        return Err(DomainError::invalid("caskets", "name at least one casket"));
    }
    let in_batch: BTreeSet<&str> = batch_remains.iter().copied().collect();
    let mut numbers = BTreeSet::new();
    let mut placed: BTreeMap<&str, u32> = BTreeMap::new();
    let mut effects_placed = BTreeSet::new();
    let owner: BTreeMap<PersonalEffectId, (&str, &PersonalEffect)> = effects
        .iter()
        .map(|(accession, e)| (e.id, (accession.as_str(), e)))
        .collect();
    for casket in caskets {
        let n = casket.number;
        if n == 0 {
            return Err(DomainError::invalid("casket", "casket numbers start at 1"));
        }
        if !numbers.insert(n) {
            return Err(DomainError::invalid(
                "casket",
                format!("casket number {n} is used twice"),
            ));
        }
        if casket.remains.is_empty() {
            return Err(DomainError::invalid(
                "casket",
                format!("casket {n} holds no remains"),
            ));
        }
        for accession in &casket.remains {
            if !in_batch.contains(accession.as_str()) {
                return Err(DomainError::invalid(
                    "remains",
                    format!("{accession} (casket {n}) is not in this batch"),
                ));
            }
            if let Some(other) = placed.insert(accession, n) {
                return Err(DomainError::invalid(
                    "remains",
                    format!("{accession} is in casket {other} and casket {n}"),
                ));
            }
        }
        for id in &casket.effects {
            let Some((found_with, effect)) = owner.get(id) else {
                return Err(DomainError::invalid(
                    "effects",
                    format!("effect {id} (casket {n}) was not found with any case of this batch"),
                ));
            };
            if !effects_placed.insert(*id) {
                return Err(DomainError::invalid(
                    "effects",
                    format!("effect {id} is placed in more than one casket"),
                ));
            }
            if !casket.remains.iter().any(|a| a == found_with) {
                return Err(DomainError::invalid(
                    "effects",
                    format!("effect {id} was found with {found_with}, which is not in casket {n}"),
                ));
            }
            if effect.effect.disposition != EffectDisposition::TravelsWithRemains {
                return Err(DomainError::invalid(
                    "effects",
                    format!(
                        "effect {id} is to be {}, not to travel with the remains",
                        effect.effect.disposition.code().replace('_', " ")
                    ),
                ));
            }
        }
    }
    match listed(
        batch_remains
            .iter()
            .copied()
            .filter(|a| !placed.contains_key(a)),
    ) {
        Some(unplaced) => Err(DomainError::invalid(
            "caskets",
            format!("no casket holds {unplaced}"),
        )),
        None => Ok(()),
    }
}

/// The handover ceremony.
#[derive(Debug, Clone, PartialEq)]
pub struct HandoverCeremony {
    /// When.
    pub date: CalendarDate,
    /// Where (e.g. Incheon International Airport), in the three languages where known.
    pub place: LocalizedName,
    /// The sending side's officials.
    pub sending_officials: Vec<Official>,
    /// The receiving side's officials.
    pub receiving_officials: Vec<Official>,
}

impl HandoverCeremony {
    /// A place and at least one official of each side.
    pub fn validate(&self) -> Result<(), DomainError> {
        self.place.validate("place")?;
        for (field, officials) in [
            ("sending_officials", &self.sending_officials),
            ("receiving_officials", &self.receiving_officials),
        ] {
            if officials.is_empty() {
                return Err(DomainError::invalid(
                    field,
                    "name at least one official, none empty",
                ));
            }
            for official in officials {
                official.validate(field).map_err(|_| {
                    DomainError::invalid(field, "name at least one official, none empty")
                })?;
            }
        }
        Ok(())
    }
}

/// How the remains travelled to the receiving state.
#[derive(Debug, Clone, PartialEq)]
pub struct Transport {
    /// Who carried them (e.g. an air force).
    pub carrier: String,
    /// The aircraft (or vehicle).
    pub aircraft: String,
    /// The flight number, if any.
    pub flight: Option<String>,
    /// The escort.
    pub escort: String,
    /// Where from.
    pub departure_place: String,
    /// Departure date.
    pub departure_date: CalendarDate,
    /// Where to.
    pub arrival_place: String,
    /// Arrival date.
    pub arrival_date: CalendarDate,
}

impl Transport {
    /// Carrier, aircraft and places named; arrival not before departure.
    pub fn validate(&self) -> Result<(), DomainError> {
        require_text("carrier", &self.carrier)?;
        require_text("aircraft", &self.aircraft)?;
        require_text("departure_place", &self.departure_place)?;
        require_text("arrival_place", &self.arrival_place)?;
        if self.arrival_date < self.departure_date {
            return Err(DomainError::invalid(
                "arrival_date",
                format!(
                    "{} is before the departure ({})",
                    self.arrival_date, self.departure_date
                ),
            ));
        }
        Ok(())
    }
}

/// Where and when one remains case was buried.
#[derive(Debug, Clone, PartialEq)]
pub struct Burial {
    /// The cemetery.
    pub cemetery: String,
    /// Section.
    pub section: String,
    /// Row.
    pub row: String,
    /// Plot.
    pub plot: String,
    /// Date of burial.
    pub date: CalendarDate,
}

impl Burial {
    /// Cemetery and plot named.
    pub fn validate(&self) -> Result<(), DomainError> {
        require_text("cemetery", &self.cemetery)?;
        require_text("plot", &self.plot)
    }

    /// Where the remains are kept once buried: their grave, as the case's storage location
    /// (`cemetery, section/row/plot`, empty parts left out). The burial step writes it, so a
    /// buried case is never shown as stored in a laboratory.
    pub fn resting_place(&self) -> String {
        let plot: Vec<&str> = [&self.section, &self.row, &self.plot]
            .into_iter()
            .map(|p| p.trim())
            .filter(|p| !p.is_empty())
            .collect();
        format!("{}, {}", self.cemetery.trim(), plot.join("/"))
    }
}

/// Checks a batch's burials: exactly the batch's cases, each once, each plot valid and used once.
pub fn check_burials(
    batch_remains: &[&str],
    burials: &[(String, Burial)],
) -> Result<(), DomainError> {
    let in_batch: BTreeSet<&str> = batch_remains.iter().copied().collect();
    let mut seen = BTreeSet::new();
    let mut plots = BTreeSet::new();
    for (accession, burial) in burials {
        burial.validate()?;
        if !in_batch.contains(accession.as_str()) {
            return Err(DomainError::invalid(
                "burials",
                format!("{accession} is not in this batch"),
            ));
        }
        if !seen.insert(accession.as_str()) {
            return Err(DomainError::invalid(
                "burials",
                format!("{accession} is buried twice"),
            ));
        }
        let plot = (&burial.cemetery, &burial.section, &burial.row, &burial.plot);
        if !plots.insert(plot) {
            return Err(DomainError::invalid(
                "plot",
                format!(
                    "{} section {} row {} plot {} is given twice",
                    burial.cemetery, burial.section, burial.row, burial.plot
                ),
            ));
        }
    }
    match listed(batch_remains.iter().copied().filter(|a| !seen.contains(a))) {
        Some(missing) => Err(DomainError::invalid(
            "burials",
            format!("no burial is given for {missing}"),
        )),
        None => Ok(()),
    }
}

impl BiologicalProfile {
    /// One line for the manifest: `sex male; age 18-25; stature 160-170 cm` (unknown parts say
    /// `unknown`). [`BiologicalProfile::parse_summary`] reads it back.
    pub fn summary(&self) -> String {
        let age = self
            .age_range
            .map_or("unknown".to_owned(), |(a, b)| format!("{a}-{b}"));
        let stature = self
            .stature_range_cm
            .map_or("unknown".to_owned(), |(a, b)| format!("{a}-{b} cm"));
        format!("sex {}; age {age}; stature {stature}", self.sex.code())
    }

    /// Reads [`BiologicalProfile::summary`] back.
    pub fn parse_summary(text: &str) -> Result<Self, DomainError> {
        let bad = || {
            DomainError::invalid(
                "profile",
                format!(
                    "\"{text}\" is not of the form \"sex CODE; age A-B; stature A-B cm\" \
                     (unknown parts: \"unknown\")"
                ),
            )
        };
        let mut parts = text.split("; ");
        let (Some(sex), Some(age), Some(stature), None) =
            (parts.next(), parts.next(), parts.next(), parts.next())
        else {
            return Err(bad());
        };
        let sex = SexEstimate::from_code(sex.strip_prefix("sex ").ok_or_else(bad)?)?;
        let range = |s: &str| -> Result<Option<(u16, u16)>, DomainError> {
            if s == "unknown" {
                return Ok(None);
            }
            let (a, b) = s.split_once('-').ok_or_else(bad)?;
            Ok(Some((
                a.parse().map_err(|_| bad())?,
                b.parse().map_err(|_| bad())?,
            )))
        };
        let age = range(age.strip_prefix("age ").ok_or_else(bad)?)?
            .map(|(a, b)| {
                Ok::<_, DomainError>((
                    a.try_into().map_err(|_| bad())?,
                    b.try_into().map_err(|_| bad())?,
                ))
            })
            .transpose()?;
        let stature = stature.strip_prefix("stature ").ok_or_else(bad)?;
        let stature = if stature == "unknown" {
            None
        } else {
            range(stature.strip_suffix(" cm").ok_or_else(bad)?)?
        };
        Ok(BiologicalProfile {
            sex,
            age_range: age,
            stature_range_cm: stature,
        })
    }
}

#[cfg(test)]
#[path = "batch_records_tests.rs"]
mod tests;
