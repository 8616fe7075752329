//! Table locks: `LOCK TABLE ... IN <mode> MODE`, only inside a
//! [`Transaction`], and [`with_table_lock`], the combinator that opens one.

use std::time::Duration;

use orm_core::{Error, Executor, Model, ModelMeta, Result};

use crate::transaction::run_in;
use crate::{Db, LockMode, Transaction, TransactionOptions, TxFuture};

impl Transaction<'_> {
    /// Locks `M`'s table in `mode` until the transaction ends, waiting as
    /// long as `lock_timeout` allows (by default, forever).
    ///
    /// ```no_run
    /// # use orm_postgres::{Db, Executor, LockMode};
    /// # async fn demo<Counter: orm_core::Model>(db: &Db) -> orm_postgres::Result<()> {
    /// let mut tx = db.begin().await?;
    /// tx.lock::<Counter>(LockMode::ShareRowExclusive).await?;
    /// // read, decide, write: no other transaction does the same meanwhile
    /// tx.commit().await?;
    /// # Ok(()) }
    /// ```
    ///
    /// # Errors
    /// [`Error::is_lock_not_available`] when `lock_timeout` ran out,
    /// [`Error::is_deadlock`] when waiting would deadlock, or another
    /// database error (no such table).
    pub async fn lock<M: Model>(&self, mode: LockMode) -> Result<()> {
        self.lock_tables(&[M::META], mode, false).await
    }

    /// Locks `M`'s table in `mode`, failing at once when another
    /// transaction holds a conflicting lock (`NOWAIT`).
    ///
    /// # Errors
    /// [`Error::is_lock_not_available`] when the lock is held elsewhere,
    /// or another database error.
    pub async fn lock_nowait<M: Model>(&self, mode: LockMode) -> Result<()> {
        self.lock_tables(&[M::META], mode, true).await
    }

    /// Locks several tables in one statement. They are locked in order of
    /// table name, whatever the order given, so two transactions locking
    /// the same set cannot deadlock on it; duplicates are ignored.
    ///
    /// # Errors
    /// [`Error::is_invalid_input`] for an empty list; otherwise as for
    /// [`Transaction::lock`] and [`Transaction::lock_nowait`].
    pub async fn lock_tables(
        &self,
        models: &[&'static ModelMeta],
        mode: LockMode,
        nowait: bool,
    ) -> Result<()> {
        let sql = lock_sql(models, mode, nowait)?;
        self.run_batch(&sql, 1).await
    }

    /// Sets how long a lock may be waited for in the rest of this
    /// transaction (PostgreSQL's `lock_timeout`, as `SET LOCAL` does:
    /// `set_config('lock_timeout', $1, true)` with the value bound). A wait
    /// that runs out fails with [`Error::is_lock_not_available`]. Zero means
    /// no limit; a non-zero duration under a millisecond counts as one.
    ///
    /// # Errors
    /// The database refused.
    pub async fn set_lock_timeout(&self, timeout: Duration) -> Result<()> {
        let mut millis = timeout.as_millis();
        if millis == 0 && !timeout.is_zero() {
            millis = 1;
        }
        let value = format!("{millis}ms");
        self.query(
            "SELECT set_config('lock_timeout', $1, true)",
            &[value.as_str().into()],
        )
        .await
        .map(drop)
    }
}

/// `LOCK TABLE "a", "b" IN <mode> MODE [NOWAIT]`, tables sorted by name.
pub(crate) fn lock_sql(
    models: &[&'static ModelMeta],
    mode: LockMode,
    nowait: bool,
) -> Result<String> {
    let mut tables: Vec<&'static str> = models.iter().map(|m| m.table).collect();
    if tables.is_empty() {
        return Err(Error::invalid_input(
            "`lock_tables` needs at least one model",
        ));
    }
    tables.sort_unstable();
    tables.dedup();
    Ok(orm_core::__private::sql::lock_table(
        &tables,
        mode.as_sql(),
        nowait,
    ))
}

/// Opens a transaction, locks `M`'s table in `mode`, runs `f`, and commits
/// (rolling back on `Err` or panic, as [`Db::transaction`] does).
///
/// Name the model and leave the result type to inference:
/// `with_table_lock::<Tag, _>(&db, mode, |tx| ...)`.
///
/// `BEGIN` and `LOCK TABLE` travel together in one round trip, so a locked
/// section costs one round trip more than its own statements (the
/// `COMMIT`).
///
/// ```no_run
/// use orm_postgres::{Db, Executor, LockMode, with_table_lock};
///
/// # async fn demo<Tag: orm_core::Model>(db: &Db, name: &str) -> orm_postgres::Result<()> {
/// with_table_lock::<Tag, _>(db, LockMode::ShareRowExclusive, |tx| {
///     Box::pin(async move {
///         let rows = tx.query("SELECT count(*) FROM tag WHERE name = $1", &[name.into()]).await?;
///         if rows[0].get::<_, i64>(0) == 0 {
///             tx.execute("INSERT INTO tag (name) VALUES ($1)", &[name.into()]).await?;
///         }
///         Ok(())
///     })
/// })
/// .await
/// # }
/// ```
///
/// # Errors
/// As for [`Db::transaction`] and [`Transaction::lock`].
pub async fn with_table_lock<'env, M: Model, T>(
    db: &Db,
    mode: LockMode,
    f: impl for<'t> FnOnce(&'t mut Transaction<'env>) -> TxFuture<'t, T>,
) -> Result<T> {
    let sql = [
        TransactionOptions::new().begin_sql(),
        lock_sql(&[M::META], mode, false)?,
    ]
    .join("; ");
    let tx = db.open_transaction(&sql, 2).await?;
    run_in(tx, f).await
}

#[cfg(test)]
mod tests {
    use super::*;

    const fn meta(table: &'static str) -> ModelMeta {
        ModelMeta {
            name: "M",
            table,
            columns: &[],
            primary_key: 0,
            many_to_many: &[],
            reverse: &[],
            unique_together: &[],
            indexes: &[],
            checks: &[],
            ordering: &[],
            managed: true,
            translations: None,
        }
    }

    static B: ModelMeta = meta("b_table");
    static A: ModelMeta = meta("a_table");
    static ODD: ModelMeta = meta("odd\"name");

    #[test]
    fn tables_are_sorted_quoted_and_deduplicated() {
        assert_eq!(
            lock_sql(&[&B, &A, &B], LockMode::ShareRowExclusive, false).ok(),
            Some(r#"LOCK TABLE "a_table", "b_table" IN SHARE ROW EXCLUSIVE MODE"#.to_owned())
        );
        assert_eq!(
            lock_sql(&[&ODD], LockMode::AccessExclusive, true).ok(),
            Some(r#"LOCK TABLE "odd""name" IN ACCESS EXCLUSIVE MODE NOWAIT"#.to_owned())
        );
        assert!(lock_sql(&[], LockMode::Share, false).is_err_and(|e| e.is_invalid_input()));
    }
}
