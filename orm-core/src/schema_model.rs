//! The schema model: a database schema as plain data (tables, columns with
//! logical types, keys, constraints, indexes, junction tables).
//!
//! One model serves every schema feature: it is built from the models of a
//! [`Schema`](crate::Schema) ([`Schema::model`](crate::Schema::model)) or
//! read from a live database (`orm_postgres::introspect`); the DDL of
//! `create_all` is written from it, two of them are compared by
//! [`SchemaModel::diff`] into [`Operation`]s, and `inspect` and the ER
//! diagrams are drawn from it.
//!
//! ```
//! use orm_core::prelude::*;
//! use orm_core::schema_model::{DataType, Operation};
//!
//! #[derive(Model)]
//! #[orm(table = "crm_phone")]
//! struct Phone {
//!     #[orm(primary_key, auto)]
//!     id: i64,
//!     #[orm(max_length = 32)]
//!     number: String,
//! }
//!
//! let model = Schema::new([Phone::META])?.model();
//! let table = model.table("crm_phone").unwrap();
//! assert_eq!(table.column("number").unwrap().data_type, DataType::Varchar(Some(32)));
//!
//! // Against an empty database, the diff creates the table.
//! let ops = orm_core::schema_model::SchemaModel::default().diff(&model);
//! assert!(matches!(&ops[0], Operation::CreateTable(t) if t.name == "crm_phone"));
//! # Ok::<(), orm_core::Error>(())
//! ```

mod data_type;
mod diagram;
mod diff;
mod from_meta;
mod operation;
pub(crate) mod order;
mod table;
#[cfg(test)]
mod tests;

pub use data_type::{DataType, TypeChange};
pub use diff::DiffOptions;
pub use operation::{Hazard, Operation};
pub use table::{
    CheckDef, ColumnDef, ForeignKeyDef, Identity, IndexDef, JunctionDef, KeyDef, TableDef,
};

use crate::meta::ModelMeta;

/// A database schema as data: a set of tables.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct SchemaModel {
    /// The tables. Their order carries no meaning beyond readability: the
    /// DDL writer orders creation by foreign keys.
    pub tables: Vec<TableDef>,
}

impl SchemaModel {
    /// A model holding `tables`.
    pub fn new(tables: Vec<TableDef>) -> SchemaModel {
        SchemaModel { tables }
    }

    /// The schema a set of models needs (unverified: prefer
    /// [`Schema::model`](crate::Schema::model)).
    pub fn from_models(models: &[&'static ModelMeta]) -> SchemaModel {
        from_meta::build(models)
    }

    /// The table named `name`.
    pub fn table(&self, name: &str) -> Option<&TableDef> {
        self.tables.iter().find(|t| t.name == name)
    }

    /// The statements creating every managed table (if it does not exist),
    /// its constraints and indexes, in foreign key order; running them
    /// twice is harmless.
    pub fn create_statements(&self) -> Vec<String> {
        crate::ddl::create_statements(self)
    }

    /// The statements dropping every managed table (if it exists, with
    /// `CASCADE`), in the reverse of the creation order.
    pub fn drop_statements(&self) -> Vec<String> {
        crate::ddl::drop_statements(self)
    }
}
