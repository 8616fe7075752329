//! PostgreSQL execution for the ORM: the connection pool ([`Db`]),
//! statement execution with a prepared-statement cache, error
//! classification, and (feature `testing`) a harness that gives every test
//! its own database on a real server.
//!
//! ```no_run
//! use orm_postgres::{Db, Executor};
//!
//! # async fn demo() -> orm_core::Result<()> {
//! let db = Db::connect("postgres://postgres@localhost/app").await?;
//! db.batch_execute("CREATE TABLE IF NOT EXISTS note (id bigint GENERATED ALWAYS AS IDENTITY, body text)")
//!     .await?;
//! db.execute("INSERT INTO note (body) VALUES ($1)", &["hello".into()]).await?;
//! let rows = db.query("SELECT body FROM note", &[]).await?;
//! for row in rows {
//!     let body: &str = row.get(0);
//!     println!("{body}");
//! }
//! # Ok(()) }
//! ```
//!
//! # Executors
//!
//! Everything that runs SQL takes `&impl Executor`; [`Db`] and
//! [`Transaction`] implement it, so the same call works on a pool and
//! inside a transaction.
//!
//! # Transactions and locks
//!
//! [`Db::begin`] returns a [`Transaction`] that rolls back when dropped,
//! commits with [`Transaction::commit`] and nests with savepoints;
//! [`Db::transaction`] runs a closure in one, committing on `Ok` and rolling
//! back on `Err` or panic; [`transaction_with_retry`] reruns it on
//! serialization failures and deadlocks. Locks are methods of
//! [`Transaction`] only: table locks in a typed [`LockMode`]
//! ([`Transaction::lock`], [`with_table_lock`]) and advisory locks keyed by
//! an [`AdvisoryKey`] ([`Transaction::advisory_lock`]). The `testing`
//! feature adds `testing::concurrently`, which runs code n times at once to
//! prove it safe.
//!
//! ```no_run
//! use orm_postgres::{Db, Executor, LockMode};
//!
//! # async fn demo(db: &Db) -> orm_postgres::Result<()> {
//! # static TAG: orm_core::ModelMeta = orm_core::ModelMeta {
//! #     name: "Tag", table: "tag", columns: &[], primary_key: 0, many_to_many: &[], reverse: &[],
//! #     unique_together: &[], indexes: &[], checks: &[], ordering: &[], managed: true,
//! #     translations: None,
//! # };
//! let created = db
//!     .transaction(|tx| {
//!         Box::pin(async move {
//!             tx.lock_tables(&[&TAG], LockMode::ShareRowExclusive, false).await?;
//!             let rows = tx.query("SELECT count(*) FROM tag WHERE name = $1", &["rust".into()]).await?;
//!             if rows[0].get::<_, i64>(0) > 0 {
//!                 return Ok(false);
//!             }
//!             tx.execute("INSERT INTO tag (name) VALUES ($1)", &["rust".into()]).await?;
//!             Ok(true)
//!         })
//!     })
//!     .await?;
//! # let _ = created; Ok(()) }
//! ```
//!
//! # Errors
//!
//! Driver and pool errors are classified in one function by SQLSTATE code
//! into [`Error`], which answers `is_unique_violation`, `is_deadlock`,
//! `is_pool_timeout` and the other predicates.
//!
//! # Values and rows
//!
//! Parameters are [`Value`]s (`"Ann".into()`, `Value::array(ids)` for
//! `= ANY($1)`), sent as the SQL type the server inferred for each
//! placeholder; rows come back as [`PgRow`], which dereferences to
//! `tokio_postgres::Row` and is what the ORM decodes models from.
//!
//! # Features
//!
//! `chrono`, `time`, `uuid`, `rust_decimal` and `serde_json` enable those
//! column types, both in `orm-core` and in the driver's encoding; `testing`
//! adds the test harness.
//!
//! # Faults
//!
//! Every error meaning "this connection or the server is gone" answers
//! `is_connection` (SQLSTATE 57P01, 57P02, 57P03, class 08, a closed
//! connection, an I/O failure), and such a connection is never handed out
//! again. A connect that takes longer than the connect timeout is
//! `is_connect_timeout`; waiting for a busy pool is `is_pool_timeout`.
//! Dropping the future of a running statement cancels it on the server, and
//! its connection is reused only once idle. Each connection caches its most
//! recently used statements (100 by default) and prepares a statement again
//! when a schema change made it stale. `docs/reliability.md` has what each
//! fault does to a caller, measured.
//!
//! # Counting statements
//!
//! [`Db::statements_sent`] and [`Db::round_trips`] count what the pool sent,
//! so tests can assert exact numbers.

#![warn(missing_docs)]

mod advisory;
mod client;
mod connection;
mod database_error;
mod db;
mod error_class;
mod lock_mode;
mod retry;
mod row;
mod schema_check;
mod statement_cache;
mod stats;
mod table_lock;
#[cfg(feature = "testing")]
pub mod testing;
mod transaction;
mod translation_write;
mod value;

pub use advisory::AdvisoryKey;
pub use db::{Db, DbBuilder, PoolStatus};
pub use lock_mode::LockMode;
pub use orm_core::{Error, Executor, Result, Statement, Value};
/// Marks an `async fn name(db: Db)` as a test that runs on its own fresh
/// database; see the `testing` module (feature `testing`). Users of the
/// `orm` crate write it `#[orm::test]`.
pub use orm_derive::test;
pub use retry::{RetryPolicy, transaction_with_retry};
pub use row::PgRow;
pub use schema_check::CheckSchema;
pub use table_lock::with_table_lock;
/// The tokio-postgres driver, re-exported for its `Row` and `types`.
pub use tokio_postgres;
pub use transaction::{IsolationLevel, Transaction, TransactionOptions, TxFuture};
