//! The optional lineage sections of CASE.json, `"y_str"` and `"mtdna"`: parsed and validated
//! into a [`LineageCase`], evaluated into a [`LineageReport`] (comparison, counting-method
//! frequency, LR) that `homeward kinship lr` prints next to the autosomal LR, with the combined
//! LR (autosomal × Y × mt, each system only where both sides are typed).
//!
//! ```json
//! "y_str": {"remains": {"DYS19": "14", "DYS385": "11,14"}, "reference": {"DYS19": "15"},
//!           "meioses": 2, "mutation_rate": 0.0025 | {"DYS19": 0.0025, ...},
//!           "database": {"size": 1000, "count": 3} | {"haplotypes": [{"DYS19": "14"}, ...]},
//!           "frequency": "upper_95" | "estimate"},
//! "mtdna": {"remains": {"ranges": "16024-16365;73-340", "variants": "73G 263G 16519C"},
//!           "reference": {"ranges": "...", "variants": ["73G", "263G"]},
//!           "meioses": 4, "mutation_rate": 0.001,
//!           "database": {"size": 800, "count": 0} | {"haplotypes": [{"ranges", "variants"}]},
//!           "frequency": "upper_95"}
//! ```

use serde::Deserialize;
use serde::Serialize;
use serde_json::Value;

use super::mt::{self, MtProfile, MtVariant};
use super::y::{self, YHaplotype};
use super::{HaplotypeFrequency, combined_lr};
use crate::error::CaseError;
use crate::json::Ordered;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct YDto {
    remains: Ordered<Value>,
    reference: Ordered<Value>,
    meioses: u32,
    mutation_rate: YRateDto,
    database: DatabaseDto<Ordered<Value>>,
    #[serde(default)]
    frequency: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(untagged)]
enum YRateDto {
    All(f64),
    PerLocus(Ordered<f64>),
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct MtDto {
    remains: MtSideDto,
    reference: MtSideDto,
    meioses: u32,
    mutation_rate: f64,
    database: DatabaseDto<MtSideDto>,
    #[serde(default)]
    frequency: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct MtSideDto {
    ranges: String,
    #[serde(default)]
    variants: Option<VariantsDto>,
}

#[derive(Debug, Deserialize)]
#[serde(untagged)]
enum VariantsDto {
    Text(String),
    List(Vec<String>),
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, bound(deserialize = "H: Deserialize<'de>"))]
struct DatabaseDto<H> {
    #[serde(default)]
    size: Option<u64>,
    #[serde(default)]
    count: Option<u64>,
    #[serde(default)]
    haplotypes: Option<Vec<H>>,
}

/// Where a haplotype's frequency comes from.
#[derive(Debug, Clone, PartialEq)]
enum Database<H> {
    /// Counted beforehand: `count` matches among `size`.
    Counted(HaplotypeFrequency),
    /// The database's haplotypes; the remains' haplotype is counted among them.
    Haplotypes(Vec<H>),
}

/// The Y-STR section.
#[derive(Debug, Clone, PartialEq)]
struct YCase {
    remains: YHaplotype,
    reference: YHaplotype,
    meioses: u32,
    rate: YRate,
    database: Database<YHaplotype>,
    upper: bool,
}

#[derive(Debug, Clone, PartialEq)]
enum YRate {
    All(f64),
    PerLocus(Vec<(String, f64)>),
}

/// The mtDNA section.
#[derive(Debug, Clone, PartialEq)]
struct MtCase {
    remains: MtProfile,
    reference: MtProfile,
    meioses: u32,
    rate: f64,
    database: Database<MtProfile>,
    upper: bool,
}

/// The lineage sections of a case (each optional).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct LineageCase {
    y: Option<YCase>,
    mt: Option<MtCase>,
}

/// What the lineage sections gave (`None` for a section absent from the case).
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct LineageReport {
    /// The Y-STR result.
    #[serde(rename = "y_str", skip_serializing_if = "Option::is_none")]
    pub y: Option<SystemReport>,
    /// The mtDNA result.
    #[serde(rename = "mtdna", skip_serializing_if = "Option::is_none")]
    pub mt: Option<SystemReport>,
}

/// One lineage system's result.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SystemReport {
    /// The LR; `None` when nothing could be compared (no locus or position typed in both).
    pub lr: Option<f64>,
    /// Loci (Y) or positions (mt) compared: typed or sequenced in both.
    pub compared: u64,
    /// The differences: `locus:steps` for Y (`DYS19:1`; `DYS385:?` when not stepwise),
    /// variants against rCRS present on one side only for mt (`16519C`, `309.1C`, `249del`).
    pub differences: Vec<String>,
    /// Matching database haplotypes.
    pub count: u64,
    /// Database size.
    pub database_size: u64,
    /// The frequency used in the LR.
    pub frequency: f64,
    /// `"upper_95"` (one-sided Clopper–Pearson) or `"estimate"` (count / size).
    pub frequency_method: &'static str,
}

impl LineageReport {
    /// Whether the case had any lineage section.
    pub fn is_empty(&self) -> bool {
        self.y.is_none() && self.mt.is_none()
    }

    /// Autosomal × Y × mt over the systems typed on both sides (`autosomal`: `None` when the
    /// remains are typed at no autosomal marker).
    pub fn combined(&self, autosomal: Option<f64>) -> f64 {
        let lr = |s: &Option<SystemReport>| s.as_ref().and_then(|s| s.lr);
        combined_lr(autosomal, lr(&self.y), lr(&self.mt))
    }
}

fn bad(section: &str, reason: impl std::fmt::Display) -> CaseError {
    CaseError::Malformed {
        reason: format!("{section}: {reason}"),
    }
}

fn allele_text(section: &str, locus: &str, v: &Value) -> Result<String, CaseError> {
    match v {
        Value::String(s) => Ok(s.clone()),
        Value::Number(n) => Ok(n.to_string()),
        Value::Null => Ok(String::new()),
        _ => Err(bad(
            section,
            format!("locus `{locus}`: expected an allele like \"14\" or \"11,14\""),
        )),
    }
}

fn haplotype(section: &str, loci: &Ordered<Value>) -> Result<YHaplotype, CaseError> {
    let texts = loci
        .0
        .iter()
        .map(|(l, v)| Ok((l.as_str(), allele_text(section, l, v)?)))
        .collect::<Result<Vec<_>, CaseError>>()?;
    YHaplotype::new(texts.iter().map(|(l, a)| (*l, a.as_str()))).map_err(|e| bad(section, e))
}

fn mt_profile(section: &str, side: &MtSideDto) -> Result<MtProfile, CaseError> {
    let variants = match &side.variants {
        None => String::new(),
        Some(VariantsDto::Text(t)) => t.clone(),
        Some(VariantsDto::List(l)) => l.join(" "),
    };
    MtProfile::parse(&side.ranges, &variants).map_err(|e| bad(section, e))
}

fn rate_ok(section: &str, name: &str, r: f64) -> Result<(), CaseError> {
    if (0.0..=1.0).contains(&r) {
        Ok(())
    } else {
        Err(CaseError::InvalidParameter {
            name: format!("{section}.{name}"),
            value: r,
            expected: "0 ≤ rate ≤ 1".into(),
        })
    }
}

/// The most meioses between remains and a lineage reference (about 30 generations each way).
pub const MAX_MEIOSES: u32 = 64;

fn common<H, D>(
    section: &str,
    meioses: u32,
    frequency: Option<&str>,
    db: DatabaseDto<D>,
    parse: impl Fn(&D) -> Result<H, CaseError>,
) -> Result<(Database<H>, bool), CaseError> {
    if meioses == 0 {
        return Err(bad(section, "`meioses` must be at least 1"));
    }
    // The Y-STR step distribution is O(meioses²) in time and O(meioses) in memory: a forged
    // 4294967295 asked for 64 GiB. No lineage relative is that far away.
    if meioses > MAX_MEIOSES {
        return Err(bad(
            section,
            format!("`meioses` is {meioses}; at most {MAX_MEIOSES} are supported"),
        ));
    }
    let upper = match frequency.unwrap_or("upper_95") {
        "upper_95" => true,
        "estimate" => false,
        other => {
            return Err(bad(
                section,
                format!("`frequency` is `{other}`; expected `upper_95` or `estimate`"),
            ));
        }
    };
    let database = match (db.size, db.count, db.haplotypes) {
        (Some(size), Some(count), None) => {
            if size == 0 || count > size {
                return Err(bad(
                    section,
                    format!(
                        "database count {count} of size {size}: need 0 ≤ count ≤ size, size ≥ 1"
                    ),
                ));
            }
            Database::Counted(HaplotypeFrequency {
                count,
                database_size: size,
            })
        }
        (None, None, Some(list)) if !list.is_empty() => {
            Database::Haplotypes(list.iter().map(parse).collect::<Result<_, _>>()?)
        }
        _ => {
            return Err(bad(
                section,
                "`database` needs either `size` and `count`, or a non-empty `haplotypes` list",
            ));
        }
    };
    Ok((database, upper))
}

impl LineageCase {
    /// Parses the raw `"y_str"` and `"mtdna"` sections (either may be absent).
    pub(crate) fn parse(y: Option<&Value>, mt: Option<&Value>) -> Result<Self, CaseError> {
        let y = match y {
            None => None,
            Some(v) => {
                let s = "y_str";
                let dto = YDto::deserialize(v).map_err(|e| bad(s, e))?;
                let rate = match dto.mutation_rate {
                    YRateDto::All(r) => {
                        rate_ok(s, "mutation_rate", r)?;
                        YRate::All(r)
                    }
                    YRateDto::PerLocus(list) => {
                        for (l, r) in &list.0 {
                            rate_ok(s, &format!("mutation_rate.{l}"), *r)?;
                        }
                        YRate::PerLocus(list.0)
                    }
                };
                let (database, upper) = common(
                    s,
                    dto.meioses,
                    dto.frequency.as_deref(),
                    dto.database,
                    |h| haplotype("y_str.database", h),
                )?;
                Some(YCase {
                    remains: haplotype("y_str.remains", &dto.remains)?,
                    reference: haplotype("y_str.reference", &dto.reference)?,
                    meioses: dto.meioses,
                    rate,
                    database,
                    upper,
                })
            }
        };
        let mt = match mt {
            None => None,
            Some(v) => {
                let s = "mtdna";
                let dto = MtDto::deserialize(v).map_err(|e| bad(s, e))?;
                rate_ok(s, "mutation_rate", dto.mutation_rate)?;
                let (database, upper) = common(
                    s,
                    dto.meioses,
                    dto.frequency.as_deref(),
                    dto.database,
                    |p| mt_profile("mtdna.database", p),
                )?;
                Some(MtCase {
                    remains: mt_profile("mtdna.remains", &dto.remains)?,
                    reference: mt_profile("mtdna.reference", &dto.reference)?,
                    meioses: dto.meioses,
                    rate: dto.mutation_rate,
                    database,
                    upper,
                })
            }
        };
        Ok(Self { y, mt })
    }

    /// Compares, counts and computes each section's LR.
    pub fn evaluate(&self) -> Result<LineageReport, CaseError> {
        let y = self.y.as_ref().map(YCase::evaluate).transpose()?;
        let mt = self.mt.as_ref().map(MtCase::evaluate).transpose()?;
        Ok(LineageReport { y, mt })
    }
}

/// The frequency used: the bound or the estimate (refused when the estimate is 0).
fn chosen(
    section: &str,
    f: HaplotypeFrequency,
    upper: bool,
) -> Result<(f64, &'static str), CaseError> {
    if upper {
        return Ok((f.upper_95(), "upper_95"));
    }
    if f.count == 0 {
        return Err(bad(
            section,
            "the haplotype is not in the database, so its estimated frequency is 0; use \"frequency\": \"upper_95\"",
        ));
    }
    Ok((f.estimate(), "estimate"))
}

impl YCase {
    fn evaluate(&self) -> Result<SystemReport, CaseError> {
        let comparison = y::compare(&self.reference, &self.remains);
        let compared: Vec<&str> = self
            .remains
            .loci()
            .filter(|l| self.reference.loci().any(|r| r == *l))
            .collect();
        if let YRate::PerLocus(list) = &self.rate
            && let Some(l) = compared.iter().find(|l| !list.iter().any(|(k, _)| k == *l))
        {
            return Err(bad(
                "y_str",
                format!("`mutation_rate` has no rate for locus `{l}`"),
            ));
        }
        let freq = match &self.database {
            Database::Counted(f) => *f,
            Database::Haplotypes(db) => {
                // The remains' haplotype at the loci compared.
                let query = self.remains.restricted_to(&compared);
                y::count(&query, db)
            }
        };
        let (frequency, method) = chosen("y_str", freq, self.upper)?;
        let rate = |locus: &str| match &self.rate {
            YRate::All(r) => *r,
            YRate::PerLocus(list) => list
                .iter()
                .find(|(l, _)| l == locus)
                .map_or(0.0, |(_, r)| *r),
        };
        let lr = (comparison.compared > 0).then(|| {
            y::paternal_lr(
                &self.reference,
                &self.remains,
                self.meioses,
                &rate,
                frequency,
            )
        });
        Ok(SystemReport {
            lr,
            compared: comparison.compared as u64,
            differences: comparison
                .differences
                .iter()
                .map(|d| match d.steps {
                    Some(s) => format!("{}:{s}", d.locus),
                    None => format!("{}:?", d.locus),
                })
                .collect(),
            count: freq.count,
            database_size: freq.database_size,
            frequency,
            frequency_method: method,
        })
    }
}

fn variant_text(v: &MtVariant) -> String {
    if v.insertion > 0 {
        format!("{}.{}{}", v.position, v.insertion, v.base)
    } else {
        format!("{}{}", v.position, v.base)
    }
}

impl MtCase {
    fn evaluate(&self) -> Result<SystemReport, CaseError> {
        let comparison = mt::compare(&self.reference, &self.remains);
        let freq = match &self.database {
            Database::Counted(f) => *f,
            Database::Haplotypes(db) => mt::count(&self.remains, db),
        };
        let (frequency, method) = chosen("mtdna", freq, self.upper)?;
        let lr = (comparison.compared_positions > 0)
            .then(|| mt::maternal_lr(&comparison, self.meioses, self.rate, frequency));
        Ok(SystemReport {
            lr,
            compared: u64::from(comparison.compared_positions),
            differences: comparison.differences.iter().map(variant_text).collect(),
            count: freq.count,
            database_size: freq.database_size,
            frequency,
            frequency_method: method,
        })
    }
}
