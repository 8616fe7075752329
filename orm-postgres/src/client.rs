//! Running statements on one pooled connection: prepared once, cached,
//! counted. Shared by [`Db`](crate::Db) and transactions.

use deadpool_postgres::ClientWrapper;
use futures_util::TryStreamExt;
use futures_util::future::try_join_all;
use orm_core::{Result, Statement, Value};

use crate::error_class::classify;
use crate::row::PgRow;
use crate::stats::Stats;
use crate::value::params as pg_params;

pub(crate) async fn query(
    client: &ClientWrapper,
    stats: &Stats,
    sql: &str,
    params: &[Value],
) -> Result<Vec<PgRow>> {
    let statement = client.prepare_cached(sql).await.map_err(classify)?;
    stats.record(1);
    collect(client, &statement, params).await
}

/// Streams the rows of a statement into `f` as they arrive.
pub(crate) async fn query_each<F>(
    client: &ClientWrapper,
    stats: &Stats,
    sql: &str,
    params: &[Value],
    mut f: F,
) -> Result<()>
where
    F: FnMut(PgRow) -> Result<()> + Send,
{
    let statement = client.prepare_cached(sql).await.map_err(classify)?;
    stats.record(1);
    let stream = client
        .query_raw(&statement, pg_params(params))
        .await
        .map_err(classify)?;
    futures_util::pin_mut!(stream);
    while let Some(row) = stream.try_next().await.map_err(classify)? {
        f(PgRow::from(row))?;
    }
    Ok(())
}

pub(crate) async fn execute(
    client: &ClientWrapper,
    stats: &Stats,
    sql: &str,
    params: &[Value],
) -> Result<u64> {
    let statement = client.prepare_cached(sql).await.map_err(classify)?;
    stats.record(1);
    client
        .execute_raw(&statement, pg_params(params))
        .await
        .map_err(classify)
}

/// Sends every statement before waiting for any answer: tokio-postgres
/// pipelines requests polled together on one connection.
pub(crate) async fn query_pipelined(
    client: &ClientWrapper,
    stats: &Stats,
    statements: &[Statement<'_>],
) -> Result<Vec<Vec<PgRow>>> {
    let prepared = try_join_all(statements.iter().map(|s| client.prepare_cached(s.sql)))
        .await
        .map_err(classify)?;
    stats.record(statements.len());
    try_join_all(
        prepared
            .iter()
            .zip(statements)
            .map(|(p, s)| collect(client, p, s.params)),
    )
    .await
}

/// Runs a prepared statement and collects its rows.
async fn collect(
    client: &ClientWrapper,
    statement: &tokio_postgres::Statement,
    params: &[Value],
) -> Result<Vec<PgRow>> {
    let stream = client
        .query_raw(statement, pg_params(params))
        .await
        .map_err(classify)?;
    let rows: Vec<tokio_postgres::Row> = stream.try_collect().await.map_err(classify)?;
    Ok(rows.into_iter().map(PgRow::from).collect())
}

/// Runs SQL text that takes no parameters (DDL, `SET`, several statements
/// separated by semicolons) with the simple query protocol.
pub(crate) async fn batch_execute(client: &ClientWrapper, stats: &Stats, sql: &str) -> Result<()> {
    batch_execute_counted(client, stats, sql, 1).await
}

/// [`batch_execute`] for SQL text holding `statements` statements, sent in
/// one round trip (e.g. `BEGIN; LOCK TABLE ...`).
pub(crate) async fn batch_execute_counted(
    client: &ClientWrapper,
    stats: &Stats,
    sql: &str,
    statements: usize,
) -> Result<()> {
    stats.record(statements);
    client.batch_execute(sql).await.map_err(classify)
}
