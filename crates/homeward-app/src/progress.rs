//! Progress of long work (demo seeding, big imports, the bench), reported to whoever shows it:
//! the CLI draws a bar, tests and the web app pass [`NoProgress`].

/// Receives progress reports. Implementations must be cheap: they are called per row.
pub trait Progress: Send + Sync {
    /// A new stage begins, with `total` steps (0 when unknown).
    fn stage(&self, name: &str, total: u64);
    /// `n` more steps of the current stage are done.
    fn advance(&self, n: u64);
    /// The work is over.
    fn finish(&self) {}
}

/// Progress that nobody watches.
#[derive(Debug, Clone, Copy, Default)]
pub struct NoProgress;

impl Progress for NoProgress {
    fn stage(&self, _name: &str, _total: u64) {}
    fn advance(&self, _n: u64) {}
}
