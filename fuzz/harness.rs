//! The fuzz harness shared by every crate's `tests/fuzz_*.rs` (each includes this file with
//! `#[path = "../../../fuzz/harness.rs"] mod harness;`, so the pure crates gain no dependency).
//!
//! A target is a proptest strategy and a property. Unset, `HOMEWARD_FUZZ_SECONDS` means a short
//! pass (`HOMEWARD_FUZZ_CASES` cases, 256 by default) fit for the normal test run; set, it means
//! "keep drawing fresh batches of cases for that many seconds" — e.g. 600 for the documented
//! 10-minute run. A failure is shrunk and reported with its minimal input, which then belongs in
//! the target's file as a regression case.
//!
//! [`mutated`] is the structure-aware half: it takes valid seed documents and applies a few
//! mutations (bit flips, inserted and deleted bytes, duplicated and dropped lines, numbers
//! replaced by huge, negative or non-finite ones, deep nesting, very long fields, invalid UTF-8,
//! a BOM, CRLF line ends).

#![allow(dead_code)]

use std::fmt::Debug;
use std::time::{Duration, Instant};

use proptest::prelude::*;
use proptest::sample::Index;
use proptest::test_runner::{Config, TestCaseError, TestError, TestRunner};

/// Cases of the short pass when `HOMEWARD_FUZZ_CASES` is unset.
pub const SHORT_CASES: u32 = 256;

fn env_number(name: &str) -> Option<u64> {
    let text = std::env::var(name).ok()?;
    match text.trim().parse() {
        Ok(n) => Some(n),
        Err(_) => panic!("{name} must be a whole number, found {text:?}"),
    }
}

/// How long each target runs: `HOMEWARD_FUZZ_SECONDS`, or `None` for one short pass.
pub fn budget() -> Option<Duration> {
    env_number("HOMEWARD_FUZZ_SECONDS").map(Duration::from_secs)
}

/// Runs `property` on cases drawn from `strategy`: one batch, or batches until the budget is
/// spent. Panics with the shrunk input on the first failure (a panic in the property is one).
pub fn fuzz<S>(target: &str, strategy: S, property: impl Fn(S::Value) -> Result<(), TestCaseError>)
where
    S: Strategy,
    S::Value: Debug,
{
    let cases =
        env_number("HOMEWARD_FUZZ_CASES").map_or(SHORT_CASES, |n| n.clamp(1, 1 << 20) as u32);
    let deadline = budget().map(|b| Instant::now() + b);
    let mut total = 0u64;
    loop {
        let config = Config {
            cases,
            failure_persistence: None,
            max_shrink_time: 120_000,
            ..Config::default()
        };
        let mut runner = TestRunner::new(config);
        match runner.run(&strategy, &property) {
            Ok(()) => {}
            Err(TestError::Fail(reason, input)) => {
                panic!("fuzz target {target} failed: {reason}\nminimal input: {input:?}")
            }
            Err(TestError::Abort(reason)) => panic!("fuzz target {target} aborted: {reason}"),
        }
        total += u64::from(cases);
        match deadline {
            Some(d) if Instant::now() < d => {}
            _ => break,
        }
    }
    if deadline.is_some() {
        eprintln!("fuzz target {target}: {total} cases, no failure");
    }
}

/// Arbitrary bytes, mostly short, sometimes long.
pub fn bytes() -> impl Strategy<Value = Vec<u8>> {
    prop_oneof![
        4 => proptest::collection::vec(any::<u8>(), 0..256),
        1 => proptest::collection::vec(any::<u8>(), 0..8_192),
    ]
}

/// A parser's two usual targets in turn, under one test: arbitrary bytes, then mutations of its
/// valid `seeds` — reported as `<name>_arbitrary_bytes` and `<name>_mutated_seeds`.
pub fn parser(name: &str, seeds: Vec<Vec<u8>>, check: impl Fn(&[u8]) -> Result<(), TestCaseError>) {
    fuzz(&format!("{name}_arbitrary_bytes"), bytes(), |b| check(&b));
    fuzz(&format!("{name}_mutated_seeds"), mutated(seeds), |b| {
        check(&b)
    });
}

/// A parser of numbers-bearing documents (JSON): [`parser`]'s two targets, then
/// [`nasty_numbers`] in its seeds, reported as `<name>_nasty_numbers`.
pub fn numeric_parser(
    name: &str,
    seeds: Vec<Vec<u8>>,
    check: impl Fn(&[u8]) -> Result<(), TestCaseError>,
) {
    parser(name, seeds.clone(), &check);
    let strategy = nasty_numbers(seeds);
    fuzz(&format!("{name}_nasty_numbers"), strategy, |b| check(&b));
}

/// Valid `seeds` with one to three numbers replaced by [`NASTY_NUMBERS`]: every numeric field's
/// bounds, reached past the syntax checks.
pub fn nasty_numbers(seeds: Vec<Vec<u8>>) -> impl Strategy<Value = Vec<u8>> {
    let swaps = proptest::collection::vec(
        (any::<Index>(), proptest::sample::select(NASTY_NUMBERS)),
        1..4,
    );
    (proptest::sample::select(seeds), swaps).prop_map(|(mut doc, swaps)| {
        for (i, n) in swaps {
            Mutation::ReplaceNumber(i, n).apply(&mut doc);
        }
        doc
    })
}

/// One structure-aware change to a document.
#[derive(Debug, Clone)]
pub enum Mutation {
    FlipBit(Index, u8),
    InsertByte(Index, u8),
    DeleteRange(Index, u8),
    Truncate(Index),
    DuplicateLine(Index),
    DropLine(Index),
    SwapLines(Index, Index),
    ReplaceNumber(Index, &'static str),
    InsertToken(Index, &'static str),
    Nest(Index, u16, bool),
    LongField(Index, u32),
    InvalidUtf8(Index, &'static [u8]),
    Bom,
    Crlf,
}

/// Numbers a parser must refuse or bound: huge, negative, non-finite, not quite numbers.
pub const NASTY_NUMBERS: &[&str] = &[
    "0",
    "-0",
    "-1",
    "1e309",
    "-1e309",
    "NaN",
    "nan",
    "inf",
    "-inf",
    "Infinity",
    "1e-320",
    "4294967295",
    "4294967296",
    "18446744073709551616",
    "-9223372036854775809",
    "99999999999999999999999999999999",
    "0.0000000000000000000001",
    "1.5",
    "-2.5",
    "0x10",
    "1_000",
    "",
    "+1",
    "01",
    "1e2",
    "9.3",
    "1.",
    ".5",
    "٣",
];

/// Tokens that often upset hand-written parsers and escapes.
pub const TOKENS: &[&str] = &[
    ",", ",,", "\"", "\"\"", "\n", "\r", "\r\n", "\t", " ", "null", "true", "{}", "[]", ":", "\\",
    "\\u0000", "\\ud800", "\u{0}", "\u{feff}", "\u{202e}", "é", "王", "김", "🪦", "-", ";", "/",
    ".", "#", "NA", "sample", "id", "[", "]", "{", "}", "\"a\":1,",
];

const BAD_UTF8: &[&[u8]] = &[
    b"\xff",
    b"\xc3",
    b"\xe2\x82",
    b"\xed\xa0\x80",
    b"\xf4\x90\x80\x80",
    b"\xc0\xaf",
    b"\x80",
];

fn mutation() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        3 => (any::<Index>(), 0u8..8).prop_map(|(i, b)| Mutation::FlipBit(i, b)),
        2 => (any::<Index>(), any::<u8>()).prop_map(|(i, b)| Mutation::InsertByte(i, b)),
        2 => (any::<Index>(), 1u8..32).prop_map(|(i, n)| Mutation::DeleteRange(i, n)),
        1 => any::<Index>().prop_map(Mutation::Truncate),
        2 => any::<Index>().prop_map(Mutation::DuplicateLine),
        2 => any::<Index>().prop_map(Mutation::DropLine),
        1 => (any::<Index>(), any::<Index>()).prop_map(|(a, b)| Mutation::SwapLines(a, b)),
        4 => (any::<Index>(), proptest::sample::select(NASTY_NUMBERS))
            .prop_map(|(i, n)| Mutation::ReplaceNumber(i, n)),
        3 => (any::<Index>(), proptest::sample::select(TOKENS))
            .prop_map(|(i, t)| Mutation::InsertToken(i, t)),
        1 => (any::<Index>(), 1u16..2_000, any::<bool>())
            .prop_map(|(i, d, array)| Mutation::Nest(i, d, array)),
        1 => (any::<Index>(), 1u32..100_000).prop_map(|(i, n)| Mutation::LongField(i, n)),
        1 => (any::<Index>(), proptest::sample::select(BAD_UTF8))
            .prop_map(|(i, b)| Mutation::InvalidUtf8(i, b)),
        1 => Just(Mutation::Bom),
        1 => Just(Mutation::Crlf),
    ]
}

fn at(i: &Index, len: usize) -> usize {
    // An index into 0..=len (an insertion point).
    i.index(len + 1)
}

fn lines(doc: &[u8]) -> Vec<Vec<u8>> {
    doc.split_inclusive(|&b| b == b'\n')
        .map(<[u8]>::to_vec)
        .collect()
}

/// Byte ranges of the numbers in `doc` (`-`, digits, `.`, `e`, `+` runs that hold a digit).
fn numbers(doc: &[u8]) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < doc.len() {
        if doc[i].is_ascii_digit()
            || (doc[i] == b'-' && doc.get(i + 1).is_some_and(u8::is_ascii_digit))
        {
            let start = i;
            i += 1;
            while i < doc.len() && matches!(doc[i], b'0'..=b'9' | b'.' | b'e' | b'E' | b'+' | b'-')
            {
                i += 1;
            }
            out.push((start, i));
        } else {
            i += 1;
        }
    }
    out
}

impl Mutation {
    /// Applies the change to `doc`.
    pub fn apply(&self, doc: &mut Vec<u8>) {
        match self {
            Mutation::FlipBit(i, bit) => {
                if !doc.is_empty() {
                    let k = i.index(doc.len());
                    doc[k] ^= 1 << bit;
                }
            }
            Mutation::InsertByte(i, b) => doc.insert(at(i, doc.len()), *b),
            Mutation::DeleteRange(i, n) => {
                let start = at(i, doc.len());
                let end = (start + usize::from(*n)).min(doc.len());
                doc.drain(start..end);
            }
            Mutation::Truncate(i) => doc.truncate(at(i, doc.len())),
            Mutation::DuplicateLine(i) => {
                let mut ls = lines(doc);
                if !ls.is_empty() {
                    let k = i.index(ls.len());
                    let line = ls[k].clone();
                    ls.insert(k, line);
                    *doc = ls.concat();
                }
            }
            Mutation::DropLine(i) => {
                let mut ls = lines(doc);
                if !ls.is_empty() {
                    ls.remove(i.index(ls.len()));
                    *doc = ls.concat();
                }
            }
            Mutation::SwapLines(a, b) => {
                let mut ls = lines(doc);
                if !ls.is_empty() {
                    let (a, b) = (a.index(ls.len()), b.index(ls.len()));
                    ls.swap(a, b);
                    *doc = ls.concat();
                }
            }
            Mutation::ReplaceNumber(i, with) => {
                let found = numbers(doc);
                if !found.is_empty() {
                    let (s, e) = found[i.index(found.len())];
                    doc.splice(s..e, with.bytes());
                }
            }
            Mutation::InsertToken(i, t) => {
                let k = at(i, doc.len());
                doc.splice(k..k, t.bytes());
            }
            Mutation::Nest(i, depth, array) => {
                let k = at(i, doc.len());
                let (open, close): (&[u8], &[u8]) = if *array {
                    (b"[", b"]")
                } else {
                    (b"{\"a\":", b"}")
                };
                let mut nested = open.repeat(usize::from(*depth));
                nested.extend_from_slice(b"1");
                nested.extend(close.repeat(usize::from(*depth)));
                doc.splice(k..k, nested);
            }
            Mutation::LongField(i, n) => {
                let k = at(i, doc.len());
                doc.splice(k..k, std::iter::repeat_n(b'A', *n as usize));
            }
            Mutation::InvalidUtf8(i, bytes) => {
                let k = at(i, doc.len());
                doc.splice(k..k, bytes.iter().copied());
            }
            Mutation::Bom => doc.splice(0..0, *b"\xef\xbb\xbf").for_each(drop),
            Mutation::Crlf => {
                let mut out = Vec::with_capacity(doc.len() + doc.len() / 8);
                for &b in doc.iter() {
                    if b == b'\n' {
                        out.push(b'\r');
                    }
                    out.push(b);
                }
                *doc = out;
            }
        }
    }
}

/// A seed from `seeds` with one to six mutations applied (sometimes none: seeds must pass too).
pub fn mutated(seeds: Vec<Vec<u8>>) -> impl Strategy<Value = Vec<u8>> {
    assert!(!seeds.is_empty(), "a mutation target needs seed documents");
    (
        proptest::sample::select(seeds),
        proptest::collection::vec(mutation(), 0..7),
    )
        .prop_map(|(seed, mutations)| {
            let mut doc = seed;
            for m in &mutations {
                m.apply(&mut doc);
            }
            doc
        })
}

/// Lossy text of `bytes` for parsers that take `&str` (the CLI reads files the same way or
/// refuses invalid UTF-8 before the parser sees it).
pub fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// Fails the case unless `message` names one of `what` (a field, line or position marker).
pub fn names_one_of(message: &str, what: &[&str]) -> Result<(), TestCaseError> {
    if what.iter().any(|w| message.contains(w)) {
        Ok(())
    } else {
        Err(TestCaseError::fail(format!(
            "error message names none of {what:?}: {message}"
        )))
    }
}
