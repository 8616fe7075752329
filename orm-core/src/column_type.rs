//! Which Rust types can be columns, and their SQL types.

use crate::backend::Row;
use crate::meta::ColumnMeta;
use crate::value::{FromValue, ToValue, Value};
use crate::{Error, Result};

/// A Rust type that can be stored in a column.
///
/// Implemented for integers, floats, `bool`, `String`, `Vec<u8>`, `Option` of
/// each, foreign keys, and (behind features) `chrono`, `time`, `uuid`,
/// `rust_decimal` and `serde_json` types and `Json<T>`. A type that only
/// implements [`ToValue`] and [`FromValue`] (`std::net::IpAddr`,
/// `std::time::SystemTime`, or a type of your own) can still be a column
/// when the field names its SQL type with `#[orm(db_type = "...")]`.
#[diagnostic::on_unimplemented(
    message = "`{Self}` cannot be stored in a column",
    label = "unsupported column type",
    note = "use a supported type, give the field `#[orm(db_type = \"...\")]` (the type must implement `orm_core::ToValue` and `orm_core::FromValue`), or mark it `#[orm(skip)]`; a `ManyToMany<T>` or `Reverse<T>` under another name needs `#[orm(many_to_many)]` or `#[orm(via = field)]`"
)]
pub trait ColumnType: ToValue + FromValue + Sync + Send + Sized {
    /// The SQL type used in DDL.
    const SQL_TYPE: &'static str;
    /// True for `Option<T>`: the column accepts NULL.
    const NULLABLE: bool = false;

    /// Checks a value before it is written (text length, NUL bytes).
    ///
    /// # Errors
    /// The value would be rejected by the column.
    fn validate(&self, column: &ColumnMeta) -> Result<()> {
        let _ = column;
        Ok(())
    }

    /// Decodes the value at `index` of `row` (used by the derive: going
    /// through this trait makes an unsupported field type fail once, with
    /// this trait's message).
    #[doc(hidden)]
    #[inline]
    fn __decode<R: Row + ?Sized>(row: &R, index: usize, column: &ColumnMeta) -> Result<Self> {
        crate::model::decode_column(row, index, column)
    }

    /// The value as a bound parameter (used by the derive).
    #[doc(hidden)]
    fn __param(&self) -> Value {
        self.to_value()
    }

    /// Decodes a column holding an array of this type (NULL is empty);
    /// used by the derive for aggregated (LATERAL) loading.
    #[doc(hidden)]
    fn __decode_array<R: Row + ?Sized>(
        row: &R,
        index: usize,
        column: &ColumnMeta,
    ) -> Result<Vec<Self>> {
        crate::model::decode_array(row, index, column)
    }
}

macro_rules! plain {
    ($($ty:ty => $sql:literal),* $(,)?) => {
        $(impl ColumnType for $ty {
            const SQL_TYPE: &'static str = $sql;
        })*
    };
}

plain! {
    i8 => "\"char\"",
    i16 => "smallint",
    i32 => "integer",
    i64 => "bigint",
    u32 => "oid",
    f32 => "real",
    f64 => "double precision",
    bool => "boolean",
    Vec<u8> => "bytea",
}

impl ColumnType for String {
    const SQL_TYPE: &'static str = "text";

    fn validate(&self, column: &ColumnMeta) -> Result<()> {
        validate_text(self, column)
    }
}

/// Rejects text PostgreSQL would reject (a NUL byte) or that is longer than
/// the column's `max_length`, naming the field.
pub(crate) fn validate_text(value: &str, column: &ColumnMeta) -> Result<()> {
    if value.contains('\0') {
        return Err(Error::invalid_input(format!(
            "`{}` contains a NUL byte, which PostgreSQL text cannot hold",
            column.field
        )));
    }
    if let Some(max) = column.max_length {
        let len = value.chars().count();
        if len > max as usize {
            return Err(Error::invalid_input(format!(
                "`{}` is {len} characters long, more than its max_length of {max}",
                column.field
            )));
        }
    }
    Ok(())
}

impl<T: ColumnType> ColumnType for Option<T> {
    const SQL_TYPE: &'static str = T::SQL_TYPE;
    const NULLABLE: bool = true;

    fn validate(&self, column: &ColumnMeta) -> Result<()> {
        match self {
            Some(v) => v.validate(column),
            None => Ok(()),
        }
    }
}

/// Integer types usable as an `auto` (identity) primary key; `0` marks an
/// object that was not saved yet.
#[diagnostic::on_unimplemented(
    message = "`#[orm(auto)]` needs an integer field, not `{Self}`",
    label = "not an integer",
    note = "an identity column is a plain `i16`, `i32` or `i64` (never an `Option`: an unsaved object has key 0); for a key the application chooses, remove `auto`"
)]
pub trait AutoKey: ColumnType {
    /// True when the value is the "not saved yet" marker.
    fn is_unset(&self) -> bool;
}

macro_rules! auto_key {
    ($($ty:ty),*) => {
        $(impl AutoKey for $ty {
            fn is_unset(&self) -> bool {
                *self == 0
            }
        })*
    };
}
auto_key!(i16, i32, i64);

#[cfg(feature = "chrono")]
plain! {
    chrono::NaiveDate => "date",
    chrono::NaiveTime => "time",
    chrono::NaiveDateTime => "timestamp",
    chrono::DateTime<chrono::Utc> => "timestamptz",
}

#[cfg(feature = "time")]
plain! {
    time::Date => "date",
    time::Time => "time",
    time::PrimitiveDateTime => "timestamp",
    time::OffsetDateTime => "timestamptz",
}

#[cfg(feature = "uuid")]
plain! { uuid::Uuid => "uuid" }

#[cfg(feature = "rust_decimal")]
plain! { rust_decimal::Decimal => "numeric" }

#[cfg(feature = "serde_json")]
plain! { serde_json::Value => "jsonb" }
