//! The one place the use cases read the clock (the domain never does).
//!
//! Use cases take the time of a write from the `WriteContext` their caller builds; the callers
//! (the CLI, the web app) build it from a [`Clock`]: [`SystemClock`] in production, or a
//! [`FixedClock`] where a test needs a known time. [`now`] and [`system_write`] are the system
//! clock's shorthands; nothing else in the app or the CLI reads `SystemTime`.

use homeward_domain::{Timestamp, UserId};
use homeward_store::WriteContext;

/// A source of "now", in whole seconds since the Unix epoch.
pub trait Clock: Send + Sync + std::fmt::Debug {
    /// The current time.
    fn now(&self) -> Timestamp;

    /// A write by `actor` (or by the system when `None`) happening now.
    fn write(&self, actor: Option<UserId>) -> WriteContext {
        WriteContext {
            actor,
            at: self.now(),
        }
    }
}

/// The operating system's wall clock.
#[derive(Debug, Clone, Copy, Default)]
pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> Timestamp {
        let secs = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_secs());
        Timestamp(i64::try_from(secs).unwrap_or(i64::MAX))
    }
}

/// A clock that always says the same time (tests, replays).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FixedClock(pub Timestamp);

impl Clock for FixedClock {
    fn now(&self) -> Timestamp {
        self.0
    }
}

/// Now, by the [`SystemClock`].
pub fn now() -> Timestamp {
    SystemClock.now()
}

/// A write by `actor` (or by the system when `None`) happening now, by the [`SystemClock`].
pub fn system_write(actor: Option<UserId>) -> WriteContext {
    SystemClock.write(actor)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_fixed_clock_stamps_its_writes_with_its_time() {
        let clock = FixedClock(Timestamp(1_700_000_000));
        let ctx = clock.write(Some(UserId(7)));
        assert_eq!(
            (ctx.actor, ctx.at),
            (Some(UserId(7)), Timestamp(1_700_000_000))
        );
        assert_eq!(clock.write(None).actor, None);
    }

    #[test]
    fn the_system_clock_is_past_2025() {
        let jan_2025 = Timestamp(1_735_689_600);
        assert!(now() > jan_2025);
        assert!(system_write(None).at > jan_2025);
    }
}
