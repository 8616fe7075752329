//! Running statements on one pooled connection: prepared once, cached,
//! counted. Shared by [`Db`](crate::Db) and transactions.

use deadpool_postgres::ClientWrapper;
use futures_util::TryStreamExt;
use futures_util::future::try_join_all;
use orm_core::{Param, Result, Statement};
use tokio_postgres::Row;

use crate::error_class::classify;
use crate::stats::Stats;

pub(crate) async fn query(
    client: &ClientWrapper,
    stats: &Stats,
    sql: &str,
    params: &[Param<'_>],
) -> Result<Vec<Row>> {
    let statement = client.prepare_cached(sql).await.map_err(classify)?;
    stats.record(1);
    client.query(&statement, params).await.map_err(classify)
}

/// Streams the rows of a statement into `f` as they arrive.
pub(crate) async fn query_each<F>(
    client: &ClientWrapper,
    stats: &Stats,
    sql: &str,
    params: &[Param<'_>],
    mut f: F,
) -> Result<()>
where
    F: FnMut(Row) -> Result<()> + Send,
{
    let statement = client.prepare_cached(sql).await.map_err(classify)?;
    stats.record(1);
    let stream = client
        .query_raw(&statement, params.iter().copied())
        .await
        .map_err(classify)?;
    futures_util::pin_mut!(stream);
    while let Some(row) = stream.try_next().await.map_err(classify)? {
        f(row)?;
    }
    Ok(())
}

pub(crate) async fn execute(
    client: &ClientWrapper,
    stats: &Stats,
    sql: &str,
    params: &[Param<'_>],
) -> Result<u64> {
    let statement = client.prepare_cached(sql).await.map_err(classify)?;
    stats.record(1);
    client.execute(&statement, params).await.map_err(classify)
}

/// Sends every statement before waiting for any answer: tokio-postgres
/// pipelines requests polled together on one connection.
pub(crate) async fn query_pipelined(
    client: &ClientWrapper,
    stats: &Stats,
    statements: &[Statement<'_>],
) -> Result<Vec<Vec<Row>>> {
    let prepared = try_join_all(statements.iter().map(|s| client.prepare_cached(s.sql)))
        .await
        .map_err(classify)?;
    stats.record(statements.len());
    try_join_all(
        prepared
            .iter()
            .zip(statements)
            .map(|(p, s)| client.query(p, s.params)),
    )
    .await
    .map_err(classify)
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
