//! The core of the ORM: model metadata, query building and SQL rendering,
//! row decoding and the [`Executor`] trait. It does no I/O; the
//! `orm-postgres` crate executes what this crate builds.
//!
//! [`Join`] opens the lower level: explicit INNER or LEFT joins to any model
//! or table, with extra ON conditions, and extra columns selected into a
//! typed tuple next to each object ([`Query::select_extra`]).
//!
//! [`Schema`] registers the models together, verifies the rules that span
//! them, renders their DDL and creates or drops the tables through an
//! [`Executor`].
//!
//! ```
//! assert_eq!(orm_core::quote_ident("user"), "\"user\"");
//! ```

#![warn(missing_docs)]

mod column_type;
mod crud;
mod ddl;
mod error;
mod executor;
mod handle;
mod ident;
#[cfg(feature = "serde_json")]
mod json;
mod many_to_many;
mod meta;
mod model;
mod query;
mod relation;
mod schema;
#[cfg(test)]
mod test_models;
mod translation;

pub use column_type::{AutoKey, ColumnType};
pub use crud::MAX_PARAMS;
pub use error::{Error, Result};
pub use executor::{Executor, Param, Statement};
pub use handle::{Column, ForeignKeyField, MAX_HOPS, ManyToManyField, ReverseField};
pub use ident::{push_ident, quote_ident};
#[cfg(feature = "serde_json")]
pub use json::Json;
pub use many_to_many::Targets;
pub use meta::{
    CheckMeta, ColumnMeta, ForeignKeyMeta, Junction, JunctionMeta, ManyToManyMeta, ModelMeta,
    OnDelete, OrderingMeta, ReverseMeta, TranslationsMeta,
};
pub use model::{ForeignKey, ManyToMany, Model, Reverse};
#[cfg(feature = "derive")]
#[doc = include_str!("derive_model.md")]
pub use orm_derive::Model;
pub use query::{
    Assignment, Bindable, ColumnRef, ExtraColumn, ExtraQuery, Filter, Inner, Join, JoinColumn,
    JoinKind, JoinOn, Left, LockWait, OrderTerm, Query, RowLock, SelectExtra, SqlText, Table,
    Value, escape_like,
};
pub use relation::{Prefetch, Strategy};
pub use schema::{ReverseRelation, ReverseVia, Schema};
pub use translation::{Fallback, Languages, translations_for};

/// The names most programs need: `use orm_core::prelude::*;`.
pub mod prelude {
    pub use crate::{
        Column, Error, Executor, ExtraQuery, Filter, ForeignKey, ForeignKeyField, Join, ManyToMany,
        ManyToManyField, Model, Prefetch, Query, Result, Reverse, ReverseField, Schema, Strategy,
    };
}
/// Items the derive macro's generated code names. Not a stable API.
#[doc(hidden)]
pub mod __private {
    pub use crate::error::DbErrorClass;
    pub use crate::model::{
        Ignored, SetLoaded, TranslationSlot, array_len, decode_array, decode_column, is_present,
        next_item, ragged_arrays, sql_param,
    };
    pub use tokio_postgres::Row;
}
