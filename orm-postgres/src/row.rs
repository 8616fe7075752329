//! [`PgRow`]: a tokio-postgres row read through the core's
//! [`orm_core::backend::Row`], and the elements of an array column read the
//! same way.

use std::error::Error as StdError;

use orm_core::Value;
use orm_core::backend::Row;
use tokio_postgres::types::{FromSql, Kind, Type};

type BoxError = Box<dyn StdError + Sync + Send>;

/// One row of a result: a [`tokio_postgres::Row`] (it dereferences to one,
/// so `row.get(0)` and `row.try_get("name")` work) that the ORM decodes
/// models from.
#[derive(Debug)]
pub struct PgRow(tokio_postgres::Row);

impl PgRow {
    /// The driver's row.
    pub fn into_inner(self) -> tokio_postgres::Row {
        self.0
    }
}

impl From<tokio_postgres::Row> for PgRow {
    fn from(row: tokio_postgres::Row) -> Self {
        PgRow(row)
    }
}

impl std::ops::Deref for PgRow {
    type Target = tokio_postgres::Row;

    fn deref(&self) -> &tokio_postgres::Row {
        &self.0
    }
}

/// Accepts any value and ignores it: tests a column for NULL without
/// knowing its type.
struct Ignored {
    present: bool,
}

impl<'a> FromSql<'a> for Ignored {
    fn from_sql(_: &Type, _: &'a [u8]) -> Result<Self, BoxError> {
        Ok(Ignored { present: true })
    }

    fn from_sql_null(_: &Type) -> Result<Self, BoxError> {
        Ok(Ignored { present: false })
    }

    fn accepts(_: &Type) -> bool {
        true
    }
}

/// One array element, undecoded.
struct RawElement<'a>(Option<&'a [u8]>);

impl<'a> FromSql<'a> for RawElement<'a> {
    fn from_sql(_: &Type, raw: &'a [u8]) -> Result<Self, BoxError> {
        Ok(RawElement(Some(raw)))
    }

    fn from_sql_null(_: &Type) -> Result<Self, BoxError> {
        Ok(RawElement(None))
    }

    fn accepts(_: &Type) -> bool {
        true
    }
}

/// The text of a `json` or `jsonb` value, borrowed.
#[cfg(feature = "serde_json")]
struct JsonText<'a>(&'a [u8]);

#[cfg(feature = "serde_json")]
impl<'a> FromSql<'a> for JsonText<'a> {
    fn from_sql(ty: &Type, raw: &'a [u8]) -> Result<Self, BoxError> {
        if *ty == Type::JSONB {
            // jsonb's binary form is a version byte, then the text.
            return match raw.split_first() {
                Some((1, text)) => Ok(JsonText(text)),
                _ => Err("unsupported jsonb encoding version".into()),
            };
        }
        Ok(JsonText(raw))
    }

    fn accepts(ty: &Type) -> bool {
        matches!(*ty, Type::JSON | Type::JSONB)
    }
}

/// The elements of an array column, read as a row whose columns are the
/// elements.
struct ArrayRow<'a> {
    member: &'a Type,
    items: Vec<RawElement<'a>>,
}

impl<'a> ArrayRow<'a> {
    fn get<T: FromSql<'a>>(&self, index: usize) -> Result<Option<T>, BoxError> {
        let Some(item) = self.items.get(index) else {
            return Err(format!("array element {index} out of range").into());
        };
        if !<Option<T> as FromSql<'_>>::accepts(self.member) {
            return Err(format!(
                "cannot convert array elements of type {} to {}",
                self.member,
                std::any::type_name::<T>()
            )
            .into());
        }
        <Option<T> as FromSql<'a>>::from_sql_nullable(self.member, item.0)
    }

    fn ty(&self, _: usize) -> Result<&Type, BoxError> {
        Ok(self.member)
    }

    fn count(&self) -> usize {
        self.items.len()
    }
}

impl PgRow {
    fn get<'a, T: FromSql<'a>>(&'a self, index: usize) -> Result<Option<T>, BoxError> {
        self.0
            .try_get::<_, Option<T>>(index)
            .map_err(BoxError::from)
    }

    fn ty(&self, index: usize) -> Result<&Type, BoxError> {
        match self.0.columns().get(index) {
            Some(column) => Ok(column.type_()),
            None => Err(format!("no column {index} in the row").into()),
        }
    }

    fn count(&self) -> usize {
        self.0.len()
    }
}

/// The owned [`Value`] of a column of type `ty`, read with `get`.
macro_rules! value_of {
    ($self:ident, $index:ident) => {{
        let ty = $self.ty($index)?.clone();
        let value = match ty {
            Type::BOOL => $self.get::<bool>($index)?.map(Value::Bool),
            Type::CHAR => $self.get::<i8>($index)?.map(Value::I8),
            Type::INT2 => $self.get::<i16>($index)?.map(Value::I16),
            Type::INT4 => $self.get::<i32>($index)?.map(Value::I32),
            Type::INT8 => $self.get::<i64>($index)?.map(Value::I64),
            Type::OID => $self.get::<u32>($index)?.map(Value::U32),
            Type::FLOAT4 => $self.get::<f32>($index)?.map(Value::F32),
            Type::FLOAT8 => $self.get::<f64>($index)?.map(Value::F64),
            Type::BYTEA => $self.get::<Vec<u8>>($index)?.map(Value::Bytes),
            Type::INET => $self.get::<std::net::IpAddr>($index)?.map(Value::IpAddr),
            Type::TIMESTAMP | Type::TIMESTAMPTZ => $self
                .get::<std::time::SystemTime>($index)?
                .map(Value::SystemTime),
            #[cfg(feature = "uuid")]
            Type::UUID => $self.get::<uuid::Uuid>($index)?.map(Value::Uuid),
            #[cfg(feature = "rust_decimal")]
            Type::NUMERIC => $self
                .get::<rust_decimal::Decimal>($index)?
                .map(Value::Decimal),
            #[cfg(feature = "serde_json")]
            Type::JSON | Type::JSONB => $self
                .get::<serde_json::Value>($index)?
                .map(|v| Value::Json(Box::new(v))),
            #[cfg(feature = "chrono")]
            Type::DATE => $self
                .get::<chrono::NaiveDate>($index)?
                .map(Value::ChronoDate),
            #[cfg(feature = "chrono")]
            Type::TIME => $self
                .get::<chrono::NaiveTime>($index)?
                .map(Value::ChronoTime),
            #[cfg(all(feature = "time", not(feature = "chrono")))]
            Type::DATE => $self.get::<time::Date>($index)?.map(Value::TimeDate),
            #[cfg(all(feature = "time", not(feature = "chrono")))]
            Type::TIME => $self.get::<time::Time>($index)?.map(Value::TimeTime),
            ref other if matches!(other.kind(), Kind::Array(_)) => {
                let mut items = Vec::new();
                let present = $self.with_array($index, &mut |elements| {
                    items.reserve_exact(elements.len());
                    for i in 0..elements.len() {
                        items.push(elements.get_value(i)?);
                    }
                    Ok(())
                })?;
                present.then_some(Value::Array(items))
            }
            ref other if <String as FromSql<'_>>::accepts(other) => {
                $self.get::<String>($index)?.map(Value::Text)
            }
            other => {
                return Err(format!("no orm_core::Value holds the SQL type {other}").into());
            }
        };
        Ok(value.unwrap_or(Value::Null))
    }};
}

/// Implements [`Row`] through the type's `get::<T>(index)`, `ty(index)`
/// and `count()`.
macro_rules! row_impl {
    ($ty:ty) => {
        impl Row for $ty {
            fn len(&self) -> usize {
                self.count()
            }

            fn is_null(&self, index: usize) -> Result<bool, BoxError> {
                Ok(self.get::<Ignored>(index)?.is_none_or(|v| !v.present))
            }

            #[inline]
            fn get_bool(&self, index: usize) -> Result<Option<bool>, BoxError> {
                self.get(index)
            }

            #[inline]
            fn get_i8(&self, index: usize) -> Result<Option<i8>, BoxError> {
                self.get(index)
            }

            #[inline]
            fn get_i16(&self, index: usize) -> Result<Option<i16>, BoxError> {
                self.get(index)
            }

            #[inline]
            fn get_i32(&self, index: usize) -> Result<Option<i32>, BoxError> {
                self.get(index)
            }

            #[inline]
            fn get_i64(&self, index: usize) -> Result<Option<i64>, BoxError> {
                self.get(index)
            }

            #[inline]
            fn get_u32(&self, index: usize) -> Result<Option<u32>, BoxError> {
                self.get(index)
            }

            #[inline]
            fn get_f32(&self, index: usize) -> Result<Option<f32>, BoxError> {
                self.get(index)
            }

            #[inline]
            fn get_f64(&self, index: usize) -> Result<Option<f64>, BoxError> {
                self.get(index)
            }

            #[inline]
            fn get_str(&self, index: usize) -> Result<Option<&str>, BoxError> {
                self.get(index)
            }

            #[inline]
            fn get_bytes(&self, index: usize) -> Result<Option<&[u8]>, BoxError> {
                self.get(index)
            }

            fn get_value(&self, index: usize) -> Result<Value, BoxError> {
                value_of!(self, index)
            }

            fn with_array(
                &self,
                index: usize,
                f: &mut dyn FnMut(&dyn Row) -> Result<(), BoxError>,
            ) -> Result<bool, BoxError> {
                let member = match self.ty(index)?.kind() {
                    Kind::Array(member) => member,
                    _ => return Err(format!("column {index} is not an array").into()),
                };
                match self.get::<Vec<RawElement<'_>>>(index)? {
                    Some(items) => {
                        f(&ArrayRow { member, items })?;
                        Ok(true)
                    }
                    None => Ok(false),
                }
            }

            #[cfg(feature = "chrono")]
            fn get_chrono_date(&self, index: usize) -> Result<Option<chrono::NaiveDate>, BoxError> {
                self.get(index)
            }

            #[cfg(feature = "chrono")]
            fn get_chrono_time(&self, index: usize) -> Result<Option<chrono::NaiveTime>, BoxError> {
                self.get(index)
            }

            #[cfg(feature = "chrono")]
            fn get_chrono_datetime(
                &self,
                index: usize,
            ) -> Result<Option<chrono::NaiveDateTime>, BoxError> {
                self.get(index)
            }

            #[cfg(feature = "chrono")]
            fn get_chrono_datetime_utc(
                &self,
                index: usize,
            ) -> Result<Option<chrono::DateTime<chrono::Utc>>, BoxError> {
                self.get(index)
            }

            #[cfg(feature = "time")]
            fn get_time_date(&self, index: usize) -> Result<Option<time::Date>, BoxError> {
                self.get(index)
            }

            #[cfg(feature = "time")]
            fn get_time_time(&self, index: usize) -> Result<Option<time::Time>, BoxError> {
                self.get(index)
            }

            #[cfg(feature = "time")]
            fn get_time_datetime(
                &self,
                index: usize,
            ) -> Result<Option<time::PrimitiveDateTime>, BoxError> {
                self.get(index)
            }

            #[cfg(feature = "time")]
            fn get_time_offset_datetime(
                &self,
                index: usize,
            ) -> Result<Option<time::OffsetDateTime>, BoxError> {
                self.get(index)
            }

            #[cfg(feature = "uuid")]
            fn get_uuid(&self, index: usize) -> Result<Option<uuid::Uuid>, BoxError> {
                self.get(index)
            }

            #[cfg(feature = "rust_decimal")]
            fn get_decimal(&self, index: usize) -> Result<Option<rust_decimal::Decimal>, BoxError> {
                self.get(index)
            }

            #[cfg(feature = "serde_json")]
            fn get_json(&self, index: usize) -> Result<Option<&[u8]>, BoxError> {
                Ok(self.get::<JsonText<'_>>(index)?.map(|j| j.0))
            }
        }
    };
}

row_impl!(PgRow);
row_impl!(ArrayRow<'_>);
