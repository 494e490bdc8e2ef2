//! The JSON out of the memorial roll: exactly the public fields of a grave.

use serde::Serialize;
use utoipa::ToSchema;

use crate::memorial::Found;
use crate::missing::dto::NameFormDto;

/// One of the buried, as the public may see them.
#[derive(Debug, Serialize, ToSchema)]
pub struct MemorialEntryDto {
    /// The name in its original script; `null` for an unknown soldier (no identification).
    pub name: Option<String>,
    /// The name's romanizations (Pinyin, Revised Romanization) where known, else `null`.
    pub name_romanized: Option<String>,
    /// Accession number.
    pub accession: String,
    /// The cemetery (with no grave recorded: where the case is kept); empty when unknown.
    pub cemetery: String,
    /// Section (empty when unknown).
    pub section: String,
    /// Row (empty when unknown).
    pub row: String,
    /// Plot (empty when unknown).
    pub plot: String,
    /// Date of burial, `YYYY-MM-DD`, where known.
    pub burial_date: Option<String>,
    /// The batch that brought them home, e.g. `KR-CN-9`; `null` for a case buried without one.
    pub batch: Option<String>,
    /// Every form the name is searched by (empty for an unknown soldier).
    pub name_forms: Vec<NameFormDto>,
    /// Why the name matched the search (`pinyin`, `near_same_characters`, … as on the rolls'
    /// search); `null` without a name search or for an accession number.
    pub reason: Option<String>,
}

impl From<&Found<'_>> for MemorialEntryDto {
    fn from(found: &Found<'_>) -> Self {
        let g = found.grave;
        MemorialEntryDto {
            name: g.name.clone(),
            name_romanized: g.romanized.clone(),
            accession: g.accession.clone(),
            cemetery: crate::i18n::api_text(&g.cemetery),
            section: g.section.clone(),
            row: g.row.clone(),
            plot: g.plot.clone(),
            burial_date: g.date.map(|d| d.to_string()),
            batch: g.batch.clone(),
            name_forms: g
                .forms
                .forms()
                .iter()
                .map(|f| NameFormDto {
                    kind: f.kind.code().to_owned(),
                    text: f.text.clone(),
                })
                .collect(),
            reason: found.reason.map(|r| r.code()),
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
