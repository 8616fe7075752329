//! [`Transaction`]: an open transaction (or savepoint) on one pooled
//! connection.

mod connection;
mod options;
mod scope;

use std::sync::{Mutex, MutexGuard, PoisonError};

use orm_core::__private::sql::{self, SavepointOp};
use orm_core::backend::DatabaseErrorKind as DbErrorClass;
use orm_core::{Error, Executor, Result, Statement, Value};
use tokio_postgres::error::SqlState;

use crate::client;
use crate::connection::{Drain, PgConn};
use crate::database_error::PgDatabaseError;
use crate::row::PgRow;
use crate::stats::Stats;
pub(crate) use connection::TxConnection;
pub use options::{IsolationLevel, TransactionOptions};
pub use scope::TxFuture;
pub(crate) use scope::run_in;

/// An open transaction, or a savepoint inside one.
///
/// Begin one with [`Db::begin`](crate::Db::begin) (or let
/// [`Db::transaction`](crate::Db::transaction) manage it). It holds one
/// pooled connection until it ends, and implements [`Executor`], so every
/// ORM call taking `&impl Executor` runs inside it.
///
/// - [`Transaction::commit`] commits (or, for a savepoint, releases it).
/// - [`Transaction::rollback`] rolls back (to the savepoint).
/// - Dropping it without either rolls back: a savepoint is rolled back
///   before the next statement of its parent; a transaction's connection is
///   rolled back by a spawned task before it returns to the pool (without a
///   tokio runtime, or when that `ROLLBACK` fails, the connection is closed
///   instead). A connection is never handed out with a transaction open.
///   A statement still running when the transaction is dropped (its future
///   cut short) is cancelled on the server first.
/// - [`Transaction::savepoint`] nests: it returns a `Transaction` that
///   borrows this one.
///
/// The lifetime `'a` is what the transaction borrows: `'static` for a
/// transaction that owns its connection (from [`Db::begin`](crate::Db::begin)),
/// the parent's borrow for a savepoint. Helper functions take
/// `&mut Transaction<'_>`.
///
/// # Aborted transactions
///
/// After a statement fails, PostgreSQL ignores everything up to the end of
/// the transaction (or a rollback to a savepoint opened before the failure),
/// and answers `COMMIT` with a silent rollback. This type remembers the
/// failure: [`Transaction::commit`] then rolls back and returns an error
/// (SQLSTATE `25P02`) naming the first failure, instead of reporting success.
///
/// ```no_run
/// use orm_postgres::{Db, Executor};
///
/// # async fn demo(db: &Db) -> orm_postgres::Result<()> {
/// let mut tx = db.begin().await?;
/// tx.execute("INSERT INTO account (id, balance) VALUES ($1, 0)", &[1i64.into()]).await?;
/// {
///     // Try something that may fail without losing the insert above.
///     let sp = tx.savepoint().await?;
///     if sp.execute("INSERT INTO audit (account) VALUES ($1)", &[1i64.into()]).await.is_ok() {
///         sp.commit().await?;
///     } // else: dropping `sp` rolls back to the savepoint
/// }
/// tx.commit().await?;
/// # Ok(()) }
/// ```
pub struct Transaction<'a> {
    core: Core<'a>,
    /// 0 for the transaction itself, n for the n-th nested savepoint.
    depth: usize,
    /// Set once `commit` or `rollback` has run (successfully or not).
    ended: bool,
}

enum Core<'a> {
    Owned(Box<TxCore>),
    Savepoint(&'a mut TxCore),
}

/// What a transaction and all its savepoints share.
pub(crate) struct TxCore {
    /// `None` once the transaction has ended.
    conn: Option<TxConnection>,
    stats: Stats,
    state: Mutex<TxState>,
}

#[derive(Default)]
struct TxState {
    /// Depths of savepoints dropped without commit or rollback, to be rolled
    /// back before the next statement.
    pending_rollbacks: Vec<usize>,
    /// The first database error that aborted the transaction, until a
    /// rollback to a savepoint opened before it.
    aborted: Option<Aborted>,
}

struct Aborted {
    depth: usize,
    /// The class and SQLSTATE of the first failure, so that the error
    /// reported at commit can say whether retrying makes sense.
    class: DbErrorClass,
    code: String,
    message: String,
}

impl TxCore {
    fn client(&self) -> Result<&PgConn> {
        match &self.conn {
            Some(conn) => conn.client(),
            None => Err(Error::invalid_input("the transaction has already ended")),
        }
    }

    fn state(&self) -> MutexGuard<'_, TxState> {
        // Never held across a panic point that matters: the state stays
        // consistent even if a holder panicked.
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Rolls back the savepoints dropped since the last statement, after
    /// settling a statement cut short (its future dropped): it is cancelled
    /// and the transaction counts as aborted, since whether it took effect
    /// is unknown.
    async fn flush(&self, depth: usize) -> Result<()> {
        let conn = self.client()?;
        if conn.is_interrupted() {
            if !conn.settle(Drain::KeepTransaction).await {
                return Err(Error::__connection(Error::invalid_input(
                    "a statement cut short could not be cancelled in time; \
                     the connection was closed",
                )));
            }
            let mut state = self.state();
            if state.aborted.is_none() {
                state.aborted = Some(Aborted {
                    depth: 0,
                    class: DbErrorClass::QueryCanceled,
                    code: "57014".to_owned(),
                    message: "a statement was cut short (its future was dropped) and \
                              cancelled"
                        .to_owned(),
                });
            }
        }
        let depths = std::mem::take(&mut self.state().pending_rollbacks);
        let Some(&outermost) = depths.iter().min() else {
            return Ok(());
        };
        let sql: String = depths.iter().map(|&d| rollback_to_sql(d)).collect();
        let result =
            client::batch_execute_counted(self.client()?, &self.stats, &sql, 2 * depths.len())
                .await;
        if result.is_ok() {
            self.rolled_back_to(outermost);
        }
        self.observe(depth, result)
    }

    /// Records a database error as aborting the transaction at `depth`.
    fn observe<T>(&self, depth: usize, result: Result<T>) -> Result<T> {
        if let Err(err) = &result {
            if let (true, Some(code)) = (err.is_database(), err.code()) {
                let mut state = self.state();
                if state.aborted.as_ref().is_none_or(|a| a.depth > depth) {
                    state.aborted = Some(Aborted {
                        depth,
                        class: class_of(err),
                        code: code.to_owned(),
                        message: err.to_string(),
                    });
                }
            }
        }
        result
    }

    /// A rollback to the savepoint at `depth` undid failures at that depth
    /// or deeper.
    fn rolled_back_to(&self, depth: usize) {
        let mut state = self.state();
        if state.aborted.as_ref().is_some_and(|a| a.depth >= depth) {
            state.aborted = None;
        }
    }

    /// The error to report when committing at `depth` an aborted
    /// transaction.
    fn aborted_error(&self, depth: usize) -> Option<Error> {
        let state = self.state();
        let aborted = state.aborted.as_ref().filter(|a| a.depth >= depth)?;
        let message = format!(
            "the transaction was aborted by an earlier error ({}) and was rolled back; \
             nothing was committed",
            aborted.message
        );
        // The cause is the source, so `transaction_with_retry` can see that
        // the transaction was aborted by, e.g., a serialization failure.
        let cause = Error::__database(PgDatabaseError::synthetic(
            SqlState::from_code(&aborted.code),
            aborted.class,
            aborted.message.clone(),
            None,
        ));
        Some(Error::__database(PgDatabaseError::synthetic(
            SqlState::IN_FAILED_SQL_TRANSACTION,
            DbErrorClass::Other,
            message,
            Some(Box::new(cause)),
        )))
    }

    async fn run_batch(&self, depth: usize, sql: &str, statements: usize) -> Result<()> {
        self.flush(depth).await?;
        let result =
            client::batch_execute_counted(self.client()?, &self.stats, sql, statements).await;
        self.observe(depth, result)
    }
}

/// The class of a database error, read back through its predicates.
fn class_of(err: &Error) -> DbErrorClass {
    if err.is_serialization_failure() {
        DbErrorClass::SerializationFailure
    } else if err.is_deadlock() {
        DbErrorClass::Deadlock
    } else if err.is_connection() {
        DbErrorClass::ConnectionFailure
    } else if err.is_query_canceled() {
        DbErrorClass::QueryCanceled
    } else {
        DbErrorClass::Other
    }
}

fn savepoint_sql(op: SavepointOp, depth: usize) -> String {
    sql::savepoint(op, &format!("orm_savepoint_{depth}"))
}

fn rollback_to_sql(depth: usize) -> String {
    savepoint_sql(SavepointOp::RollbackTo, depth)
}

impl Transaction<'static> {
    /// A transaction on `conn`, on which `BEGIN` has run.
    pub(crate) fn begun(conn: TxConnection, stats: Stats) -> Self {
        Transaction {
            core: Core::Owned(Box::new(TxCore {
                conn: Some(conn),
                stats,
                state: Mutex::new(TxState::default()),
            })),
            depth: 0,
            ended: false,
        }
    }
}

impl Transaction<'_> {
    fn core(&self) -> &TxCore {
        match &self.core {
            Core::Owned(core) => core,
            Core::Savepoint(core) => core,
        }
    }

    fn core_mut(&mut self) -> &mut TxCore {
        match &mut self.core {
            Core::Owned(core) => core,
            Core::Savepoint(core) => core,
        }
    }

    /// 0 for a transaction, n for a savepoint nested n deep.
    pub fn depth(&self) -> usize {
        self.depth
    }

    /// True for a savepoint (from [`Transaction::savepoint`]).
    pub fn is_savepoint(&self) -> bool {
        self.depth > 0
    }

    /// Runs SQL text without parameters holding `statements` statements
    /// (`LOCK TABLE ...`, `SET LOCAL ...`) in this transaction.
    pub(crate) async fn run_batch(&self, sql: &str, statements: usize) -> Result<()> {
        self.core().run_batch(self.depth, sql, statements).await
    }

    /// Opens a savepoint: a nested transaction that borrows this one.
    /// Committing it releases the savepoint (its work becomes part of this
    /// transaction); rolling it back or dropping it undoes only its work,
    /// and clears a failure that happened inside it.
    ///
    /// # Errors
    /// The database refused, e.g. because this transaction is aborted.
    pub async fn savepoint(&mut self) -> Result<Transaction<'_>> {
        let depth = self.depth + 1;
        let sql = savepoint_sql(SavepointOp::Create, depth);
        self.run_batch(&sql, 1).await?;
        Ok(Transaction {
            core: Core::Savepoint(self.core_mut()),
            depth,
            ended: false,
        })
    }

    /// Commits the transaction, or releases the savepoint.
    ///
    /// # Errors
    /// The database refused the commit (a deferred constraint, a
    /// serialization failure under `SERIALIZABLE`), the connection failed,
    /// or an earlier statement had failed and aborted the transaction, in
    /// which case everything was rolled back (to the savepoint) instead and
    /// the error (SQLSTATE `25P02`) names that first failure.
    pub async fn commit(mut self) -> Result<()> {
        // On an early return `ended` stays false, so `Drop` rolls back (to
        // the savepoint).
        let depth = self.depth;
        self.core().flush(depth).await?;
        if let Some(err) = self.core().aborted_error(depth) {
            self.rollback_inner().await?;
            return Err(err);
        }
        if depth > 0 {
            let sql = savepoint_sql(SavepointOp::Release, depth);
            self.core().run_batch(depth, &sql, 1).await?;
            self.ended = true;
            return Ok(());
        }
        self.ended = true;
        let core = self.core_mut();
        let Some(conn) = core.conn.take() else {
            return Err(Error::invalid_input("the transaction has already ended"));
        };
        let result = client::batch_execute(conn.client()?, &core.stats, "COMMIT").await;
        match &result {
            // A COMMIT the server refused still ended the transaction.
            Ok(()) => conn.release(),
            Err(err) if err.is_database() => conn.release(),
            Err(_) => drop(conn),
        }
        result
    }

    /// Rolls back the transaction, or rolls back to the savepoint (keeping
    /// the parent's work and clearing a failure inside the savepoint).
    ///
    /// # Errors
    /// The `ROLLBACK` failed, e.g. because the connection was lost (a lost
    /// connection rolls back on the server anyway).
    pub async fn rollback(mut self) -> Result<()> {
        self.rollback_inner().await
    }

    async fn rollback_inner(&mut self) -> Result<()> {
        self.ended = true;
        let depth = self.depth;
        let core = self.core_mut();
        if depth > 0 {
            // Dropped deeper savepoints are covered by this rollback.
            core.state().pending_rollbacks.retain(|&d| d < depth);
            let result = core.run_batch(depth, &rollback_to_sql(depth), 2).await;
            if result.is_ok() {
                core.rolled_back_to(depth);
            }
            return result;
        }
        let Some(conn) = core.conn.take() else {
            return Ok(());
        };
        // A statement cut short is cancelled first, so the ROLLBACK does not
        // wait behind it; a connection that cannot be settled is closed
        // (which rolls back too).
        if !conn.client()?.settle(Drain::KeepTransaction).await {
            return Err(Error::__connection(Error::invalid_input(
                "a statement cut short could not be cancelled in time; \
                 the connection was closed",
            )));
        }
        let result = client::batch_execute(conn.client()?, &core.stats, "ROLLBACK").await;
        if result.is_ok() {
            conn.release();
        }
        result
    }
}

impl Drop for Transaction<'_> {
    fn drop(&mut self) {
        let depth = self.depth;
        let ended = self.ended;
        let core = self.core_mut();
        if depth > 0 {
            if !ended {
                core.state().pending_rollbacks.push(depth);
            }
            return;
        }
        let Some(conn) = core.conn.take() else {
            return;
        };
        // Drop cannot wait: roll back on a task, and return the connection
        // to the pool only once the server confirmed. If the task never runs
        // or the ROLLBACK fails, dropping `conn` closes the connection.
        if let Ok(runtime) = tokio::runtime::Handle::try_current() {
            let stats = core.stats.clone();
            runtime.spawn(async move {
                let Ok(client) = conn.client() else {
                    return;
                };
                // A statement cut short is cancelled first, so the ROLLBACK
                // does not wait behind it.
                if !client.settle(Drain::KeepTransaction).await {
                    return;
                }
                if client::batch_execute(client, &stats, "ROLLBACK")
                    .await
                    .is_ok()
                {
                    conn.release();
                }
            });
        }
    }
}

impl std::fmt::Debug for Transaction<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Transaction")
            .field("depth", &self.depth)
            .field("ended", &self.ended)
            .finish()
    }
}

impl Executor for Transaction<'_> {
    type Row = PgRow;

    async fn query(&self, sql: &str, params: &[Value]) -> Result<Vec<PgRow>> {
        let core = self.core();
        core.flush(self.depth).await?;
        let result = client::query(core.client()?, &core.stats, sql, params, false).await;
        core.observe(self.depth, result)
    }

    async fn query_each<F>(&self, sql: &str, params: &[Value], f: F) -> Result<()>
    where
        F: FnMut(PgRow) -> Result<()> + Send,
    {
        let core = self.core();
        core.flush(self.depth).await?;
        let result = client::query_each(core.client()?, &core.stats, sql, params, false, f).await;
        core.observe(self.depth, result)
    }

    async fn execute(&self, sql: &str, params: &[Value]) -> Result<u64> {
        let core = self.core();
        core.flush(self.depth).await?;
        let result = client::execute(core.client()?, &core.stats, sql, params, false).await;
        core.observe(self.depth, result)
    }

    async fn query_pipelined(&self, statements: &[Statement<'_>]) -> Result<Vec<Vec<PgRow>>> {
        let core = self.core();
        core.flush(self.depth).await?;
        let result = client::query_pipelined(core.client()?, &core.stats, statements, false).await;
        core.observe(self.depth, result)
    }

    fn in_transaction(&self) -> bool {
        true
    }
}
