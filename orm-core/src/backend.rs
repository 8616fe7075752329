//! The contract a database backend implements: reading rows
//! ([`Row`]) and reporting database errors with a class the core can ask
//! ([`DatabaseError`]). `orm-postgres` implements both for tokio-postgres;
//! the core names no driver.
//!
//! Not a stable API: it changes with the backends.

mod database_error;
mod row;
mod row_set;

pub use database_error::{DatabaseError, DatabaseErrorKind};
pub use row::Row;
pub(crate) use row_set::RowSet;

/// A boxed error from a backend or a conversion.
pub type BoxError = Box<dyn std::error::Error + Send + Sync + 'static>;
