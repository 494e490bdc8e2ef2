//! Screening input and output (the CLI reads and writes the files): remains as typed profiles
//! (the CSV long format is read at the edge, by `homeward_app::kinship_input`: the engine reads
//! no CSV), families as JSON, candidates as CSV or JSON; and their encoding into a [`Panel`],
//! [`RemainsSet`] and [`FamilySet`].

use serde::Deserialize;

use super::panel::{FamilySet, Panel, RemainsSet, Shape};
use super::{Candidate, ScreeningModel};
use crate::allele::Genotype;
use crate::error::CaseError;
use crate::frequencies::FrequencyTable;
use crate::json::{Ordered, PersonDto, reference_pedigree};
use crate::pedigree::ReferencePedigree;

/// A profile: per marker, two alleles by name (`None` unknown), in input order.
pub type Profile = Vec<(String, [Option<String>; 2])>;

/// One remains: its sample id and profile.
#[derive(Debug, Clone, PartialEq)]
pub struct RemainsProfile {
    /// Sample id.
    pub id: String,
    /// Typed markers.
    pub profile: Profile,
}

/// One family: its pedigree (with the missing person) and its typed references.
#[derive(Debug, Clone, PartialEq)]
pub struct Family {
    /// Family id.
    pub id: String,
    /// The validated pedigree.
    pub pedigree: ReferencePedigree,
    /// `(individual id, profile)` of each typed relative.
    pub references: Vec<(String, Profile)>,
}

/// `{"families": [...]}`. (Not an untagged enum with the bare list: serde's untagged errors
/// say only "did not match any variant", hiding the line, column and field at fault.)
#[derive(Deserialize)]
struct WrappedDto {
    families: Vec<FamilyDto>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct FamilyDto {
    id: String,
    pedigree: Vec<PersonDto>,
    missing: String,
    #[serde(default)]
    references: Ordered<Ordered<Vec<Option<String>>>>,
    #[serde(default)]
    #[allow(dead_code)]
    description: Option<String>,
}

/// Parses families: `{"families": [F, ...]}` or `[F, ...]`, each
/// `{"id", "pedigree": [{"id", "sex", "father", "mother"}], "missing", "references":
/// {"F": {"D3S1358": ["15", "16"]}}}` (the CASE.json fields without frequencies and remains).
pub fn parse_families_json(input: &str) -> Result<Vec<Family>, CaseError> {
    let parsed = if input.trim_start().starts_with('[') {
        serde_json::from_str::<Vec<FamilyDto>>(input)
    } else {
        serde_json::from_str::<WrappedDto>(input).map(|w| w.families)
    };
    let list = parsed.map_err(|e| CaseError::Malformed {
        reason: format!("families JSON: {e}"),
    })?;
    let mut out = Vec::with_capacity(list.len());
    for f in list {
        let pedigree = reference_pedigree(&f.pedigree, &f.missing)?;
        let mut references = Vec::new();
        for (who, profile) in f.references.0 {
            let i = pedigree
                .index_of(&who)
                .ok_or_else(|| CaseError::UnknownIndividual {
                    id: who.clone(),
                    context: format!("a reference of family `{}`", f.id),
                })?;
            if i == pedigree.missing() {
                return Err(CaseError::MissingIsReference { id: who });
            }
            let mut typed: Profile = Vec::new();
            for (marker, alleles) in profile.0 {
                if alleles.len() != 2 {
                    return Err(CaseError::InvalidGenotype {
                        individual: format!("{}:{who}", f.id),
                        marker,
                        count: alleles.len(),
                    });
                }
                typed.push((marker, [alleles[0].clone(), alleles[1].clone()]));
            }
            references.push((who, typed));
        }
        out.push(Family {
            id: f.id,
            pedigree,
            references,
        });
    }
    Ok(out)
}

/// Encodes text profiles against `table`: the panel is every marker of the table typed in at
/// least one remains (markers outside the table are ignored, as in CASE.json).
pub(crate) fn encode(
    remains: &[RemainsProfile],
    families: &[Family],
    table: &FrequencyTable,
    model: &ScreeningModel,
) -> Result<(Panel, RemainsSet, FamilySet), CaseError> {
    let typed = |m: &str| {
        remains.iter().any(|r| {
            r.profile
                .iter()
                .any(|(k, a)| k == m && a.iter().any(Option::is_some))
        })
    };
    let mut tables = Vec::new();
    for t in table.markers().iter().filter(|t| typed(t.marker())) {
        let marker = t.marker();
        let mut extra: Vec<String> = Vec::new();
        let mut check = |who: String, profile: &Profile| -> Result<(), CaseError> {
            for (_, alleles) in profile.iter().filter(|(k, _)| k == marker) {
                for a in alleles.iter().flatten() {
                    if t.index_of(a).is_none() && !extra.contains(a) {
                        if model.rare_allele_frequency.is_none() {
                            return Err(CaseError::AlleleNotInTable {
                                marker: marker.to_owned(),
                                allele: a.clone(),
                                individual: who,
                            });
                        }
                        extra.push(a.clone());
                    }
                }
            }
            Ok(())
        };
        for r in remains {
            check(r.id.clone(), &r.profile)?;
        }
        for f in families {
            for (who, p) in &f.references {
                check(format!("{}:{who}", f.id), p)?;
            }
        }
        tables.push(match model.rare_allele_frequency {
            Some(f) => t.with_rare_alleles(&extra, f)?,
            None => t.clone(),
        });
    }
    let panel = Panel::new(tables, model.mutation)?.with_theta(model.theta)?;
    let codes = |p: &Profile| -> Vec<u32> {
        panel
            .markers()
            .iter()
            .map(|pm| {
                let g = p
                    .iter()
                    .find(|(k, _)| k == pm.table().marker())
                    .and_then(|(_, [a, b])| {
                        let idx = |x: &Option<String>| x.as_deref().and_then(|x| pm.allele(x));
                        Genotype::new(idx(a), idx(b))
                    });
                pm.code(g)
            })
            .collect()
    };
    let mut rs = RemainsSet::new(panel.markers().len());
    for r in remains {
        rs.push(r.id.clone(), &codes(&r.profile));
    }
    let mut fs = FamilySet::new();
    for f in families {
        let mut who = Vec::new();
        let mut refs = Vec::new();
        for (id, p) in &f.references {
            who.push(f.pedigree.index_of(id).unwrap_or_default());
            refs.push(codes(p));
        }
        fs.push(f.id.clone(), Shape::new(f.pedigree.clone(), who), &refs);
    }
    Ok((panel, rs, fs))
}

/// Candidates as CSV: `remains,family,rank,lr,log10_lr,table_lr,markers` (rank 1 = best
/// family for that remains; `log10_lr` empty for LR 0).
pub fn candidates_to_csv(candidates: &[Candidate]) -> String {
    let mut out = String::from("remains,family,rank,lr,log10_lr,table_lr,markers\n");
    let mut rank = 0;
    for (i, c) in candidates.iter().enumerate() {
        rank = if i > 0 && candidates[i - 1].remains == c.remains {
            rank + 1
        } else {
            1
        };
        let log = if c.lr > 0.0 {
            format!("{}", c.lr.log10())
        } else {
            String::new()
        };
        out.push_str(&format!(
            "{},{},{rank},{:e},{log},{:e},{}\n",
            quote(&c.remains),
            quote(&c.family),
            c.lr,
            c.table_lr,
            c.markers
        ));
    }
    out
}

fn quote(s: &str) -> String {
    if s.contains([',', '"', '\n']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_owned()
    }
}

/// Candidates as JSON: `[{"remains", "family", "rank", "lr", "log10_lr", "table_lr",
/// "markers"}]`.
pub fn candidates_to_json(candidates: &[Candidate]) -> String {
    let mut rank = 0;
    let rows: Vec<serde_json::Value> = candidates
        .iter()
        .enumerate()
        .map(|(i, c)| {
            rank = if i > 0 && candidates[i - 1].remains == c.remains {
                rank + 1
            } else {
                1
            };
            serde_json::json!({
                "remains": c.remains,
                "family": c.family,
                "rank": rank,
                "lr": c.lr,
                "log10_lr": (c.lr > 0.0).then(|| c.lr.log10()),
                "table_lr": c.table_lr,
                "markers": c.markers,
            })
        })
        .collect();
    serde_json::Value::Array(rows).to_string()
}
