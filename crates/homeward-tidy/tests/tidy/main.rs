//! The house rules of the workspace, checked on every `cargo test`.

use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};

mod dependencies;
mod lint_allows;

/// Files allowed past the size limit, with why.
const LONG_FILES: &[(&str, &str)] = &[];
const MAX_LINES: usize = 600;

fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn files_with_extension(dir: &Path, ext: &str, out: &mut Vec<PathBuf>) {
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        let name = entry.file_name();
        if name == "target" || name.to_string_lossy().starts_with('.') {
            continue;
        }
        if path.is_dir() {
            files_with_extension(&path, ext, out);
        } else if path.extension().is_some_and(|e| e == ext) {
            out.push(path);
        }
    }
}

fn rust_files() -> Vec<PathBuf> {
    let mut files = Vec::new();
    files_with_extension(&workspace_root().join("crates"), "rs", &mut files);
    assert!(
        files.len() > 10,
        "found too few .rs files: is the workspace root right?"
    );
    files
}

fn relative(path: &Path) -> String {
    path.strip_prefix(workspace_root())
        .unwrap_or(path)
        .display()
        .to_string()
}

#[test]
fn every_rust_file_says_what_it_is_for() {
    let mut bad = Vec::new();
    for path in rust_files() {
        let text = fs::read_to_string(&path).unwrap();
        let first = text.lines().find(|l| !l.trim().is_empty()).unwrap_or("");
        if !(first.starts_with("//!") || first.starts_with("#![doc = include_str!")) {
            bad.push(relative(&path));
        }
    }
    assert!(
        bad.is_empty(),
        "files without a leading //! doc comment: {bad:#?}"
    );
}

#[test]
fn files_stay_small() {
    let mut bad = Vec::new();
    for path in rust_files() {
        let rel = relative(&path);
        let lines = fs::read_to_string(&path).unwrap().lines().count();
        if lines > MAX_LINES && !LONG_FILES.iter().any(|(f, _)| rel.ends_with(f)) {
            bad.push(format!("{rel}: {lines} lines"));
        }
    }
    assert!(bad.is_empty(), "files over {MAX_LINES} lines: {bad:#?}");
}

#[test]
fn no_placeholders_or_debug_prints() {
    let forbidden = [
        concat!("todo", "!("),
        concat!("unimplemented", "!("),
        concat!("dbg", "!("),
    ];
    let mut bad = Vec::new();
    for path in rust_files() {
        let text = fs::read_to_string(&path).unwrap();
        for (n, line) in text.lines().enumerate() {
            if forbidden.iter().any(|f| line.contains(f)) {
                bad.push(format!("{}:{}: {}", relative(&path), n + 1, line.trim()));
            }
        }
    }
    assert!(bad.is_empty(), "placeholders left in the tree: {bad:#?}");
}

/// The message IDs a Fluent file defines (`id = …` and `-term = …` at the start of a line).
fn fluent_ids(text: &str) -> BTreeSet<String> {
    text.lines()
        .filter(|l| !l.starts_with([' ', '\t', '#', '.', '*', '[', '}']))
        .filter_map(|l| l.split_once('=').map(|(id, _)| id.trim().to_owned()))
        .filter(|id| !id.is_empty())
        .collect()
}

#[test]
fn every_locale_defines_the_same_messages() {
    let mut ftl = Vec::new();
    files_with_extension(&workspace_root().join("crates"), "ftl", &mut ftl);
    // Group by file name under each locale directory: locales/<lang>/<file>.ftl
    let mut by_file: std::collections::BTreeMap<String, Vec<(String, BTreeSet<String>)>> =
        Default::default();
    for path in &ftl {
        let lang = path.parent().and_then(|p| p.file_name()).unwrap();
        let key = format!(
            "{}/{}",
            path.parent().and_then(Path::parent).unwrap().display(),
            path.file_name().unwrap().to_string_lossy()
        );
        let ids = fluent_ids(&fs::read_to_string(path).unwrap());
        by_file
            .entry(key)
            .or_default()
            .push((lang.to_string_lossy().into_owned(), ids));
    }
    let mut problems = Vec::new();
    for (file, locales) in &by_file {
        let all: BTreeSet<&String> = locales.iter().flat_map(|(_, ids)| ids).collect();
        for (lang, ids) in locales {
            let missing: Vec<_> = all.iter().filter(|id| !ids.contains(**id)).collect();
            if !missing.is_empty() {
                problems.push(format!("{file} [{lang}] lacks {missing:?}"));
            }
        }
    }
    assert!(problems.is_empty(), "locales out of step: {problems:#?}");
}

#[test]
fn the_fluent_id_parser_reads_ids() {
    let ids = fluent_ids("# c\nhello = Hi\n    .title = t\n-brand = Homeward\nbye = { $n }\n");
    assert_eq!(
        ids,
        ["-brand", "bye", "hello"]
            .map(String::from)
            .into_iter()
            .collect()
    );
}
