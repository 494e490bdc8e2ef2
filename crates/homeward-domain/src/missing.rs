//! The rolls of the missing: the named dead whose families wait.

use crate::site::require_text;
use crate::{DomainError, MissingPersonId, Nationality, PartialDate};

/// A person on the rolls, as recorded from a source document.
#[derive(Debug, Clone, PartialEq)]
pub struct NewMissingPerson {
    /// The name in its original script (hanzi for CPV, hangul or hanja for ROK/KPA).
    pub name_original: String,
    /// Hanzi form, when known.
    pub name_hanzi: Option<String>,
    /// Hanyu Pinyin, with or without tone marks.
    pub name_pinyin: Option<String>,
    /// Hangul form, when known.
    pub name_hangul: Option<String>,
    /// Revised Romanization of Korean.
    pub name_rr: Option<String>,
    /// Year of birth.
    pub birth_year: Option<i32>,
    /// Hometown province.
    pub hometown_province: String,
    /// Hometown county.
    pub hometown_county: String,
    /// Unit (e.g. "60th Army, 180th Division").
    pub unit: String,
    /// Date of death or disappearance.
    pub date_of_loss: Option<PartialDate>,
    /// Place of death or disappearance.
    pub place_of_loss: String,
    /// The source record (roll, archive reference).
    pub source_record: String,
    /// Which army the person served in.
    pub nationality: Nationality,
    /// Whether this is generated demo data.
    pub synthetic: bool,
}

impl NewMissingPerson {
    /// Checks the rules every stored person obeys.
    pub fn validate(&self) -> Result<(), DomainError> {
        require_text("name_original", &self.name_original)?;
        if let Some(y) = self.birth_year
            && !(1850..=1945).contains(&y)
        {
            return Err(DomainError::invalid(
                "birth_year",
                format!("{y} is not a plausible birth year for a soldier of 1950–53"),
            ));
        }
        Ok(())
    }

    /// Every name form that is present, original first.
    pub fn name_forms(&self) -> Vec<&str> {
        std::iter::once(self.name_original.as_str())
            .chain(
                [
                    &self.name_hanzi,
                    &self.name_pinyin,
                    &self.name_hangul,
                    &self.name_rr,
                ]
                .into_iter()
                .flatten()
                .map(String::as_str),
            )
            .filter(|s| !s.trim().is_empty())
            .collect()
    }
}

/// A stored person on the rolls.
#[derive(Debug, Clone, PartialEq)]
pub struct MissingPerson {
    /// Its id.
    pub id: MissingPersonId,
    /// The recorded data.
    pub person: NewMissingPerson,
}
