//! The one trait every statement runs through.

use std::future::Future;

use crate::Result;
use crate::backend::{Row, RowSet};
use crate::value::Value;

/// One statement and its parameters, for [`Executor::query_pipelined`].
#[derive(Clone, Copy)]
pub struct Statement<'a> {
    /// The SQL text, with `$1`, `$2`, ... placeholders.
    pub sql: &'a str,
    /// The values bound to the placeholders.
    pub params: &'a [Value],
}

impl std::fmt::Debug for Statement<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Statement")
            .field("sql", &self.sql)
            .field("params", &self.params.len())
            .finish()
    }
}

/// Something that runs SQL: a pool (`orm_postgres::Db`) or an open
/// transaction (`orm_postgres::Transaction`).
///
/// Every ORM call that touches the database takes `&impl Executor`, so the
/// same code works inside and outside a transaction. Statements are prepared
/// once per connection and cached; values are always bound parameters.
pub trait Executor: Send + Sync {
    /// The backend's row type (`tokio_postgres::Row` for `orm-postgres`);
    /// the ORM reads it through [`backend::Row`](crate::backend::Row).
    type Row: Row + Send + 'static;

    /// Runs a statement and returns its rows.
    ///
    /// # Errors
    /// Fails when no connection can be had or the database rejects the
    /// statement; the error is classified (see [`crate::Error`]).
    fn query(
        &self,
        sql: &str,
        params: &[Value],
    ) -> impl Future<Output = Result<Vec<Self::Row>>> + Send;

    /// Runs a statement and hands each row to `f` as it arrives, without
    /// buffering the whole result: how queries decode large results.
    ///
    /// # Errors
    /// As for [`Executor::query`], or the first error `f` returns (the
    /// rest of the rows are then discarded).
    fn query_each<F>(
        &self,
        sql: &str,
        params: &[Value],
        f: F,
    ) -> impl Future<Output = Result<()>> + Send
    where
        F: FnMut(Self::Row) -> Result<()> + Send;

    /// Runs a statement and returns the number of rows it affected.
    ///
    /// # Errors
    /// As for [`Executor::query`].
    fn execute(&self, sql: &str, params: &[Value]) -> impl Future<Output = Result<u64>> + Send;

    /// Runs several statements on one connection, sent together (pipelined)
    /// so that they cost one round trip, and returns each one's rows in order.
    ///
    /// # Errors
    /// The first failure among the statements.
    fn query_pipelined(
        &self,
        statements: &[Statement<'_>],
    ) -> impl Future<Output = Result<Vec<Vec<Self::Row>>>> + Send;

    /// True when statements run inside an open transaction.
    fn in_transaction(&self) -> bool;
}

/// The rows of several statements, as a boxed future.
pub(crate) type PipelinedRows<'a> =
    std::pin::Pin<Box<dyn Future<Output = Result<Vec<RowSet>>> + Send + 'a>>;

/// An object-safe view of an [`Executor`], so relation loading can recurse
/// through models of different types without being generic over the
/// executor.
pub(crate) trait DynExecutor: Send + Sync {
    /// [`Executor::query_pipelined`] over owned statements.
    fn pipelined<'a>(&'a self, statements: &'a [crate::query::SqlText]) -> PipelinedRows<'a>;
}

impl<E: Executor> DynExecutor for E {
    fn pipelined<'a>(&'a self, statements: &'a [crate::query::SqlText]) -> PipelinedRows<'a> {
        Box::pin(async move {
            if statements.is_empty() {
                return Ok(Vec::new());
            }
            if let [one] = statements {
                return Ok(vec![RowSet::new(self.query(&one.sql, &one.params).await?)]);
            }
            let batch: Vec<Statement<'_>> = statements
                .iter()
                .map(|s| Statement {
                    sql: &s.sql,
                    params: &s.params,
                })
                .collect();
            let results = self.query_pipelined(&batch).await?;
            Ok(results.into_iter().map(RowSet::new).collect())
        })
    }
}
