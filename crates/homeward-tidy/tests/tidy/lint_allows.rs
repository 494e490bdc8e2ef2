//! No `#[allow(…)]` or `#![allow(…)]` in the workspace's Rust sources outside [`ALLOWED`]: a
//! silenced lint hides what the next change breaks, so each one is listed with its reason.
//! Entries are matched by path and lint, never by line, so edits around them do not break the
//! check; an entry whose attribute is gone fails too, so the list cannot rot.

use std::collections::BTreeSet;
use std::fs;

use crate::{relative, rust_files};

/// The `allow` attributes the workspace keeps: (path from the workspace root, lint, why).
const ALLOWED: &[(&str, &str, &str)] = &[
    (
        "crates/homeward-kinship/src/json.rs",
        "dead_code",
        "CASE.json's free-text `description` is parsed (so deny_unknown_fields accepts it) but never read",
    ),
    (
        "crates/homeward-kinship/src/screen/input.rs",
        "dead_code",
        "a family's free-text `description` is parsed (so deny_unknown_fields accepts it) but never read",
    ),
    (
        "crates/homeward-kinship/src/screen/run.rs",
        "clippy::too_many_arguments",
        "the screen on encoded data and the exact re-score take the panel, both sides, the cut-offs and the caller's clocks and progress hooks: the crate reads no clock itself",
    ),
    (
        "crates/homeward-kinship/tests/common/mod.rs",
        "dead_code",
        "a module every test binary includes; each uses a different part",
    ),
    (
        "crates/homeward-ledger/tests/support/mod.rs",
        "dead_code",
        "a module every test binary includes; each uses a different part",
    ),
    (
        "crates/homeward-web/tests/common/mod.rs",
        "dead_code",
        "the TestApp (it needs homeward-web, so it cannot live in the testkit); each test binary uses a different part",
    ),
];

/// The lints named by every `allow` attribute in `text` (`#[allow(a, b)]` gives `a` and `b`).
fn allowed_lints(text: &str) -> Vec<String> {
    let mut lints = Vec::new();
    for opener in ["#[allow(", "#![allow("] {
        let mut rest = text;
        while let Some(at) = rest.find(opener) {
            rest = &rest[at + opener.len()..];
            let inner = rest.split(')').next().unwrap_or("");
            lints.extend(
                inner
                    .split(',')
                    .map(str::trim)
                    .filter(|l| !l.is_empty())
                    .map(str::to_owned),
            );
        }
    }
    lints
}

#[test]
fn no_lint_is_silenced_without_a_listed_reason() {
    let mut found = BTreeSet::new();
    let mut unlisted = Vec::new();
    for path in rust_files() {
        let rel = relative(&path);
        if rel.ends_with("homeward-tidy/tests/tidy/lint_allows.rs") {
            continue; // the rule's own examples
        }
        for lint in allowed_lints(&fs::read_to_string(&path).unwrap()) {
            if ALLOWED.iter().any(|(p, l, _)| *p == rel && *l == lint) {
                found.insert((rel.clone(), lint));
            } else {
                unlisted.push(format!("{rel}: allow({lint})"));
            }
        }
    }
    assert!(
        unlisted.is_empty(),
        "lints silenced without a reason (fix the code, or list it in ALLOWED with why): {unlisted:#?}"
    );
    let stale: Vec<_> = ALLOWED
        .iter()
        .filter(|(p, l, _)| !found.contains(&((*p).to_owned(), (*l).to_owned())))
        .map(|(p, l, _)| format!("{p}: allow({l})"))
        .collect();
    assert!(
        stale.is_empty(),
        "ALLOWED lists attributes that are gone; remove them: {stale:#?}"
    );
}

#[test]
fn the_allow_parser_reads_every_lint_of_both_forms() {
    let text = "#![allow(dead_code)]\nfn f() {}\n#[allow(clippy::too_many_arguments, unused)]\n";
    assert_eq!(
        allowed_lints(text),
        ["clippy::too_many_arguments", "unused", "dead_code"]
    );
    assert!(allowed_lints("#[expect(dead_code)] // allow nothing").is_empty());
}
