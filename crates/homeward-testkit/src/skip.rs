//! A SKIP line that shows in `cargo test`'s output. libtest captures what a passing test prints
//! with `println!` and `eprintln!`, so a skip said that way is swallowed; a line written straight
//! to the process's standard error is not captured, and `cargo test` passes it through.

use std::io::Write;

/// The line [`skip`] writes for `what`.
pub fn skip_line(what: &str) -> String {
    format!("SKIP: {what}")
}

/// Says that a test (or part of one) did not run and why, on standard error past libtest's
/// capture, so it shows in `cargo test --workspace` even when the test passes.
pub fn skip(what: &str) {
    let mut err = std::io::stderr().lock();
    let _ = writeln!(err, "{}", skip_line(what));
    let _ = err.flush();
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_skip_line_starts_with_skip() {
        assert_eq!(
            skip_line("chromium is not installed"),
            "SKIP: chromium is not installed"
        );
    }
}
