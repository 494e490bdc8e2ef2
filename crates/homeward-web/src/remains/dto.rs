//! The JSON out of remains cases: summaries, the whole case with its examination, effects,
//! history, custody timeline and identification. Domain types carry no serde; each DTO is
//! converted by hand, so the wire format changes only when this file does.

use homeward_domain::{
    Identification, MissingPerson, PersonalEffect, RecoverySite, RemainsCase, StatusChange,
    Timestamp,
};
use homeward_ledger::{CustodyEvent, SignedEntry};
use homeward_store::{LedgerRow, RemainsSummary};
use serde::Serialize;
use utoipa::ToSchema;

use crate::chrome::url_encode;
use crate::i18n::api_text;

/// A remains case as a list shows it.
#[derive(Debug, Serialize, ToSchema)]
pub struct RemainsSummaryDto {
    /// Accession number.
    pub accession: String,
    /// Site name.
    pub site_name: String,
    /// Recovery date.
    pub recovery_date: String,
    /// Status code.
    pub status: String,
    /// Nationality code.
    pub nationality: String,
    /// Generated demo data.
    pub synthetic: bool,
}

impl From<&RemainsSummary> for RemainsSummaryDto {
    fn from(r: &RemainsSummary) -> Self {
        RemainsSummaryDto {
            accession: r.accession.clone(),
            site_name: r.site_name.clone(),
            recovery_date: r.recovery_date.to_string(),
            status: r.status.code().to_owned(),
            nationality: r.nationality.code(),
            synthetic: r.synthetic,
        }
    }
}

/// One page of remains cases.
#[derive(Debug, Serialize, ToSchema)]
pub struct RemainsPageDto {
    /// The cases on this page.
    pub items: Vec<RemainsSummaryDto>,
    /// How many matched in all.
    pub total: u64,
    /// Page size.
    pub limit: u32,
    /// Rows skipped.
    pub offset: u32,
}

/// A number given by another system.
#[derive(Debug, Serialize, ToSchema)]
pub struct ExternalNumberDto {
    /// Numbering scheme.
    pub scheme: String,
    /// Number.
    pub value: String,
}

/// Skeletal elements present.
#[derive(Debug, Serialize, ToSchema)]
pub struct InventoryDto {
    /// Elements present.
    pub elements: Vec<String>,
    /// Completeness, percent.
    pub completeness_pct: u8,
}

/// The biological profile.
#[derive(Debug, Serialize, ToSchema)]
pub struct ProfileDto {
    /// Sex estimate code.
    pub sex: String,
    /// Age range at death, years `[min, max]`.
    pub age_range: Option<[u8; 2]>,
    /// Stature range, cm `[min, max]`.
    pub stature_range_cm: Option<[u16; 2]>,
}

/// The nationality assessment.
#[derive(Debug, Serialize, ToSchema)]
pub struct NationalityDto {
    /// Nationality code: `undetermined`, `rok`, `cpv`, `kpa`, `un:US`…
    pub nationality: String,
    /// Evidence (as typed, or the system's text in English).
    pub evidence: String,
    /// The review committee's decision, once taken (as typed, or the system's text in English).
    pub committee_decision: Option<String>,
}

/// A personal effect.
#[derive(Debug, Serialize, ToSchema)]
pub struct EffectDto {
    /// Id.
    pub id: i64,
    /// Category code.
    pub category: String,
    /// Description.
    pub description: String,
    /// Inscription in its original script.
    pub inscription: Option<String>,
    /// Condition.
    pub condition: String,
    /// Disposition code.
    pub disposition: String,
}

impl From<&PersonalEffect> for EffectDto {
    fn from(e: &PersonalEffect) -> Self {
        EffectDto {
            id: e.id.0,
            category: e.effect.category.code().to_owned(),
            description: e.effect.description.clone(),
            inscription: e.effect.inscription.clone(),
            condition: e.effect.condition.clone(),
            disposition: e.effect.disposition.code().to_owned(),
        }
    }
}

/// One step of a case's status history.
#[derive(Debug, Serialize, ToSchema)]
pub struct StatusChangeDto {
    /// Status left (`null` for the accession).
    pub from: Option<String>,
    /// Status entered.
    pub to: String,
    /// Who.
    pub actor: String,
    /// When (RFC 3339, UTC).
    pub at: String,
    /// Why: as the person typed it, or the system's note in English.
    pub reason: String,
}

impl From<&StatusChange> for StatusChangeDto {
    fn from(c: &StatusChange) -> Self {
        StatusChangeDto {
            from: c.from.map(|s| s.code().to_owned()),
            to: c.to.code().to_owned(),
            actor: c.actor_name.clone(),
            at: c.at.to_rfc3339(),
            reason: c.reason.clone(),
        }
    }
}

/// A remains case with its effects and status history.
#[derive(Debug, Serialize, ToSchema)]
pub struct RemainsDto {
    /// Accession number.
    pub accession: String,
    /// Code of the site.
    pub site_code: String,
    /// Name of the site.
    pub site_name: String,
    /// Recovery date.
    pub recovery_date: String,
    /// Context code.
    pub context: String,
    /// Skeletal inventory.
    pub inventory: InventoryDto,
    /// Biological profile.
    pub profile: ProfileDto,
    /// Condition.
    pub condition: String,
    /// Nationality assessment.
    pub nationality: NationalityDto,
    /// Storage location (one the system set, in English).
    pub storage_location: String,
    /// Numbers in other systems.
    pub external_numbers: Vec<ExternalNumberDto>,
    /// Status code.
    pub status: String,
    /// Statuses the case may move to next (by the lifecycle).
    pub allowed_next: Vec<String>,
    /// Of those, the ones `POST /api/v1/remains/{accession}/status` may set; the others are
    /// entered by recording the examination, the identification or a repatriation batch's steps.
    pub status_step_next: Vec<String>,
    /// Generated demo data.
    pub synthetic: bool,
    /// Effects found with the remains.
    pub effects: Vec<EffectDto>,
    /// Status history, oldest first.
    pub history: Vec<StatusChangeDto>,
    /// Custody timeline: the ledger entries naming the case, in ledger order (newest last).
    pub custody: Vec<CustodyEntryDto>,
    /// Who the case was identified as, once the review committee has decided.
    pub identification: Option<IdentificationDto>,
}

impl RemainsDto {
    /// The case with its site, effects and history; `custody` is left empty for the caller
    /// (`api::remains::full_case`) to fill from the ledger.
    pub fn new(
        r: &RemainsCase,
        site: Option<&RecoverySite>,
        effects: &[PersonalEffect],
        history: &[StatusChange],
    ) -> Self {
        let c = &r.case;
        RemainsDto {
            accession: c.accession.clone(),
            site_code: site.map(|s| s.site.code.clone()).unwrap_or_default(),
            site_name: site.map(|s| s.site.name.clone()).unwrap_or_default(),
            recovery_date: c.recovery_date.to_string(),
            context: c.context.code().to_owned(),
            inventory: InventoryDto {
                elements: c.inventory.elements.clone(),
                completeness_pct: c.inventory.completeness_pct,
            },
            profile: ProfileDto {
                sex: c.profile.sex.code().to_owned(),
                age_range: c.profile.age_range.map(|(a, b)| [a, b]),
                stature_range_cm: c.profile.stature_range_cm.map(|(a, b)| [a, b]),
            },
            condition: c.condition.clone(),
            nationality: NationalityDto {
                nationality: c.nationality.nationality.code(),
                evidence: c.nationality.evidence.clone(),
                committee_decision: c.nationality.committee_decision.clone(),
            },
            storage_location: c.storage_location.clone(),
            external_numbers: c
                .external_numbers
                .iter()
                .map(|n| ExternalNumberDto {
                    scheme: n.scheme.clone(),
                    value: n.value.clone(),
                })
                .collect(),
            status: r.status.code().to_owned(),
            allowed_next: r
                .status
                .allowed_next()
                .iter()
                .map(|s| s.code().to_owned())
                .collect(),
            status_step_next: r
                .status
                .allowed_next()
                .iter()
                .filter(|s| s.set_by_status_step())
                .map(|s| s.code().to_owned())
                .collect(),
            synthetic: c.synthetic,
            effects: effects.iter().map(EffectDto::from).collect(),
            history: history.iter().map(StatusChangeDto::from).collect(),
            custody: Vec::new(),
            identification: None,
        }
    }

    /// The case as the API answers it: every text the system wrote in English ([`api_text`]);
    /// as built, the fields keep what is stored, for a page to show in its language.
    pub fn for_api(mut self) -> Self {
        let english = |text: &mut String| *text = api_text(text);
        english(&mut self.storage_location);
        english(&mut self.nationality.evidence);
        if let Some(decision) = &mut self.nationality.committee_decision {
            english(decision);
        }
        self.history.iter_mut().for_each(|h| english(&mut h.reason));
        self.custody
            .iter_mut()
            .for_each(|c| english(&mut c.details));
        if let Some(i) = &mut self.identification {
            english(&mut i.basis);
        }
        self
    }
}

/// Who a case was identified as, and on what basis.
#[derive(Debug, Serialize, ToSchema)]
pub struct IdentificationDto {
    /// The person's id on the rolls.
    pub person_id: i64,
    /// The name in its original script.
    pub name_original: String,
    /// Hanzi form.
    pub name_hanzi: Option<String>,
    /// Hanyu Pinyin.
    pub name_pinyin: Option<String>,
    /// Hangul form.
    pub name_hangul: Option<String>,
    /// Revised Romanization of Korean.
    pub name_rr: Option<String>,
    /// The basis of the identification (as typed, or the system's text in English).
    pub basis: String,
    /// The review committee's decision reference.
    pub decision: String,
    /// The person on the public roll search, e.g. `/missing?q=王德明`.
    pub roll_href: String,
}

impl From<&Identification> for IdentificationDto {
    fn from(i: &Identification) -> Self {
        let p = &i.person.person;
        IdentificationDto {
            person_id: i.person.id.0,
            name_original: p.name_original.clone(),
            name_hanzi: p.name_hanzi.clone(),
            name_pinyin: p.name_pinyin.clone(),
            name_hangul: p.name_hangul.clone(),
            name_rr: p.name_rr.clone(),
            basis: i.basis.clone(),
            decision: i.decision.clone(),
            roll_href: format!("/missing?q={}", url_encode(&p.name_original)),
        }
    }
}

/// The person's romanizations (Pinyin, Revised Romanization), those that are known, joined with
/// " / "; `None` when none is known.
pub fn romanized(person: &MissingPerson) -> Option<String> {
    let p = &person.person;
    let forms: Vec<&str> = [&p.name_pinyin, &p.name_rr]
        .into_iter()
        .flatten()
        .map(|s| s.trim())
        .filter(|s| !s.is_empty() && *s != p.name_original.trim())
        .collect();
    (!forms.is_empty()).then(|| forms.join(" / "))
}

/// One custody ledger entry naming the case.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct CustodyEntryDto {
    /// Position in the ledger (1 for its first entry).
    pub sequence: i64,
    /// When it happened, RFC 3339 UTC.
    pub time: String,
    /// Event kind code, e.g. `recovered`, `nationality_determined`, `handed_over`;
    /// `unreadable` for a stored row that does not decode.
    pub kind: String,
    /// The kind's own fields in a line, e.g. the site, facility or receiving organization.
    pub event: String,
    /// The person acting.
    pub actor: String,
    /// The acting organization, whose key signed the entry.
    pub organization: String,
    /// Where it happened.
    pub location: String,
    /// Accession numbers of every remains case the entry names.
    pub remains: Vec<String>,
    /// Free text as typed, or the system's details in English (for an unreadable row: why it
    /// cannot be read).
    pub details: String,
    /// The entry's SHA-256 hash as recorded, 64 hex characters.
    pub hash: String,
    /// Fingerprint of the signing key, 16 hex characters.
    pub signer_key_id: String,
}

/// A code inside an event line, of one vocabulary: the API keeps codes ([`as_codes`]); a
/// page names them in its language.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Vocabulary {
    /// A batch's step (`jointly_verified`).
    BatchStep,
    /// A nationality (`cpv`, `un:US`).
    Nationality,
    /// A place as records carry it (a laboratory, an airport, a cemetery), which the
    /// gazetteer may name in the page's language.
    Place,
    /// A field the system may have written as a `SystemText` (an examination's name, a basis,
    /// the receiving side), or a person typed.
    Stored,
    /// An organization by its recorded name (a custody entry's giving or receiving side), which
    /// its record names in the page's language, or a unit the gazetteer names (a flight's
    /// carrier); or a stored text, as for [`Vocabulary::Stored`].
    Organization,
}

/// Names every code as itself, and a system's text in English (what the API answers).
pub fn as_codes(vocabulary: Vocabulary, code: &str) -> String {
    match vocabulary {
        Vocabulary::Stored | Vocabulary::Place | Vocabulary::Organization => api_text(code),
        Vocabulary::BatchStep | Vocabulary::Nationality => code.to_owned(),
    }
}

/// The kind's fields as one line, its codes named by `name`.
pub fn event_line(event: &CustodyEvent, name: &dyn Fn(Vocabulary, &str) -> String) -> String {
    match event {
        CustodyEvent::Recovered { site } => site.clone(),
        CustodyEvent::Moved { from, to } => format!(
            "{} → {}",
            name(Vocabulary::Place, from),
            name(Vocabulary::Place, to)
        ),
        CustodyEvent::Stored { facility } => name(Vocabulary::Place, facility),
        CustodyEvent::Sampled {
            sample_id,
            material,
        } => format!("{sample_id} ({material})"),
        CustodyEvent::Examined { examination } => name(Vocabulary::Stored, examination),
        CustodyEvent::NationalityDetermined { nationality, basis } => format!(
            "{}: {}",
            name(Vocabulary::Nationality, nationality),
            name(Vocabulary::Stored, basis)
        ),
        CustodyEvent::Encoffined { casket_number } => format!("#{casket_number}"),
        CustodyEvent::Sealed {
            casket_number,
            seal,
        } => format!("#{casket_number}, {seal}"),
        CustodyEvent::HandedOver {
            from_organization,
            to_organization,
        } => format!(
            "{} → {}",
            name(Vocabulary::Organization, from_organization),
            name(Vocabulary::Organization, to_organization)
        ),
        CustodyEvent::Received { from_organization } => {
            name(Vocabulary::Organization, from_organization)
        }
        CustodyEvent::Transported {
            carrier,
            vehicle,
            flight,
            from,
            to,
        } => {
            let flight = flight
                .as_deref()
                .map(|f| format!(" {f}"))
                .unwrap_or_default();
            let (from, to) = (name(Vocabulary::Place, from), name(Vocabulary::Place, to));
            let carrier = name(Vocabulary::Organization, carrier);
            format!("{carrier}, {vehicle}{flight}: {from} → {to}")
        }
        CustodyEvent::Buried {
            cemetery,
            section,
            row,
            plot,
        } => format!(
            "{} {section}-{row}-{plot}",
            name(Vocabulary::Place, cemetery)
        ),
        CustodyEvent::KeyRotated { new_key } => new_key.key_id().to_string(),
        CustodyEvent::KeyIntroduced { organization, key } => {
            format!("{organization}: {}", key.key_id())
        }
        CustodyEvent::BatchStepReached { batch, step, .. } => {
            format!("{batch}: {}", name(Vocabulary::BatchStep, step.as_str()))
        }
        CustodyEvent::JointlyVerified { batch, experts, .. } => {
            format!("{batch}: {}", experts.join(", "))
        }
    }
}

impl CustodyEntryDto {
    pub(crate) fn of(signed: &SignedEntry) -> Self {
        let mut entry = Self::named(signed, &as_codes);
        entry.details = api_text(&entry.details);
        entry
    }

    /// The entry with the codes in its event line named by `name` (a page's language).
    pub(crate) fn named(signed: &SignedEntry, name: &dyn Fn(Vocabulary, &str) -> String) -> Self {
        let e = &signed.entry;
        CustodyEntryDto {
            sequence: e.sequence as i64,
            time: Timestamp(e.time).to_rfc3339(),
            kind: e.event.kind().as_str().to_owned(),
            event: event_line(&e.event, name),
            actor: e.actor.clone(),
            organization: e.organization.clone(),
            location: e.location.clone(),
            remains: e.remains.clone(),
            details: e.details.clone(),
            hash: signed.hash.to_hex(),
            signer_key_id: e.signer_key_id.to_string(),
        }
    }

    pub(super) fn unreadable(row: &LedgerRow, reason: String) -> Self {
        CustodyEntryDto {
            sequence: row.sequence,
            time: String::new(),
            kind: "unreadable".to_owned(),
            event: String::new(),
            actor: String::new(),
            organization: String::new(),
            location: String::new(),
            remains: Vec::new(),
            details: reason,
            hash: row.hash.clone(),
            signer_key_id: String::new(),
        }
    }

    /// The first 12 hex characters of the hash, for display.
    pub fn short_hash(&self) -> &str {
        self.hash.get(..12).unwrap_or(&self.hash)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use homeward_domain::{MissingPersonId, Nationality, NewMissingPerson};

    fn person(pinyin: Option<&str>, rr: Option<&str>) -> MissingPerson {
        MissingPerson {
            id: MissingPersonId(7),
            person: NewMissingPerson {
                name_original: "王德明".into(),
                name_hanzi: Some("王德明".into()),
                name_pinyin: pinyin.map(Into::into),
                name_hangul: None,
                name_rr: rr.map(Into::into),
                birth_year: None,
                hometown_province: String::new(),
                hometown_county: String::new(),
                unit: String::new(),
                date_of_loss: None,
                place_of_loss: String::new(),
                source_record: String::new(),
                nationality: Nationality::Cpv,
                synthetic: false,
            },
        }
    }

    #[test]
    fn romanizations_are_joined_and_absent_ones_left_out() {
        assert_eq!(
            romanized(&person(Some("Wáng Démíng"), Some("Wang Deok-myeong"))).as_deref(),
            Some("Wáng Démíng / Wang Deok-myeong")
        );
        assert_eq!(
            romanized(&person(Some("Wáng Démíng"), None)).as_deref(),
            Some("Wáng Démíng")
        );
        assert_eq!(romanized(&person(None, Some(" "))), None);
    }
}
