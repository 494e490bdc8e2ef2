//! Familias `.fam` files read at the edge: the typed persons (with their genotypes), the
//! pedigrees (relations known to all of them and those of each), and the frequency database
//! inside (alleles, frequencies, the mutation model of each sex, θ). Familias is what most
//! identification laboratories build their cases in; its files are how a case comes to
//! Homeward as the laboratory drew it.
//!
//! The format (as Familias 3 writes it, and as pedFamilias' `readFam` reads it) is one value a
//! line, strings in double quotes, booleans `#TRUE#`/`#FALSE#`:
//! - three header lines (the last the version), then the number of persons (after an optional
//!   empty line); for each person: the name, three lines this reader does not need, the sex
//!   (`#TRUE#` male), the number of genotypes and, for each, three integers: the allele indices
//!   (0-based, into the locus's alleles in the database) and the locus index (0-based);
//! - `Known relations`, the numbers of extra (untyped, unnamed) females and males, the number of
//!   relations and each as (parent index, child index);
//! - the number of pedigrees and, for each, its index, its name, its extra females and males,
//!   and its own relations;
//! - a line with `Theta/Kinship/Fst: θ`, the number of loci, whether a database name follows
//!   (and the name), then each locus: its name, the female and male mutation rates, the female
//!   and male model codes (0 equal, 1 proportional, 2–4 stepwise), the number of alleles with the
//!   silent one, the female and male ranges, the female and male second rates, whether it has a
//!   silent allele (refused), its frequency, a line starting with the number of alleles, and the
//!   alleles with their frequencies.
//!
//! Extras are named `extra-1`, `extra-2`, … in the file's order (the known relations' females
//! and males, then the pedigree's own). Twins, silent alleles and precomputed probabilities are
//! refused, naming the line.

/// A line the reader cannot take, naming it (1-based) and what it expected.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("line {line}: {reason}")]
pub struct FamError {
    /// Physical line.
    pub line: usize,
    /// What is wrong.
    pub reason: String,
}

/// A person's sex in the file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FamSex {
    /// Male (`#TRUE#`).
    Male,
    /// Female.
    Female,
}

/// A person of a pedigree: id, sex and parents (ids), and their genotypes by locus name.
#[derive(Debug, Clone, PartialEq)]
pub struct FamPerson {
    /// The name in the file, or `extra-1` … for an extra.
    pub id: String,
    /// Sex.
    pub sex: FamSex,
    /// Father's id.
    pub father: Option<String>,
    /// Mother's id.
    pub mother: Option<String>,
    /// Genotypes: (locus, [allele, allele]) in the file's order.
    pub genotypes: Vec<(String, [String; 2])>,
}

/// One of the file's pedigrees: a hypothesis of how the persons are related.
#[derive(Debug, Clone, PartialEq)]
pub struct FamPedigree {
    /// Its name (`H1`, "MP is the father").
    pub name: String,
    /// Everyone in it: the file's persons, then its extras.
    pub persons: Vec<FamPerson>,
}

/// The mutation model a locus gives one sex.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct FamMutation {
    /// 0 equal, 1 proportional, 2 stepwise (unstationary), 3 stepwise (stationary), 4 extended
    /// stepwise.
    pub model: u8,
    /// The rate.
    pub rate: f64,
    /// The stepwise range.
    pub range: f64,
    /// The extended stepwise model's second rate.
    pub rate2: f64,
}

/// A locus of the database inside the file.
#[derive(Debug, Clone, PartialEq)]
pub struct FamLocus {
    /// Its name.
    pub name: String,
    /// Alleles and their frequencies, in the file's order.
    pub alleles: Vec<(String, f64)>,
    /// The female model.
    pub female: FamMutation,
    /// The male model.
    pub male: FamMutation,
}

/// A whole `.fam` file.
#[derive(Debug, Clone, PartialEq)]
pub struct FamFile {
    /// The Familias version that wrote it.
    pub version: String,
    /// The pedigrees; a file with none gives one, named `Familias`, of the known relations.
    pub pedigrees: Vec<FamPedigree>,
    /// The database's name, if the file names it.
    pub database: Option<String>,
    /// Its loci.
    pub loci: Vec<FamLocus>,
    /// θ (Theta/Kinship/Fst).
    pub theta: f64,
}

/// Most persons, relations, pedigrees, loci or alleles a count may announce: a bound against a
/// file that announces more than it holds.
const MAX_COUNT: usize = 1_000_000;

/// The file's lines, read one value at a time, with the line number of each.
struct Lines<'a> {
    lines: Vec<&'a str>,
    at: usize,
}

impl<'a> Lines<'a> {
    fn new(input: &'a str) -> Self {
        Lines {
            lines: input.lines().map(|l| l.trim_end_matches('\r')).collect(),
            at: 0,
        }
    }

    /// The 1-based number of the next line.
    fn number(&self) -> usize {
        self.at + 1
    }

    fn error(&self, line: usize, reason: impl Into<String>) -> FamError {
        FamError {
            line,
            reason: reason.into(),
        }
    }

    fn peek(&self) -> Option<&'a str> {
        self.lines.get(self.at).copied()
    }

    fn next(&mut self, what: &str) -> Result<&'a str, FamError> {
        let line = self.peek().ok_or_else(|| {
            self.error(
                self.number(),
                format!("the file ends where {what} was expected"),
            )
        })?;
        self.at += 1;
        Ok(line)
    }

    /// A quoted (or bare) string.
    fn text(&mut self, what: &str) -> Result<String, FamError> {
        let line = self.next(what)?.trim();
        Ok(line
            .strip_prefix('"')
            .and_then(|l| l.strip_suffix('"'))
            .unwrap_or(line)
            .to_owned())
    }

    fn count(&mut self, what: &str) -> Result<usize, FamError> {
        let n = self.number();
        let line = self.next(what)?.trim();
        let value: usize = line
            .parse()
            .map_err(|_| self.error(n, format!("expected {what} (a count), found \"{line}\"")))?;
        if value > MAX_COUNT {
            return Err(self.error(n, format!("{what}: {value} is more than this reader takes")));
        }
        Ok(value)
    }

    /// A 0-based index below `len`.
    fn index(&mut self, what: &str, len: usize) -> Result<usize, FamError> {
        let n = self.number();
        let line = self.next(what)?.trim();
        match line.parse::<usize>() {
            Ok(i) if i < len => Ok(i),
            _ => Err(self.error(
                n,
                format!("expected {what} (an index below {len}), found \"{line}\""),
            )),
        }
    }

    fn number_value(&mut self, what: &str) -> Result<f64, FamError> {
        let n = self.number();
        let line = self.next(what)?.trim();
        line.parse::<f64>()
            .ok()
            .filter(|v| v.is_finite())
            .ok_or_else(|| self.error(n, format!("expected {what} (a number), found \"{line}\"")))
    }

    fn flag(&mut self, what: &str) -> Result<bool, FamError> {
        let n = self.number();
        match self.next(what)?.trim() {
            "#TRUE#" => Ok(true),
            "#FALSE#" => Ok(false),
            other => Err(self.error(
                n,
                format!("expected {what} (#TRUE# or #FALSE#), found \"{other}\""),
            )),
        }
    }
}

/// A typed person before the database is read: genotypes as (allele index, allele index,
/// locus index), each with its line.
struct RawPerson {
    id: String,
    sex: FamSex,
    genotypes: Vec<(usize, usize, usize, usize)>,
}

/// The relations of a pedigree: (parent, child) indices into its persons.
fn relations(lines: &mut Lines<'_>, sexes: &[FamSex]) -> Result<Vec<(usize, usize)>, FamError> {
    let n = lines.count("the number of relations")?;
    (0..n)
        .map(|_| {
            let at = lines.number();
            if lines.peek().is_some_and(|l| l.contains("Direct")) {
                return Err(lines.error(at, "twins (a direct relation) are not supported"));
            }
            let parent = lines.index("a parent's index", sexes.len())?;
            let child = lines.index("a child's index", sexes.len())?;
            if parent == child {
                return Err(lines.error(at, "a person is their own parent"));
            }
            Ok((parent, child))
        })
        .collect()
}

/// A pedigree's persons as indices: (id, sex, father, mother).
type Persons = Vec<(String, FamSex, Option<usize>, Option<usize>)>;

/// The sexes of `extras` (females, males), in the file's order.
fn extra_sexes(extras: (usize, usize)) -> impl Iterator<Item = FamSex> {
    std::iter::repeat_n(FamSex::Female, extras.0).chain(std::iter::repeat_n(FamSex::Male, extras.1))
}

/// The persons of one pedigree: the file's, then its `extras` (their sexes in order), with
/// `relations`.
fn pedigree_persons(
    people: &[RawPerson],
    extras: &[FamSex],
    relations: &[(usize, usize)],
    relation_line: usize,
) -> Result<Persons, FamError> {
    let mut persons: Persons = people
        .iter()
        .map(|p| (p.id.clone(), p.sex, None, None))
        .collect();
    persons.extend(
        extras
            .iter()
            .enumerate()
            .map(|(k, sex)| (format!("extra-{}", k + 1), *sex, None, None)),
    );
    for &(parent, child) in relations {
        let (Some(p), true) = (persons.get(parent), child < persons.len()) else {
            return Err(FamError {
                line: relation_line,
                reason: format!(
                    "a relation names person {parent} or {child}, beyond the pedigree's {}",
                    persons.len()
                ),
            });
        };
        let slot = match p.1 {
            FamSex::Male => &mut persons[child].2,
            FamSex::Female => &mut persons[child].3,
        };
        *slot = Some(parent);
    }
    Ok(persons)
}

/// Parses a `.fam` file (see the module's documentation).
pub fn parse_fam(input: &str) -> Result<FamFile, FamError> {
    let mut lines = Lines::new(input);
    lines.text("the header")?;
    lines.text("the header")?;
    let version = lines.text("the Familias version")?;
    if lines
        .peek()
        .is_some_and(|l| matches!(l.trim(), "" | "\"\""))
    {
        lines.next("an empty line")?;
    }
    let count = lines.count("the number of persons")?;
    let mut people = Vec::with_capacity(count.min(1024));
    for _ in 0..count {
        let id = lines.text("a person's name")?;
        for _ in 0..3 {
            lines.next("a person's settings")?;
        }
        let sex = if lines.flag("the person's sex (#TRUE# male)")? {
            FamSex::Male
        } else {
            FamSex::Female
        };
        let typed = lines.count("the number of genotypes")?;
        let mut genotypes = Vec::with_capacity(typed.min(1024));
        for _ in 0..typed {
            let line = lines.number();
            let a = lines.index("an allele index", MAX_COUNT)?;
            let b = lines.index("an allele index", MAX_COUNT)?;
            let locus = lines.index("a locus index", MAX_COUNT)?;
            genotypes.push((a, b, locus, line));
        }
        people.push(RawPerson { id, sex, genotypes });
    }
    let at = lines.number();
    if lines.text("\"Known relations\"")? != "Known relations" {
        return Err(lines.error(at, "expected \"Known relations\""));
    }
    let extras: Vec<FamSex> = extra_sexes((
        lines.count("the number of extra females")?,
        lines.count("the number of extra males")?,
    ))
    .collect();
    let sexes_with = |extras: &[FamSex]| -> Vec<FamSex> {
        people
            .iter()
            .map(|p| p.sex)
            .chain(extras.iter().copied())
            .collect()
    };
    let known_line = lines.number();
    let known = relations(&mut lines, &sexes_with(&extras))?;
    let named = lines.count("the number of pedigrees")?;
    let mut raw_pedigrees = Vec::new();
    if named == 0 {
        let persons = pedigree_persons(&people, &extras, &known, known_line)?;
        raw_pedigrees.push(("Familias".to_owned(), persons));
    }
    for _ in 0..named {
        lines.count("the pedigree's index")?;
        let name = lines.text("the pedigree's name")?;
        let own = extra_sexes((
            lines.count("the number of extra females")?,
            lines.count("the number of extra males")?,
        ));
        let all: Vec<FamSex> = extras.iter().copied().chain(own).collect();
        let line = lines.number();
        let mut rel = known.clone();
        rel.extend(relations(&mut lines, &sexes_with(&all))?);
        raw_pedigrees.push((name, pedigree_persons(&people, &all, &rel, line)?));
    }
    let at = lines.number();
    let settings = lines.next("the database's settings")?;
    if settings.trim_start().starts_with("#TRUE#") {
        return Err(lines.error(at, "precomputed probabilities are not supported"));
    }
    let theta = settings
        .split("Theta/Kinship/Fst:")
        .nth(1)
        .and_then(|rest| rest.trim().trim_end_matches(')').trim().parse::<f64>().ok())
        .unwrap_or(0.0);
    let loci_count = lines.count("the number of loci")?;
    let database = if lines.flag("whether the database is named")? {
        Some(lines.text("the database's name")?)
    } else {
        None
    };
    let mut loci = Vec::with_capacity(loci_count.min(1024));
    for _ in 0..loci_count {
        loci.push(locus(&mut lines)?);
    }
    let pedigrees = raw_pedigrees
        .into_iter()
        .map(|(name, persons)| {
            let ids: Vec<String> = persons.iter().map(|p| p.0.clone()).collect();
            let persons = persons
                .into_iter()
                .enumerate()
                .map(|(i, (id, sex, father, mother))| {
                    let genotypes = match people.get(i) {
                        Some(p) => genotypes_of(p, &loci)?,
                        None => Vec::new(),
                    };
                    Ok(FamPerson {
                        id,
                        sex,
                        father: father.map(|k| ids[k].clone()),
                        mother: mother.map(|k| ids[k].clone()),
                        genotypes,
                    })
                })
                .collect::<Result<Vec<_>, FamError>>()?;
            Ok(FamPedigree { name, persons })
        })
        .collect::<Result<Vec<_>, FamError>>()?;
    Ok(FamFile {
        version,
        pedigrees,
        database,
        loci,
        theta,
    })
}

/// One locus of the database.
fn locus(lines: &mut Lines<'_>) -> Result<FamLocus, FamError> {
    let name = lines.text("a locus name")?;
    let rate = (
        lines.number_value("the female mutation rate")?,
        lines.number_value("the male mutation rate")?,
    );
    let model = (
        lines.index("the female mutation model (0–4)", 5)?,
        lines.index("the male mutation model (0–4)", 5)?,
    );
    lines.count("the number of alleles with the silent one")?;
    let range = (
        lines.number_value("the female range")?,
        lines.number_value("the male range")?,
    );
    let rate2 = (
        lines.number_value("the female second rate")?,
        lines.number_value("the male second rate")?,
    );
    let at = lines.number();
    if lines.flag("whether the locus has a silent allele")? {
        return Err(lines.error(
            at,
            format!("locus {name} has a silent allele, which is not supported"),
        ));
    }
    lines.number_value("the silent allele's frequency")?;
    let at = lines.number();
    let info = lines.next("the number of alleles")?;
    let count: usize = info
        .split('\t')
        .next()
        .and_then(|c| c.trim().parse().ok())
        .filter(|&c| c <= MAX_COUNT)
        .ok_or_else(|| {
            lines.error(
                at,
                format!("expected the number of alleles of {name}, found \"{info}\""),
            )
        })?;
    let mut alleles = Vec::with_capacity(count.min(1024));
    for _ in 0..count {
        let allele = lines.text("an allele")?;
        let frequency = lines.number_value("an allele's frequency")?;
        alleles.push((allele, frequency));
    }
    let mutation = |k: usize| FamMutation {
        model: [model.0, model.1][k] as u8,
        rate: [rate.0, rate.1][k],
        range: [range.0, range.1][k],
        rate2: [rate2.0, rate2.1][k],
    };
    Ok(FamLocus {
        name,
        alleles,
        female: mutation(0),
        male: mutation(1),
    })
}

/// A typed person's genotypes named through the database: (locus, [allele, allele]).
fn genotypes_of(
    person: &RawPerson,
    loci: &[FamLocus],
) -> Result<Vec<(String, [String; 2])>, FamError> {
    person
        .genotypes
        .iter()
        .map(|&(a, b, locus, line)| {
            let error = |reason: String| FamError { line, reason };
            let l = loci.get(locus).ok_or_else(|| {
                error(format!(
                    "{}: locus {locus} is not in the database",
                    person.id
                ))
            })?;
            let allele = |i: usize| {
                l.alleles
                    .get(i)
                    .map(|(name, _)| name.clone())
                    .ok_or_else(|| {
                        error(format!(
                            "{}: allele {i} of {} is not in the database",
                            person.id, l.name
                        ))
                    })
            };
            Ok((l.name.clone(), [allele(a)?, allele(b)?]))
        })
        .collect()
}

#[cfg(test)]
#[path = "familias_tests.rs"]
mod tests;
