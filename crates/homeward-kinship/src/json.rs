//! The CASE.json wire shape (serde DTOs, private to the crate) and an order-preserving JSON
//! object reader, so that marker and allele order follow the input rather than sorted keys.

use std::fmt;
use std::marker::PhantomData;

use serde::de::{Deserializer, MapAccess, Visitor};
use serde::{Deserialize, Serialize};

use crate::error::CaseError;
use crate::pedigree::{PedigreeEntry, ReferencePedigree, Sex};

/// A JSON object read in document order; duplicate keys are kept (and refused by the caller).
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Ordered<V>(pub Vec<(String, V)>);

impl<V> Default for Ordered<V> {
    fn default() -> Self {
        Self(Vec::new())
    }
}

impl<'de, V: Deserialize<'de>> Deserialize<'de> for Ordered<V> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V2<V>(PhantomData<V>);
        impl<'de, V: Deserialize<'de>> Visitor<'de> for V2<V> {
            type Value = Ordered<V>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a JSON object")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
                let mut out = Vec::new();
                while let Some((k, v)) = map.next_entry::<String, V>()? {
                    out.push((k, v));
                }
                Ok(Ordered(out))
            }
        }
        d.deserialize_map(V2(PhantomData))
    }
}

/// CASE.json as written by the operator.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct CaseDto {
    pub frequencies: Ordered<Ordered<f64>>,
    pub markers: Option<Vec<String>>,
    pub pedigree: Vec<PersonDto>,
    pub missing: String,
    #[serde(default)]
    pub remains: Ordered<Vec<Option<String>>>,
    #[serde(default)]
    pub references: Ordered<Ordered<Vec<Option<String>>>>,
    pub mutation: Option<MutationDto>,
    pub theta: Option<f64>,
    pub rare_allele_frequency: Option<f64>,
    /// The Y-STR section (parsed by [`crate::lineage::LineageCase`]).
    pub y_str: Option<serde_json::Value>,
    /// The mtDNA section.
    pub mtdna: Option<serde_json::Value>,
    /// Free text for people; ignored.
    #[serde(default)]
    #[allow(dead_code)]
    pub description: Option<String>,
}

/// One pedigree member.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct PersonDto {
    pub id: String,
    pub sex: String,
    pub father: Option<String>,
    pub mother: Option<String>,
}

/// The validated pedigree of a `"pedigree"` list and its `"missing"` person: one reading shared
/// by CASE.json (`case.rs`) and the screening families (`screen/input.rs`), so that both accept
/// and refuse the same pedigrees with the same errors.
pub(crate) fn reference_pedigree(
    people: &[PersonDto],
    missing: &str,
) -> Result<ReferencePedigree, CaseError> {
    let entries = people
        .iter()
        .map(|p| {
            Ok(PedigreeEntry {
                id: p.id.clone(),
                sex: parse_sex(&p.id, &p.sex)?,
                father: p.father.clone(),
                mother: p.mother.clone(),
            })
        })
        .collect::<Result<Vec<_>, CaseError>>()?;
    ReferencePedigree::new(&entries, missing)
}

/// A person's sex as written: `m`/`male` or `f`/`female`, any case.
fn parse_sex(id: &str, sex: &str) -> Result<Sex, CaseError> {
    match sex.to_ascii_lowercase().as_str() {
        "m" | "male" => Ok(Sex::Male),
        "f" | "female" => Ok(Sex::Female),
        _ => Err(CaseError::InvalidSex {
            id: id.to_owned(),
            sex: sex.to_owned(),
        }),
    }
}

/// `{"model": "equal", "rate": 0.001 | {"female": .., "male": ..}, "rate2": .., "range": ..}`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct MutationDto {
    pub model: String,
    pub rate: Option<RateDto>,
    pub rate2: Option<RateDto>,
    pub range: Option<f64>,
}

/// One rate for both sexes, or one per sex.
#[derive(Debug, Deserialize)]
#[serde(untagged)]
pub(crate) enum RateDto {
    Both(f64),
    BySex { female: f64, male: f64 },
}

/// The report printed by `homeward kinship lr`.
#[derive(Debug, Serialize)]
pub(crate) struct ReportDto<'a> {
    pub lr: Option<f64>,
    pub log10_lr: Option<f64>,
    pub markers: MarkersDto<'a>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub y_str: Option<&'a crate::lineage::SystemReport>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub mtdna: Option<&'a crate::lineage::SystemReport>,
    /// Present (possibly null when not finite) only when the case has a lineage section.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub combined_lr: Option<Option<f64>>,
}

/// Per-marker LRs in evaluation order.
#[derive(Debug)]
pub(crate) struct MarkersDto<'a>(pub Vec<(&'a str, Option<f64>)>);

#[derive(Debug, Serialize)]
struct MarkerLrDto {
    lr: Option<f64>,
}

impl Serialize for MarkersDto<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let mut map = s.serialize_map(Some(self.0.len()))?;
        for (k, lr) in &self.0 {
            map.serialize_entry(k, &MarkerLrDto { lr: *lr })?;
        }
        map.end()
    }
}
