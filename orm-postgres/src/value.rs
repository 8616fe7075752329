//! Sending [`orm_core::Value`]s: each variant is encoded as tokio-postgres
//! encodes the matching Rust type, for whatever SQL type the server inferred
//! for the placeholder.

use std::error::Error as StdError;

use orm_core::Value;
use tokio_postgres::types::{IsNull, ToSql, Type, private::BytesMut, to_sql_checked};

/// A borrowed [`Value`] as a tokio-postgres parameter.
#[derive(Debug, Clone, Copy)]
pub(crate) struct PgValue<'a>(pub(crate) &'a Value);

/// The parameters of a statement, without copying them.
pub(crate) fn params(values: &[Value]) -> impl ExactSizeIterator<Item = PgValue<'_>> {
    values.iter().map(PgValue)
}

type BoxError = Box<dyn StdError + Sync + Send>;

impl ToSql for PgValue<'_> {
    fn to_sql(&self, ty: &Type, out: &mut BytesMut) -> Result<IsNull, BoxError> {
        // Each arm checks the inferred type as the Rust type would
        // (`to_sql_checked`): a mismatch is an error, never a panic.
        match self.0 {
            Value::Null => Ok(IsNull::Yes),
            Value::Bool(v) => v.to_sql_checked(ty, out),
            Value::I8(v) => v.to_sql_checked(ty, out),
            Value::I16(v) => v.to_sql_checked(ty, out),
            Value::I32(v) => v.to_sql_checked(ty, out),
            Value::I64(v) => v.to_sql_checked(ty, out),
            Value::U32(v) => v.to_sql_checked(ty, out),
            Value::F32(v) => v.to_sql_checked(ty, out),
            Value::F64(v) => v.to_sql_checked(ty, out),
            Value::Text(v) => v.to_sql_checked(ty, out),
            Value::Bytes(v) => v.to_sql_checked(ty, out),
            Value::Array(items) => {
                let items: Vec<PgValue<'_>> = items.iter().map(PgValue).collect();
                items.as_slice().to_sql_checked(ty, out)
            }
            Value::IpAddr(v) => v.to_sql_checked(ty, out),
            Value::SystemTime(v) => v.to_sql_checked(ty, out),
            #[cfg(feature = "chrono")]
            Value::ChronoDate(v) => v.to_sql_checked(ty, out),
            #[cfg(feature = "chrono")]
            Value::ChronoTime(v) => v.to_sql_checked(ty, out),
            #[cfg(feature = "chrono")]
            Value::ChronoDateTime(v) => v.to_sql_checked(ty, out),
            #[cfg(feature = "chrono")]
            Value::ChronoDateTimeUtc(v) => v.to_sql_checked(ty, out),
            #[cfg(feature = "time")]
            Value::TimeDate(v) => v.to_sql_checked(ty, out),
            #[cfg(feature = "time")]
            Value::TimeTime(v) => v.to_sql_checked(ty, out),
            #[cfg(feature = "time")]
            Value::TimeDateTime(v) => v.to_sql_checked(ty, out),
            #[cfg(feature = "time")]
            Value::TimeOffsetDateTime(v) => v.to_sql_checked(ty, out),
            #[cfg(feature = "uuid")]
            Value::Uuid(v) => v.to_sql_checked(ty, out),
            #[cfg(feature = "rust_decimal")]
            Value::Decimal(v) => v.to_sql_checked(ty, out),
            #[cfg(feature = "serde_json")]
            Value::Json(v) => (**v).to_sql_checked(ty, out),
            // A variant of an `orm-core` feature this crate was built
            // without (e.g. `orm-core/uuid` alone).
            #[allow(unreachable_patterns)]
            other => Err(format!(
                "orm-postgres cannot send {other:?}: enable the orm-postgres feature of its type"
            )
            .into()),
        }
    }

    /// Any type: the variant decides in [`ToSql::to_sql`], as `Option<T>`
    /// accepts what `T` accepts.
    fn accepts(_: &Type) -> bool {
        true
    }

    to_sql_checked!();
}

#[cfg(test)]
mod tests {
    use super::*;

    fn encode(value: &Value, ty: &Type) -> Result<(IsNull, Vec<u8>), BoxError> {
        let mut out = BytesMut::new();
        let null = PgValue(value).to_sql_checked(ty, &mut out)?;
        Ok((null, out.to_vec()))
    }

    #[test]
    fn variants_encode_as_their_rust_types() {
        assert_eq!(
            encode(&Value::I64(1), &Type::INT8).ok().map(|e| e.1),
            Some(1i64.to_be_bytes().to_vec())
        );
        assert!(matches!(
            encode(&Value::Null, &Type::INT4),
            Ok((IsNull::Yes, _))
        ));
        assert!(
            encode(&Value::I64(1), &Type::INT4).is_err(),
            "no silent narrowing"
        );
        assert!(encode(&Value::I64(1), &Type::TEXT).is_err());
        assert!(encode(&Value::array([1i64, 2]), &Type::INT8_ARRAY).is_ok());
        assert!(encode(&Value::array([1i64, 2]), &Type::INT8).is_err());
        assert!(encode(&Value::Text("x".into()), &Type::VARCHAR).is_ok());
    }
}
