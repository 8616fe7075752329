//! The integration suite: every test runs on its own database of a real
//! PostgreSQL server (`DATABASE_URL`, or a throwaway cluster).

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, missing_docs)]

mod aggregates;
mod cli;
mod column_types;
mod concurrency;
mod crud;
mod derive;
mod errors;
mod explicit_join;
mod faults;
mod field_kind;
mod harness;
mod inspect;
#[rustfmt::skip]
mod inspect_cdr_models;
mod introspect;
mod lock_models;
mod locks;
mod many_to_many;
mod migrate;
mod models;
mod pool;
mod prefetch;
mod production;
mod publishing;
#[path = "../../examples/models/publishing.rs"]
mod publishing_models;
mod random_schema;
mod row_locks;
mod schema;
mod schema_check;
mod second_pool;
mod serde_fields;
mod sql;
mod test_helpers;
mod transactions;
mod translations;
mod trees;
mod upsert;
