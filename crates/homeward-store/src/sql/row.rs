//! Reading columns back from `AnyRow`s, turning undecodable values into [`StoreError::Corrupt`]
//! that names the column, and running a read whose rows one function turns into entities.

use homeward_domain::DomainError;
use sqlx::any::{AnyArguments, AnyRow};
use sqlx::query::Query;
use sqlx::{Any, Executor, Row};

use crate::error::{Context, StoreError, StoreResult};

/// A statement on either engine with its parameters bound.
pub(crate) type AnyQuery<'q> = Query<'q, Any, AnyArguments>;

/// Every row `query` returns on `conn`, each read by `from` (an entity's one row reader);
/// `context` names the read when the database refuses it. A read by a unique key is [`read_one`].
pub(crate) async fn read_all<'c, T>(
    conn: impl Executor<'c, Database = Any>,
    query: AnyQuery<'_>,
    from: impl Fn(&AnyRow) -> StoreResult<T>,
    context: &'static str,
) -> StoreResult<Vec<T>> {
    let rows = query.fetch_all(conn).await.context(context)?;
    rows.iter().map(from).collect()
}

/// The row a read by a unique key finds, if any: [`read_all`] for at most one row (should the
/// key match more, the last is taken).
pub(crate) async fn read_one<T>(
    conn: impl Executor<'_, Database = Any>,
    query: AnyQuery<'_>,
    from: impl Fn(&AnyRow) -> StoreResult<T>,
    context: &'static str,
) -> StoreResult<Option<T>> {
    Ok(read_all(conn, query, from, context).await?.pop())
}

/// Typed column access that names the column when a value is unreadable.
pub(crate) trait Get {
    /// An integer column.
    fn int(&self, col: &'static str) -> StoreResult<i64>;
    /// A nullable integer column.
    fn opt_int(&self, col: &'static str) -> StoreResult<Option<i64>>;
    /// A text column.
    fn text(&self, col: &'static str) -> StoreResult<String>;
    /// A nullable text column.
    fn opt_text(&self, col: &'static str) -> StoreResult<Option<String>>;
    /// A floating-point column.
    fn real(&self, col: &'static str) -> StoreResult<f64>;
    /// A nullable floating-point column.
    fn opt_real(&self, col: &'static str) -> StoreResult<Option<f64>>;
    /// A 0/1 flag column.
    fn flag(&self, col: &'static str) -> StoreResult<bool> {
        Ok(self.int(col)? != 0)
    }
    /// A text column holding a code that `parse` understands.
    fn code<T>(
        &self,
        col: &'static str,
        parse: impl FnOnce(&str) -> Result<T, DomainError>,
    ) -> StoreResult<T> {
        let text = self.text(col)?;
        parse(&text).map_err(|e| corrupt(col, e))
    }
    /// An integer column that must fit `T`.
    fn small<T: TryFrom<i64>>(&self, col: &'static str) -> StoreResult<T> {
        let v = self.int(col)?;
        T::try_from(v).map_err(|_| corrupt(col, format!("{v} is out of range")))
    }
    /// A nullable integer column that must fit `T`.
    fn opt_small<T: TryFrom<i64>>(&self, col: &'static str) -> StoreResult<Option<T>> {
        self.opt_int(col)?
            .map(|v| T::try_from(v).map_err(|_| corrupt(col, format!("{v} is out of range"))))
            .transpose()
    }
}

/// A stored value that cannot be read back.
pub(crate) fn corrupt(field: &'static str, reason: impl std::fmt::Display) -> StoreError {
    StoreError::Corrupt {
        field,
        reason: reason.to_string(),
    }
}

impl Get for AnyRow {
    fn int(&self, col: &'static str) -> StoreResult<i64> {
        self.try_get(col).map_err(|e| corrupt(col, e))
    }
    fn opt_int(&self, col: &'static str) -> StoreResult<Option<i64>> {
        self.try_get(col).map_err(|e| corrupt(col, e))
    }
    fn text(&self, col: &'static str) -> StoreResult<String> {
        self.try_get(col).map_err(|e| corrupt(col, e))
    }
    fn opt_text(&self, col: &'static str) -> StoreResult<Option<String>> {
        self.try_get(col).map_err(|e| corrupt(col, e))
    }
    fn real(&self, col: &'static str) -> StoreResult<f64> {
        self.try_get(col).map_err(|e| corrupt(col, e))
    }
    fn opt_real(&self, col: &'static str) -> StoreResult<Option<f64>> {
        self.try_get(col).map_err(|e| corrupt(col, e))
    }
}
