//! What every write carries: who writes and when, recorded in the audit log with the change.

use homeward_domain::{Timestamp, UserId};

/// Who is writing and when: every write records it in the audit log.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct WriteContext {
    /// The acting user (`None` for the system: demo seeding, migrations).
    pub actor: Option<UserId>,
    /// When the write happens (the caller reads the clock).
    pub at: Timestamp,
}
