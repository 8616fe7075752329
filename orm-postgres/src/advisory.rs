//! Advisory locks scoped to a transaction (`pg_advisory_xact_lock` and its
//! shared and `try` variants), keyed by an [`AdvisoryKey`].

use orm_core::{Error, Executor, Result};

use crate::Transaction;

/// The key of an advisory lock: one `bigint`, given directly or derived
/// from a name.
///
/// A name is hashed with 64-bit FNV-1a over its UTF-8 bytes (offset basis
/// `0xcbf29ce484222325`, prime `0x100000001b3`), read as a two's-complement
/// `i64`. The hash is fixed by this definition, so every process, build and
/// Rust version derives the same key from the same name (unlike
/// `std::collections::hash_map::DefaultHasher`); programs in other
/// languages can compute it too.
///
/// ```
/// use orm_postgres::AdvisoryKey;
///
/// assert_eq!(AdvisoryKey::from(42).value(), 42);
/// assert_eq!(AdvisoryKey::from_name("").value(), 0xcbf2_9ce4_8422_2325_u64 as i64);
/// assert_eq!(AdvisoryKey::from("nightly-report"), AdvisoryKey::from_name("nightly-report"));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct AdvisoryKey(i64);

impl AdvisoryKey {
    /// The key `value`.
    pub const fn new(value: i64) -> Self {
        AdvisoryKey(value)
    }

    /// The key derived from `name` by 64-bit FNV-1a (see the type's docs).
    pub const fn from_name(name: &str) -> Self {
        AdvisoryKey(fnv1a_64(name.as_bytes()) as i64)
    }

    /// The `bigint` passed to PostgreSQL.
    pub const fn value(self) -> i64 {
        self.0
    }
}

impl From<i64> for AdvisoryKey {
    fn from(value: i64) -> Self {
        AdvisoryKey(value)
    }
}

impl From<&str> for AdvisoryKey {
    fn from(name: &str) -> Self {
        AdvisoryKey::from_name(name)
    }
}

/// 64-bit FNV-1a: stable across runs, builds and Rust versions.
pub(crate) const fn fnv1a_64(bytes: &[u8]) -> u64 {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    let mut i = 0;
    while i < bytes.len() {
        hash ^= bytes[i] as u64;
        hash = hash.wrapping_mul(0x0000_0100_0000_01b3);
        i += 1;
    }
    hash
}

impl Transaction<'_> {
    /// Takes the exclusive advisory lock `key` until the transaction ends
    /// (`pg_advisory_xact_lock`), waiting while another session holds it.
    ///
    /// ```no_run
    /// # async fn demo(db: &orm_postgres::Db) -> orm_postgres::Result<()> {
    /// let tx = db.begin().await?;
    /// tx.advisory_lock("nightly-report").await?; // a name, hashed stably
    /// // ... only one session at a time gets here ...
    /// tx.commit().await?; // releases the lock
    /// # Ok(()) }
    /// ```
    ///
    /// # Errors
    /// [`Error::is_lock_not_available`] when `lock_timeout` ran out,
    /// [`Error::is_deadlock`], or another database error.
    pub async fn advisory_lock(&self, key: impl Into<AdvisoryKey>) -> Result<()> {
        let key = key.into().value();
        self.execute("SELECT pg_advisory_xact_lock($1)", &[key.into()])
            .await
            .map(drop)
    }

    /// Takes the advisory lock `key` in shared mode until the transaction
    /// ends (`pg_advisory_xact_lock_shared`): shared holders coexist, an
    /// exclusive holder excludes them.
    ///
    /// # Errors
    /// As for [`Transaction::advisory_lock`].
    pub async fn advisory_lock_shared(&self, key: impl Into<AdvisoryKey>) -> Result<()> {
        let key = key.into().value();
        self.execute("SELECT pg_advisory_xact_lock_shared($1)", &[key.into()])
            .await
            .map(drop)
    }

    /// Takes the exclusive advisory lock `key` if it is free
    /// (`pg_try_advisory_xact_lock`): true when taken (held until the
    /// transaction ends), false when another session holds it.
    ///
    /// # Errors
    /// A database error.
    pub async fn try_advisory_lock(&self, key: impl Into<AdvisoryKey>) -> Result<bool> {
        self.try_lock("SELECT pg_try_advisory_xact_lock($1)", key.into())
            .await
    }

    /// Takes the advisory lock `key` in shared mode if no session holds it
    /// exclusively (`pg_try_advisory_xact_lock_shared`).
    ///
    /// # Errors
    /// A database error.
    pub async fn try_advisory_lock_shared(&self, key: impl Into<AdvisoryKey>) -> Result<bool> {
        self.try_lock("SELECT pg_try_advisory_xact_lock_shared($1)", key.into())
            .await
    }

    async fn try_lock(&self, sql: &str, key: AdvisoryKey) -> Result<bool> {
        let rows = self.query(sql, &[key.value().into()]).await?;
        let row = rows.first().ok_or_else(|| {
            Error::decode("pg_try_advisory_xact_lock", "the query returned no row")
        })?;
        row.try_get(0)
            .map_err(|e| Error::decode("pg_try_advisory_xact_lock", e))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fnv1a_matches_published_vectors() {
        // From the FNV reference test suite.
        assert_eq!(fnv1a_64(b""), 0xcbf2_9ce4_8422_2325);
        assert_eq!(fnv1a_64(b"a"), 0xaf63_dc4c_8601_ec8c);
        assert_eq!(fnv1a_64(b"foobar"), 0x8594_4171_f739_67e8);
    }
}
