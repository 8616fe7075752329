//! Beginning transactions on a [`Db`], and [`Db::transaction`]: run a
//! closure inside one, commit on `Ok`, roll back on `Err` or panic.

use std::future::Future;
use std::panic::{self, AssertUnwindSafe};
use std::pin::Pin;

use futures_util::FutureExt;
use orm_core::Result;

use super::{Transaction, TransactionOptions, TxConnection};
use crate::Db;
use crate::client;

/// The future a transaction closure returns: boxed, `Send`, and allowed to
/// borrow the transaction for `'t`.
///
/// Closures passed to [`Db::transaction`] are written
/// `|tx| Box::pin(async move { ... })`.
pub type TxFuture<'t, T> = Pin<Box<dyn Future<Output = Result<T>> + Send + 't>>;

impl Db {
    /// Begins a transaction with the session's default options.
    ///
    /// # Errors
    /// No connection could be had, or `BEGIN` failed.
    pub async fn begin(&self) -> Result<Transaction<'static>> {
        self.begin_with(TransactionOptions::new()).await
    }

    /// Begins a transaction with `options` (isolation level, read-only,
    /// deferrable).
    ///
    /// # Errors
    /// No connection could be had, or `BEGIN` failed.
    pub async fn begin_with(&self, options: TransactionOptions) -> Result<Transaction<'static>> {
        self.open_transaction(&options.begin_sql(), 1).await
    }

    /// Begins a transaction with `sql`, a `BEGIN` possibly followed by more
    /// statements (`statements` in all) sent in the same round trip.
    pub(crate) async fn open_transaction(
        &self,
        sql: &str,
        statements: usize,
    ) -> Result<Transaction<'static>> {
        let conn = TxConnection::new(self.connection().await?);
        let result =
            client::batch_execute_counted(conn.client()?, self.stats(), sql, statements).await;
        let tx = Transaction::begun(conn, self.stats().clone());
        match result {
            Ok(()) => Ok(tx),
            Err(err) => {
                // `BEGIN` may have run before a later statement failed. A
                // failed ROLLBACK closes the connection instead.
                let _ = tx.rollback().await;
                Err(err)
            }
        }
    }

    /// Runs `f` inside a transaction: commits when it returns `Ok`, rolls
    /// back when it returns `Err` (and returns that error) or panics (and
    /// resumes the panic once the connection is clean). Either way the
    /// connection goes back to the pool usable.
    ///
    /// The closure receives `&mut Transaction` and returns a boxed future,
    /// `|tx| Box::pin(async move { ... })`; it may borrow anything that lives
    /// across the call:
    ///
    /// ```no_run
    /// use orm_postgres::{Db, Executor};
    ///
    /// # async fn demo(db: &Db) -> orm_postgres::Result<()> {
    /// let names = vec!["Ann".to_owned(), "Bob".to_owned()];
    /// let mut inserted = 0;
    /// let total: i64 = db
    ///     .transaction(|tx| {
    ///         // Borrow, rather than move, into the `async move` block.
    ///         let (names, inserted) = (&names, &mut inserted);
    ///         Box::pin(async move {
    ///             for name in names {
    ///                 *inserted += tx.execute("INSERT INTO person (name) VALUES ($1)", &[name.as_str().into()]).await?;
    ///             }
    ///             let rows = tx.query("SELECT count(*) FROM person", &[]).await?;
    ///             Ok(rows[0].get(0))
    ///         })
    ///     })
    ///     .await?;
    /// println!("{inserted} inserted, {total} in all; {} still usable", names.len());
    /// # Ok(()) }
    /// ```
    ///
    /// The closure's signature is
    /// `for<'t> FnOnce(&'t mut Transaction<'env>) -> TxFuture<'t, T>`. The
    /// lifetime `'env` is what makes borrowing work: with a bare
    /// `&'t mut Transaction`, `'t` could be `'static` and every captured
    /// borrow would have to be too; `&'t mut Transaction<'env>` implies
    /// `'env: 't`, and the compiler picks `'env` to fit the borrows.
    ///
    /// # Errors
    /// The closure's error, or a failure to begin or commit (including a
    /// commit refused because a statement had failed inside, see
    /// [`Transaction`]).
    pub async fn transaction<'env, T, F>(&self, f: F) -> Result<T>
    where
        F: for<'t> FnOnce(&'t mut Transaction<'env>) -> TxFuture<'t, T>,
    {
        self.transaction_with(TransactionOptions::new(), f).await
    }

    /// [`Db::transaction`] with `options` (isolation level, read-only,
    /// deferrable).
    ///
    /// # Errors
    /// As for [`Db::transaction`].
    pub async fn transaction_with<'env, T, F>(&self, options: TransactionOptions, f: F) -> Result<T>
    where
        F: for<'t> FnOnce(&'t mut Transaction<'env>) -> TxFuture<'t, T>,
    {
        let tx = self.begin_with(options).await?;
        run_in(tx, f).await
    }
}

/// Runs `f` in the open transaction `tx`, then commits or rolls back.
pub(crate) async fn run_in<'env, T, F>(mut tx: Transaction<'env>, f: F) -> Result<T>
where
    F: for<'t> FnOnce(&'t mut Transaction<'env>) -> TxFuture<'t, T>,
{
    let outcome = match panic::catch_unwind(AssertUnwindSafe(|| f(&mut tx))) {
        Ok(future) => AssertUnwindSafe(future).catch_unwind().await,
        Err(payload) => Err(payload),
    };
    match outcome {
        Ok(Ok(value)) => {
            tx.commit().await?;
            Ok(value)
        }
        Ok(Err(err)) => {
            // A failed ROLLBACK closes the connection; the closure's error
            // is the one worth reporting.
            let _ = tx.rollback().await;
            Err(err)
        }
        Err(payload) => {
            let _ = tx.rollback().await;
            panic::resume_unwind(payload)
        }
    }
}
