//! Running statements on one pooled connection: prepared once, cached (an
//! LRU, see [`StatementCache`](crate::statement_cache::StatementCache)),
//! counted, watched. Shared by [`Db`](crate::Db) and transactions.
//!
//! Every request here runs under an [`InFlight`](crate::connection::InFlight)
//! guard, so a future dropped mid-statement leaves its connection marked for
//! cancellation, and every result is shown to the connection
//! ([`PgConn::observe`]), so a connection-class error retires it.
//!
//! A statement the server no longer accepts as cached (a column changed
//! type under it, or it was deallocated) is forgotten and prepared again;
//! when `retry` is set (outside a transaction, where a failed statement
//! took no effect) the call is repeated once, transparently.

use std::future::Future;

use futures_util::TryStreamExt;
use futures_util::future::{join_all, try_join_all};
use orm_core::{Result, Statement, Value};

use crate::connection::PgConn;
use crate::error_class::{classify, is_stale_statement};
use crate::row::PgRow;
use crate::stats::Stats;
use crate::value::params as pg_params;

/// The prepared statement for `sql`, from the connection's cache or
/// prepared now (and cached).
async fn prepare(conn: &PgConn, sql: &str) -> Result<tokio_postgres::Statement> {
    if let Some(statement) = conn.cached(sql) {
        return Ok(statement);
    }
    let statement = conn.client().prepare(sql).await.map_err(classify)?;
    conn.remember(sql, statement.clone());
    Ok(statement)
}

/// Runs `run` with the prepared statement for `sql`, watching the request;
/// a stale cached statement is forgotten and, when `retry`, the call runs
/// once more with a fresh one.
async fn with_statement<T, F, Fut>(
    conn: &PgConn,
    stats: &Stats,
    sql: &str,
    retry: bool,
    mut run: F,
) -> Result<T>
where
    F: FnMut(tokio_postgres::Statement) -> Fut,
    Fut: Future<Output = std::result::Result<T, tokio_postgres::Error>>,
{
    let mut retries_left = usize::from(retry);
    loop {
        let guard = conn.in_flight();
        let result = async {
            let statement = prepare(conn, sql).await?;
            stats.record(1);
            run(statement).await.map_err(classify)
        }
        .await;
        guard.finish();
        conn.observe(&result);
        match result {
            Err(err) if is_stale_statement(&err) => {
                conn.forget(sql);
                if retries_left == 0 {
                    return Err(err);
                }
                retries_left -= 1;
            }
            other => return other,
        }
    }
}

pub(crate) async fn query(
    conn: &PgConn,
    stats: &Stats,
    sql: &str,
    params: &[Value],
    retry: bool,
) -> Result<Vec<PgRow>> {
    with_statement(conn, stats, sql, retry, |statement| async move {
        collect(conn, &statement, params).await
    })
    .await
}

/// Runs a prepared statement and collects its rows.
async fn collect(
    conn: &PgConn,
    statement: &tokio_postgres::Statement,
    params: &[Value],
) -> std::result::Result<Vec<PgRow>, tokio_postgres::Error> {
    let stream = conn
        .client()
        .query_raw(statement, pg_params(params))
        .await?;
    let rows: Vec<tokio_postgres::Row> = stream.try_collect().await?;
    Ok(rows.into_iter().map(PgRow::from).collect())
}

pub(crate) async fn execute(
    conn: &PgConn,
    stats: &Stats,
    sql: &str,
    params: &[Value],
    retry: bool,
) -> Result<u64> {
    with_statement(conn, stats, sql, retry, |statement| async move {
        conn.client()
            .execute_raw(&statement, pg_params(params))
            .await
    })
    .await
}

/// Streams the rows of a statement into `f` as they arrive. A stale
/// statement is retried (when `retry`) only if no row reached `f` yet.
pub(crate) async fn query_each<F>(
    conn: &PgConn,
    stats: &Stats,
    sql: &str,
    params: &[Value],
    retry: bool,
    mut f: F,
) -> Result<()>
where
    F: FnMut(PgRow) -> Result<()> + Send,
{
    let mut retries_left = usize::from(retry);
    loop {
        let mut delivered = false;
        let guard = conn.in_flight();
        let result = async {
            let statement = prepare(conn, sql).await?;
            stats.record(1);
            let stream = conn
                .client()
                .query_raw(&statement, pg_params(params))
                .await
                .map_err(classify)?;
            futures_util::pin_mut!(stream);
            while let Some(row) = stream.try_next().await.map_err(classify)? {
                delivered = true;
                f(PgRow::from(row))?;
            }
            Ok(())
        }
        .await;
        guard.finish();
        conn.observe(&result);
        match result {
            Err(err) if is_stale_statement(&err) => {
                conn.forget(sql);
                if retries_left == 0 || delivered {
                    return Err(err);
                }
                retries_left -= 1;
            }
            other => return other,
        }
    }
}

/// Sends every statement before waiting for any answer: tokio-postgres
/// pipelines requests polled together on one connection. A stale statement
/// is retried (when `retry`) only when every statement of the batch failed,
/// so none took effect twice.
pub(crate) async fn query_pipelined(
    conn: &PgConn,
    stats: &Stats,
    statements: &[Statement<'_>],
    retry: bool,
) -> Result<Vec<Vec<PgRow>>> {
    let mut retries_left = usize::from(retry);
    loop {
        let guard = conn.in_flight();
        let prepared = try_join_all(statements.iter().map(|s| prepare(conn, s.sql))).await;
        let results: Vec<Result<Vec<PgRow>>> = match prepared {
            Ok(prepared) => {
                stats.record(statements.len());
                join_all(
                    prepared
                        .iter()
                        .zip(statements)
                        .map(|(p, s)| collect(conn, p, s.params)),
                )
                .await
                .into_iter()
                .map(|r| r.map_err(classify))
                .collect()
            }
            Err(err) => vec![Err(err)],
        };
        guard.finish();
        results.iter().for_each(|r| conn.observe(r));
        let mut stale = false;
        for (result, statement) in results.iter().zip(statements) {
            if result.as_ref().is_err_and(is_stale_statement) {
                conn.forget(statement.sql);
                stale = true;
            }
        }
        let all_failed = results.iter().all(Result::is_err);
        if stale && all_failed && retries_left > 0 {
            retries_left -= 1;
            continue;
        }
        return results.into_iter().collect();
    }
}

/// Runs SQL text that takes no parameters (DDL, `SET`, several statements
/// separated by semicolons) with the simple query protocol.
pub(crate) async fn batch_execute(conn: &PgConn, stats: &Stats, sql: &str) -> Result<()> {
    batch_execute_counted(conn, stats, sql, 1).await
}

/// [`batch_execute`] for SQL text holding `statements` statements, sent in
/// one round trip (e.g. `BEGIN; LOCK TABLE ...`).
pub(crate) async fn batch_execute_counted(
    conn: &PgConn,
    stats: &Stats,
    sql: &str,
    statements: usize,
) -> Result<()> {
    stats.record(statements);
    let guard = conn.in_flight();
    let result = conn.client().batch_execute(sql).await.map_err(classify);
    guard.finish();
    conn.observe(&result);
    result
}
