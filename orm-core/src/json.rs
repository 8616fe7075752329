//! `Json<T>`: any serde type stored as `jsonb`.

use crate::backend::{BoxError, Row};
use crate::column_type::ColumnType;
use crate::meta::ColumnMeta;
use crate::value::{FromValue, ToValue, Value};

/// Stores any serde type in a `jsonb` column.
///
/// ```
/// # #[derive(Debug, serde::Serialize, serde::Deserialize)] struct Prefs { dark: bool }
/// let prefs = orm_core::Json(Prefs { dark: true });
/// assert!(prefs.0.dark);
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Json<T>(pub T);

impl<T: serde::Serialize> ToValue for Json<T> {
    /// The value as JSON; a value serde cannot serialize (a map with
    /// non-text keys) becomes NULL here, but writes never get that far:
    /// [`ColumnType::validate`] rejects it first.
    fn to_value(&self) -> Value {
        match serde_json::to_value(&self.0) {
            Ok(json) => Value::Json(Box::new(json)),
            Err(_) => Value::Null,
        }
    }
}

impl<T: serde::de::DeserializeOwned> FromValue for Json<T> {
    fn from_value(value: Value) -> Result<Self, BoxError> {
        match value {
            Value::Json(json) => Ok(Json(serde_json::from_value(*json)?)),
            other => Err(crate::value::mismatch("JSON", &other)),
        }
    }

    fn __decode_nullable<R: Row + ?Sized>(row: &R, index: usize) -> Result<Option<Self>, BoxError> {
        match row.get_json(index)? {
            Some(raw) => Ok(Some(Json(serde_json::from_slice(raw)?))),
            None => Ok(None),
        }
    }
}

impl<T> ColumnType for Json<T>
where
    T: serde::Serialize + serde::de::DeserializeOwned + std::fmt::Debug + Send + Sync,
{
    const SQL_TYPE: &'static str = "jsonb";

    fn validate(&self, column: &ColumnMeta) -> crate::Result<()> {
        serde_json::to_value(&self.0).map(drop).map_err(|e| {
            crate::Error::invalid_input(format!(
                "`{}` cannot be serialized as JSON: {e}",
                column.field
            ))
        })
    }
}
