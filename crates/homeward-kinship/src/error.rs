//! Errors of the kinship engine: every message names the marker, allele or individual at fault,
//! so that the one line the CLI prints tells the operator what to fix and where.

use thiserror::Error;

/// Why a kinship case cannot be evaluated.
///
/// Each variant carries the names from the input (marker, allele, individual) so that its message
/// alone locates the problem in CASE.json.
#[derive(Debug, Clone, PartialEq, Error)]
pub enum CaseError {
    /// The input is not valid JSON or does not have the CASE.json shape.
    #[error("invalid CASE.json: {reason}")]
    Malformed {
        /// What serde or the shape check reported.
        reason: String,
    },
    /// An id is used (as a parent, the missing person or a reference) but not declared.
    #[error("unknown individual `{id}` ({context})")]
    UnknownIndividual {
        /// The undeclared id.
        id: String,
        /// Where it was used, e.g. "father of `C1`".
        context: String,
    },
    /// Two pedigree entries share an id.
    #[error("individual `{id}` is declared twice in the pedigree")]
    DuplicateIndividual {
        /// The repeated id.
        id: String,
    },
    /// A sex other than "M" or "F".
    #[error("individual `{id}` has sex `{sex}`; expected \"M\" or \"F\"")]
    InvalidSex {
        /// The individual.
        id: String,
        /// What was given.
        sex: String,
    },
    /// A father who is female.
    #[error("father `{father}` of `{child}` is female")]
    FemaleFather {
        /// The child.
        child: String,
        /// The father named for it.
        father: String,
    },
    /// A mother who is male.
    #[error("mother `{mother}` of `{child}` is male")]
    MaleMother {
        /// The child.
        child: String,
        /// The mother named for it.
        mother: String,
    },
    /// An individual with a father but no mother or the reverse.
    #[error("individual `{id}` has only one parent; give both or neither")]
    OneParent {
        /// The individual.
        id: String,
    },
    /// The pedigree makes someone their own ancestor.
    #[error("pedigree has a cycle through individual `{id}`")]
    Cycle {
        /// One individual on the cycle.
        id: String,
    },
    /// The missing person is also given as a reference.
    #[error("missing person `{id}` is also listed as a reference")]
    MissingIsReference {
        /// The missing person's id.
        id: String,
    },
    /// A marker to evaluate, or a typed marker, has no frequency table.
    #[error("marker `{marker}` is absent from the frequency table ({context})")]
    MarkerNotInTable {
        /// The marker.
        marker: String,
        /// Where it was needed.
        context: String,
    },
    /// A marker's frequency table is empty.
    #[error("marker `{marker}` has no alleles in the frequency table")]
    EmptyMarker {
        /// The marker.
        marker: String,
    },
    /// A typed allele is not in the table and no `rare_allele_frequency` was given.
    #[error(
        "allele `{allele}` of marker `{marker}` (individual `{individual}`) is absent from the \
         frequency table; give `rare_allele_frequency` to admit it"
    )]
    AlleleNotInTable {
        /// The marker.
        marker: String,
        /// The allele.
        allele: String,
        /// Who carries it ("remains" for the remains).
        individual: String,
    },
    /// A frequency that is not a finite number in (0, 1].
    #[error("frequency {value} of allele `{allele}` at marker `{marker}` must be in (0, 1]")]
    InvalidFrequency {
        /// The marker.
        marker: String,
        /// The allele.
        allele: String,
        /// The offending value.
        value: f64,
    },
    /// A profile entry that is not a pair of alleles.
    #[error(
        "genotype of `{individual}` at marker `{marker}` must be two alleles (or null), got {count}"
    )]
    InvalidGenotype {
        /// Who carries it.
        individual: String,
        /// The marker.
        marker: String,
        /// How many entries were given.
        count: usize,
    },
    /// A numeric model parameter outside its range.
    #[error("parameter `{name}` = {value} is out of range ({expected})")]
    InvalidParameter {
        /// Parameter name, e.g. "theta" or "mutation.rate.male".
        name: String,
        /// The value given.
        value: f64,
        /// The allowed range.
        expected: String,
    },
    /// A mutation model that needs numeric allele names met one that is not a number.
    #[error("stepwise mutation at marker `{marker}` needs numeric alleles, got `{allele}`")]
    NonNumericAllele {
        /// The marker.
        marker: String,
        /// The allele.
        allele: String,
    },
    /// The exact computation would exceed the engine's work limit (θ > 0 on a large pedigree).
    #[error("marker `{marker}`: exact computation too large ({work:.3e} steps); {hint}")]
    TooComplex {
        /// The marker.
        marker: String,
        /// Estimated work.
        work: f64,
        /// What to change.
        hint: String,
    },
    /// The references alone are impossible under the pedigree (e.g. a parent–child exclusion
    /// without a mutation model), so no LR can be formed.
    #[error("marker `{marker}`: the references' typings are inconsistent with the pedigree")]
    InconsistentReferences {
        /// The marker.
        marker: String,
    },
}
