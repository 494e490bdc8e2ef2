//! A casket plan from CSV, for batches where caskets hold several cases or effects travel in a
//! casket chosen by hand: columns `casket,accession,effects,ceremonial` (header required), one
//! row per case; `effects` are effect ids separated by `;`; `ceremonial` is `true`/`false` (a
//! casket is ceremonial when any of its rows says so). Errors name the line (header = line 1).

use std::collections::BTreeMap;
use std::io::Read;

use homeward_domain::{BatchCasket, PersonalEffectId};

/// A casket plan that cannot be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("casket plan, line {line}: {reason}")]
pub struct CasketPlanError {
    /// The physical line (the header is line 1).
    pub line: u64,
    /// What is wrong.
    pub reason: String,
}

/// Reads a casket plan; caskets come out by number.
pub fn caskets_from_csv(input: impl Read) -> Result<Vec<BatchCasket>, CasketPlanError> {
    let mut reader = csv::Reader::from_reader(input);
    let bad = |line: u64, reason: String| CasketPlanError { line, reason };
    let headers = reader.headers().map_err(|e| bad(1, e.to_string()))?.clone();
    let column = |name: &str| {
        headers
            .iter()
            .position(|h| h.trim() == name)
            .ok_or_else(|| bad(1, format!("no \"{name}\" column")))
    };
    let (c_casket, c_accession) = (column("casket")?, column("accession")?);
    let c_effects = headers.iter().position(|h| h.trim() == "effects");
    let c_ceremonial = headers.iter().position(|h| h.trim() == "ceremonial");
    let mut caskets: BTreeMap<u32, BatchCasket> = BTreeMap::new();
    for record in reader.records() {
        let record = record.map_err(|e| {
            let line = e.position().map_or(0, |p| p.line());
            bad(line, e.to_string())
        })?;
        let line = record.position().map_or(0, |p| p.line());
        let field = |i: usize| record.get(i).unwrap_or("").trim();
        let number: u32 = field(c_casket).parse().map_err(|_| {
            bad(
                line,
                format!("casket \"{}\" is not a number", field(c_casket)),
            )
        })?;
        let accession = field(c_accession);
        if accession.is_empty() {
            return Err(bad(line, "accession is empty".into()));
        }
        let mut effects = Vec::new();
        for id in c_effects.map(field).unwrap_or("").split(';') {
            let id = id.trim();
            if id.is_empty() {
                continue;
            }
            let n: i64 = id
                .parse()
                .map_err(|_| bad(line, format!("effect \"{id}\" is not an effect id")))?;
            effects.push(PersonalEffectId(n));
        }
        let ceremonial = match c_ceremonial.map(field).unwrap_or("") {
            "" | "false" | "no" | "0" => false,
            "true" | "yes" | "1" => true,
            other => {
                return Err(bad(
                    line,
                    format!("ceremonial \"{other}\" is not true or false"),
                ));
            }
        };
        let casket = caskets.entry(number).or_insert_with(|| BatchCasket {
            number,
            remains: Vec::new(),
            effects: Vec::new(),
            ceremonial: false,
        });
        casket.remains.push(accession.to_owned());
        casket.effects.extend(effects);
        casket.ceremonial |= ceremonial;
    }
    Ok(caskets.into_values().collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_group_into_caskets_and_errors_name_the_line() {
        let plan = "casket,accession,effects,ceremonial\n\
                    2,HW-3,,false\n\
                    1,HW-1,10;11,true\n\
                    1,HW-2,12,\n";
        let caskets = caskets_from_csv(plan.as_bytes()).unwrap();
        assert_eq!(caskets.len(), 2);
        assert_eq!(caskets[0].number, 1);
        assert_eq!(caskets[0].remains, ["HW-1", "HW-2"]);
        assert_eq!(
            caskets[0].effects,
            [10, 11, 12].map(PersonalEffectId).to_vec()
        );
        assert!(caskets[0].ceremonial && !caskets[1].ceremonial);
        let err = caskets_from_csv("casket,accession\n1,HW-1\nx,HW-2\n".as_bytes()).unwrap_err();
        assert_eq!(err.line, 3, "{err}");
        assert!(err.to_string().contains("casket \"x\" is not a number"));
        let err = caskets_from_csv("number,accession\n".as_bytes()).unwrap_err();
        assert!(err.to_string().contains("no \"casket\" column"), "{err}");
    }
}
