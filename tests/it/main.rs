//! The integration suite: every test runs on its own database of a real
//! PostgreSQL server (`DATABASE_URL`, or a throwaway cluster).

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, missing_docs)]

mod crud;
mod derive;
mod errors;
mod harness;
mod many_to_many;
mod models;
mod pool;
mod schema;
mod sql;
