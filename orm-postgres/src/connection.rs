//! The pooled connection ([`PgConn`]): a tokio-postgres client with its
//! statement cache, its cancel token and its health; the pool's manager; and
//! the one decision whether a connection goes back to the pool
//! ([`PgConn::fate`], applied by [`give_back`] and by the pool's recycle
//! check).

use std::sync::atomic::{AtomicU8, Ordering};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::time::Duration;

use deadpool::managed::{self, Metrics, RecycleError, RecycleResult};
use orm_core::{Error, Result};
use tokio::io::AsyncReadExt;
use tokio_postgres::config::Host;
use tokio_postgres::{CancelToken, Client, NoTls, Statement};

use crate::error_class::classify;
use crate::statement_cache::StatementCache;

/// The pool type [`Db`](crate::Db) holds.
pub(crate) type Pool = managed::Pool<PgManager>;
/// A connection checked out of the pool; dropping it returns it as is.
pub(crate) type Object = managed::Object<PgManager>;

/// What every connection of one pool shares.
pub(crate) struct ConnSettings {
    pub(crate) config: tokio_postgres::Config,
    pub(crate) statement_cache_size: usize,
    /// The bound on cancelling a statement cut short and waiting for the
    /// connection to be idle again.
    pub(crate) cancel_timeout: Duration,
}

const HEALTHY: u8 = 0;
/// A statement's future was dropped while the server may still be running
/// it: cancel it and wait for the connection to be idle before reuse.
const INTERRUPTED: u8 = 1;
/// The connection saw a connection-class error or could not be settled:
/// never reuse it.
const BROKEN: u8 = 2;

/// One connection of the pool.
pub(crate) struct PgConn {
    client: Client,
    cancel: CancelToken,
    cache: Mutex<StatementCache>,
    health: AtomicU8,
    settings: Arc<ConnSettings>,
}

/// How [`PgConn::settle`] proves the connection idle.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Drain {
    /// An empty query: for a connection inside a transaction that goes on.
    KeepTransaction,
    /// `ROLLBACK`: for a connection going back to the pool, so a statement
    /// cut short between a `BEGIN` and its `COMMIT` cannot leave a
    /// transaction open for the next user.
    EndTransaction,
}

/// What happens to a connection that comes back from a user.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Fate {
    /// Idle and healthy: back to the pool.
    Reuse,
    /// A statement may still be running: cancel it, wait until idle, then
    /// back to the pool (or discard when that fails or times out).
    Settle,
    /// Closed or broken: out of the pool for good.
    Discard,
}

impl PgConn {
    pub(crate) fn client(&self) -> &Client {
        &self.client
    }

    fn cache(&self) -> MutexGuard<'_, StatementCache> {
        self.cache.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// The cached statement for `sql`, if any.
    pub(crate) fn cached(&self, sql: &str) -> Option<Statement> {
        self.cache().get(sql)
    }

    /// Caches `statement`; an evicted statement is dropped here, which
    /// closes it on the server.
    pub(crate) fn remember(&self, sql: &str, statement: Statement) {
        let evicted = self.cache().insert(sql, statement);
        drop(evicted);
    }

    /// Forgets the statement for `sql` so the next use prepares it again.
    pub(crate) fn forget(&self, sql: &str) {
        let removed = self.cache().remove(sql);
        drop(removed);
    }

    /// Marks a request as sent; dropping the guard before
    /// [`InFlight::finish`] marks the connection interrupted.
    pub(crate) fn in_flight(&self) -> InFlight<'_> {
        InFlight {
            conn: self,
            armed: true,
        }
    }

    /// Remembers a connection-class error: the connection is never reused.
    pub(crate) fn observe<T>(&self, result: &Result<T>) {
        if let Err(err) = result {
            if err.is_connection() {
                self.mark_broken();
            }
        }
    }

    pub(crate) fn mark_broken(&self) {
        self.health.store(BROKEN, Ordering::SeqCst);
    }

    /// True when a statement was cut short and the connection has not been
    /// settled since.
    pub(crate) fn is_interrupted(&self) -> bool {
        self.health.load(Ordering::SeqCst) == INTERRUPTED
    }

    /// The one decision whether this connection may serve another caller.
    pub(crate) fn fate(&self) -> Fate {
        if self.client.is_closed() {
            return Fate::Discard;
        }
        match self.health.load(Ordering::SeqCst) {
            HEALTHY => Fate::Reuse,
            INTERRUPTED => Fate::Settle,
            _ => Fate::Discard,
        }
    }

    /// Brings the connection back to idle: when a statement was cut short,
    /// sends the server a cancel request for it and waits until the
    /// connection answers again, all within the pool's cancel timeout.
    /// True when the connection is idle and healthy; false (and marked
    /// broken) otherwise.
    pub(crate) async fn settle(&self, drain: Drain) -> bool {
        match self.fate() {
            Fate::Reuse => return true,
            Fate::Discard => return false,
            Fate::Settle => {}
        }
        let settled =
            tokio::time::timeout(self.settings.cancel_timeout, self.cancel_and_drain(drain))
                .await
                .unwrap_or(false);
        if settled {
            let _ = self.health.compare_exchange(
                INTERRUPTED,
                HEALTHY,
                Ordering::SeqCst,
                Ordering::SeqCst,
            );
        } else {
            self.mark_broken();
        }
        settled && self.fate() == Fate::Reuse
    }

    async fn cancel_and_drain(&self, drain: Drain) -> bool {
        if send_cancel(&self.cancel, &self.settings.config)
            .await
            .is_err()
        {
            return false;
        }
        // The drain queues behind whatever still runs and answers once the
        // connection is idle. The cancel may land on it instead of on the
        // statement it was meant for (which had just ended): then ask once
        // more.
        let sql = match drain {
            Drain::KeepTransaction => "",
            Drain::EndTransaction => "ROLLBACK",
        };
        for _ in 0..2 {
            match self.client.batch_execute(sql).await.map_err(classify) {
                Ok(()) => return true,
                Err(err) if err.is_query_canceled() => continue,
                Err(_) => return false,
            }
        }
        false
    }
}

/// Sends the cancel request for `token`'s session and waits until the
/// server has acted on it (it closes the socket once it has signalled the
/// backend), so the cancel cannot land on a later statement.
async fn send_cancel(token: &CancelToken, config: &tokio_postgres::Config) -> std::io::Result<()> {
    let port = config.get_ports().first().copied().unwrap_or(5432);
    let io = std::io::Error::other;
    if let Some(addr) = config.get_hostaddrs().first() {
        let mut stream = tokio::net::TcpStream::connect((*addr, port)).await?;
        token
            .cancel_query_raw(&mut stream, NoTls)
            .await
            .map_err(io)?;
        return wait_for_close(&mut stream).await;
    }
    match config.get_hosts().first() {
        Some(Host::Tcp(host)) => {
            let mut stream = tokio::net::TcpStream::connect((host.as_str(), port)).await?;
            token
                .cancel_query_raw(&mut stream, NoTls)
                .await
                .map_err(io)?;
            wait_for_close(&mut stream).await
        }
        #[cfg(unix)]
        Some(Host::Unix(dir)) => {
            let path = dir.join(format!(".s.PGSQL.{port}"));
            let mut stream = tokio::net::UnixStream::connect(path).await?;
            token
                .cancel_query_raw(&mut stream, NoTls)
                .await
                .map_err(io)?;
            wait_for_close(&mut stream).await
        }
        _ => token.cancel_query(NoTls).await.map_err(io),
    }
}

async fn wait_for_close<S: tokio::io::AsyncRead + Unpin>(stream: &mut S) -> std::io::Result<()> {
    let mut buf = [0u8; 64];
    loop {
        match stream.read(&mut buf).await {
            Ok(0) | Err(_) => return Ok(()),
            Ok(_) => {}
        }
    }
}

/// A request in flight on a connection; see [`PgConn::in_flight`].
pub(crate) struct InFlight<'a> {
    conn: &'a PgConn,
    armed: bool,
}

impl InFlight<'_> {
    /// The answer arrived: the connection is idle again.
    pub(crate) fn finish(mut self) {
        self.armed = false;
    }
}

impl Drop for InFlight<'_> {
    fn drop(&mut self) {
        if self.armed {
            // Cut short (its future was dropped): the server may still be
            // running the statement. A broken connection stays broken.
            let _ = self.conn.health.compare_exchange(
                HEALTHY,
                INTERRUPTED,
                Ordering::SeqCst,
                Ordering::SeqCst,
            );
        }
    }
}

/// Returns a connection to the pool, or not, as [`PgConn::fate`] decides: a
/// connection cut short in a statement is settled on a spawned task first,
/// so no caller waits for it or gets it before it is idle.
pub(crate) fn give_back(object: Object) {
    match object.fate() {
        Fate::Reuse => drop(object),
        Fate::Discard => drop(Object::take(object)),
        Fate::Settle => match tokio::runtime::Handle::try_current() {
            Ok(runtime) => {
                runtime.spawn(async move {
                    if object.settle(Drain::EndTransaction).await {
                        drop(object);
                    } else {
                        drop(Object::take(object));
                    }
                });
            }
            Err(_) => drop(Object::take(object)),
        },
    }
}

/// A connection checked out for one call on a [`Db`](crate::Db); dropping
/// it hands it to [`give_back`].
pub(crate) struct Pooled(Option<Object>);

impl Pooled {
    pub(crate) fn new(object: Object) -> Self {
        Pooled(Some(object))
    }

    pub(crate) fn conn(&self) -> Result<&PgConn> {
        match &self.0 {
            Some(object) => Ok(object),
            None => Err(Error::invalid_input("the connection was already returned")),
        }
    }

    /// The checked-out object, no longer returned on drop.
    pub(crate) fn into_object(mut self) -> Option<Object> {
        self.0.take()
    }
}

impl Drop for Pooled {
    fn drop(&mut self) {
        if let Some(object) = self.0.take() {
            give_back(object);
        }
    }
}

/// Opens connections for the pool and checks them before reuse.
pub(crate) struct PgManager {
    settings: Arc<ConnSettings>,
}

impl PgManager {
    pub(crate) fn new(settings: ConnSettings) -> Self {
        PgManager {
            settings: Arc::new(settings),
        }
    }

    #[cfg(feature = "testing")]
    pub(crate) fn config(&self) -> &tokio_postgres::Config {
        &self.settings.config
    }
}

impl managed::Manager for PgManager {
    type Type = PgConn;
    type Error = tokio_postgres::Error;

    async fn create(&self) -> std::result::Result<PgConn, tokio_postgres::Error> {
        let (client, connection) = self.settings.config.connect(NoTls).await?;
        // The connection task ends when the server closes the socket or
        // the client is dropped; its error, if any, reaches the caller
        // through the client.
        tokio::spawn(connection);
        Ok(PgConn {
            cancel: client.cancel_token(),
            client,
            cache: Mutex::new(StatementCache::new(self.settings.statement_cache_size)),
            health: AtomicU8::new(HEALTHY),
            settings: Arc::clone(&self.settings),
        })
    }

    async fn recycle(
        &self,
        conn: &mut PgConn,
        _: &Metrics,
    ) -> RecycleResult<tokio_postgres::Error> {
        if conn.settle(Drain::EndTransaction).await {
            Ok(())
        } else {
            Err(RecycleError::message("the connection is closed or broken"))
        }
    }
}
