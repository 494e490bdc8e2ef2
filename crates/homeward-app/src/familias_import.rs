//! A Familias `.fam` case into the registry: one of its pedigrees becomes a family (its typed
//! persons the references, the person the laboratory named the missing one), and the frequency
//! database inside becomes a frequency database of its own (a new version under the name given).
//! Both go through the same use cases as the screen's JSON files (`dna::import_families`,
//! `dna::import_frequencies`), so the same rules check them; a refusal names the `.fam` file and,
//! where the file is at fault, its line.

use homeward_store::{FrequencyDatabase, Store, WriteContext};
use serde_json::{Map, Value, json};

use crate::dna::{self, DnaError};
use crate::familias::{FamFile, FamPedigree, FamSex, parse_fam};

/// What to take from a `.fam` file.
#[derive(Debug, Clone, Default)]
pub struct FamChoice {
    /// The family's id in the registry.
    pub family: String,
    /// The pedigree to take, by name; the file's only one when it has one.
    pub pedigree: Option<String>,
    /// The person (by name in the file) the family is looking for.
    pub missing: String,
    /// Also import the file's frequency database under this name.
    pub frequencies: Option<String>,
}

/// What a `.fam` import wrote.
#[derive(Debug, Clone)]
pub struct FamImported {
    /// The frequency database, if one was asked for.
    pub frequencies: Option<FrequencyDatabase>,
    /// The pedigree taken.
    pub pedigree: String,
    /// How many references were typed.
    pub references: usize,
}

fn refused(file: &str, reason: impl Into<String>) -> DnaError {
    at_line(file, None, reason)
}

fn at_line(file: &str, line: Option<u64>, reason: impl Into<String>) -> DnaError {
    DnaError::File {
        file: file.to_owned(),
        line,
        field: None,
        reason: reason.into(),
    }
}

/// The pedigree `choice` names in `fam`.
fn chosen<'a>(
    fam: &'a FamFile,
    file: &str,
    choice: &FamChoice,
) -> Result<&'a FamPedigree, DnaError> {
    let names = || {
        fam.pedigrees
            .iter()
            .map(|p| format!("\"{}\"", p.name))
            .collect::<Vec<_>>()
            .join(", ")
    };
    match &choice.pedigree {
        Some(name) => fam
            .pedigrees
            .iter()
            .find(|p| &p.name == name)
            .ok_or_else(|| {
                refused(
                    file,
                    format!("no pedigree \"{name}\"; the file has {}", names()),
                )
            }),
        None if fam.pedigrees.len() == 1 => Ok(&fam.pedigrees[0]),
        None => Err(refused(
            file,
            format!(
                "the file has {} pedigrees ({}); name one with --pedigree",
                fam.pedigrees.len(),
                names()
            ),
        )),
    }
}

/// The family as the families JSON writes it (`id`, `pedigree`, `missing`, `references`).
pub fn family_json(fam: &FamFile, file: &str, choice: &FamChoice) -> Result<Value, DnaError> {
    let pedigree = chosen(fam, file, choice)?;
    let missing = pedigree
        .persons
        .iter()
        .find(|p| p.id == choice.missing)
        .ok_or_else(|| {
            refused(
                file,
                format!(
                    "pedigree \"{}\" has no person \"{}\"",
                    pedigree.name, choice.missing
                ),
            )
        })?;
    if !missing.genotypes.is_empty() {
        return Err(refused(
            file,
            format!(
                "\"{}\" is typed in the file; the missing person is the one to be found",
                missing.id
            ),
        ));
    }
    let people: Vec<Value> = pedigree
        .persons
        .iter()
        .map(|p| {
            let mut person = Map::new();
            person.insert("id".into(), json!(p.id));
            person.insert(
                "sex".into(),
                json!(if p.sex == FamSex::Male { "M" } else { "F" }),
            );
            if let (Some(f), Some(m)) = (&p.father, &p.mother) {
                person.insert("father".into(), json!(f));
                person.insert("mother".into(), json!(m));
            }
            Value::Object(person)
        })
        .collect();
    let references: Map<String, Value> = pedigree
        .persons
        .iter()
        .filter(|p| !p.genotypes.is_empty())
        .map(|p| {
            let markers: Map<String, Value> = p
                .genotypes
                .iter()
                .map(|(locus, [a, b])| (locus.clone(), json!([a, b])))
                .collect();
            (p.id.clone(), Value::Object(markers))
        })
        .collect();
    if references.is_empty() {
        return Err(refused(
            file,
            format!("pedigree \"{}\" has no typed person", pedigree.name),
        ));
    }
    Ok(json!({
        "id": choice.family,
        "pedigree": people,
        "missing": choice.missing,
        "references": references,
    }))
}

/// The file's database as the frequency JSON (`{"markers": {locus: {allele: frequency}}}`).
pub fn frequencies_json(fam: &FamFile) -> Value {
    let markers: Map<String, Value> = fam
        .loci
        .iter()
        .map(|l| {
            let alleles: Map<String, Value> = l
                .alleles
                .iter()
                .map(|(a, f)| (a.clone(), json!(f)))
                .collect();
            (l.name.clone(), Value::Object(alleles))
        })
        .collect();
    json!({ "markers": markers })
}

/// Imports the family (and, if asked, the frequency database) a `.fam` file holds: the file,
/// the family (by the engine's rules) and the database are all checked before anything is
/// written; then the family, then the database, each in its own transaction.
pub async fn import_fam(
    store: &dyn Store,
    file: &str,
    text: &str,
    choice: &FamChoice,
    ctx: WriteContext,
) -> Result<FamImported, DnaError> {
    let fam = parse_fam(text).map_err(|e| at_line(file, Some(e.line as u64), e.reason))?;
    let family = family_json(&fam, file, choice)?;
    let pedigree = chosen(&fam, file, choice)?.name.clone();
    let references = family["references"].as_object().map_or(0, Map::len);
    let families = json!({ "families": [family] }).to_string();
    // The family is checked by the engine as the families JSON is, before anything is written.
    homeward_kinship::screen::parse_families_json(&families)
        .map_err(|e| refused(file, e.to_string()))?;
    let table = frequencies_json(&fam).to_string();
    if choice.frequencies.is_some() {
        homeward_kinship::FrequencyTable::from_json_str(&table)
            .map_err(|e| refused(file, format!("its database: {e}")))?;
    }
    dna::import_families(store, file, &families, ctx).await?;
    let frequencies = match &choice.frequencies {
        Some(name) => Some(dna::import_frequencies(store, name, file, &table, ctx).await?),
        None => None,
    };
    Ok(FamImported {
        frequencies,
        pedigree,
        references,
    })
}
