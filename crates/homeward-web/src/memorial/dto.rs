//! The JSON out of the memorial roll: exactly the public fields of a grave.

use serde::Serialize;
use utoipa::ToSchema;

use crate::state::Grave;

/// One of the buried, as the public may see them.
#[derive(Debug, Serialize, ToSchema)]
pub struct MemorialEntryDto {
    /// The name in its original script; `null` for an unknown soldier (no identification).
    pub name: Option<String>,
    /// The name's romanizations (Pinyin, Revised Romanization) where known, else `null`.
    pub name_romanized: Option<String>,
    /// Accession number.
    pub accession: String,
    /// The cemetery.
    pub cemetery: String,
    /// Section.
    pub section: String,
    /// Row.
    pub row: String,
    /// Plot.
    pub plot: String,
    /// Date of burial, `YYYY-MM-DD`.
    pub burial_date: String,
    /// The batch that brought them home, e.g. `KR-CN-9`.
    pub batch: String,
}

impl From<&Grave> for MemorialEntryDto {
    fn from(g: &Grave) -> Self {
        MemorialEntryDto {
            name: g.name.clone(),
            name_romanized: g.romanized.clone(),
            accession: g.accession.clone(),
            cemetery: g.cemetery.clone(),
            section: g.section.clone(),
            row: g.row.clone(),
            plot: g.plot.clone(),
            burial_date: g.date.to_string(),
            batch: g.batch.clone(),
        }
    }
}

/// A page of the memorial roll.
#[derive(Debug, Serialize, ToSchema)]
pub struct MemorialDto {
    /// Entries matching the search, in all.
    pub total: u64,
    /// This page (1 for the first).
    pub page: u32,
    /// Pages in all (at least 1).
    pub pages: u32,
    /// This page's entries, by cemetery, section, row and plot.
    pub entries: Vec<MemorialEntryDto>,
}
