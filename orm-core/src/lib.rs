//! The core of the ORM: model metadata, query building and SQL rendering,
//! row decoding and the [`Executor`] trait. It does no I/O; the
//! `orm-postgres` crate executes what this crate builds.
//!
//! ```
//! use orm_core::prelude::*;
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
//! let query = Contact::objects()
//!     .filter(Contact::NAME.starts_with("A") & !Contact::ID.is_in([1, 2]))
//!     .prefetch(Contact::PHONES)
//!     .limit(50);
//! let sql = query.to_sql()?;
//! assert_eq!(
//!     sql.sql,
//!     "SELECT \"crm_contact\".\"id\", \"crm_contact\".\"name\" FROM \"crm_contact\" \
//!      WHERE \"crm_contact\".\"name\" LIKE $1 AND NOT (\"crm_contact\".\"id\" = ANY($2)) \
//!      ORDER BY \"crm_contact\".\"name\" LIMIT $3"
//! );
//! assert_eq!(sql.params.len(), 3); // values are always parameters
//! let schema = Schema::new([Contact::META, Phone::META])?; // verified together
//! assert!(schema.sql().contains("CREATE TABLE IF NOT EXISTS \"crm_contact_phones\""));
//! # Ok::<(), orm_core::Error>(())
//! ```
//!
//! Run queries with `orm_postgres::Db` (or a transaction): `query.all(&db)`.
//! The guide in `docs/` covers models, queries, relation loading,
//! translations, transactions and locks.
//!
//! # Layout
//!
//! - Models: [`Model`] (derive it), [`ModelMeta`] and friends (the metadata
//!   the derive emits), [`ForeignKey`], [`ManyToMany`], [`Reverse`].
//! - Queries: [`Query`], [`Filter`], [`Column`] lookups, [`Prefetch`] and
//!   [`Strategy`], translated queries ([`Fallback`]).
//! - Schema: [`Schema`] verifies models together and renders their DDL.
//! - Values: [`Value`], the driver-neutral bound value, with [`ToValue`]
//!   and [`FromValue`].
//! - Errors: one opaque [`Error`] with predicates.
//! - Backends: [`backend`] is what a database backend implements
//!   ([`Executor`], rows, classified database errors).

#![warn(missing_docs)]

// Lets code inside this crate (unit tests, shared fixtures) name it the way
// users and the derive's output do.
#[cfg(test)]
extern crate self as orm_core;

pub mod backend;
mod backend_statements;
mod column_type;
mod crud;
mod ddl;
mod error;
mod executor;
mod field_kind;
mod handle;
mod ident;
mod ir;
#[cfg(feature = "serde_json")]
mod json;
mod many_to_many;
mod meta;
mod model;
mod query;
mod relation;
#[cfg(feature = "serde")]
mod relation_serde;
mod render;
mod schema;
pub mod schema_model;
#[cfg(test)]
mod test_models;
mod translation;
mod upsert;
mod value;

pub use backend::BoxError;
pub use column_type::{AutoKey, ColumnType};
pub use error::{Error, Result};
pub use executor::{Executor, Statement};
// Named in the derive's error messages ("required for `T` to implement
// `orm_core::DbTypeValue`"), so reachable outside `__private`.
#[doc(hidden)]
pub use field_kind::{
    Collection, DbTypeValue, KeyCheck, ModelNames, SameKey, Select, check_foreign_key, check_key,
    model_meta,
};
pub use handle::{Column, ForeignKeyField, MAX_HOPS, ManyToManyField, ReverseField};
// Quoting for code outside this crate that names tables in messages or
// searches rendered SQL; everything this crate sends is written by the one
// writer (`render::postgres`).
#[doc(hidden)]
pub use ident::{push_ident, quote_ident};
#[cfg(feature = "serde_json")]
pub use json::Json;
pub use many_to_many::Targets;
pub use meta::{
    CheckMeta, ColumnMeta, DefaultOn, ForeignKeyMeta, Junction, JunctionMeta, ManyToManyMeta,
    ModelMeta, OnDelete, OrderingMeta, ReverseMeta, TranslationsMeta,
};
pub use model::{ForeignKey, ManyToMany, Model, Reverse};
#[cfg(feature = "derive")]
#[doc = include_str!("derive_model.md")]
pub use orm_derive::Model;
pub use query::{
    Aggregatable, Aggregate, Columns, Optional, Page, Selectable, Summable, ValuesQuery, tree_depth,
};
pub use query::{
    Assignment, Bindable, ByColumn, ByValue, ColumnExpr, ColumnRef, ExtraColumn, ExtraQuery,
    Filter, Inner, IntoOperand, Join, JoinColumn, JoinKind, JoinOn, Left, LockWait, Lookup,
    Numeric, Operand, OrderTerm, Query, RowLock, SelectExtra, SqlText, Subquery, Table, TextValue,
    escape_like,
};
pub use relation::{Prefetch, Strategy};
pub use schema::{ReverseRelation, ReverseVia, Schema};
pub use translation::{Fallback, Languages, translations_for};
pub use upsert::OnConflict;
pub use value::{FromValue, ToValue, Value};

/// The names most programs need: `use orm_core::prelude::*;`.
pub mod prelude {
    pub use crate::{
        Column, Error, Executor, ExtraQuery, Fallback, Filter, ForeignKey, ForeignKeyField, Join,
        Lookup, ManyToMany, ManyToManyField, Model, OnConflict, Prefetch, Query, Result, Reverse,
        ReverseField, Schema, Strategy,
    };
}
/// Items the derive macro's generated code names (it reaches them as
/// `<crate>::__private::Item`, see `#[orm(crate = "...")]`). Not a stable API.
#[doc(hidden)]
pub mod __private {
    pub use crate::backend::Row;
    pub use crate::field_kind::{
        Collection, ColumnHandle, ColumnSlot, DbTypeValue, FieldKind, FieldKindDefault,
        ForeignKeyType, KeyCheck, ModelNames, Select, TextType, check_foreign_key, check_key,
        model_meta,
    };
    pub use crate::model::{
        SetLoaded, TranslationSlot, array_len, decode_array, decode_column, is_present, next_item,
        ragged_arrays, sql_param,
    };
    pub use crate::{
        AutoKey, CheckMeta, Column, ColumnMeta, ColumnType, DefaultOn, Error, ForeignKeyField,
        ForeignKeyMeta, JunctionMeta, ManyToMany, ManyToManyField, ManyToManyMeta, Model,
        ModelMeta, OnDelete, OrderingMeta, Result, ReverseField, ReverseMeta, TranslationsMeta,
        Value,
    };
    /// Statements a backend runs for its own operations, written by the
    /// one SQL writer.
    pub mod sql {
        pub use crate::backend_statements::*;
    }
}
