//! The JSON of the DNA API, and the readings of the store's DNA JSON text (allele calls,
//! pedigrees, marker LRs) that both the API and the pages use.

use std::collections::BTreeMap;

use homeward_store::{FamilyRecord, MatchRun, StoredCandidate, StoredProfile};
use serde::Serialize;
use serde_json::Value;
use utoipa::ToSchema;

use super::lr::log10_value;

/// A screening run: its inputs, model and outcome.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct MatchRunDto {
    /// Its id.
    pub id: i64,
    /// `running`, `finished` or `cancelled`.
    pub status: String,
    /// When it started (RFC 3339, UTC).
    pub started_at: String,
    /// When it finished or was cancelled.
    pub finished_at: Option<String>,
    /// The frequency database's name.
    pub frequency_name: String,
    /// Its version.
    pub frequency_version: i64,
    /// The mutation model (`null`: none).
    #[schema(value_type = Object)]
    pub mutation: Value,
    /// Balding–Nichols θ.
    pub theta: f64,
    /// Frequency given to alleles absent from the database (`null`: none).
    pub rare_allele_frequency: Option<f64>,
    /// Candidates needed at least this LR.
    pub min_lr: f64,
    /// At most this many families were kept per remains.
    pub top: i64,
    /// Remains screened.
    pub remains: i64,
    /// Families screened.
    pub families: i64,
    /// Candidates stored.
    pub candidates: i64,
}

impl From<&MatchRun> for MatchRunDto {
    fn from(r: &MatchRun) -> Self {
        MatchRunDto {
            id: r.id,
            status: r.status.code().to_owned(),
            started_at: r.started_at.to_rfc3339(),
            finished_at: r.finished_at.map(|t| t.to_rfc3339()),
            frequency_name: r.frequency_name.clone(),
            frequency_version: r.frequency_version,
            mutation: serde_json::from_str(&r.inputs.mutation_json).unwrap_or(Value::Null),
            theta: r.inputs.theta,
            rare_allele_frequency: r.inputs.rare_allele_frequency,
            min_lr: r.inputs.min_lr,
            top: r.inputs.top,
            remains: r.inputs.remains,
            families: r.inputs.families,
            candidates: r.candidates,
        }
    }
}

/// A candidate pair of a run.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct CandidateDto {
    /// The run.
    pub run: i64,
    /// Its rank among the candidates of the list it is in (1 = the highest LR).
    pub rank: usize,
    /// The remains case's accession number.
    pub remains: String,
    /// The family's id.
    pub family: String,
    /// Combined LR.
    pub lr: f64,
    /// log10 of the combined LR (`null` for an exclusion).
    pub log10_lr: Option<f64>,
    /// Autosomal LR.
    pub autosomal_lr: f64,
    /// Y-STR LR, where both sides are typed.
    pub y_lr: Option<f64>,
    /// mtDNA LR, where both sides are typed.
    pub mt_lr: Option<f64>,
    /// Markers compared.
    pub markers_compared: i64,
    /// LR per compared marker.
    pub marker_lrs: BTreeMap<String, f64>,
}

impl CandidateDto {
    /// The candidate at `rank` (from 1) of its list.
    pub fn new(c: &StoredCandidate, rank: usize) -> Self {
        let d = &c.candidate;
        CandidateDto {
            run: c.run,
            rank,
            remains: d.remains.clone(),
            family: d.family.clone(),
            lr: d.lr,
            log10_lr: log10_value(d.lr),
            autosomal_lr: d.autosomal_lr,
            y_lr: d.y_lr,
            mt_lr: d.mt_lr,
            markers_compared: d.markers_compared,
            marker_lrs: marker_lrs(&d.marker_lrs_json),
        }
    }

    /// A ranked list.
    pub fn ranked(list: &[StoredCandidate]) -> Vec<Self> {
        list.iter()
            .enumerate()
            .map(|(i, c)| Self::new(c, i + 1))
            .collect()
    }
}

/// A typed profile.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ProfileDto {
    /// The sample's name.
    pub sample: String,
    /// Allele calls by marker (`[a, b]`; `[a, null]`: an allele dropped out).
    pub markers: BTreeMap<String, Vec<Option<String>>>,
    /// Partial: an allele dropped out somewhere, or markers of the frequency database untyped.
    pub partial: bool,
    /// The frequency database's markers not typed (failed).
    pub untyped: Vec<String>,
}

impl ProfileDto {
    /// `alleles_json` of `sample`, partial against the database markers `known`.
    pub fn new(sample: &str, alleles_json: &str, known: &[String]) -> Self {
        let markers = calls(alleles_json);
        let untyped: Vec<String> = known
            .iter()
            .filter(|m| !markers.contains_key(*m))
            .cloned()
            .collect();
        let dropped = markers.values().any(|c| c.iter().any(Option::is_none));
        ProfileDto {
            sample: sample.to_owned(),
            partial: dropped || !untyped.is_empty(),
            untyped,
            markers,
        }
    }

    /// A remains case's stored profile.
    pub fn of(p: &StoredProfile, known: &[String]) -> Self {
        Self::new(&p.sample, &p.alleles_json, known)
    }
}

/// A remains case's best families.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct RemainsCandidatesDto {
    /// The case's accession number.
    pub remains: String,
    /// Its autosomal profile, if typed.
    pub profile: Option<ProfileDto>,
    /// The run the candidates are from (the latest finished, unless one was asked for).
    pub run: Option<MatchRunDto>,
    /// Its families, LR descending.
    pub candidates: Vec<CandidateDto>,
}

/// A person of a family's pedigree.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct PersonDto {
    /// Their id in the pedigree.
    pub id: String,
    /// `male`, `female` or `unknown`.
    pub sex: String,
    /// Father's id, if in the pedigree.
    pub father: Option<String>,
    /// Mother's id, if in the pedigree.
    pub mother: Option<String>,
    /// The missing person.
    pub missing: bool,
    /// Typed (a reference with a profile).
    pub typed: bool,
}

/// The identity a family claims for its missing person.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ClaimedDto {
    /// Names, in any script.
    pub names: Option<String>,
    /// Hometown.
    pub hometown: Option<String>,
    /// Unit.
    pub unit: Option<String>,
    /// Date and place of death, as told.
    pub death: Option<String>,
    /// The person on the rolls the family is linked to (`/api/v1/missing` ids), if matched.
    pub roll_person: Option<i64>,
}

/// A family: claimed identity, pedigree, references and best remains.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct FamilyDto {
    /// Its id.
    pub id: String,
    /// The identity it claims.
    pub claimed: ClaimedDto,
    /// The pedigree's people.
    pub pedigree: Vec<PersonDto>,
    /// The references' profiles, in the family's order.
    pub references: Vec<ProfileDto>,
    /// The run the candidates are from.
    pub run: Option<MatchRunDto>,
    /// Its remains, LR descending.
    pub candidates: Vec<CandidateDto>,
}

/// `{marker: [a, b|null]}` as stored; an unreadable text reads as no calls.
pub fn calls(alleles_json: &str) -> BTreeMap<String, Vec<Option<String>>> {
    serde_json::from_str(alleles_json).unwrap_or_default()
}

/// `{marker: lr}` as stored.
pub fn marker_lrs(json: &str) -> BTreeMap<String, f64> {
    serde_json::from_str(json).unwrap_or_default()
}

/// The markers of a frequency database's `{"markers": …}`, in its order.
pub fn database_markers(markers_json: &str) -> Vec<String> {
    let value: Value = serde_json::from_str(markers_json).unwrap_or(Value::Null);
    value["markers"]
        .as_object()
        .map(|m| m.keys().cloned().collect())
        .unwrap_or_default()
}

/// The people of a stored family's pedigree, the missing person and typed references marked.
pub fn pedigree(family: &FamilyRecord) -> Vec<PersonDto> {
    let stored: Value = serde_json::from_str(&family.pedigree_json).unwrap_or(Value::Null);
    let missing = stored["missing"].as_str().unwrap_or("");
    let text = |v: &Value| v.as_str().map(str::to_owned);
    stored["pedigree"]
        .as_array()
        .map(Vec::as_slice)
        .unwrap_or_default()
        .iter()
        .map(|p| {
            let id = p["id"].as_str().unwrap_or("").to_owned();
            let sex = match p["sex"].as_str().map(str::to_ascii_lowercase).as_deref() {
                Some("m" | "male") => "male",
                Some("f" | "female") => "female",
                _ => "unknown",
            };
            PersonDto {
                missing: id == missing,
                typed: family.references.iter().any(|(r, _)| *r == id),
                sex: sex.to_owned(),
                father: text(&p["father"]),
                mother: text(&p["mother"]),
                id,
            }
        })
        .collect()
}

/// A stored family as the API gives it, with its candidates of `run`.
pub fn family_dto(
    family: &FamilyRecord,
    known: &[String],
    run: Option<&MatchRun>,
    candidates: &[StoredCandidate],
) -> FamilyDto {
    let c = &family.claimed;
    FamilyDto {
        id: family.id.clone(),
        claimed: ClaimedDto {
            names: c.names.clone(),
            hometown: c.hometown.clone(),
            unit: c.unit.clone(),
            death: c.death.clone(),
            roll_person: family.missing_person.map(|p| p.0),
        },
        pedigree: pedigree(family),
        references: family
            .references
            .iter()
            .map(|(person, alleles)| ProfileDto::new(person, alleles, known))
            .collect(),
        run: run.map(MatchRunDto::from),
        candidates: CandidateDto::ranked(candidates),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_profile_is_partial_when_a_marker_failed_or_an_allele_dropped_out() {
        let known = ["A".to_owned(), "B".to_owned()];
        let full = ProfileDto::new("s", r#"{"A":["1","2"],"B":["3","3"]}"#, &known);
        assert!(!full.partial);
        let failed = ProfileDto::new("s", r#"{"A":["1","2"]}"#, &known);
        assert!(failed.partial);
        assert_eq!(failed.untyped, ["B"]);
        let dropped = ProfileDto::new("s", r#"{"A":["1",null],"B":["3","3"]}"#, &known);
        assert!(dropped.partial);
        assert!(dropped.untyped.is_empty());
    }

    #[test]
    fn a_database_lists_its_markers() {
        let markers = database_markers(r#"{"markers":{"TH01":{"7":0.5},"D8S1179":{"12":1.0}}}"#);
        assert_eq!(markers.len(), 2);
        assert!(markers.contains(&"TH01".to_owned()));
        assert!(database_markers("not json").is_empty());
    }
}
