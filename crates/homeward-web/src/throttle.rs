//! One small in-memory throttle, keyed by a string (an account, an address), used by the login
//! (growing lockouts after failures) and the public searches (a per-address rate).
//!
//! Memory is bounded: the map holds at most `capacity` keys; when it is full, keys idle for
//! longer than [`FORGET_AFTER`] (and not locked) go first, then the least recently touched.
//! Time is passed in (`Instant`), so tests need no sleeping.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// A key untouched for this long is forgotten: its failures and spent rate are cleared.
pub const FORGET_AFTER: Duration = Duration::from_secs(60 * 60);

#[derive(Debug, Clone)]
struct Slot {
    touched: Instant,
    /// Requests left in the rate bucket (refilled continuously).
    tokens: f64,
    /// Consecutive failures (login).
    failures: u32,
    /// Until when the key is locked (login).
    locked_until: Option<Instant>,
}

impl Slot {
    fn fresh(now: Instant, tokens: f64) -> Self {
        Slot {
            touched: now,
            tokens,
            failures: 0,
            locked_until: None,
        }
    }

    fn locked_at(&self, now: Instant) -> Option<Duration> {
        self.locked_until
            .filter(|until| *until > now)
            .map(|until| until - now)
    }

    fn stale_at(&self, now: Instant) -> bool {
        now.saturating_duration_since(self.touched) > FORGET_AFTER && self.locked_at(now).is_none()
    }
}

/// What a recorded failure led to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Failure {
    /// Consecutive failures of the key, this one included.
    pub failures: u32,
    /// The lockout this failure started, if it started one.
    pub lockout: Option<Duration>,
}

/// A bounded map of keys to their rate and failure state.
#[derive(Debug)]
pub struct Throttle {
    slots: Mutex<HashMap<String, Slot>>,
    capacity: usize,
}

impl Throttle {
    /// A throttle remembering at most `capacity` keys (at least one).
    pub fn new(capacity: usize) -> Self {
        Throttle {
            slots: Mutex::new(HashMap::new()),
            capacity: capacity.max(1),
        }
    }

    /// How many keys are remembered.
    pub fn len(&self) -> usize {
        self.lock().len()
    }

    /// Whether no key is remembered.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<String, Slot>> {
        // A panic while holding the lock leaves plain counters behind: still usable.
        self.slots.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// The slot of `key`, made room for (evicting) if it is new.
    fn slot<'m>(
        &self,
        slots: &'m mut HashMap<String, Slot>,
        key: &str,
        now: Instant,
        tokens: f64,
    ) -> &'m mut Slot {
        if !slots.contains_key(key) && slots.len() >= self.capacity {
            slots.retain(|_, s| !s.stale_at(now));
            if slots.len() >= self.capacity {
                let oldest = slots
                    .iter()
                    .min_by_key(|(_, s)| s.touched)
                    .map(|(k, _)| k.clone());
                if let Some(oldest) = oldest {
                    slots.remove(&oldest);
                }
            }
        }
        let slot = slots
            .entry(key.to_owned())
            .or_insert_with(|| Slot::fresh(now, tokens));
        if slot.stale_at(now) {
            *slot = Slot::fresh(now, tokens);
        }
        slot
    }

    /// Takes one request from `key`'s bucket of `per_minute` (refilled evenly over the minute;
    /// a full bucket allows a burst of `per_minute`). `Err` holds how long until the next one is
    /// allowed. `per_minute == 0` means unlimited.
    pub fn take(&self, key: &str, per_minute: u32, now: Instant) -> Result<(), Duration> {
        if per_minute == 0 {
            return Ok(());
        }
        let capacity = f64::from(per_minute);
        let per_second = capacity / 60.0;
        let mut slots = self.lock();
        let slot = self.slot(&mut slots, key, now, capacity);
        let elapsed = now.saturating_duration_since(slot.touched).as_secs_f64();
        slot.tokens = (slot.tokens + elapsed * per_second).min(capacity);
        slot.touched = now;
        if slot.tokens >= 1.0 {
            slot.tokens -= 1.0;
            Ok(())
        } else {
            let wait = (1.0 - slot.tokens) / per_second;
            Err(Duration::from_secs_f64(wait.max(0.001)))
        }
    }

    /// How much longer `key` is locked, if it is.
    pub fn locked(&self, key: &str, now: Instant) -> Option<Duration> {
        self.lock().get(key).and_then(|s| s.locked_at(now))
    }

    /// Records a failure of `key`; `lockout(failures)` (seconds) says whether — and how long —
    /// that many consecutive failures lock the key.
    pub fn fail(&self, key: &str, now: Instant, lockout: impl Fn(u32) -> Option<u64>) -> Failure {
        let mut slots = self.lock();
        let slot = self.slot(&mut slots, key, now, 0.0);
        slot.failures = slot.failures.saturating_add(1);
        slot.touched = now;
        let lockout = lockout(slot.failures).map(Duration::from_secs);
        if let Some(wait) = lockout {
            slot.locked_until = Some(now + wait);
        }
        Failure {
            failures: slot.failures,
            lockout,
        }
    }

    /// Forgets `key`'s failures (a successful login).
    pub fn succeed(&self, key: &str) {
        self.lock().remove(key);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn secs(n: u64) -> Duration {
        Duration::from_secs(n)
    }

    #[test]
    fn a_rate_allows_its_burst_then_refills_evenly() {
        let t = Throttle::new(10);
        let t0 = Instant::now();
        for _ in 0..3 {
            assert_eq!(t.take("a", 3, t0), Ok(()));
        }
        let wait = t.take("a", 3, t0).unwrap_err();
        assert!(wait > secs(19) && wait <= secs(20), "{wait:?}");
        assert_eq!(t.take("b", 3, t0), Ok(()), "keys are independent");
        assert_eq!(t.take("a", 3, t0 + secs(20)), Ok(()));
        assert!(t.take("a", 3, t0 + secs(20)).is_err());
        for _ in 0..1_000 {
            assert_eq!(t.take("a", 0, t0), Ok(()), "0 is unlimited");
        }
    }

    #[test]
    fn failures_lock_with_the_given_policy_and_success_forgets() {
        let t = Throttle::new(10);
        let t0 = Instant::now();
        let policy = |n: u32| (n >= 2).then_some(10 * u64::from(n));
        assert_eq!(t.fail("k", t0, policy).lockout, None);
        assert_eq!(t.locked("k", t0), None);
        let second = t.fail("k", t0, policy);
        assert_eq!(second.failures, 2);
        assert_eq!(second.lockout, Some(secs(20)));
        assert_eq!(t.locked("k", t0 + secs(5)), Some(secs(15)));
        assert_eq!(t.locked("k", t0 + secs(20)), None);
        assert_eq!(t.fail("k", t0 + secs(21), policy).lockout, Some(secs(30)));
        t.succeed("k");
        assert_eq!(t.locked("k", t0 + secs(22)), None);
        assert_eq!(t.fail("k", t0 + secs(22), policy).failures, 1);
    }

    #[test]
    fn the_map_stays_bounded_and_forgets_the_idle_first() {
        let t = Throttle::new(100);
        let t0 = Instant::now();
        let policy = |_: u32| Some(3_600 * 24);
        t.fail("locked", t0, policy);
        for i in 0..99 {
            t.take(&format!("old-{i}"), 10, t0).unwrap();
        }
        assert_eq!(t.len(), 100);
        let later = t0 + FORGET_AFTER + secs(1);
        for i in 0..10_000 {
            t.take(&format!("new-{i}"), 10, later).unwrap();
            assert!(t.len() <= 100);
        }
        assert_eq!(t.len(), 100);
        // The locked key outlived the idle ones (it was evicted only once they were gone and
        // it became the least recently touched).
        let t2 = Throttle::new(3);
        t2.fail("locked", t0, policy);
        t2.take("x", 10, t0 + secs(1)).unwrap();
        t2.take("y", 10, t0 + FORGET_AFTER + secs(2)).unwrap();
        t2.take("z", 10, t0 + FORGET_AFTER + secs(3)).unwrap();
        assert!(t2.locked("locked", t0 + FORGET_AFTER + secs(3)).is_some());
        assert_eq!(t2.len(), 3);
    }

    #[test]
    fn an_idle_key_starts_over() {
        let t = Throttle::new(10);
        let t0 = Instant::now();
        let policy = |n: u32| (n >= 3).then_some(1);
        t.fail("k", t0, policy);
        t.fail("k", t0, policy);
        let later = t0 + FORGET_AFTER + secs(1);
        assert_eq!(t.fail("k", later, policy).failures, 1);
    }
}
