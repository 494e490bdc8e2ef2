//! An indicatif progress bar on stderr for long work, hidden when stderr is not a terminal.

use std::io::IsTerminal;

use homeward_app::Progress;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

/// The bar shown while the library crates report progress.
#[derive(Debug, Clone)]
pub struct Bar(ProgressBar);

impl Bar {
    /// A bar on stderr (hidden when stderr is not a terminal).
    pub fn new() -> Self {
        Bar(stderr_bar("{msg:40} [{bar:30}] {pos}/{len} ({elapsed})"))
    }
}

/// A bar drawn on stderr with `template` (indicatif's syntax), hidden when stderr is not a
/// terminal so that piped and logged output stays clean.
pub(super) fn stderr_bar(template: &str) -> ProgressBar {
    let target = if std::io::stderr().is_terminal() {
        ProgressDrawTarget::stderr()
    } else {
        ProgressDrawTarget::hidden()
    };
    let bar = ProgressBar::with_draw_target(Some(0), target);
    bar.set_style(
        ProgressStyle::with_template(template)
            .unwrap_or_else(|_| ProgressStyle::default_bar())
            .progress_chars("=> "),
    );
    bar
}

impl Progress for Bar {
    fn stage(&self, name: &str, total: u64) {
        self.0.set_message(name.to_owned());
        self.0.set_length(total);
        self.0.set_position(0);
    }

    fn advance(&self, n: u64) {
        self.0.inc(n);
    }

    fn finish(&self) {
        self.0.finish_and_clear();
    }
}
