//! `Json<T>`: any serde type stored as `jsonb`.

/// Stores any serde type in a `jsonb` column.
///
/// ```
/// # #[derive(Debug, serde::Serialize, serde::Deserialize)] struct Prefs { dark: bool }
/// let prefs = orm_core::Json(Prefs { dark: true });
/// assert!(prefs.0.dark);
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Json<T>(pub T);

impl<T: serde::Serialize + std::fmt::Debug> tokio_postgres::types::ToSql for Json<T> {
    fn to_sql(
        &self,
        ty: &tokio_postgres::types::Type,
        out: &mut tokio_postgres::types::private::BytesMut,
    ) -> Result<tokio_postgres::types::IsNull, Box<dyn std::error::Error + Sync + Send>> {
        tokio_postgres::types::Json(&self.0).to_sql(ty, out)
    }

    fn accepts(ty: &tokio_postgres::types::Type) -> bool {
        <tokio_postgres::types::Json<&T> as tokio_postgres::types::ToSql>::accepts(ty)
    }

    tokio_postgres::types::to_sql_checked!();
}

impl<'a, T: serde::de::DeserializeOwned> tokio_postgres::types::FromSql<'a> for Json<T> {
    fn from_sql(
        ty: &tokio_postgres::types::Type,
        raw: &'a [u8],
    ) -> Result<Self, Box<dyn std::error::Error + Sync + Send>> {
        tokio_postgres::types::Json::<T>::from_sql(ty, raw).map(|j| Json(j.0))
    }

    fn accepts(ty: &tokio_postgres::types::Type) -> bool {
        <tokio_postgres::types::Json<T> as tokio_postgres::types::FromSql<'_>>::accepts(ty)
    }
}
