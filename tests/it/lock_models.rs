//! Hand-written one-column models for the lock tests (the derive is not
//! used here, so these tests depend only on the `Model` trait).

use orm_core::__private::{Row, decode_column};
use orm_core::{ColumnMeta, Model, ModelMeta, Param, Result};

const ID: ColumnMeta = ColumnMeta {
    field: "id",
    column: "id",
    sql_type: "bigint",
    nullable: false,
    primary_key: true,
    auto: false,
    unique: false,
    indexed: false,
    default: None,
    max_length: None,
    read_only: false,
    foreign_key: None,
};

const fn meta(name: &'static str, table: &'static str) -> ModelMeta {
    ModelMeta {
        name,
        table,
        columns: &[ID],
        primary_key: 0,
        many_to_many: &[],
        unique_together: &[],
        indexes: &[],
        checks: &[],
        ordering: &[],
        managed: true,
        translations: None,
    }
}

/// `model!(Name, "table")`: a model whose table has one `bigint` key `id`.
macro_rules! model {
    ($name:ident, $table:literal) => {
        #[derive(Debug, Clone, PartialEq)]
        pub struct $name {
            pub id: i64,
        }

        impl Model for $name {
            const META: &'static ModelMeta = &meta(stringify!($name), $table);
            type Key = i64;

            fn key(&self) -> &i64 {
                &self.id
            }

            fn has_key(&self) -> bool {
                true
            }

            fn decode(row: &Row, start: usize) -> Result<Self> {
                Ok($name {
                    id: decode_column(row, start, &ID)?,
                })
            }

            fn assign(&mut self, row: &Row, start: usize) -> Result<()> {
                self.id = decode_column(row, start, &ID)?;
                Ok(())
            }

            fn values(&self) -> Vec<Param<'_>> {
                vec![&self.id]
            }

            fn validate(&self) -> Result<()> {
                Ok(())
            }

            fn __set_many(&mut self, _: usize, _: Box<dyn std::any::Any + Send>) -> bool {
                false
            }
        }
    };
}

model!(Target, "lock_target");
model!(Other, "lock_other");
model!(Tag, "tag");

/// `CREATE TABLE` for a model of this file.
pub fn create_sql<M: Model>() -> String {
    format!(
        "CREATE TABLE {} (id bigint PRIMARY KEY)",
        orm_core::quote_ident(M::META.table)
    )
}
