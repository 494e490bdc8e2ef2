//! The DNA laboratory's files read at the edge, beside the kinship command's long CSV
//! ([`crate::kinship_input`]): the genotype table GeneMapper ID-X exports, and the lineage
//! markers (Y-STR haplotypes, mtDNA sequences) as CSV. The engine reads no file; these turn
//! each format into typed calls and refuse what they cannot read, naming the line and the field.
//!
//! **GeneMapper ID-X genotype table** (tab-separated, a header row): the columns `Sample Name`,
//! `Marker` and `Allele 1` … `Allele N` are read by name (any order, any case; `Sample File`,
//! `Panel`, `Dye`, `Size n`, `Height n` and the rest are ignored). A row's alleles are its
//! non-empty allele cells in order. `OL` (off-ladder: a peak the ladder cannot designate) is an
//! allele that is there but unknown. A single allele is a homozygote as the software called it;
//! a row with no allele is a failed marker, absent from the profile; more than two alleles is a
//! possible mixture, kept as called (the import flags it and holds the profile from screening).
//! Amelogenin (`AMEL`) and the Y loci a kit carries (`DYS…`, `Yindel`) are not autosomal: they
//! are kept apart from the profile.
//!
//! **Y-STR CSV**: `sample,locus,alleles` (a header row whose first cell is `sample` is optional);
//! a multi-copy locus gives its alleles in one quoted cell (`"11,14"`), as `DYS385` does.
//!
//! **mtDNA CSV**: `sample,ranges,variants`: the sequenced ranges (`16024-16365;73-340`) and the
//! differences from the rCRS (`73G 16519C 309.1C`), one row per sample.

use homeward_kinship::CaseError;
use homeward_kinship::lineage::mt::MtProfile;
use homeward_kinship::lineage::y::YHaplotype;
use homeward_kinship::screen::Profile;

use crate::kinship_input::Records;

/// A file the format does not allow: the physical line (1-based) and, where one cell is at
/// fault, its field (as the file's header names it).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("line {line}{}: {reason}", field.as_ref().map(|f| format!(", field `{f}`")).unwrap_or_default())]
pub struct DnaFileError {
    /// Physical line.
    pub line: u64,
    /// The field at fault, if one is.
    pub field: Option<String>,
    /// What is wrong.
    pub reason: String,
}

impl DnaFileError {
    fn row(line: u64, reason: impl Into<String>) -> Self {
        DnaFileError {
            line,
            field: None,
            reason: reason.into(),
        }
    }

    fn field(line: u64, field: &str, reason: impl Into<String>) -> Self {
        DnaFileError {
            line,
            field: Some(field.to_owned()),
            reason: reason.into(),
        }
    }
}

/// One marker of one sample as the genotype table calls it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MarkerCall {
    /// The marker, as the kit names it.
    pub marker: String,
    /// The designated alleles, in the table's order (`OL` left out: see `off_ladder`).
    pub alleles: Vec<String>,
    /// How many off-ladder peaks were called.
    pub off_ladder: usize,
    /// The row's physical line.
    pub line: u64,
}

impl MarkerCall {
    /// How many alleles were called, off-ladder included.
    pub fn peaks(&self) -> usize {
        self.alleles.len() + self.off_ladder
    }
}

/// A sample of the genotype table: its autosomal markers, and what is kept apart.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TypedSample {
    /// The sample's name (a remains accession or a sample number).
    pub sample: String,
    /// The autosomal markers, in the table's order.
    pub markers: Vec<MarkerCall>,
    /// Amelogenin's call (`X`, `X,Y`), if typed.
    pub amelogenin: Option<String>,
    /// The Y loci the kit typed (`DYS391`, `Yindel`), kept for the Y-STR record.
    pub y_loci: Vec<MarkerCall>,
}

impl TypedSample {
    /// The markers with more than two peaks: a possible mixture.
    pub fn mixture_markers(&self) -> Vec<&str> {
        self.markers
            .iter()
            .filter(|m| m.peaks() > 2)
            .map(|m| m.marker.as_str())
            .collect()
    }

    /// The profile the engine reads: one or two peaks per marker (one is a homozygote; an
    /// off-ladder peak is an unknown allele); a marker with no peak or with more than two (see
    /// [`Self::mixture_markers`]) is left out.
    pub fn profile(&self) -> Profile {
        self.markers
            .iter()
            .filter_map(|m| {
                let mut alleles = m.alleles.iter().cloned().map(Some);
                let typing = match (m.alleles.len(), m.off_ladder) {
                    (1, 0) => {
                        let a = alleles.next().flatten();
                        [a.clone(), a]
                    }
                    (2, 0) | (1, 1) => [alleles.next().flatten(), alleles.next().flatten()],
                    (0, 1 | 2) => [None, None],
                    _ => return None,
                };
                Some((m.marker.clone(), typing))
            })
            .collect()
    }
}

/// Whether a GeneMapper marker name is amelogenin.
fn is_amelogenin(marker: &str) -> bool {
    marker.eq_ignore_ascii_case("amel") || marker.eq_ignore_ascii_case("amelogenin")
}

/// Whether a GeneMapper marker name is a Y locus a kit carries beside the autosomal ones.
fn is_y_locus(marker: &str) -> bool {
    let upper = marker.to_ascii_uppercase();
    upper.starts_with("DYS") || upper == "YINDEL" || upper == "Y INDEL"
}

/// The columns of the genotype table's header that this reads.
struct GeneMapperColumns {
    sample: usize,
    marker: usize,
    /// (column, its header) of `Allele 1` … `Allele N`, in N's order.
    alleles: Vec<(usize, String)>,
}

fn genemapper_columns(
    line: u64,
    header: &csv::StringRecord,
) -> Result<GeneMapperColumns, DnaFileError> {
    let find = |name: &str| {
        header
            .iter()
            .position(|h| h.eq_ignore_ascii_case(name))
            .ok_or_else(|| DnaFileError::row(line, format!("the header has no `{name}` column")))
    };
    let mut alleles: Vec<(u32, usize, String)> = header
        .iter()
        .enumerate()
        .filter_map(|(i, h)| {
            let n = h
                .get(..7)
                .filter(|p| p.eq_ignore_ascii_case("allele "))
                .and_then(|_| h[7..].trim().parse::<u32>().ok())?;
            Some((n, i, h.to_owned()))
        })
        .collect();
    alleles.sort();
    if alleles.is_empty() {
        return Err(DnaFileError::row(
            line,
            "the header has no `Allele 1` column",
        ));
    }
    Ok(GeneMapperColumns {
        sample: find("Sample Name")?,
        marker: find("Marker")?,
        alleles: alleles.into_iter().map(|(_, i, h)| (i, h)).collect(),
    })
}

/// Longest allele designation read (`9.3`, `OL`, `X`; a longer cell is no call).
const MAX_ALLELE_CHARS: usize = 16;

/// Parses a GeneMapper ID-X genotype table (see the module's documentation). Samples keep the
/// order of their first row; a marker given twice for one sample is refused.
pub fn parse_genemapper(input: &str) -> Result<Vec<TypedSample>, DnaFileError> {
    let mut rows = Records::separated_by(input, b'\t');
    let (line, header) = match rows.next() {
        None => return Err(DnaFileError::row(1, "the file is empty")),
        Some(row) => row.map_err(|(line, reason)| DnaFileError::row(line, reason))?,
    };
    let columns = genemapper_columns(line, &header)?;
    let mut out: Vec<TypedSample> = Vec::new();
    for row in rows {
        let (line, record) = row.map_err(|(line, reason)| DnaFileError::row(line, reason))?;
        let cell = |i: usize| record.get(i).unwrap_or("");
        let sample = cell(columns.sample);
        let marker = cell(columns.marker);
        for (field, text) in [("Sample Name", sample), ("Marker", marker)] {
            if text.is_empty() {
                return Err(DnaFileError::field(line, field, "empty"));
            }
        }
        let mut call = MarkerCall {
            marker: marker.to_owned(),
            alleles: Vec::new(),
            off_ladder: 0,
            line,
        };
        for (i, name) in &columns.alleles {
            let allele = cell(*i);
            if allele.is_empty() {
                continue;
            }
            if allele.chars().count() > MAX_ALLELE_CHARS || allele.chars().any(char::is_control) {
                return Err(DnaFileError::field(
                    line,
                    name,
                    format!(
                        "`{}` is no allele designation",
                        allele.chars().take(MAX_ALLELE_CHARS).collect::<String>()
                    ),
                ));
            }
            if allele.eq_ignore_ascii_case("OL") {
                call.off_ladder += 1;
            } else {
                call.alleles.push(allele.to_owned());
            }
        }
        let k = match out.iter().rposition(|s| s.sample == sample) {
            Some(k) => k,
            None => {
                out.push(TypedSample {
                    sample: sample.to_owned(),
                    markers: Vec::new(),
                    amelogenin: None,
                    y_loci: Vec::new(),
                });
                out.len() - 1
            }
        };
        let typed = &mut out[k];
        let seen = typed
            .markers
            .iter()
            .chain(&typed.y_loci)
            .any(|m| m.marker.eq_ignore_ascii_case(marker))
            || (is_amelogenin(marker) && typed.amelogenin.is_some());
        if seen {
            return Err(DnaFileError::field(
                line,
                "Marker",
                format!("`{marker}` given twice for `{sample}`"),
            ));
        }
        if is_amelogenin(marker) {
            typed.amelogenin = Some(call.alleles.join(","));
        } else if is_y_locus(marker) {
            typed.y_loci.push(call);
        } else {
            typed.markers.push(call);
        }
    }
    Ok(out)
}

/// The rows of a lineage CSV with `cells` cells each (the header, if any, skipped), as
/// (line, cells).
fn lineage_rows<'a>(
    input: &'a str,
    header: &'static [&'static str],
) -> impl Iterator<Item = Result<(u64, Vec<String>), DnaFileError>> + 'a {
    Records::new(input).filter_map(move |row| {
        let (line, record) = match row {
            Ok(row) => row,
            Err((line, reason)) => return Some(Err(DnaFileError::row(line, reason))),
        };
        if line == 1
            && record
                .get(0)
                .is_some_and(|c| c.eq_ignore_ascii_case(header[0]))
        {
            return None;
        }
        if record.len() != header.len() {
            return Some(Err(DnaFileError::row(
                line,
                format!(
                    "expected {} ({} cells), found {} cells",
                    header.join(","),
                    header.len(),
                    record.len()
                ),
            )));
        }
        for (i, field) in header.iter().enumerate().take(2) {
            if record[i].is_empty() {
                return Some(Err(DnaFileError::field(line, field, "empty")));
            }
        }
        Some(Ok((line, record.iter().map(str::to_owned).collect())))
    })
}

/// The engine's refusal of a cell, in the file's terms (its "invalid CASE.json" is no CSV's).
fn engine_error(line: u64, field: &str, e: CaseError) -> DnaFileError {
    let reason = match e {
        CaseError::Malformed { reason } => reason,
        other => other.to_string(),
    };
    DnaFileError::field(line, field, reason)
}

/// A sample's Y-STR loci as the file gives them: (sample, the line of its first row, its
/// (locus, alleles) in order), each checked by the engine.
pub type YRows = Vec<(String, u64, Vec<(String, String)>)>;

/// Reads Y-STR haplotypes, `sample,locus,alleles` (see the module's documentation), keeping
/// the text of each locus (to be stored as given); one entry per sample, in the order of first
/// appearance.
pub fn read_y_csv(input: &str) -> Result<YRows, DnaFileError> {
    const HEADER: &[&str] = &["sample", "locus", "alleles"];
    let mut samples: YRows = Vec::new();
    for row in lineage_rows(input, HEADER) {
        let (line, cells) = row?;
        let [sample, locus, alleles] = <[String; 3]>::try_from(cells).expect("three cells");
        if alleles.is_empty() {
            return Err(DnaFileError::field(line, "alleles", "empty"));
        }
        let k = match samples.iter().rposition(|(s, _, _)| *s == sample) {
            Some(k) => k,
            None => {
                samples.push((sample, line, Vec::new()));
                samples.len() - 1
            }
        };
        if samples[k].2.iter().any(|(l, _)| *l == locus) {
            return Err(DnaFileError::field(
                line,
                "locus",
                format!("`{locus}` given twice for `{}`", samples[k].0),
            ));
        }
        // Each locus is checked as it comes, so a refusal names its own line.
        YHaplotype::new([(locus.as_str(), alleles.as_str())])
            .map_err(|e| engine_error(line, "alleles", e))?;
        samples[k].2.push((locus, alleles));
    }
    Ok(samples)
}

/// Parses Y-STR haplotypes, `sample,locus,alleles` (see the module's documentation): one
/// haplotype per sample, in the order of first appearance.
pub fn parse_y_csv(input: &str) -> Result<Vec<(String, YHaplotype)>, DnaFileError> {
    read_y_csv(input)?
        .into_iter()
        .map(|(sample, line, loci)| {
            let haplotype = YHaplotype::new(loci.iter().map(|(l, a)| (l.as_str(), a.as_str())))
                .map_err(|e| engine_error(line, "alleles", e))?;
            Ok((sample, haplotype))
        })
        .collect()
}

/// A sample's mtDNA row as the file gives it: (sample, line, ranges, variants, the profile).
pub type MtRow = (String, u64, String, String, MtProfile);

/// Reads mtDNA profiles, `sample,ranges,variants`, keeping each row's text and line.
pub fn read_mt_csv(input: &str) -> Result<Vec<MtRow>, DnaFileError> {
    const HEADER: &[&str] = &["sample", "ranges", "variants"];
    let mut out: Vec<MtRow> = Vec::new();
    for row in lineage_rows(input, HEADER) {
        let (line, cells) = row?;
        let [sample, ranges, variants] = <[String; 3]>::try_from(cells).expect("three cells");
        if out.iter().any(|(s, ..)| *s == sample) {
            return Err(DnaFileError::field(
                line,
                "sample",
                format!("`{sample}` given twice"),
            ));
        }
        let profile = MtProfile::parse(&ranges, &variants).map_err(|e| {
            let field = if e.to_string().contains("mtDNA range `") {
                "ranges"
            } else {
                "variants"
            };
            engine_error(line, field, e)
        })?;
        out.push((sample, line, ranges, variants, profile));
    }
    Ok(out)
}

/// Parses mtDNA profiles, `sample,ranges,variants` (see the module's documentation): one row
/// per sample.
pub fn parse_mt_csv(input: &str) -> Result<Vec<(String, MtProfile)>, DnaFileError> {
    Ok(read_mt_csv(input)?
        .into_iter()
        .map(|(sample, _, _, _, profile)| (sample, profile))
        .collect())
}

#[cfg(test)]
#[path = "dna_files_tests.rs"]
mod tests;
