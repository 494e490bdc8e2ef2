//! The one place the use cases read the clock (the domain never does).

use homeward_domain::{Timestamp, UserId};
use homeward_store::WriteContext;

/// Now, in whole seconds since the Unix epoch.
pub fn now() -> Timestamp {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    Timestamp(i64::try_from(secs).unwrap_or(i64::MAX))
}

/// A write by `actor` (or by the system when `None`) happening now.
pub fn system_write(actor: Option<UserId>) -> WriteContext {
    WriteContext { actor, at: now() }
}
