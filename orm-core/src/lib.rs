//! The core of the ORM: model metadata, query building and SQL rendering,
//! row decoding and the [`Executor`] trait. It does no I/O; the
//! `orm-postgres` crate executes what this crate builds.
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
mod meta;
mod model;
mod query;
mod schema;
#[cfg(test)]
mod test_models;

pub use column_type::{AutoKey, ColumnType};
pub use crud::MAX_PARAMS;
pub use error::{Error, Result};
pub use executor::{Executor, Param, Statement};
pub use handle::{Column, ForeignKeyField, MAX_HOPS, ManyToManyField};
pub use ident::{push_ident, quote_ident};
#[cfg(feature = "serde_json")]
pub use json::Json;
pub use meta::{
    CheckMeta, ColumnMeta, ForeignKeyMeta, Junction, JunctionMeta, ManyToManyMeta, ModelMeta,
    OnDelete, OrderingMeta, TranslationsMeta,
};
pub use model::{ForeignKey, ManyToMany, Model};
#[cfg(feature = "derive")]
#[doc = include_str!("derive_model.md")]
pub use orm_derive::Model;
pub use query::{
    Assignment, Bindable, Filter, LockWait, OrderTerm, Query, RowLock, SqlText, Value, escape_like,
};
pub use schema::{ReverseRelation, ReverseVia, Schema};

/// The names most programs need: `use orm_core::prelude::*;`.
pub mod prelude {
    pub use crate::{
        Column, Error, Executor, Filter, ForeignKey, ForeignKeyField, ManyToMany, ManyToManyField,
        Model, Query, Result, Schema,
    };
}
/// Items the derive macro's generated code names. Not a stable API.
#[doc(hidden)]
pub mod __private {
    pub use crate::error::DbErrorClass;
    pub use crate::model::{decode_column, sql_param};
    pub use tokio_postgres::Row;
}
