//! The JSON out and in of the rolls of the missing: the public entry (never source record,
//! family, DNA or contact data) and a new person.

use homeward_domain::{MissingPerson, Nationality, NewMissingPerson, PartialDate, name_forms};
use homeward_store::MissingMatch;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::error::{ApiError, ApiResult};
use crate::input::reason_of;

pub use crate::remains::dto::{CustodyEntryDto, IdentificationDto};

/// A person on the public roll of the missing: names, birth year, hometown, unit, and the date and
/// place of loss. Never the source record, family, DNA or contact data.
#[derive(Debug, Serialize, ToSchema)]
pub struct PublicMissingPersonDto {
    /// Name in its original script.
    pub name_original: String,
    /// Hanzi.
    pub name_hanzi: Option<String>,
    /// Hanyu Pinyin.
    pub name_pinyin: Option<String>,
    /// Hangul.
    pub name_hangul: Option<String>,
    /// Revised Romanization.
    pub name_rr: Option<String>,
    /// Year of birth.
    pub birth_year: Option<i32>,
    /// Hometown province.
    pub hometown_province: String,
    /// Hometown county.
    pub hometown_county: String,
    /// Unit.
    pub unit: String,
    /// Date of death or disappearance (`YYYY`, `YYYY-MM` or `YYYY-MM-DD`).
    pub date_of_loss: Option<String>,
    /// Place of death or disappearance.
    pub place_of_loss: String,
    /// Generated demo data.
    pub synthetic: bool,
    /// How well the name matched the search, 0–1.
    pub score: f64,
    /// Why the name matched: the kind of name form (`same_characters`, `traditional_form`,
    /// `simplified_form`, `hangul`, `pinyin`, `romanization`, `korean_reading`, `wade_giles`),
    /// prefixed `near_` for a near match (a character different or missing, letters off).
    pub reason: String,
    /// Every form the name is searched by, as recorded first, then as computed.
    pub name_forms: Vec<NameFormDto>,
}

/// One form of a name: its kind and text.
#[derive(Debug, Serialize, ToSchema)]
pub struct NameFormDto {
    /// The kind of form: `same_characters`, `traditional_form`, `simplified_form`, `hangul`,
    /// `pinyin`, `romanization`, `korean_reading` or `wade_giles`.
    pub kind: String,
    /// The form as shown, e.g. `陳德明`, `Wang Te-ming`, `왕덕명`.
    pub text: String,
}

/// Every searchable form of a person's name, with its kind.
pub fn name_form_dtos(person: &NewMissingPerson) -> Vec<NameFormDto> {
    name_forms(person)
        .forms()
        .iter()
        .map(|f| NameFormDto {
            kind: f.kind.code().to_owned(),
            text: f.text.clone(),
        })
        .collect()
}

impl From<&MissingMatch> for PublicMissingPersonDto {
    fn from(m: &MissingMatch) -> Self {
        let MissingPerson { person: p, .. } = &m.person;
        PublicMissingPersonDto {
            name_original: p.name_original.clone(),
            name_hanzi: p.name_hanzi.clone(),
            name_pinyin: p.name_pinyin.clone(),
            name_hangul: p.name_hangul.clone(),
            name_rr: p.name_rr.clone(),
            birth_year: p.birth_year,
            hometown_province: p.hometown_province.clone(),
            hometown_county: p.hometown_county.clone(),
            unit: p.unit.clone(),
            date_of_loss: p.date_of_loss.map(|d| d.to_string()),
            place_of_loss: p.place_of_loss.clone(),
            synthetic: p.synthetic,
            score: m.score,
            reason: m.reason.code(),
            name_forms: name_form_dtos(p),
        }
    }
}

/// The id a created record was given.
#[derive(Debug, Serialize, ToSchema)]
pub struct CreatedDto {
    /// Its id.
    pub id: i64,
}

/// A person to add to the rolls of the missing.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewMissingInput {
    /// Name in its original script.
    pub name_original: String,
    /// Hanzi.
    #[serde(default)]
    pub name_hanzi: Option<String>,
    /// Hanyu Pinyin.
    #[serde(default)]
    pub name_pinyin: Option<String>,
    /// Hangul.
    #[serde(default)]
    pub name_hangul: Option<String>,
    /// Revised Romanization.
    #[serde(default)]
    pub name_rr: Option<String>,
    /// Year of birth.
    #[serde(default)]
    pub birth_year: Option<i32>,
    /// Hometown province.
    #[serde(default)]
    pub hometown_province: String,
    /// Hometown county.
    #[serde(default)]
    pub hometown_county: String,
    /// Unit.
    #[serde(default)]
    pub unit: String,
    /// Date of loss: `YYYY`, `YYYY-MM` or `YYYY-MM-DD`.
    #[serde(default)]
    pub date_of_loss: Option<String>,
    /// Place of loss.
    #[serde(default)]
    pub place_of_loss: String,
    /// Source record.
    #[serde(default)]
    pub source_record: String,
    /// Army served in (nationality code).
    #[serde(default)]
    pub nationality: String,
    /// Generated demo data.
    #[serde(default)]
    pub synthetic: bool,
}

impl NewMissingInput {
    /// The domain value, validated.
    pub fn into_domain(self) -> ApiResult<NewMissingPerson> {
        let date_of_loss = self
            .date_of_loss
            .as_deref()
            .filter(|d| !d.trim().is_empty())
            .map(|d| {
                PartialDate::parse(d).map_err(|e| ApiError::invalid("date_of_loss", reason_of(e)))
            })
            .transpose()?;
        let person = NewMissingPerson {
            name_original: self.name_original,
            name_hanzi: self.name_hanzi,
            name_pinyin: self.name_pinyin,
            name_hangul: self.name_hangul,
            name_rr: self.name_rr,
            birth_year: self.birth_year,
            hometown_province: self.hometown_province,
            hometown_county: self.hometown_county,
            unit: self.unit,
            date_of_loss,
            place_of_loss: self.place_of_loss,
            source_record: self.source_record,
            nationality: Nationality::from_code(&self.nationality)?,
            synthetic: self.synthetic,
        };
        person.validate()?;
        Ok(person)
    }
}
