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
//! db.execute("INSERT INTO note (body) VALUES ($1)", &[&"hello"]).await?;
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
//! Everything that runs SQL takes `&impl Executor`; [`Db`] implements it,
//! so the same call works on a pool and, later, inside a transaction.
//!
//! # Errors
//!
//! Driver and pool errors are classified in one function by SQLSTATE code
//! into [`Error`], which answers `is_unique_violation`, `is_deadlock`,
//! `is_pool_timeout` and the other predicates.
//!
//! # Counting statements
//!
//! [`Db::statements_sent`] and [`Db::round_trips`] count what the pool sent,
//! so tests can assert exact numbers.

#![warn(missing_docs)]

mod advisory;
mod client;
mod db;
mod error_class;
mod lock_mode;
mod retry;
mod stats;
mod table_lock;
#[cfg(feature = "testing")]
pub mod testing;
mod transaction;

pub use advisory::AdvisoryKey;
pub use db::{Db, DbBuilder, PoolStatus};
pub use lock_mode::LockMode;
pub use orm_core::{Error, Executor, Param, Result, Statement};
/// Marks an `async fn name(db: Db)` as a test that runs on its own fresh
/// database; see [`testing`] (feature `testing`).
pub use orm_derive::test;
pub use retry::{RetryPolicy, transaction_with_retry};
pub use table_lock::with_table_lock;
/// The tokio-postgres driver, re-exported for its `Row` and `types`.
pub use tokio_postgres;
pub use transaction::{IsolationLevel, Transaction, TransactionOptions, TxFuture};
