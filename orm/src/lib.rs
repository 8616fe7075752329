//! A derive-macro ORM for PostgreSQL: annotate plain structs with
//! `#[derive(Model)]` and get table metadata, a typed query API whose values
//! are always bound parameters, loading of related rows without N+1
//! queries, translation lookups, transactions and lock helpers.
//!
//! This crate is the one to depend on; it re-exports the pieces below it
//! (`orm-core`, `orm-postgres`, `orm-derive`) in one shape.
//!
//! ```
//! use orm::prelude::*;
//!
//! #[derive(Model, Debug, Clone)]
//! #[orm(table = "crm_phone")]
//! pub struct Phone {
//!     #[orm(primary_key, auto)]
//!     pub id: i64,
//!     #[orm(max_length = 32, unique)]
//!     pub number: String,
//! }
//!
//! #[derive(Model, Debug, Clone)]
//! #[orm(table = "crm_contact", ordering(name))]
//! pub struct Contact {
//!     #[orm(primary_key, auto)]
//!     pub id: i64,
//!     #[orm(max_length = 255)]
//!     pub name: String,
//!     pub phones: ManyToMany<Phone>,
//! }
//!
//! // The models are checked together once; `create_all(&db)` runs the DDL.
//! let schema = Schema::new([Contact::META, Phone::META])?;
//! assert!(schema.sql().contains("CREATE TABLE IF NOT EXISTS \"crm_contact_phones\""));
//!
//! // A query is a value: typed column handles, values always bound.
//! let query = Contact::objects()
//!     .filter(Contact::NAME.starts_with("A") & !Contact::ID.is_in([1, 2]))
//!     .prefetch(Contact::PHONES)
//!     .limit(50);
//! assert_eq!(query.to_sql()?.params.len(), 3);
//! # Ok::<(), orm::Error>(())
//! ```
//!
//! Running it takes a [`Db`] (a pool) or a [`Transaction`]; everything that
//! runs SQL accepts either:
//!
//! ```no_run
//! # use orm::prelude::*;
//! # #[derive(Model, Debug, Clone)]
//! # #[orm(table = "crm_contact")]
//! # pub struct Contact { #[orm(primary_key, auto)] pub id: i64, pub name: String }
//! # async fn demo() -> orm::Result<()> {
//! let db = Db::connect("postgres://postgres@localhost/app").await?;
//! Schema::new([Contact::META])?.create_all(&db).await?;
//! let mut ann = Contact { id: 0, name: "Ann".into() };
//! ann.insert(&db).await?;
//! let found = Contact::objects().filter(Contact::NAME.eq("Ann")).all(&db).await?;
//! assert_eq!(found.len(), 1);
//! # Ok(()) }
//! ```
//!
//! # Layout
//!
//! - [`prelude`]: the names most programs need, `use orm::prelude::*;`.
//! - [`Model`]: the trait and its derive, with every `#[orm(...)]` attribute
//!   documented; [`ForeignKey`], [`ManyToMany`], [`Reverse`] fields.
//! - [`query`]: [`Query`] and what builds it (filters, column handles,
//!   joins, ordering, row locks, translated queries).
//! - [`relation`]: relation fields, their handles and relation loading
//!   ([`relation::Prefetch`], [`relation::Strategy`]).
//! - [`schema`]: [`Schema`] (verify models together, render and run their
//!   DDL) and the metadata the derive emits.
//! - [`postgres`] (feature `postgres`): the pool, transactions, locks, retries.
//! - `testing` (feature `testing`): a real PostgreSQL per test with
//!   `#[orm::test]`, and `concurrently` to prove code safe under races.
//! - [`Error`]: one opaque error with predicates (`is_not_found`,
//!   `is_unique_violation`, `is_deadlock`, ...).
//!
//! # Features
//!
//! | feature | default | what it adds |
//! | --- | --- | --- |
//! | `postgres` | yes | the PostgreSQL backend ([`postgres`], [`Db`], [`Transaction`]) |
//! | `derive` | yes | `#[derive(Model)]` |
//! | `chrono`, `time`, `uuid`, `rust_decimal`, `serde_json` | no | columns of those crates' types (`serde_json` adds `Json`) |
//! | `testing` | no | the `testing` module and `#[orm::test]` |
//!
//! # Re-exporting
//!
//! The derive's output reaches this crate through one path, found in your
//! `Cargo.toml` (a renamed dependency works). A crate that re-exports `orm`
//! to its own users points the derive at it with
//! `#[orm(crate = "my_crate::orm")]`.
//!
//! The guide in `docs/` covers models, queries, joins, relation loading,
//! translations, transactions and locks, the schema and testing; its
//! examples are compiled as this crate's doctests.

#![warn(missing_docs)]

#[cfg(feature = "serde_json")]
pub use orm_core::Json;
pub use orm_core::{
    Error, Executor, ForeignKey, ManyToMany, Model, Query, Result, Reverse, Schema, Value,
};
/// Runs an `async fn name(db: Db)` as a test on its own fresh database
/// (feature `testing`); see [`testing`].
///
/// ```no_run
/// use orm::prelude::*;
///
/// #[orm::test]
/// async fn counts_rows(db: Db) -> orm::Result<()> {
///     db.batch_execute("CREATE TABLE t (x int); INSERT INTO t VALUES (1)").await?;
///     let rows = db.query("SELECT count(*) FROM t", &[]).await?;
///     assert_eq!(rows[0].get::<_, i64>(0), 1);
///     Ok(())
/// }
/// ```
#[cfg(feature = "testing")]
pub use orm_postgres::test;
#[cfg(feature = "postgres")]
pub use orm_postgres::{Db, Transaction};

/// The names most programs need: `use orm::prelude::*;`.
pub mod prelude {
    pub use orm_core::prelude::*;
    #[cfg(feature = "postgres")]
    pub use orm_postgres::{Db, LockMode, Transaction};
}

/// Building queries: [`Query`] and its filters, column handles and lookups,
/// joins, ordering, row locks, bulk updates and translated queries.
pub mod query {
    pub use orm_core::{
        Aggregatable, Aggregate, Assignment, Column, ColumnExpr, ColumnRef, Columns, ExtraColumn,
        ExtraQuery, Fallback, Filter, ForeignKeyField, Inner, IntoOperand, Join, JoinColumn,
        JoinKind, JoinOn, Languages, Left, LockWait, Numeric, OnConflict, Optional, OrderTerm,
        Page, Query, RowLock, SelectExtra, Selectable, SqlText, Subquery, Summable, Table, Value,
        ValuesQuery, tree_depth,
    };
}

/// Relations: the field types, their typed handles, many-to-many targets
/// and relation loading strategies.
pub mod relation {
    pub use orm_core::{
        ForeignKey, ForeignKeyField, ManyToMany, ManyToManyField, Prefetch, Reverse, ReverseField,
        Strategy, Targets,
    };
}

/// The schema: [`Schema`] verifies models together and renders (and, with a
/// backend, runs) their DDL; the metadata types are what `#[derive(Model)]`
/// emits and what `Model::META` holds.
pub mod schema {
    pub use orm_core::{
        AutoKey, CheckMeta, ColumnMeta, ColumnType, DefaultOn, ForeignKeyMeta, FromValue, Junction,
        JunctionMeta, ManyToManyMeta, ModelMeta, OnDelete, OrderingMeta, ReverseMeta,
        ReverseRelation, ReverseVia, Schema, ToValue, TranslationsMeta,
    };
}

/// The PostgreSQL backend (feature `postgres`): the pool ([`Db`]),
/// transactions, table and advisory locks, retries, and the driver.
#[cfg(feature = "postgres")]
pub mod postgres {
    pub use orm_core::{Executor, Statement, Value};
    /// The rustls crate `orm` is built with (feature `tls`).
    #[cfg(feature = "tls")]
    pub use orm_postgres::rustls;
    pub use orm_postgres::{
        AdvisoryKey, CausalToken, CheckSchema, Db, DbBuilder, IsolationLevel, LockMode, PgRow,
        PoolStatus, RetryPolicy, SslMode, StatementMode, Transaction, TransactionOptions, TxFuture,
        tokio_postgres, transaction_with_retry, with_table_lock,
    };
    pub use orm_postgres::{Drift, InspectOptions, drift, introspect, models_source};
}

/// Test harness (feature `testing`): a real PostgreSQL for every test, with
/// no set-up, and `concurrently` to run code n times at once.
///
/// Mark tests with [`#[orm::test]`](macro@crate::test).
#[cfg(feature = "testing")]
pub mod testing {
    pub use orm_postgres::testing::*;
}

/// The schema as data: tables, columns with logical types, constraints,
/// indexes; diffs into operations, ER diagrams. See `docs/migrations.md`.
pub use orm_core::schema_model;

/// Migrations (feature `postgres`): plain SQL files, `make_migrations`,
/// `migrate` under an advisory lock; with [`postgres::introspect`],
/// [`postgres::drift`] and [`postgres::models_source`] (inspect).
#[cfg(feature = "postgres")]
pub use orm_postgres::migrate;

/// The manage-style command line (feature `cli`):
/// `orm::cli::run(&[Contact::META, ...])` in the application's own binary.
#[cfg(feature = "cli")]
pub use orm_postgres::cli;

/// Items the derive macro's generated code names. Not a stable API.
#[doc(hidden)]
pub mod __private {
    pub use orm_core::__private::*;
}

/// The guide (`docs/*.md`) and the README, compiled as doctests so they
/// cannot rot. Blocks that need a server are `no_run`; the pages that use
/// the test harness need the `testing` feature (on in `cargo test
/// --workspace`, where the integration suite asks for it).
#[cfg(doctest)]
mod guide {
    #[doc = include_str!("../../README.md")]
    mod readme {}
    #[doc = include_str!("../../docs/models.md")]
    mod models {}
    #[doc = include_str!("../../docs/schema.md")]
    mod schema {}
    #[doc = include_str!("../../docs/migrations.md")]
    mod migrations {}
    #[doc = include_str!("../../docs/queries.md")]
    mod queries {}
    #[doc = include_str!("../../docs/reading.md")]
    mod reading {}
    #[doc = include_str!("../../docs/relations.md")]
    mod relations {}
    #[doc = include_str!("../../docs/joins.md")]
    mod joins {}
    #[doc = include_str!("../../docs/expressions.md")]
    mod expressions {}
    #[doc = include_str!("../../docs/translations.md")]
    mod translations {}
    #[cfg_attr(feature = "testing", doc = include_str!("../../docs/locking.md"))]
    mod locking {}
    #[doc = include_str!("../../docs/connecting.md")]
    mod connecting {}
    #[cfg_attr(feature = "testing", doc = include_str!("../../docs/testing.md"))]
    mod testing {}
    #[doc = include_str!("../../docs/production.md")]
    mod production {}
    #[doc = include_str!("../../docs/scaling.md")]
    mod scaling {}
}
