//! A kinship case: CASE.json (a string, no IO) turned into a validated, typed [`KinshipCase`] —
//! pedigree, per-marker tables with rare alleles admitted, typings as allele indices, mutation
//! matrices and θ — ready for [`KinshipCase::evaluate`].

use crate::allele::Genotype;
use crate::error::CaseError;
use crate::frequencies::AlleleFrequencies;
use crate::json::{CaseDto, MutationDto, Ordered, RateDto, reference_pedigree};
use crate::likelihood::Person;
use crate::lineage::LineageCase;
use crate::mutation::{MutationMatrix, MutationModel, SexRates};
use crate::pedigree::{ReferencePedigree, Sex};

/// Everything one marker contributes to the LR.
#[derive(Debug, Clone, PartialEq)]
pub struct MarkerCase {
    pub(crate) table: AlleleFrequencies,
    pub(crate) remains: Option<Genotype>,
    /// Typing of each pedigree member (by pedigree index); the missing person's is `None`.
    pub(crate) references: Vec<Option<Genotype>>,
    pub(crate) paternal: Option<MutationMatrix>,
    pub(crate) maternal: Option<MutationMatrix>,
}

impl MarkerCase {
    /// The marker's (possibly rare-allele-extended) frequency table.
    pub fn table(&self) -> &AlleleFrequencies {
        &self.table
    }

    /// The remains' typing, `None` when untyped.
    pub fn remains(&self) -> Option<Genotype> {
        self.remains
    }
}

/// A validated missing-person case: H1 "the remains are the missing person" against H2 "the
/// remains are unrelated to the family".
#[derive(Debug, Clone, PartialEq)]
pub struct KinshipCase {
    pub(crate) pedigree: ReferencePedigree,
    pub(crate) markers: Vec<MarkerCase>,
    pub(crate) mutation: MutationModel,
    pub(crate) theta: f64,
    pub(crate) lineage: LineageCase,
}

type Profile = Ordered<Vec<Option<String>>>;

impl KinshipCase {
    /// Parses and validates CASE.json.
    pub fn from_json(input: &str) -> Result<Self, CaseError> {
        let dto: CaseDto = serde_json::from_str(input).map_err(|e| CaseError::Malformed {
            reason: e.to_string(),
        })?;
        let pedigree = reference_pedigree(&dto.pedigree, &dto.missing)?;
        let mut references: Vec<Option<&Profile>> = vec![None; pedigree.len()];
        for (id, profile) in &dto.references.0 {
            let i = pedigree
                .index_of(id)
                .ok_or_else(|| CaseError::UnknownIndividual {
                    id: id.clone(),
                    context: "a reference".to_owned(),
                })?;
            if i == pedigree.missing() {
                return Err(CaseError::MissingIsReference { id: id.clone() });
            }
            if references[i].is_some() {
                return Err(CaseError::DuplicateIndividual { id: id.clone() });
            }
            references[i] = Some(profile);
        }
        let theta = dto.theta.unwrap_or(0.0);
        if !(0.0..1.0).contains(&theta) {
            return Err(CaseError::InvalidParameter {
                name: "theta".into(),
                value: theta,
                expected: "0 ≤ θ < 1".into(),
            });
        }
        if let Some(f) = dto.rare_allele_frequency
            && !(f > 0.0 && f < 1.0)
        {
            return Err(CaseError::InvalidParameter {
                name: "rare_allele_frequency".into(),
                value: f,
                expected: "0 < f < 1".into(),
            });
        }
        let lineage = LineageCase::parse(dto.y_str.as_ref(), dto.mtdna.as_ref())?;
        let mutation = parse_mutation(dto.mutation.as_ref())?;
        mutation.validate()?;
        let names: Vec<String> = match &dto.markers {
            Some(list) => list.clone(),
            None => dto.frequencies.0.iter().map(|(m, _)| m.clone()).collect(),
        };
        let mut markers = Vec::with_capacity(names.len());
        for (k, marker) in names.iter().enumerate() {
            if names[..k].contains(marker) {
                return Err(CaseError::Malformed {
                    reason: format!("marker `{marker}` is listed twice in `markers`"),
                });
            }
            let raw = dto
                .frequencies
                .0
                .iter()
                .find(|(m, _)| m == marker)
                .ok_or_else(|| CaseError::MarkerNotInTable {
                    marker: marker.clone(),
                    context: "listed in `markers`".into(),
                })?;
            let table = AlleleFrequencies::new(marker, raw.1.0.clone())?;
            markers.push(MarkerCase::build(
                table,
                &pedigree,
                dto.remains_at(marker)?,
                &references,
                dto.rare_allele_frequency,
                &mutation,
            )?);
        }
        Ok(Self {
            pedigree,
            markers,
            mutation,
            theta,
            lineage,
        })
    }

    /// The pedigree.
    pub fn pedigree(&self) -> &ReferencePedigree {
        &self.pedigree
    }

    /// The likelihood engine's view of marker `m`: every individual with its parents and its
    /// reference typing (the missing person's is `None`), in pedigree order.
    pub(crate) fn persons(&self, m: &MarkerCase) -> Vec<Person> {
        self.pedigree
            .individuals()
            .iter()
            .zip(&m.references)
            .map(|(ind, g)| Person {
                parents: ind.parents(),
                evidence: *g,
            })
            .collect()
    }

    /// The markers to evaluate, in order.
    pub fn markers(&self) -> &[MarkerCase] {
        &self.markers
    }

    /// The mutation model.
    pub fn mutation(&self) -> MutationModel {
        self.mutation
    }

    /// The θ correction.
    pub fn theta(&self) -> f64 {
        self.theta
    }
}

impl CaseDto {
    fn remains_at(&self, marker: &str) -> Result<Option<&[Option<String>]>, CaseError> {
        lookup(&self.remains, marker, "remains")
    }
}

/// The alleles an individual has at `marker`, checked to be a pair.
fn lookup<'a>(
    profile: &'a Profile,
    marker: &str,
    who: &str,
) -> Result<Option<&'a [Option<String>]>, CaseError> {
    let mut found = profile.0.iter().filter(|(m, _)| m == marker);
    let Some((_, alleles)) = found.next() else {
        return Ok(None);
    };
    if found.next().is_some() {
        return Err(CaseError::Malformed {
            reason: format!("marker `{marker}` is given twice for `{who}`"),
        });
    }
    if alleles.len() != 2 {
        return Err(CaseError::InvalidGenotype {
            individual: who.to_owned(),
            marker: marker.to_owned(),
            count: alleles.len(),
        });
    }
    Ok(Some(alleles))
}

impl MarkerCase {
    fn build(
        table: AlleleFrequencies,
        pedigree: &ReferencePedigree,
        remains: Option<&[Option<String>]>,
        references: &[Option<&Profile>],
        rare: Option<f64>,
        mutation: &MutationModel,
    ) -> Result<Self, CaseError> {
        let marker = table.marker().to_owned();
        let mut typings: Vec<(String, &[Option<String>])> = Vec::new();
        if let Some(a) = remains {
            typings.push(("remains".to_owned(), a));
        }
        for (i, profile) in references.iter().enumerate() {
            if let Some(p) = profile {
                let id = pedigree.individuals()[i].id();
                if let Some(a) = lookup(p, &marker, id)? {
                    typings.push((id.to_owned(), a));
                }
            }
        }
        // Alleles the table lacks: refused, or admitted at the rare-allele frequency.
        let mut extra: Vec<String> = Vec::new();
        for (who, alleles) in &typings {
            for a in alleles.iter().flatten() {
                if table.index_of(a).is_none() && !extra.contains(a) {
                    if rare.is_none() {
                        return Err(CaseError::AlleleNotInTable {
                            marker: marker.clone(),
                            allele: a.clone(),
                            individual: who.clone(),
                        });
                    }
                    extra.push(a.clone());
                }
            }
        }
        let table = match rare {
            Some(f) => table.with_rare_alleles(&extra, f)?,
            None => table,
        };
        let resolve = |alleles: &[Option<String>]| {
            let idx = |a: &Option<String>| a.as_deref().and_then(|a| table.index_of(a));
            Genotype::new(idx(&alleles[0]), idx(&alleles[1]))
        };
        let remains = remains.and_then(resolve);
        let mut refs = vec![None; pedigree.len()];
        for (i, profile) in references.iter().enumerate() {
            if let Some(p) = profile {
                let id = pedigree.individuals()[i].id();
                refs[i] = lookup(p, &marker, id)?.and_then(resolve);
            }
        }
        let paternal = mutation.matrix(&table, Sex::Male)?;
        let maternal = mutation.matrix(&table, Sex::Female)?;
        Ok(Self {
            table,
            remains,
            references: refs,
            paternal,
            maternal,
        })
    }
}

fn parse_mutation(dto: Option<&MutationDto>) -> Result<MutationModel, CaseError> {
    let Some(dto) = dto else {
        return Ok(MutationModel::None);
    };
    let rates = |r: Option<&RateDto>, name: &str| -> Result<SexRates, CaseError> {
        match r {
            Some(RateDto::Both(x)) => Ok(SexRates::both(*x)),
            Some(RateDto::BySex { female, male }) => Ok(SexRates {
                female: *female,
                male: *male,
            }),
            None => Err(CaseError::Malformed {
                reason: format!("mutation model `{}` needs `{name}`", dto.model),
            }),
        }
    };
    match dto.model.as_str() {
        "none" => Ok(MutationModel::None),
        "equal" => Ok(MutationModel::Equal {
            rate: rates(dto.rate.as_ref(), "rate")?,
        }),
        "proportional" => Ok(MutationModel::Proportional {
            rate: rates(dto.rate.as_ref(), "rate")?,
        }),
        "stepwise" => Ok(MutationModel::Stepwise {
            rate: rates(dto.rate.as_ref(), "rate")?,
            rate2: rates(dto.rate2.as_ref(), "rate2")?,
            range: dto.range.ok_or_else(|| CaseError::Malformed {
                reason: "mutation model `stepwise` needs `range`".into(),
            })?,
        }),
        other => Err(CaseError::Malformed {
            reason: format!(
                "unknown mutation model `{other}`; expected none, equal, proportional or stepwise"
            ),
        }),
    }
}

impl MutationModel {
    /// Parses a mutation model in the CASE.json form (`{"model": "equal", "rate": 0.001}`,
    /// `rate` a number or `{"female": r, "male": r}`; stepwise also `rate2` and `range`), for
    /// commands that take the model on its own (`homeward kinship screen --mutation`).
    pub fn from_json(input: &str) -> Result<Self, CaseError> {
        let dto: MutationDto = serde_json::from_str(input).map_err(|e| CaseError::Malformed {
            reason: format!("mutation model: {e}"),
        })?;
        let model = parse_mutation(Some(&dto))?;
        model.validate()?;
        Ok(model)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mutation_model_alone() {
        let m = MutationModel::from_json(
            r#"{"model": "equal", "rate": {"female": 0.001, "male": 0.002}}"#,
        )
        .unwrap();
        assert_eq!(
            m,
            MutationModel::Equal {
                rate: SexRates {
                    female: 0.001,
                    male: 0.002
                }
            }
        );
        assert!(MutationModel::from_json(r#"{"model": "equal", "rate": 2}"#).is_err());
    }
}
