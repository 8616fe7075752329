//! [`Row`]: typed, borrowing access to one result row.

use crate::backend::BoxError;
use crate::value::Value;

/// One row of a result, read by column position.
///
/// Each getter returns `Ok(None)` for NULL and an error when the column's
/// SQL type does not hold the requested Rust type (as the driver's own typed
/// access would). Text and bytes are borrowed from the row, so decoding a
/// model allocates only what its fields own. Feature-gated getters default
/// to an error, so a backend built without a feature still compiles.
///
/// Implemented by each backend for its row type; models decode through it.
pub trait Row {
    /// How many columns the row has.
    fn len(&self) -> usize;

    /// True when the row has no columns.
    fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// True when column `index` is NULL.
    ///
    /// # Errors
    /// There is no column `index`.
    fn is_null(&self, index: usize) -> Result<bool, BoxError>;

    /// A `boolean` column.
    ///
    /// # Errors
    /// No such column, or another SQL type.
    fn get_bool(&self, index: usize) -> Result<Option<bool>, BoxError>;

    /// A `"char"` column.
    ///
    /// # Errors
    /// No such column, or another SQL type.
    fn get_i8(&self, index: usize) -> Result<Option<i8>, BoxError>;

    /// A `smallint` column.
    ///
    /// # Errors
    /// No such column, or another SQL type.
    fn get_i16(&self, index: usize) -> Result<Option<i16>, BoxError>;

    /// An `integer` column.
    ///
    /// # Errors
    /// No such column, or another SQL type.
    fn get_i32(&self, index: usize) -> Result<Option<i32>, BoxError>;

    /// A `bigint` column.
    ///
    /// # Errors
    /// No such column, or another SQL type.
    fn get_i64(&self, index: usize) -> Result<Option<i64>, BoxError>;

    /// An `oid` column.
    ///
    /// # Errors
    /// No such column, or another SQL type.
    fn get_u32(&self, index: usize) -> Result<Option<u32>, BoxError>;

    /// A `real` column.
    ///
    /// # Errors
    /// No such column, or another SQL type.
    fn get_f32(&self, index: usize) -> Result<Option<f32>, BoxError>;

    /// A `double precision` column.
    ///
    /// # Errors
    /// No such column, or another SQL type.
    fn get_f64(&self, index: usize) -> Result<Option<f64>, BoxError>;

    /// A text column, borrowed.
    ///
    /// # Errors
    /// No such column, or another SQL type.
    fn get_str(&self, index: usize) -> Result<Option<&str>, BoxError>;

    /// A `bytea` column, borrowed.
    ///
    /// # Errors
    /// No such column, or another SQL type.
    fn get_bytes(&self, index: usize) -> Result<Option<&[u8]>, BoxError>;

    /// Any column as an owned [`Value`] of its SQL type's variant: the
    /// path of [`FromValue`](crate::FromValue) types of users.
    ///
    /// # Errors
    /// No such column, or a SQL type no variant holds.
    fn get_value(&self, index: usize) -> Result<Value, BoxError>;

    /// Calls `f` with the elements of the array in column `index`, as a row
    /// whose columns are the elements; returns false (without calling `f`)
    /// when the column is NULL.
    ///
    /// # Errors
    /// No such column, not an array, or the error `f` returns.
    fn with_array(
        &self,
        index: usize,
        f: &mut dyn FnMut(&dyn Row) -> Result<(), BoxError>,
    ) -> Result<bool, BoxError>;

    /// A `date` column (feature `chrono`).
    ///
    /// # Errors
    /// No such column, another SQL type, or the backend lacks the feature.
    #[cfg(feature = "chrono")]
    fn get_chrono_date(&self, index: usize) -> Result<Option<chrono::NaiveDate>, BoxError> {
        unsupported(self, index, "chrono")
    }

    /// A `time` column (feature `chrono`).
    ///
    /// # Errors
    /// No such column, another SQL type, or the backend lacks the feature.
    #[cfg(feature = "chrono")]
    fn get_chrono_time(&self, index: usize) -> Result<Option<chrono::NaiveTime>, BoxError> {
        unsupported(self, index, "chrono")
    }

    /// A `timestamp` column (feature `chrono`).
    ///
    /// # Errors
    /// No such column, another SQL type, or the backend lacks the feature.
    #[cfg(feature = "chrono")]
    fn get_chrono_datetime(&self, index: usize) -> Result<Option<chrono::NaiveDateTime>, BoxError> {
        unsupported(self, index, "chrono")
    }

    /// A `timestamptz` column (feature `chrono`).
    ///
    /// # Errors
    /// No such column, another SQL type, or the backend lacks the feature.
    #[cfg(feature = "chrono")]
    fn get_chrono_datetime_utc(
        &self,
        index: usize,
    ) -> Result<Option<chrono::DateTime<chrono::Utc>>, BoxError> {
        unsupported(self, index, "chrono")
    }

    /// A `date` column (feature `time`).
    ///
    /// # Errors
    /// No such column, another SQL type, or the backend lacks the feature.
    #[cfg(feature = "time")]
    fn get_time_date(&self, index: usize) -> Result<Option<time::Date>, BoxError> {
        unsupported(self, index, "time")
    }

    /// A `time` column (feature `time`).
    ///
    /// # Errors
    /// No such column, another SQL type, or the backend lacks the feature.
    #[cfg(feature = "time")]
    fn get_time_time(&self, index: usize) -> Result<Option<time::Time>, BoxError> {
        unsupported(self, index, "time")
    }

    /// A `timestamp` column (feature `time`).
    ///
    /// # Errors
    /// No such column, another SQL type, or the backend lacks the feature.
    #[cfg(feature = "time")]
    fn get_time_datetime(&self, index: usize) -> Result<Option<time::PrimitiveDateTime>, BoxError> {
        unsupported(self, index, "time")
    }

    /// A `timestamptz` column (feature `time`).
    ///
    /// # Errors
    /// No such column, another SQL type, or the backend lacks the feature.
    #[cfg(feature = "time")]
    fn get_time_offset_datetime(
        &self,
        index: usize,
    ) -> Result<Option<time::OffsetDateTime>, BoxError> {
        unsupported(self, index, "time")
    }

    /// A `uuid` column (feature `uuid`).
    ///
    /// # Errors
    /// No such column, another SQL type, or the backend lacks the feature.
    #[cfg(feature = "uuid")]
    fn get_uuid(&self, index: usize) -> Result<Option<uuid::Uuid>, BoxError> {
        unsupported(self, index, "uuid")
    }

    /// A `numeric` column (feature `rust_decimal`).
    ///
    /// # Errors
    /// No such column, another SQL type, or the backend lacks the feature.
    #[cfg(feature = "rust_decimal")]
    fn get_decimal(&self, index: usize) -> Result<Option<rust_decimal::Decimal>, BoxError> {
        unsupported(self, index, "rust_decimal")
    }

    /// A `jsonb` or `json` column as its JSON text, borrowed (feature
    /// `serde_json`).
    ///
    /// # Errors
    /// No such column, another SQL type, or the backend lacks the feature.
    #[cfg(feature = "serde_json")]
    fn get_json(&self, index: usize) -> Result<Option<&[u8]>, BoxError> {
        unsupported(self, index, "serde_json")
    }
}

#[cfg(any(
    feature = "chrono",
    feature = "time",
    feature = "uuid",
    feature = "rust_decimal",
    feature = "serde_json"
))]
fn unsupported<R: Row + ?Sized, T>(_: &R, index: usize, feature: &str) -> Result<T, BoxError> {
    Err(
        format!("column {index}: the database backend was built without its `{feature}` feature")
            .into(),
    )
}
