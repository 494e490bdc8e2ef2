//! The reference pedigree: individuals with sex and either both parents or none, validated
//! (known ids, sexes of parents, no cycles, no single parents) and stored in an order where
//! parents come before their children, which every likelihood computation relies on.

use crate::error::CaseError;

/// Biological sex, which decides whether a transmission is paternal or maternal (mutation rates
/// differ) and which parent slot a person may fill.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Sex {
    /// Female: may be a mother; her transmissions use the female mutation rate.
    Female,
    /// Male: may be a father; his transmissions use the male mutation rate.
    Male,
}

/// One pedigree entry as given by the caller, before validation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PedigreeEntry {
    /// The individual's id.
    pub id: String,
    /// The individual's sex.
    pub sex: Sex,
    /// Father's id; `None` together with `mother` for a founder.
    pub father: Option<String>,
    /// Mother's id.
    pub mother: Option<String>,
}

/// A validated individual: parents are indices into the same pedigree, always earlier ones.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Individual {
    id: String,
    sex: Sex,
    parents: Option<(usize, usize)>,
}

impl Individual {
    /// The id.
    pub fn id(&self) -> &str {
        &self.id
    }

    /// The sex.
    pub fn sex(&self) -> Sex {
        self.sex
    }

    /// `(father, mother)` indices, `None` for a founder.
    pub fn parents(&self) -> Option<(usize, usize)> {
        self.parents
    }
}

/// A family pedigree with its missing person, validated and topologically ordered.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReferencePedigree {
    individuals: Vec<Individual>,
    missing: usize,
}

impl ReferencePedigree {
    /// Validates the entries and orders them so that parents precede children.
    pub fn new(entries: &[PedigreeEntry], missing: &str) -> Result<Self, CaseError> {
        let find = |id: &str| entries.iter().position(|e| e.id == id);
        for (i, e) in entries.iter().enumerate() {
            if entries[..i].iter().any(|o| o.id == e.id) {
                return Err(CaseError::DuplicateIndividual { id: e.id.clone() });
            }
        }
        let mut parents: Vec<Option<(usize, usize)>> = Vec::with_capacity(entries.len());
        for e in entries {
            let p = match (&e.father, &e.mother) {
                (None, None) => None,
                (Some(f), Some(m)) => {
                    let fi = find(f).ok_or_else(|| CaseError::UnknownIndividual {
                        id: f.clone(),
                        context: format!("father of `{}`", e.id),
                    })?;
                    let mi = find(m).ok_or_else(|| CaseError::UnknownIndividual {
                        id: m.clone(),
                        context: format!("mother of `{}`", e.id),
                    })?;
                    if entries[fi].sex != Sex::Male {
                        return Err(CaseError::FemaleFather {
                            child: e.id.clone(),
                            father: f.clone(),
                        });
                    }
                    if entries[mi].sex != Sex::Female {
                        return Err(CaseError::MaleMother {
                            child: e.id.clone(),
                            mother: m.clone(),
                        });
                    }
                    Some((fi, mi))
                }
                _ => return Err(CaseError::OneParent { id: e.id.clone() }),
            };
            parents.push(p);
        }
        // Topological order (Kahn), stable in input order; leftovers lie on a cycle.
        let n = entries.len();
        let mut placed = vec![false; n];
        let mut order = Vec::with_capacity(n);
        while order.len() < n {
            let next = (0..n)
                .find(|&i| !placed[i] && parents[i].is_none_or(|(f, m)| placed[f] && placed[m]));
            match next {
                Some(i) => {
                    placed[i] = true;
                    order.push(i);
                }
                None => {
                    let stuck = (0..n).find(|&i| !placed[i]).unwrap_or(0);
                    return Err(CaseError::Cycle {
                        id: entries[stuck].id.clone(),
                    });
                }
            }
        }
        let mut new_index = vec![0; n];
        for (k, &i) in order.iter().enumerate() {
            new_index[i] = k;
        }
        let individuals = order
            .iter()
            .map(|&i| Individual {
                id: entries[i].id.clone(),
                sex: entries[i].sex,
                parents: parents[i].map(|(f, m)| (new_index[f], new_index[m])),
            })
            .collect::<Vec<_>>();
        let missing =
            find(missing)
                .map(|i| new_index[i])
                .ok_or_else(|| CaseError::UnknownIndividual {
                    id: missing.to_owned(),
                    context: "the missing person".to_owned(),
                })?;
        Ok(Self {
            individuals,
            missing,
        })
    }

    /// Individuals, parents before children.
    pub fn individuals(&self) -> &[Individual] {
        &self.individuals
    }

    /// Number of individuals.
    pub fn len(&self) -> usize {
        self.individuals.len()
    }

    /// Whether the pedigree is empty (never true once validated: it holds the missing person).
    pub fn is_empty(&self) -> bool {
        self.individuals.is_empty()
    }

    /// Index of the missing person.
    pub fn missing(&self) -> usize {
        self.missing
    }

    /// Index of an id.
    pub fn index_of(&self, id: &str) -> Option<usize> {
        self.individuals.iter().position(|i| i.id == id)
    }

    /// Number of founders.
    pub fn founder_count(&self) -> usize {
        self.individuals
            .iter()
            .filter(|i| i.parents.is_none())
            .count()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn e(id: &str, sex: Sex, f: Option<&str>, m: Option<&str>) -> PedigreeEntry {
        PedigreeEntry {
            id: id.into(),
            sex,
            father: f.map(Into::into),
            mother: m.map(Into::into),
        }
    }

    #[test]
    fn children_listed_first_are_reordered_after_parents() {
        let p = ReferencePedigree::new(
            &[
                e("C", Sex::Male, Some("F"), Some("M")),
                e("F", Sex::Male, None, None),
                e("M", Sex::Female, None, None),
            ],
            "C",
        )
        .unwrap();
        assert_eq!(p.individuals()[2].id(), "C");
        assert_eq!(p.individuals()[2].parents(), Some((0, 1)));
        assert_eq!(p.missing(), 2);
    }

    #[test]
    fn refusals_name_the_individual() {
        let cyc = ReferencePedigree::new(
            &[
                e("A", Sex::Male, Some("B"), Some("M")),
                e("B", Sex::Male, Some("A"), Some("M")),
                e("M", Sex::Female, None, None),
            ],
            "A",
        );
        assert!(matches!(cyc, Err(CaseError::Cycle { .. })));
        let one = ReferencePedigree::new(&[e("A", Sex::Male, Some("B"), None)], "A");
        assert_eq!(one, Err(CaseError::OneParent { id: "A".into() }));
    }
}
