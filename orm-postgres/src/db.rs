//! [`Db`]: the connection pool every query runs on.

use std::str::FromStr;
use std::sync::Arc;
use std::time::Duration;

use deadpool::Runtime;
use orm_core::{Error, Executor, Result, Statement, Value};

use crate::client;
use crate::connection::{ConnSettings, PgManager, Pool, Pooled};
use crate::error_class::classify_pool;
use crate::replicas::{self, CausalToken, Replica, Replicas, Route};
use crate::row::PgRow;
use crate::statement_mode::{self, StatementMode};
use crate::stats::Stats;
use crate::tls::{Connector, SslMode, TlsOptions};
use crate::trace;
use crate::url_options::{self, UrlOptions};
use tracing::Instrument;

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
    statement_mode: StatementMode,
    replicas: Option<Arc<Replicas>>,
    route: Route,
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
    tls: TlsOptions,
    statement_mode: StatementMode,
    slow_statement: Option<Duration>,
    replicas: Vec<std::result::Result<(tokio_postgres::Config, UrlOptions), String>>,
    max_replica_lag: Option<Duration>,
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

    /// How much TLS connections demand (the URL's `sslmode`, which this
    /// overrides). Default: [`SslMode::Prefer`].
    pub fn ssl_mode(mut self, mode: SslMode) -> Self {
        self.tls.mode = mode;
        self
    }

    /// The certificates a verifying [`SslMode`] trusts, instead of the
    /// URL's `sslrootcert`.
    #[cfg(feature = "rustls")]
    pub fn tls_root_store(mut self, roots: rustls::RootCertStore) -> Self {
        self.tls.roots = Some(roots);
        self
    }

    /// A complete rustls client configuration (client certificates, pinned
    /// keys, other protocol versions): used as given for every TLS
    /// connection; the [`SslMode`] still decides whether TLS is tried or
    /// required.
    #[cfg(feature = "rustls")]
    pub fn tls_config(mut self, config: std::sync::Arc<rustls::ClientConfig>) -> Self {
        self.tls.client_config = Some(config);
        self
    }

    /// How statements are sent (the URL's `statement_mode`, which this
    /// overrides): [`StatementMode::Unnamed`] behind a transaction-mode
    /// pooler such as PgBouncer. Default: [`StatementMode::Prepared`].
    pub fn statement_mode(mut self, mode: StatementMode) -> Self {
        self.statement_mode = mode;
        self
    }

    /// Statements (on the pool or in its transactions) that take at least
    /// this long, from checkout to the last row, are reported with a
    /// `tracing` warning (target `orm_postgres`, message `slow statement`,
    /// the SQL text without values); `None` turns it off. Default: 1 second.
    pub fn slow_statement_threshold(mut self, threshold: Option<Duration>) -> Self {
        self.slow_statement = threshold;
        self
    }

    /// Adds a read replica at `url` (options as for [`Db::builder`]; pool
    /// settings as for the primary). The ORM's plain reads (`all`, `first`,
    /// `count`, `exists`, prefetch queries) on the built [`Db`] go to a
    /// replica, taking turns; everything else (writes, transactions, locks,
    /// raw statements, `get`) goes to the primary. A replica that fails with
    /// a connection error is skipped for 5 seconds and the read goes to
    /// another replica or the primary; see [`Db::after`] for reading your
    /// own writes.
    pub fn replica(mut self, url: &str) -> Self {
        self.replicas.push(parse_url(url));
        self
    }

    /// Skips a replica whose replay lags more than `max` behind (the age
    /// of its last replayed transaction while it has received WAL it has
    /// not replayed yet). The lag is read from the replica at most every
    /// 250 ms. Default: no bound.
    pub fn max_replica_lag(mut self, max: Option<Duration>) -> Self {
        self.max_replica_lag = max;
        self
    }

    /// Builds the pool without opening a connection.
    ///
    /// # Errors
    /// The URL did not parse, or the TLS settings cannot be met (a TLS mode
    /// without the `rustls` feature, an unreadable `sslrootcert`, a
    /// verifying mode without root certificates).
    pub fn build(self) -> Result<Db> {
        let replicas = self.build_replicas()?;
        let mut config = self.config.map_err(|m| Error::config(m, None))?;
        if let Some(t) = self.connect_timeout {
            config.connect_timeout(t);
        }
        let connector = Connector::new(&self.tls, &mut config)?;
        let manager = PgManager::new(ConnSettings {
            config,
            connector,
            statement_cache_size: self.statement_cache_size,
            cancel_timeout: self.cancel_timeout,
            statement_mode: self.statement_mode,
            param_types: Default::default(),
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
            stats: Stats::new(self.slow_statement),
            statement_mode: self.statement_mode,
            replicas,
            route: Route::Replicas,
        })
    }

    fn build_replicas(&self) -> Result<Option<Arc<Replicas>>> {
        if self.replicas.is_empty() {
            return Ok(None);
        }
        let mut members = Vec::with_capacity(self.replicas.len());
        for parsed in &self.replicas {
            let (config, options) = parsed.clone().map_err(|m| Error::config(m, None))?;
            let mut builder = self.clone();
            builder.replicas = Vec::new();
            builder.config = Ok(config);
            if let Some(mode) = options.ssl_mode {
                builder.tls.mode = mode;
            }
            if options.ssl_root_cert.is_some() {
                builder.tls.root_cert = options.ssl_root_cert;
            }
            if let Some(mode) = options.statement_mode {
                builder.statement_mode = mode;
            }
            members.push(builder.build()?);
        }
        Ok(Some(Arc::new(Replicas::new(members, self.max_replica_lag))))
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
    /// (`postgres://user:password@host:port/dbname?option=value`, or
    /// `key=value` pairs).
    ///
    /// Besides tokio-postgres's options the URL may say `sslmode`
    /// (`disable`, `prefer`, `require`, `verify-ca`, `verify-full`; see
    /// [`SslMode`]), `sslrootcert` (a PEM file of trusted roots, or
    /// `system`) and `statement_mode` (`prepared` or `unnamed`; see
    /// [`StatementMode`]).
    pub fn builder(url: &str) -> DbBuilder {
        let (config, options) = match parse_url(url) {
            Ok((config, options)) => (Ok(config), options),
            Err(e) => (Err(e), UrlOptions::default()),
        };
        DbBuilder {
            config,
            max_size: 16,
            wait_timeout: Some(Duration::from_secs(30)),
            connect_timeout: Some(Duration::from_secs(10)),
            statement_cache_size: 100,
            cancel_timeout: Duration::from_secs(5),
            #[allow(
                clippy::needless_update,
                reason = "the rustls feature adds fields to TlsOptions"
            )]
            tls: TlsOptions {
                mode: options.ssl_mode.unwrap_or_default(),
                root_cert: options.ssl_root_cert,
                ..TlsOptions::default()
            },
            statement_mode: options.statement_mode.unwrap_or_default(),
            slow_statement: Some(Duration::from_secs(1)),
            replicas: Vec::new(),
            max_replica_lag: None,
        }
    }

    /// Options for a pool built from an already parsed tokio-postgres
    /// config. Its `ssl_mode` is replaced by [`DbBuilder::ssl_mode`]
    /// (default [`SslMode::Prefer`]).
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
    /// The database rejected a statement; or, in
    /// [`StatementMode::Unnamed`], the text starts with a command that
    /// changes session state (`SET`, `RESET`, `LISTEN`, `PREPARE`, a session
    /// advisory lock), which a transaction-mode pooler would leave on an
    /// arbitrary server connection ([`Error::is_unsupported`]; use
    /// `SET LOCAL` inside a transaction).
    pub async fn batch_execute(&self, sql: &str) -> Result<()> {
        self.check_session_state(sql)?;
        let conn = self.connection().await?;
        client::batch_execute(conn.conn()?, &self.stats, sql).await
    }

    /// Refuses session-level commands outside a transaction in unnamed
    /// mode; see [`Db::batch_execute`].
    fn check_session_state(&self, sql: &str) -> Result<()> {
        if self.statement_mode != StatementMode::Unnamed {
            return Ok(());
        }
        match statement_mode::session_command(sql) {
            Some(command) => Err(Error::unsupported(format!(
                "{command} outside a transaction changes session state, which a \
                 transaction-mode pooler (statement_mode=unnamed) leaves on an arbitrary \
                 server connection; run it inside a transaction (SET LOCAL, \
                 pg_advisory_xact_lock)"
            ))),
            None => Ok(()),
        }
    }

    /// Closes the pool (and the replicas' pools): no new checkouts, idle
    /// connections are closed.
    pub fn close(&self) {
        self.pool.close();
        if let Some(replicas) = &self.replicas {
            replicas.close();
        }
    }

    /// This pool with every read pinned to the primary: for a read that
    /// must see the latest writes at any cost, or that a replica cannot
    /// serve.
    pub fn on_primary(&self) -> Db {
        Db {
            route: Route::Primary,
            ..self.clone()
        }
    }

    /// This pool with plain reads sent only to a replica that has replayed
    /// the primary's log up to `token` (else to the primary): the reads see
    /// every write committed before the token was taken. Costs one round
    /// trip on a replica whose known position is behind the token, none
    /// once it is past it.
    pub fn after(&self, token: &CausalToken) -> Db {
        Db {
            route: Route::After(token.lsn()),
            ..self.clone()
        }
    }

    /// The pool of replica `index` (in the order they were added), to run
    /// something on that replica explicitly.
    pub fn replica(&self, index: usize) -> Option<Db> {
        self.replicas.as_ref()?.get(index).cloned()
    }

    /// The primary's current WAL position, to read your own writes from
    /// replicas: take it after a write (or a transaction's commit) and read
    /// through [`Db::after`]. One round trip on the primary; only callers
    /// who ask pay it.
    ///
    /// # Errors
    /// The primary could not be reached.
    pub async fn causal_token(&self) -> Result<CausalToken> {
        replicas::primary_position(&self.on_primary()).await
    }

    /// The pool's state now: size, idle connections, callers waiting. Cheap
    /// (no lock held), so a metrics exporter may read it at any time.
    pub fn pool_status(&self) -> PoolStatus {
        let s = self.pool.status();
        PoolStatus {
            max_size: s.max_size,
            size: s.size,
            available: s.available,
            waiting: s.waiting,
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
    /// Callers waiting for a connection now.
    pub waiting: usize,
}

impl Executor for Db {
    type Row = PgRow;

    async fn query(&self, sql: &str, params: &[Value]) -> Result<Vec<PgRow>> {
        self.check_session_state(sql)?;
        let mut t = trace::statement(sql, 1, None, self.stats.slow());
        let span = t.span().clone();
        let result = async {
            let conn = self.connection().await?;
            t.checked_out();
            client::query(conn.conn()?, &self.stats, sql, params, true).await
        }
        .instrument(span)
        .await;
        let rows = result.as_ref().map_or(0, Vec::len);
        t.finish(sql, &result, rows, 1);
        result
    }

    async fn query_each<F>(&self, sql: &str, params: &[Value], f: F) -> Result<()>
    where
        F: FnMut(PgRow) -> Result<()> + Send,
    {
        let mut t = trace::statement(sql, 1, None, self.stats.slow());
        let mut rows = 0;
        let mut f = f;
        let span = t.span().clone();
        let result = async {
            let conn = self.connection().await?;
            t.checked_out();
            let counted = |row: PgRow| {
                rows += 1;
                f(row)
            };
            client::query_each(conn.conn()?, &self.stats, sql, params, true, counted).await
        }
        .instrument(span)
        .await;
        t.finish(sql, &result, rows, 1);
        result
    }

    async fn execute(&self, sql: &str, params: &[Value]) -> Result<u64> {
        self.check_session_state(sql)?;
        let mut t = trace::statement(sql, 1, None, self.stats.slow());
        let span = t.span().clone();
        let result = async {
            let conn = self.connection().await?;
            t.checked_out();
            client::execute(conn.conn()?, &self.stats, sql, params, true).await
        }
        .instrument(span)
        .await;
        let rows = result
            .as_ref()
            .map_or(0, |n| usize::try_from(*n).unwrap_or(usize::MAX));
        t.finish(sql, &result, rows, 1);
        result
    }

    async fn query_pipelined(&self, statements: &[Statement<'_>]) -> Result<Vec<Vec<PgRow>>> {
        let sql = statements.first().map_or("", |s| s.sql);
        let mut t = trace::statement(sql, statements.len(), None, self.stats.slow());
        let span = t.span().clone();
        let result = async {
            let conn = self.connection().await?;
            t.checked_out();
            client::query_pipelined(conn.conn()?, &self.stats, statements, true).await
        }
        .instrument(span)
        .await;
        let rows = result.as_ref().map_or(0, |r| r.iter().map(Vec::len).sum());
        t.finish(sql, &result, rows, 1);
        result
    }

    fn in_transaction(&self) -> bool {
        false
    }

    async fn read_query(&self, sql: &str, params: &[Value]) -> Result<Vec<PgRow>> {
        if let Some(replica) = self.read_replica().await {
            match replica.db.query(sql, params).await {
                Err(e) if e.is_connection() || e.is_pool_timeout() => replica.mark_down(),
                other => return other,
            }
        }
        self.query(sql, params).await
    }

    async fn read_query_each<F>(&self, sql: &str, params: &[Value], mut f: F) -> Result<()>
    where
        F: FnMut(PgRow) -> Result<()> + Send,
    {
        if let Some(replica) = self.read_replica().await {
            let mut delivered = false;
            let result = {
                let counted = |row: PgRow| {
                    delivered = true;
                    f(row)
                };
                replica.db.query_each(sql, params, counted).await
            };
            match result {
                // Retried on the primary only when no row was handed out.
                Err(e) if !delivered && (e.is_connection() || e.is_pool_timeout()) => {
                    replica.mark_down();
                }
                other => return other,
            }
        }
        self.query_each(sql, params, f).await
    }

    async fn read_pipelined(&self, statements: &[Statement<'_>]) -> Result<Vec<Vec<PgRow>>> {
        if let Some(replica) = self.read_replica().await {
            match replica.db.query_pipelined(statements).await {
                Err(e) if e.is_connection() || e.is_pool_timeout() => replica.mark_down(),
                other => return other,
            }
        }
        self.query_pipelined(statements).await
    }
}

impl Db {
    /// The replica a plain read goes to, if any.
    async fn read_replica(&self) -> Option<&Replica> {
        self.replicas.as_ref()?.pick(self.route).await
    }
}

/// Splits the ORM's options out of `url` and parses the rest.
fn parse_url(url: &str) -> std::result::Result<(tokio_postgres::Config, UrlOptions), String> {
    let (rest, options) =
        url_options::split(url).map_err(|e| format!("cannot parse the database URL: {e}"))?;
    let config = tokio_postgres::Config::from_str(&rest)
        .map_err(|e| format!("cannot parse the database URL: {e}"))?;
    Ok((config, options))
}
