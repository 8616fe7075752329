//! Test and example harness (feature `testing`): a real PostgreSQL for every
//! test, with no set-up.
//!
//! - When `DATABASE_URL` is set, that server is used.
//! - Otherwise a throwaway cluster is started from the PostgreSQL binaries
//!   on the machine (`initdb` + `pg_ctl`, on PATH or under
//!   `/usr/lib/postgresql/*/bin`) on a free loopback port with `fsync` off,
//!   once per process, run as the `postgres` user when the process is root,
//!   and torn down (server stopped, directory removed) when the process ends,
//!   however it ends.
//! - Each test gets its own database, named from the test's path, created
//!   from `template0`, dropped when the test passes (kept for inspection when
//!   it fails, and dropped by the next run). Tests run in parallel and never
//!   see each other's rows.
//! - With `ORM_TEST_VIA_PGBOUNCER=1`, every test's pool connects through one
//!   PgBouncer in transaction mode (4 server connections per database) in
//!   front of the server, with [`StatementMode::Unnamed`](crate::StatementMode):
//!   the whole suite run as a deployment behind a pooler would.
//! - Faults, for tests of what a caller sees when things go wrong:
//!   [`TestServer::terminate_backends`] on the shared server (it touches only
//!   the test's own database); [`own_server`] starts a cluster of the test's
//!   own that it may [`restart`](TestServer::restart),
//!   [`stop`](TestServer::stop) and [`start`](TestServer::start) without
//!   disturbing other tests; [`SilentServer`] accepts TCP connections and
//!   never answers.
//!
//! ```no_run
//! use orm_postgres::{Db, Executor};
//!
//! #[orm_postgres::test]
//! async fn counts_rows(db: Db) {
//!     db.batch_execute("CREATE TABLE t (x int); INSERT INTO t VALUES (1)").await.unwrap();
//!     let rows = db.query("SELECT count(*) FROM t", &[]).await.unwrap();
//!     assert_eq!(rows[0].get::<_, i64>(0), 1);
//! }
//! ```

use orm_core::__private::sql;

mod cluster;
mod concurrently;
mod expect;
mod faults;
mod names;
mod pgbouncer;
mod servers;
mod silent;

use std::future::Future;
use std::path::PathBuf;
use std::str::FromStr;
use std::sync::OnceLock;

use orm_core::{Error, Result};

use crate::Db;
use crate::error_class::classify;
use cluster::{Cluster, ClusterSpec};
pub use concurrently::{ConcurrentFailures, TaskFailure, concurrently};
pub use faults::{Backends, own_server};
pub use pgbouncer::Pooler;
pub use servers::{ServerSetup, own_server_with};
pub use silent::SilentServer;

/// The server the harness runs tests against.
#[derive(Debug)]
pub struct TestServer {
    admin: tokio_postgres::Config,
    cluster: Option<Cluster>,
    data_dir: Option<PathBuf>,
    /// True for a cluster from [`own_server`], which a test may restart
    /// and stop.
    own: bool,
}

impl std::fmt::Debug for Cluster {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Cluster").field("port", &self.port).finish()
    }
}

impl TestServer {
    /// True when the server is a throwaway cluster started by this process
    /// (false when `DATABASE_URL` was used).
    pub fn is_throwaway(&self) -> bool {
        self.cluster.is_some()
    }

    /// The throwaway cluster's directory, removed when the process ends.
    pub fn data_dir(&self) -> Option<&std::path::Path> {
        self.data_dir.as_deref()
    }

    /// The TCP port the server listens on.
    pub fn port(&self) -> u16 {
        self.admin.get_ports().first().copied().unwrap_or(5432)
    }

    /// The connection settings for database `name` on this server.
    pub fn config_for(&self, name: &str) -> tokio_postgres::Config {
        let mut config = self.admin.clone();
        config.dbname(name);
        config
    }

    async fn admin_execute(&self, sql: &str) -> Result<()> {
        let (client, connection) = self
            .admin
            .connect(tokio_postgres::NoTls)
            .await
            .map_err(classify)?;
        let task = tokio::spawn(connection);
        let result = client.batch_execute(sql).await.map_err(classify);
        drop(client);
        let _ = task.await;
        result
    }

    /// Creates database `name` afresh (dropping an older one of that name)
    /// and returns a pool connected to it.
    ///
    /// # Errors
    /// The server refused to create the database.
    pub async fn fresh_database(&self, name: &str) -> Result<Db> {
        self.fresh_database_with_pool_size(name, DEFAULT_POOL_SIZE)
            .await
    }

    /// [`TestServer::fresh_database`] with a pool of at most `max_size`
    /// connections.
    ///
    /// # Errors
    /// The server refused to create the database.
    pub async fn fresh_database_with_pool_size(&self, name: &str, max_size: usize) -> Result<Db> {
        self.create_database(name).await?;
        if let Some(pooler) = via_pgbouncer(self)? {
            return Db::builder(&pooler.url_for(name))
                .statement_mode(crate::StatementMode::Unnamed)
                .max_size(max_size)
                .connect()
                .await;
        }
        Db::builder_from_config(self.config_for(name))
            .max_size(max_size)
            .connect()
            .await
    }

    /// Creates database `name` afresh (dropping an older one of that name),
    /// for a test that builds its own pool on it with
    /// `Db::builder_from_config(server.config_for(name))`.
    ///
    /// # Errors
    /// The server refused to create the database.
    pub async fn create_database(&self, name: &str) -> Result<()> {
        self.admin_execute(&sql::drop_database(name)).await?;
        self.admin_execute(&sql::create_database(name)).await
    }

    /// Drops database `name`, closing any connection still open to it.
    ///
    /// # Errors
    /// The server refused.
    pub async fn drop_database(&self, name: &str) -> Result<()> {
        self.admin_execute(&sql::drop_database(name)).await
    }
}

static POOLER: OnceLock<std::result::Result<Pooler, String>> = OnceLock::new();

/// The PgBouncer every test pool goes through when
/// `ORM_TEST_VIA_PGBOUNCER=1` (started on first use, in front of the shared
/// server only).
fn via_pgbouncer(server: &TestServer) -> Result<Option<&'static Pooler>> {
    let wanted = std::env::var("ORM_TEST_VIA_PGBOUNCER").is_ok_and(|v| v == "1");
    if !wanted || server.own {
        return Ok(None);
    }
    POOLER
        .get_or_init(|| Pooler::start_blocking(server, 4).map_err(|e| e.to_string()))
        .as_ref()
        .map(Some)
        .map_err(|m| Error::config(m.clone(), None))
}

static SERVER: OnceLock<std::result::Result<TestServer, String>> = OnceLock::new();

/// The server tests run against: `DATABASE_URL`, or a throwaway cluster
/// started on first use.
///
/// # Errors
/// `DATABASE_URL` does not parse, or no PostgreSQL binaries were found (the
/// message says how to get them), or the cluster failed to start.
pub fn server() -> Result<&'static TestServer> {
    SERVER
        .get_or_init(|| start_server().map_err(|e| e.to_string()))
        .as_ref()
        .map_err(|m| Error::config(m.clone(), None))
}

fn start_server() -> Result<TestServer> {
    if let Some(url) = std::env::var("DATABASE_URL").ok().filter(|u| !u.is_empty()) {
        let admin = tokio_postgres::Config::from_str(&url)
            .map_err(|e| Error::config(format!("DATABASE_URL does not parse: {e}"), None))?;
        return Ok(TestServer {
            admin,
            cluster: None,
            data_dir: None,
            own: false,
        });
    }
    throwaway(false, &ClusterSpec::default())
}

/// Starts a throwaway cluster and describes it. A cluster with its own
/// `pg_hba.conf` is administered over its Unix socket (which that file
/// keeps open), so TCP may be restricted freely.
fn throwaway(own: bool, spec: &ClusterSpec) -> Result<TestServer> {
    let cluster = Cluster::start(spec)?;
    let mut admin = tokio_postgres::Config::new();
    if spec.files.iter().any(|(name, _)| name == "pg_hba.conf") {
        admin.host_path(&cluster.dir);
    } else {
        admin.host("127.0.0.1");
    }
    admin.port(cluster.port).user("postgres").dbname("postgres");
    let data_dir = Some(cluster.dir.clone());
    Ok(TestServer {
        admin,
        cluster: Some(cluster),
        data_dir,
        own,
    })
}

/// A fresh database for an example program, named `orm_example_<name>`.
///
/// Works with and without `DATABASE_URL`, like the tests.
///
/// # Errors
/// As for [`server`] and [`TestServer::fresh_database`].
pub async fn example_database(name: &str) -> Result<Db> {
    let server = tokio::task::spawn_blocking(server)
        .await
        .map_err(|e| Error::config("the harness thread failed", Some(Box::new(e))))??;
    server
        .fresh_database(&names::database_name("orm_example", name))
        .await
}

/// What a test function may return: `()` or a `Result` whose error fails the
/// test.
pub trait TestOutcome {
    /// `Err` with a message when the test failed.
    ///
    /// # Errors
    /// The test returned an error.
    fn into_outcome(self) -> std::result::Result<(), String>;
}

impl TestOutcome for () {
    fn into_outcome(self) -> std::result::Result<(), String> {
        Ok(())
    }
}

impl<E: std::fmt::Debug> TestOutcome for std::result::Result<(), E> {
    fn into_outcome(self) -> std::result::Result<(), String> {
        self.map_err(|e| format!("the test returned an error: {e:?}"))
    }
}

/// Runs one test body on its own database; what `#[orm_postgres::test]`
/// expands to. `path` is the test's module path and name.
///
/// The database is dropped when the test passes and kept when it fails.
pub fn run_test<F, Fut, R>(path: &str, test: F)
where
    F: FnOnce(Db) -> Fut,
    Fut: Future<Output = R>,
    R: TestOutcome,
{
    run_test_with_pool_size(path, DEFAULT_POOL_SIZE, test);
}

/// The most connections a test's pool opens unless the test asks for
/// another size with `#[orm::test(pool_size = N)]`.
pub const DEFAULT_POOL_SIZE: usize = 8;

/// [`run_test`] with a pool of at most `pool_size` connections: what
/// `#[orm_postgres::test(pool_size = N)]` expands to (a test racing more
/// than [`DEFAULT_POOL_SIZE`] transactions at once needs more).
#[allow(clippy::panic, reason = "a failed test is reported by panicking")]
pub fn run_test_with_pool_size<F, Fut, R>(path: &str, pool_size: usize, test: F)
where
    F: FnOnce(Db) -> Fut,
    Fut: Future<Output = R>,
    R: TestOutcome,
{
    let fail = |message: String| -> ! {
        eprintln!("{message}");
        panic!("{message}");
    };
    let server = server().unwrap_or_else(|e| fail(e.to_string()));
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap_or_else(|e| fail(format!("cannot build a tokio runtime: {e}")));
    let name = names::database_name("orm_t", path);
    let outcome = runtime.block_on(async {
        let db = server
            .fresh_database_with_pool_size(&name, pool_size)
            .await
            .map_err(|e| format!("cannot create the test database `{name}`: {e}"))?;
        test(db.clone()).await.into_outcome()?;
        db.close();
        drop(db);
        server
            .drop_database(&name)
            .await
            .map_err(|e| format!("cannot drop the test database `{name}`: {e}"))
    });
    if let Err(message) = outcome {
        fail(message);
    }
}
