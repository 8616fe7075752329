//! [`Db::expect_statements`]: Django's `assertNumQueries`, listing the
//! statements when the count is wrong.

use std::future::Future;

use crate::Db;

impl Db {
    /// Runs `f` and fails the test unless exactly `expected` statements
    /// were sent on this pool (and transactions begun on it) meanwhile;
    /// the failure lists every statement's SQL text, numbered. Returns
    /// what `f` returned. Statements other tasks send on the same pool at
    /// the same time are counted too.
    ///
    /// ```no_run
    /// # use orm_postgres::{Db, Executor};
    /// # async fn demo(db: &Db) -> orm_postgres::Result<()> {
    /// let rows = db
    ///     .expect_statements(1, async { db.query("SELECT 1", &[]).await })
    ///     .await?;
    /// # let _ = rows; Ok(()) }
    /// ```
    ///
    /// # Panics
    /// When the count differs: this is a test assertion.
    #[allow(
        clippy::panic,
        reason = "a test assertion: failing the test is its purpose"
    )]
    pub async fn expect_statements<T>(&self, expected: usize, f: impl Future<Output = T>) -> T {
        let start = self.stats().start_capture();
        let out = f.await;
        let sent = self.stats().end_capture(start);
        if sent.len() != expected {
            let listing: String = sent
                .iter()
                .enumerate()
                .map(|(i, sql)| format!("\n  {}. {sql}", i + 1))
                .collect();
            panic!(
                "expected {expected} statement(s), {} were sent:{listing}",
                sent.len()
            );
        }
        out
    }
}
