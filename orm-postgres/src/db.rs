//! [`Db`]: the connection pool every query runs on.

use std::str::FromStr;
use std::time::Duration;

use deadpool::Runtime;
use orm_core::{Error, Executor, Result, Statement, Value};

use crate::client;
use crate::connection::{ConnSettings, PgManager, Pool, Pooled};
use crate::error_class::classify_pool;
use crate::row::PgRow;
use crate::stats::Stats;

/// A pool of PostgreSQL connections (deadpool over tokio-postgres).
///
/// Cloning is cheap and shares the pool. Every statement is prepared once per
/// connection and cached (the most recently used
/// [`DbBuilder::statement_cache_size`] of them), and is counted (see
/// [`Db::statements_sent`]).
///
/// A connection that saw the connection or the server go away is never
/// handed out again; a statement whose future is dropped before it finished
/// is cancelled on the server, and its connection is reused only once idle
/// again. `docs/reliability.md` describes what each fault does to a caller.
///
/// ```no_run
/// # async fn demo() -> orm_core::Result<()> {
/// use orm_postgres::{Db, Executor};
///
/// let db = Db::connect("postgres://postgres@localhost/app").await?;
/// let rows = db.query("SELECT $1::int + 1", &[41i32.into()]).await?;
/// let answer: i32 = rows[0].get(0);
/// assert_eq!(answer, 42);
/// # Ok(()) }
/// ```
#[derive(Clone)]
pub struct Db {
    pool: Pool,
    stats: Stats,
}

impl std::fmt::Debug for Db {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let status = self.pool.status();
        f.debug_struct("Db")
            .field("max_size", &status.max_size)
            .field("size", &status.size)
            .field("available", &status.available)
            .finish()
    }
}

/// Options for a [`Db`]; start with [`Db::builder`].
#[derive(Debug, Clone)]
pub struct DbBuilder {
    config: std::result::Result<tokio_postgres::Config, String>,
    max_size: usize,
    wait_timeout: Option<Duration>,
    connect_timeout: Option<Duration>,
    statement_cache_size: usize,
    cancel_timeout: Duration,
}

impl DbBuilder {
    /// The most connections the pool opens at once (default: 16).
    pub fn max_size(mut self, max_size: usize) -> Self {
        self.max_size = max_size.max(1);
        self
    }

    /// How long a checkout waits for a free connection before failing with a
    /// pool-timeout error ([`Error::is_pool_timeout`]); `None` waits forever.
    /// Default: 30 seconds.
    pub fn wait_timeout(mut self, timeout: Option<Duration>) -> Self {
        self.wait_timeout = timeout;
        self
    }

    /// How long opening a new connection may take, from the TCP connect to
    /// the server's first `ReadyForQuery`; `None` waits forever. A connect
    /// that takes longer fails with [`Error::is_connection`] and
    /// [`Error::is_connect_timeout`] (not [`Error::is_pool_timeout`]).
    /// Default: 10 seconds.
    pub fn connect_timeout(mut self, timeout: Option<Duration>) -> Self {
        self.connect_timeout = timeout;
        self
    }

    /// How many prepared statements each connection keeps (default: 100).
    /// When full, the least recently used one is closed on the server; 0
    /// prepares every statement afresh.
    pub fn statement_cache_size(mut self, size: usize) -> Self {
        self.statement_cache_size = size;
        self
    }

    /// The bound on cleaning up after a statement whose future was dropped
    /// before it finished (a `tokio::time::timeout`, an aborted task): the
    /// cancel request plus the wait until the connection is idle again.
    /// When it takes longer the connection is closed instead of reused.
    /// Default: 5 seconds.
    pub fn cancel_timeout(mut self, timeout: Duration) -> Self {
        self.cancel_timeout = timeout;
        self
    }

    /// Builds the pool without opening a connection.
    ///
    /// # Errors
    /// The URL did not parse.
    pub fn build(self) -> Result<Db> {
        let mut config = self.config.map_err(|m| Error::config(m, None))?;
        if let Some(t) = self.connect_timeout {
            config.connect_timeout(t);
        }
        let manager = PgManager::new(ConnSettings {
            config,
            statement_cache_size: self.statement_cache_size,
            cancel_timeout: self.cancel_timeout,
        });
        let pool = Pool::builder(manager)
            .max_size(self.max_size)
            .wait_timeout(self.wait_timeout)
            .create_timeout(self.connect_timeout)
            .runtime(Runtime::Tokio1)
            .build()
            .map_err(|e| Error::config("cannot build the connection pool", Some(Box::new(e))))?;
        Ok(Db {
            pool,
            stats: Stats::default(),
        })
    }

    /// Builds the pool and opens one connection to check the server answers.
    ///
    /// # Errors
    /// The URL did not parse or the server could not be reached.
    pub async fn connect(self) -> Result<Db> {
        let db = self.build()?;
        drop(db.connection().await?);
        Ok(db)
    }
}

impl Db {
    /// Options for a pool connecting to `url`
    /// (`postgres://user:password@host:port/dbname`).
    pub fn builder(url: &str) -> DbBuilder {
        let config = tokio_postgres::Config::from_str(url)
            .map_err(|e| format!("cannot parse the database URL: {e}"));
        DbBuilder {
            config,
            max_size: 16,
            wait_timeout: Some(Duration::from_secs(30)),
            connect_timeout: Some(Duration::from_secs(10)),
            statement_cache_size: 100,
            cancel_timeout: Duration::from_secs(5),
        }
    }

    /// Options for a pool built from an already parsed tokio-postgres config.
    pub fn builder_from_config(config: tokio_postgres::Config) -> DbBuilder {
        DbBuilder {
            config: Ok(config),
            ..Db::builder("")
        }
    }

    /// Connects to `url` with default options and checks that the server
    /// answers.
    ///
    /// # Errors
    /// The URL did not parse or the server could not be reached.
    pub async fn connect(url: &str) -> Result<Db> {
        Db::builder(url).connect().await
    }

    /// Checks a connection out of the pool.
    pub(crate) async fn connection(&self) -> Result<Pooled> {
        self.pool
            .get()
            .await
            .map(Pooled::new)
            .map_err(classify_pool)
    }

    /// The connection settings the pool opens connections with.
    #[cfg(feature = "testing")]
    pub(crate) fn config(&self) -> &tokio_postgres::Config {
        self.pool.manager().config()
    }

    /// The counters shared with transactions begun on this pool.
    pub(crate) fn stats(&self) -> &Stats {
        &self.stats
    }

    /// How many statements this pool (and transactions begun on it) has sent
    /// since it was built. Preparing a statement is not counted; a pipelined
    /// batch counts each of its statements.
    ///
    /// Tests use it as Django's `assertNumQueries`: read it before and after.
    pub fn statements_sent(&self) -> u64 {
        self.stats.statements()
    }

    /// How many exchanges with the server this pool has made: a pipelined
    /// batch of statements counts once.
    pub fn round_trips(&self) -> u64 {
        self.stats.round_trips()
    }

    /// Runs SQL that takes no parameters (DDL, several statements separated
    /// by semicolons) with the simple query protocol.
    ///
    /// # Errors
    /// The database rejected a statement.
    pub async fn batch_execute(&self, sql: &str) -> Result<()> {
        let conn = self.connection().await?;
        client::batch_execute(conn.conn()?, &self.stats, sql).await
    }

    /// Closes the pool: no new checkouts, idle connections are closed.
    pub fn close(&self) {
        self.pool.close();
    }

    /// The pool's current size and idle connection count.
    pub fn pool_status(&self) -> PoolStatus {
        let s = self.pool.status();
        PoolStatus {
            max_size: s.max_size,
            size: s.size,
            available: s.available,
        }
    }
}

/// A snapshot of a pool's occupancy, from [`Db::pool_status`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub struct PoolStatus {
    /// The most connections the pool opens.
    pub max_size: usize,
    /// Connections open now.
    pub size: usize,
    /// Connections open and idle now.
    pub available: usize,
}

impl Executor for Db {
    type Row = PgRow;

    async fn query(&self, sql: &str, params: &[Value]) -> Result<Vec<PgRow>> {
        let conn = self.connection().await?;
        client::query(conn.conn()?, &self.stats, sql, params, true).await
    }

    async fn query_each<F>(&self, sql: &str, params: &[Value], f: F) -> Result<()>
    where
        F: FnMut(PgRow) -> Result<()> + Send,
    {
        let conn = self.connection().await?;
        client::query_each(conn.conn()?, &self.stats, sql, params, true, f).await
    }

    async fn execute(&self, sql: &str, params: &[Value]) -> Result<u64> {
        let conn = self.connection().await?;
        client::execute(conn.conn()?, &self.stats, sql, params, true).await
    }

    async fn query_pipelined(&self, statements: &[Statement<'_>]) -> Result<Vec<Vec<PgRow>>> {
        let conn = self.connection().await?;
        client::query_pipelined(conn.conn()?, &self.stats, statements, true).await
    }

    fn in_transaction(&self) -> bool {
        false
    }
}
