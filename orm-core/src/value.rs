//! [`Value`]: a bound parameter or a decoded column, owned and independent
//! of any database driver; [`ToValue`] and [`FromValue`] convert to and from
//! it.

use std::net::IpAddr;
use std::time::SystemTime;

use crate::backend::{BoxError, Row};

/// A value bound to a placeholder (`$1`, `$2`, ...), owned and independent
/// of the database driver: every value a query carries travels as one of
/// these, never as SQL text.
///
/// The backend sends each variant as the SQL type the server expects for its
/// placeholder, as the matching Rust type would be sent; a mismatch (say a
/// [`Value::I64`] for an `integer` column) is an error from the backend.
/// [`Value::Null`] fits any type.
///
/// ```
/// use orm_core::Value;
///
/// assert_eq!(Value::from(7i64), Value::I64(7));
/// assert_eq!(Value::from(None::<String>), Value::Null);
/// assert_eq!(Value::array([1i32, 2]), Value::Array(vec![Value::I32(1), Value::I32(2)]));
/// ```
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum Value {
    /// SQL `NULL`, of whatever type the placeholder has.
    Null,
    /// `boolean`.
    Bool(bool),
    /// `"char"` (PostgreSQL's one-byte integer).
    I8(i8),
    /// `smallint`.
    I16(i16),
    /// `integer`.
    I32(i32),
    /// `bigint`.
    I64(i64),
    /// `oid`.
    U32(u32),
    /// `real`.
    F32(f32),
    /// `double precision`.
    F64(f64),
    /// `text`, `varchar` and other text types.
    Text(String),
    /// `bytea`.
    Bytes(Vec<u8>),
    /// An array of the placeholder's element type (`= ANY($1)` and
    /// `unnest($1)` bind one array for many values).
    Array(Vec<Value>),
    /// `inet`.
    IpAddr(IpAddr),
    /// `timestamptz` or `timestamp` (read as UTC).
    SystemTime(SystemTime),
    /// `date` (feature `chrono`).
    #[cfg(feature = "chrono")]
    ChronoDate(chrono::NaiveDate),
    /// `time` (feature `chrono`).
    #[cfg(feature = "chrono")]
    ChronoTime(chrono::NaiveTime),
    /// `timestamp` (feature `chrono`).
    #[cfg(feature = "chrono")]
    ChronoDateTime(chrono::NaiveDateTime),
    /// `timestamptz` (feature `chrono`).
    #[cfg(feature = "chrono")]
    ChronoDateTimeUtc(chrono::DateTime<chrono::Utc>),
    /// `date` (feature `time`).
    #[cfg(feature = "time")]
    TimeDate(time::Date),
    /// `time` (feature `time`).
    #[cfg(feature = "time")]
    TimeTime(time::Time),
    /// `timestamp` (feature `time`).
    #[cfg(feature = "time")]
    TimeDateTime(time::PrimitiveDateTime),
    /// `timestamptz` (feature `time`).
    #[cfg(feature = "time")]
    TimeOffsetDateTime(time::OffsetDateTime),
    /// `uuid` (feature `uuid`).
    #[cfg(feature = "uuid")]
    Uuid(uuid::Uuid),
    /// `numeric` (feature `rust_decimal`).
    #[cfg(feature = "rust_decimal")]
    Decimal(rust_decimal::Decimal),
    /// `jsonb` or `json` (feature `serde_json`).
    #[cfg(feature = "serde_json")]
    Json(Box<serde_json::Value>),
}

impl Value {
    /// An array of `items`, bound as one parameter (`= ANY($1)`).
    pub fn array<T: ToValue>(items: impl IntoIterator<Item = T>) -> Value {
        Value::Array(items.into_iter().map(ToValue::into_value).collect())
    }

    /// True for [`Value::Null`].
    pub fn is_null(&self) -> bool {
        matches!(self, Value::Null)
    }

    /// The variant's name, for error messages.
    pub(crate) fn kind_name(&self) -> &'static str {
        match self {
            Value::Null => "NULL",
            Value::Bool(_) => "a boolean",
            Value::I8(_) | Value::I16(_) | Value::I32(_) | Value::I64(_) | Value::U32(_) => {
                "an integer"
            }
            Value::F32(_) | Value::F64(_) => "a float",
            Value::Text(_) => "text",
            Value::Bytes(_) => "bytes",
            Value::Array(_) => "an array",
            Value::IpAddr(_) => "an IP address",
            Value::SystemTime(_) => "a timestamp",
            #[cfg(feature = "chrono")]
            Value::ChronoDate(_) | Value::ChronoTime(_) => "a date or time",
            #[cfg(feature = "chrono")]
            Value::ChronoDateTime(_) | Value::ChronoDateTimeUtc(_) => "a timestamp",
            #[cfg(feature = "time")]
            Value::TimeDate(_) | Value::TimeTime(_) => "a date or time",
            #[cfg(feature = "time")]
            Value::TimeDateTime(_) | Value::TimeOffsetDateTime(_) => "a timestamp",
            #[cfg(feature = "uuid")]
            Value::Uuid(_) => "a uuid",
            #[cfg(feature = "rust_decimal")]
            Value::Decimal(_) => "a decimal",
            #[cfg(feature = "serde_json")]
            Value::Json(_) => "JSON",
        }
    }
}

/// Converts a Rust value into a bound [`Value`].
///
/// Implemented for every column type; implement it (with [`FromValue`])
/// for a type of your own to use it in a field with
/// `#[orm(db_type = "...")]`, mapping it onto the variant of the SQL type:
///
/// ```
/// use orm_core::{FromValue, ToValue, Value};
///
/// #[derive(Debug, Clone, PartialEq)]
/// struct Email(String);
///
/// impl ToValue for Email {
///     fn to_value(&self) -> Value {
///         Value::Text(self.0.clone())
///     }
/// }
///
/// impl FromValue for Email {
///     fn from_value(value: Value) -> Result<Self, orm_core::BoxError> {
///         String::from_value(value).map(Email)
///     }
/// }
///
/// assert_eq!(Email("a@b.c".into()).to_value(), Value::Text("a@b.c".into()));
/// ```
#[diagnostic::on_unimplemented(
    message = "`{Self}` cannot be bound as a value",
    label = "no conversion into `orm_core::Value`",
    note = "implement `orm_core::ToValue` (and `orm_core::FromValue` to read it back) for a field with `#[orm(db_type = \"...\")]`"
)]
pub trait ToValue {
    /// The value, copied into a [`Value`].
    fn to_value(&self) -> Value;

    /// The value, moved into a [`Value`] (saves a copy of text and bytes).
    fn into_value(self) -> Value
    where
        Self: Sized,
    {
        self.to_value()
    }
}

/// Converts a decoded [`Value`] into a Rust value: how a field with
/// `#[orm(db_type = "...")]` of your own type is read (see [`ToValue`]).
///
/// The backend produces the variant of the column's SQL type (`text` gives
/// [`Value::Text`], `inet` gives [`Value::IpAddr`], `timestamptz` gives
/// [`Value::SystemTime`], ...). Built-in types decode through a faster path
/// that borrows from the row.
#[diagnostic::on_unimplemented(
    message = "`{Self}` cannot be read from a column",
    label = "no conversion from `orm_core::Value`",
    note = "implement `orm_core::FromValue` (and `orm_core::ToValue` to write it) for a field with `#[orm(db_type = \"...\")]`"
)]
pub trait FromValue: Sized {
    /// The Rust value of `value`.
    ///
    /// # Errors
    /// `value` has a variant this type cannot hold (NULL included, unless
    /// the type is an `Option`).
    fn from_value(value: Value) -> std::result::Result<Self, BoxError>;

    /// Decodes column `index` of `row`, `None` for NULL. Built-in types read
    /// the row's typed getters (borrowing, no intermediate [`Value`]).
    #[doc(hidden)]
    fn __decode_nullable<R: Row + ?Sized>(
        row: &R,
        index: usize,
    ) -> std::result::Result<Option<Self>, BoxError> {
        match row.get_value(index)? {
            Value::Null => Ok(None),
            value => Self::from_value(value).map(Some),
        }
    }
}

/// The error for a value of the wrong variant.
pub(crate) fn mismatch(expected: &str, got: &Value) -> BoxError {
    format!("expected {expected}, got {}", got.kind_name()).into()
}

macro_rules! scalar {
    ($($ty:ty => $variant:ident, $getter:ident, $what:literal;)*) => {
        $(
            impl ToValue for $ty {
                fn to_value(&self) -> Value {
                    Value::$variant(self.clone())
                }

                fn into_value(self) -> Value {
                    Value::$variant(self)
                }
            }

            impl From<$ty> for Value {
                fn from(value: $ty) -> Value {
                    Value::$variant(value)
                }
            }

            impl FromValue for $ty {
                fn from_value(value: Value) -> std::result::Result<Self, BoxError> {
                    match value {
                        Value::$variant(v) => Ok(v),
                        other => Err(mismatch($what, &other)),
                    }
                }

                #[inline]
                fn __decode_nullable<R: Row + ?Sized>(
                    row: &R,
                    index: usize,
                ) -> std::result::Result<Option<Self>, BoxError> {
                    row.$getter(index)
                }
            }
        )*
    };
}

scalar! {
    bool => Bool, get_bool, "a boolean";
    i8 => I8, get_i8, "a \"char\"";
    i16 => I16, get_i16, "a smallint";
    i32 => I32, get_i32, "an integer";
    i64 => I64, get_i64, "a bigint";
    u32 => U32, get_u32, "an oid";
    f32 => F32, get_f32, "a real";
    f64 => F64, get_f64, "a double precision";
}

#[cfg(feature = "chrono")]
scalar! {
    chrono::NaiveDate => ChronoDate, get_chrono_date, "a date";
    chrono::NaiveTime => ChronoTime, get_chrono_time, "a time";
    chrono::NaiveDateTime => ChronoDateTime, get_chrono_datetime, "a timestamp";
    chrono::DateTime<chrono::Utc> => ChronoDateTimeUtc, get_chrono_datetime_utc, "a timestamptz";
}

#[cfg(feature = "time")]
scalar! {
    time::Date => TimeDate, get_time_date, "a date";
    time::Time => TimeTime, get_time_time, "a time";
    time::PrimitiveDateTime => TimeDateTime, get_time_datetime, "a timestamp";
    time::OffsetDateTime => TimeOffsetDateTime, get_time_offset_datetime, "a timestamptz";
}

#[cfg(feature = "uuid")]
scalar! { uuid::Uuid => Uuid, get_uuid, "a uuid"; }

#[cfg(feature = "rust_decimal")]
scalar! { rust_decimal::Decimal => Decimal, get_decimal, "a numeric"; }

impl ToValue for String {
    fn to_value(&self) -> Value {
        Value::Text(self.clone())
    }

    fn into_value(self) -> Value {
        Value::Text(self)
    }
}

impl ToValue for str {
    fn to_value(&self) -> Value {
        Value::Text(self.to_owned())
    }
}

impl From<String> for Value {
    fn from(value: String) -> Value {
        Value::Text(value)
    }
}

impl From<&str> for Value {
    fn from(value: &str) -> Value {
        Value::Text(value.to_owned())
    }
}

impl From<&String> for Value {
    fn from(value: &String) -> Value {
        Value::Text(value.clone())
    }
}

impl FromValue for String {
    fn from_value(value: Value) -> std::result::Result<Self, BoxError> {
        match value {
            Value::Text(v) => Ok(v),
            other => Err(mismatch("text", &other)),
        }
    }

    #[inline]
    fn __decode_nullable<R: Row + ?Sized>(
        row: &R,
        index: usize,
    ) -> std::result::Result<Option<Self>, BoxError> {
        Ok(row.get_str(index)?.map(str::to_owned))
    }
}

impl ToValue for Vec<u8> {
    fn to_value(&self) -> Value {
        Value::Bytes(self.clone())
    }

    fn into_value(self) -> Value {
        Value::Bytes(self)
    }
}

impl From<Vec<u8>> for Value {
    fn from(value: Vec<u8>) -> Value {
        Value::Bytes(value)
    }
}

impl FromValue for Vec<u8> {
    fn from_value(value: Value) -> std::result::Result<Self, BoxError> {
        match value {
            Value::Bytes(v) => Ok(v),
            other => Err(mismatch("bytea", &other)),
        }
    }

    #[inline]
    fn __decode_nullable<R: Row + ?Sized>(
        row: &R,
        index: usize,
    ) -> std::result::Result<Option<Self>, BoxError> {
        Ok(row.get_bytes(index)?.map(<[u8]>::to_vec))
    }
}

impl ToValue for IpAddr {
    fn to_value(&self) -> Value {
        Value::IpAddr(*self)
    }
}

impl From<IpAddr> for Value {
    fn from(value: IpAddr) -> Value {
        Value::IpAddr(value)
    }
}

impl FromValue for IpAddr {
    fn from_value(value: Value) -> std::result::Result<Self, BoxError> {
        match value {
            Value::IpAddr(v) => Ok(v),
            other => Err(mismatch("an inet", &other)),
        }
    }
}

impl ToValue for SystemTime {
    fn to_value(&self) -> Value {
        Value::SystemTime(*self)
    }
}

impl From<SystemTime> for Value {
    fn from(value: SystemTime) -> Value {
        Value::SystemTime(value)
    }
}

impl FromValue for SystemTime {
    fn from_value(value: Value) -> std::result::Result<Self, BoxError> {
        match value {
            Value::SystemTime(v) => Ok(v),
            other => Err(mismatch("a timestamp", &other)),
        }
    }
}

#[cfg(feature = "serde_json")]
impl ToValue for serde_json::Value {
    fn to_value(&self) -> Value {
        Value::Json(Box::new(self.clone()))
    }

    fn into_value(self) -> Value {
        Value::Json(Box::new(self))
    }
}

#[cfg(feature = "serde_json")]
impl From<serde_json::Value> for Value {
    fn from(value: serde_json::Value) -> Value {
        Value::Json(Box::new(value))
    }
}

#[cfg(feature = "serde_json")]
impl FromValue for serde_json::Value {
    fn from_value(value: Value) -> std::result::Result<Self, BoxError> {
        match value {
            Value::Json(v) => Ok(*v),
            other => Err(mismatch("JSON", &other)),
        }
    }

    fn __decode_nullable<R: Row + ?Sized>(
        row: &R,
        index: usize,
    ) -> std::result::Result<Option<Self>, BoxError> {
        match row.get_json(index)? {
            Some(raw) => Ok(Some(serde_json::from_slice(raw)?)),
            None => Ok(None),
        }
    }
}

impl<T: ToValue> ToValue for Option<T> {
    fn to_value(&self) -> Value {
        match self {
            Some(v) => v.to_value(),
            None => Value::Null,
        }
    }

    fn into_value(self) -> Value {
        match self {
            Some(v) => v.into_value(),
            None => Value::Null,
        }
    }
}

impl<T: Into<Value>> From<Option<T>> for Value {
    fn from(value: Option<T>) -> Value {
        match value {
            Some(v) => v.into(),
            None => Value::Null,
        }
    }
}

impl<T: FromValue> FromValue for Option<T> {
    fn from_value(value: Value) -> std::result::Result<Self, BoxError> {
        match value {
            Value::Null => Ok(None),
            value => T::from_value(value).map(Some),
        }
    }

    #[inline]
    fn __decode_nullable<R: Row + ?Sized>(
        row: &R,
        index: usize,
    ) -> std::result::Result<Option<Self>, BoxError> {
        T::__decode_nullable(row, index).map(Some)
    }
}

impl<T: ToValue + ?Sized> ToValue for &T {
    fn to_value(&self) -> Value {
        (**self).to_value()
    }
}

impl ToValue for Value {
    fn to_value(&self) -> Value {
        self.clone()
    }

    fn into_value(self) -> Value {
        self
    }
}

impl FromValue for Value {
    fn from_value(value: Value) -> std::result::Result<Self, BoxError> {
        Ok(value)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn conversions_round_trip() {
        assert_eq!(i64::from_value(5i64.to_value()).ok(), Some(5));
        assert_eq!(
            Option::<String>::from_value(Value::Null).ok(),
            Some(None::<String>)
        );
        assert_eq!(
            Value::array(["a", "b"]),
            Value::Array(vec![Value::Text("a".into()), Value::Text("b".into())])
        );
        let err = i32::from_value(Value::Text("x".into())).err();
        assert_eq!(
            err.map(|e| e.to_string()).as_deref(),
            Some("expected an integer, got text")
        );
        assert!(i32::from_value(Value::Null).is_err());
    }
}
