//! The in-memory copy of the name search's two B-trees (`missing_name_forms` and
//! `missing_name_forms_reversed`), so that a search of the rolls costs no database round trip for
//! its candidates.
//!
//! The copy answers exactly what the SQL answers: its keys are sorted by (form bytes, person id),
//! which is the tables' primary-key order (`COLLATE "C"` on PostgreSQL, `BINARY` on SQLite), and
//! a range scan takes the same first [`super::search::SCAN_CAP`] keys of the same range.
//!
//! It stays current three ways:
//! - it is read from the forms table on the first search;
//! - this store's own writes (`add_missing_person`, `import_batch`) hand it their persons after
//!   they commit; the next search merges them first, so a writer reads its own writes;
//! - at most every [`PROBE_INTERVAL`] a background task compares the forms table's row count and
//!   highest person id with the copy's, and re-reads the table when they differ (another process
//!   — `homeward import` beside `homeward serve`, a second server on one PostgreSQL database —
//!   wrote to the rolls).

use std::collections::HashSet;
use std::sync::{Arc, Mutex, RwLock};
use std::time::{Duration, Instant};

use sqlx::AnyPool;

use super::rows::{IndexKeys, KeyPairs};
use crate::error::{Context, StoreResult};
use crate::sql::row::Get;

/// How often the copy is compared with the database for writes by other processes.
pub(crate) const PROBE_INTERVAL: Duration = Duration::from_secs(1);

/// Sorted (key, person id) pairs; the keys live in one arena string.
#[derive(Debug, Default)]
pub(crate) struct Keys {
    arena: String,
    /// (start, end) in `arena`, person id.
    entries: Vec<(u32, u32, i64)>,
}

impl Keys {
    fn with_capacity(entries: usize, bytes: usize) -> Self {
        Keys {
            arena: String::with_capacity(bytes),
            entries: Vec::with_capacity(entries),
        }
    }

    fn key(&self, i: usize) -> &str {
        let (start, end, _) = self.entries[i];
        &self.arena[start as usize..end as usize]
    }

    fn push(&mut self, key: &str, id: i64) {
        let start = self.arena.len() as u32;
        self.arena.push_str(key);
        self.entries.push((start, self.arena.len() as u32, id));
    }

    /// Builds from pairs sorted by (key, id).
    fn from_sorted(pairs: &[(String, i64)]) -> Self {
        let bytes = pairs.iter().map(|(k, _)| k.len()).sum();
        let mut keys = Keys::with_capacity(pairs.len(), bytes);
        for (k, id) in pairs {
            keys.push(k, *id);
        }
        keys
    }

    /// These keys and `more` (sorted by (key, id)) merged into one sorted set.
    fn merged(&self, more: &[(String, i64)]) -> Self {
        let bytes = self.arena.len() + more.iter().map(|(k, _)| k.len()).sum::<usize>();
        let mut out = Keys::with_capacity(self.entries.len() + more.len(), bytes);
        let (mut i, mut j) = (0, 0);
        while i < self.entries.len() || j < more.len() {
            let take_old = j == more.len()
                || (i < self.entries.len()
                    && (self.key(i), self.entries[i].2) <= (more[j].0.as_str(), more[j].1));
            if take_old {
                out.push(self.key(i), self.entries[i].2);
                i += 1;
            } else {
                out.push(&more[j].0, more[j].1);
                j += 1;
            }
        }
        out
    }

    /// The first `cap` (key, id) pairs with `key >= prefix AND key < upper`, in key order: the
    /// SQL range scan `ORDER BY key, person_id LIMIT cap`.
    pub(crate) fn scan<'a>(
        &'a self,
        prefix: &str,
        upper: &str,
        cap: usize,
    ) -> impl Iterator<Item = (&'a str, i64)> + 'a {
        let lo = self
            .entries
            .partition_point(|&(s, e, _)| &self.arena[s as usize..e as usize] < prefix);
        let hi = self
            .entries
            .partition_point(|&(s, e, _)| &self.arena[s as usize..e as usize] < upper);
        let end = hi.max(lo).min(lo.saturating_add(cap));
        (lo..end).map(move |i| (self.key(i), self.entries[i].2))
    }
}

/// One consistent copy of both tables.
#[derive(Debug, Default)]
pub(crate) struct Snapshot {
    pub(crate) forward: Keys,
    pub(crate) backward: Keys,
    /// The persons in the copy (a person handed over twice is merged once).
    persons: HashSet<i64>,
    /// The highest person id in the copy.
    top: i64,
}

impl Snapshot {
    /// From the forward keys and the reversed suffix keys (each as (key, person id)).
    fn build(mut forms: Vec<(String, i64)>, mut reversed: Vec<(String, i64)>) -> Self {
        forms.sort_unstable();
        reversed.sort_unstable();
        Snapshot {
            persons: forms.iter().map(|(_, id)| *id).collect(),
            top: forms.iter().map(|(_, id)| *id).max().unwrap_or(0),
            forward: Keys::from_sorted(&forms),
            backward: Keys::from_sorted(&reversed),
        }
    }

    /// This copy with the forward and reversed (key, person id) pairs of `added` whose persons
    /// it lacks.
    fn with(&self, added: Pending) -> Self {
        let (forms, reversed) = added;
        let mut forms: Vec<(String, i64)> = forms
            .into_iter()
            .filter(|(_, id)| !self.persons.contains(id))
            .collect();
        forms.sort_unstable();
        forms.dedup();
        let mut reversed: Vec<(String, i64)> = reversed
            .into_iter()
            .filter(|(_, id)| !self.persons.contains(id))
            .collect();
        reversed.sort_unstable();
        reversed.dedup();
        let mut persons = self.persons.clone();
        persons.extend(forms.iter().map(|(_, id)| *id));
        Snapshot {
            top: forms.iter().map(|(_, id)| *id).fold(self.top, i64::max),
            forward: self.forward.merged(&forms),
            backward: self.backward.merged(&reversed),
            persons,
        }
    }

    fn forms(&self) -> i64 {
        self.forward.entries.len() as i64
    }
}

pub(crate) fn reversed(s: &str) -> String {
    s.chars().rev().collect()
}

/// Keys of persons committed by this store and not yet merged: forward, and reversed.
type Pending = (KeyPairs, KeyPairs);

/// The index: the current snapshot, the own writes not yet merged, and when it was last
/// compared with the database.
#[derive(Debug, Default)]
pub(crate) struct NameIndex {
    current: RwLock<Option<Arc<Snapshot>>>,
    /// The keys of persons this store committed, not yet merged.
    pending: Mutex<Pending>,
    refresh: tokio::sync::Mutex<()>,
    probed: Mutex<Option<Instant>>,
}

impl NameIndex {
    /// Hands over persons this store has just committed (ids in the order of `persons`).
    pub(crate) fn added(&self, keys: IndexKeys) {
        let IndexKeys { forward, backward } = keys;
        let mut pending = self.pending.lock().unwrap_or_else(|e| e.into_inner());
        pending.0.extend(forward);
        pending.1.extend(backward);
    }

    fn loaded(&self) -> Option<Arc<Snapshot>> {
        self.current
            .read()
            .unwrap_or_else(|e| e.into_inner())
            .clone()
    }

    fn install(&self, snapshot: Snapshot) -> Arc<Snapshot> {
        let snapshot = Arc::new(snapshot);
        *self.current.write().unwrap_or_else(|e| e.into_inner()) = Some(snapshot.clone());
        snapshot
    }

    fn has_pending(&self) -> bool {
        !self
            .pending
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .0
            .is_empty()
    }

    /// The snapshot to search: loaded on first use, with this store's own writes merged.
    pub(crate) async fn snapshot(self: &Arc<Self>, pool: &AnyPool) -> StoreResult<Arc<Snapshot>> {
        if let Some(s) = self.loaded()
            && !self.has_pending()
        {
            self.maybe_probe(pool);
            return Ok(s);
        }
        let _guard = self.refresh.lock().await;
        let base = match self.loaded() {
            Some(s) => s,
            None => {
                let s = self.install(read_all(pool).await?);
                *self.probed.lock().unwrap_or_else(|e| e.into_inner()) = Some(Instant::now());
                s
            }
        };
        let added = std::mem::take(&mut *self.pending.lock().unwrap_or_else(|e| e.into_inner()));
        if added.0.is_empty() {
            return Ok(base);
        }
        Ok(self.install(base.with(added)))
    }

    /// Starts a background comparison with the database when the last one is older than
    /// [`PROBE_INTERVAL`].
    fn maybe_probe(self: &Arc<Self>, pool: &AnyPool) {
        {
            let mut probed = self.probed.lock().unwrap_or_else(|e| e.into_inner());
            if probed.is_some_and(|t| t.elapsed() < PROBE_INTERVAL) {
                return;
            }
            *probed = Some(Instant::now());
        }
        let (index, pool) = (self.clone(), pool.clone());
        tokio::spawn(async move {
            if let Err(e) = index.probe(&pool).await {
                tracing::warn!("comparing the name index with the database failed: {e}");
            }
        });
    }

    /// Re-reads the forms table when its row count or highest person id differ from the copy's.
    async fn probe(&self, pool: &AnyPool) -> StoreResult<()> {
        let _guard = self.refresh.lock().await;
        let Some(current) = self.loaded() else {
            return Ok(());
        };
        let added = std::mem::take(&mut *self.pending.lock().unwrap_or_else(|e| e.into_inner()));
        let current = if added.0.is_empty() {
            current
        } else {
            self.install(current.with(added))
        };
        let row = sqlx::query(
            "SELECT CAST(COUNT(*) AS BIGINT) AS n, CAST(COALESCE(MAX(person_id), 0) AS BIGINT) \
             AS top FROM missing_name_forms",
        )
        .fetch_one(pool)
        .await
        .context("comparing the name index with the database")?;
        if row.int("n")? != current.forms() || row.int("top")? != current.top {
            self.install(read_all(pool).await?);
        }
        Ok(())
    }
}

/// Reads both forms tables.
async fn read_all(pool: &AnyPool) -> StoreResult<Snapshot> {
    let pairs = |sql: &'static str| async move {
        let rows = sqlx::query(sql)
            .fetch_all(pool)
            .await
            .context("reading the name index")?;
        rows.iter()
            .map(|r| Ok((r.text("form")?, r.int("person_id")?)))
            .collect::<StoreResult<Vec<_>>>()
    };
    let forms = pairs("SELECT form, person_id FROM missing_name_forms").await?;
    let reversed =
        pairs("SELECT form_reversed AS form, person_id FROM missing_name_forms_reversed").await?;
    Ok(Snapshot::build(forms, reversed))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keys(pairs: &[(&str, i64)]) -> Keys {
        let mut v: Vec<(String, i64)> = pairs.iter().map(|(k, i)| (k.to_string(), *i)).collect();
        v.sort_unstable();
        Keys::from_sorted(&v)
    }

    #[test]
    fn a_scan_takes_the_first_keys_of_its_range_in_order() {
        let k = keys(&[
            ("wang", 3),
            ("wang", 1),
            ("wangde", 2),
            ("wa", 9),
            ("xu", 4),
        ]);
        let upper = format!("wang{}", char::MAX);
        let got: Vec<_> = k.scan("wang", &upper, 10).collect();
        assert_eq!(got, vec![("wang", 1), ("wang", 3), ("wangde", 2)]);
        let capped: Vec<_> = k.scan("wang", &upper, 2).collect();
        assert_eq!(capped, vec![("wang", 1), ("wang", 3)]);
        assert_eq!(k.scan("zz", &format!("zz{}", char::MAX), 5).count(), 0);
    }

    #[test]
    fn merging_keeps_key_then_id_order() {
        let k = keys(&[("b", 2), ("d", 4)]);
        let merged = k.merged(&[("a".into(), 9), ("b".into(), 1), ("e".into(), 5)]);
        let all: Vec<_> = merged.scan("", &char::MAX.to_string(), 10).collect();
        assert_eq!(all, vec![("a", 9), ("b", 1), ("b", 2), ("d", 4), ("e", 5)]);
    }
}
