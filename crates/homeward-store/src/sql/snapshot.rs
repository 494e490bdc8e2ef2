//! A whole-registry read kept between requests: the dashboard's totals and the memorial's graves
//! cost milliseconds each (counting 200,000 persons, reading every batch) and change rarely, so
//! under load they are answered from the last read while nothing was written since.
//!
//! A snapshot stands while the store's write count (bumped after each commit, see
//! [`super::Core::commit`]) equals the count read *before* the snapshot was taken: after a write
//! every reader reads again, so a writer reads its own writes. A write by another process (the
//! CLI on the same SQLite file, another server on the same PostgreSQL) is not counted; it is seen
//! once the snapshot is older than [`Snapshot::MAX_AGE`]: the first reader to find it so reads
//! again while the others are still answered from the old snapshot, so the refresh costs one
//! read, not one per waiting client.

use std::future::Future;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// The last read of one value, with the write count it was read at.
#[derive(Debug)]
pub struct Snapshot<T> {
    slot: Mutex<Option<Taken<T>>>,
    /// Set while one reader refreshes a snapshot that grew old.
    refreshing: AtomicBool,
}

#[derive(Debug)]
struct Taken<T> {
    writes: u64,
    at: Instant,
    value: Arc<T>,
}

impl<T> Default for Snapshot<T> {
    fn default() -> Self {
        Snapshot {
            slot: Mutex::new(None),
            refreshing: AtomicBool::new(false),
        }
    }
}

impl<T> Snapshot<T> {
    /// How long a snapshot may stand for writes this store did not make.
    pub const MAX_AGE: Duration = Duration::from_secs(2);

    /// The value read at write count `writes` (the store's count now), reading it with `read`
    /// when there is none from this count, or when it is older than [`Self::MAX_AGE`] and no other
    /// reader is already reading it again (that reader's callers get the old value meanwhile).
    /// Concurrent misses after a write may each read; the last to finish is kept.
    pub async fn get<E, F>(&self, writes: u64, read: F) -> Result<Arc<T>, E>
    where
        F: Future<Output = Result<T, E>>,
    {
        let _refresh = match self.lookup(writes) {
            Lookup::Fresh(value) => return Ok(value),
            Lookup::Old(value) => match Refresh::take(&self.refreshing) {
                Some(refresh) => Some(refresh),
                None => return Ok(value),
            },
            Lookup::Missing => None,
        };
        let value = Arc::new(read.await?);
        let mut slot = self.slot.lock().unwrap_or_else(|e| e.into_inner());
        *slot = Some(Taken {
            writes,
            at: Instant::now(),
            value: value.clone(),
        });
        Ok(value)
    }

    fn lookup(&self, writes: u64) -> Lookup<T> {
        let slot = self.slot.lock().unwrap_or_else(|e| e.into_inner());
        match slot.as_ref() {
            Some(t) if t.writes == writes && t.at.elapsed() < Self::MAX_AGE => {
                Lookup::Fresh(t.value.clone())
            }
            Some(t) if t.writes == writes => Lookup::Old(t.value.clone()),
            _ => Lookup::Missing,
        }
    }
}

enum Lookup<T> {
    Fresh(Arc<T>),
    Old(Arc<T>),
    Missing,
}

/// The one reader refreshing an old snapshot; lets go when dropped (also when the read fails or
/// its request is cancelled).
struct Refresh<'a>(&'a AtomicBool);

impl<'a> Refresh<'a> {
    fn take(flag: &'a AtomicBool) -> Option<Self> {
        flag.compare_exchange(false, true, Ordering::AcqRel, Ordering::Acquire)
            .ok()
            .map(|_| Refresh(flag))
    }
}

impl Drop for Refresh<'_> {
    fn drop(&mut self) {
        self.0.store(false, Ordering::Release);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn reads_again_after_a_write_and_not_before() {
        let snap = Snapshot::<u32>::default();
        let ok = |v| async move { Ok::<u32, ()>(v) };
        assert_eq!(*snap.get(0, ok(1)).await.unwrap(), 1);
        assert_eq!(
            *snap.get(0, ok(2)).await.unwrap(),
            1,
            "no write: the snapshot"
        );
        assert_eq!(*snap.get(1, ok(3)).await.unwrap(), 3, "a write: read again");
        assert_eq!(*snap.get(1, ok(4)).await.unwrap(), 3);
    }

    #[tokio::test]
    async fn an_old_snapshot_is_read_again_by_one_reader_while_others_get_it() {
        let snap = Snapshot::<u32>::default();
        assert_eq!(*snap.get(0, async { Ok::<_, ()>(1) }).await.unwrap(), 1);
        let old = Instant::now() - Snapshot::<u32>::MAX_AGE - Duration::from_millis(1);
        snap.slot.lock().unwrap().as_mut().unwrap().at = old;
        let held = Refresh::take(&snap.refreshing).expect("nobody refreshes yet");
        let other = snap.get(0, async { Ok::<_, ()>(2) }).await.unwrap();
        assert_eq!(*other, 1, "while another reader refreshes: the old value");
        drop(held);
        assert_eq!(*snap.get(0, async { Ok::<_, ()>(3) }).await.unwrap(), 3);
        assert_eq!(*snap.get(0, async { Ok::<_, ()>(4) }).await.unwrap(), 3);
        assert!(
            !snap.refreshing.load(Ordering::Acquire),
            "the refresh let go"
        );
    }

    #[tokio::test]
    async fn a_failed_read_keeps_nothing() {
        let snap = Snapshot::<u32>::default();
        assert!(snap.get(0, async { Err::<u32, _>("down") }).await.is_err());
        assert_eq!(*snap.get(0, async { Ok::<_, ()>(7) }).await.unwrap(), 7);
    }
}
