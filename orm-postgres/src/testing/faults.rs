//! Faults a test can do to a server, as an operator would: terminate
//! backends (on any server, touching only one database), and restart, stop
//! and start a cluster of the test's own ([`own_server`]).

use std::time::Duration;

use orm_core::{Error, Result};

use super::{TestServer, throwaway};
use crate::Db;
use crate::error_class::classify;

/// Which backends [`TestServer::terminate_backends`] ends.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Backends {
    /// Every session connected to the database.
    All,
    /// Sessions waiting for their next statement (`state = 'idle'`).
    Idle,
    /// Sessions running a statement (`state = 'active'`).
    Active,
}

/// Starts a throwaway cluster of the caller's own (`initdb` + `pg_ctl
/// start`, as for the shared one), which the caller may
/// [`restart`](TestServer::restart), [`stop`](TestServer::stop) and
/// [`start`](TestServer::start) without disturbing other tests. It is torn
/// down when the returned value is dropped, or when the process ends.
///
/// Needs the PostgreSQL binaries even when `DATABASE_URL` is set.
///
/// # Errors
/// No binaries were found, or the cluster failed to start.
pub async fn own_server() -> Result<TestServer> {
    tokio::task::spawn_blocking(|| throwaway(true))
        .await
        .map_err(|e| Error::config("the harness thread failed", Some(Box::new(e))))?
}

impl TestServer {
    /// The name of the database `db` connects to.
    fn database_of(db: &Db) -> Result<String> {
        db.config()
            .get_dbname()
            .map(str::to_owned)
            .ok_or_else(|| Error::invalid_input("the pool names no database"))
    }

    /// Terminates (`pg_terminate_backend`) the sessions of `db`'s database
    /// that `which` selects, from an administrative connection, and waits
    /// until each has exited. The clients see SQLSTATE `57P01` on a running
    /// statement, or find their connection closed. Returns how many were
    /// terminated.
    ///
    /// # Errors
    /// The administrative connection failed.
    pub async fn terminate_backends(&self, db: &Db, which: Backends) -> Result<u64> {
        let name = Self::database_of(db)?;
        let state = match which {
            Backends::All => "",
            Backends::Idle => "idle",
            Backends::Active => "active",
        };
        let rows = self
            .admin_query(
                "SELECT count(*) FILTER (WHERE pg_terminate_backend(pid, 5000)) \
                 FROM pg_stat_activity \
                 WHERE datname = $1 AND pid <> pg_backend_pid() \
                 AND backend_type = 'client backend' AND ($2 = '' OR state = $2)",
                &[&name, &state],
            )
            .await?;
        let count: i64 = rows.first().map(|r| r.get(0)).unwrap_or(0);
        Ok(u64::try_from(count).unwrap_or(0))
    }

    /// The text of every statement running now on `db`'s database (not
    /// counting the administrative connection asking).
    ///
    /// # Errors
    /// The administrative connection failed.
    pub async fn active_statements(&self, db: &Db) -> Result<Vec<String>> {
        let name = Self::database_of(db)?;
        let rows = self
            .admin_query(
                "SELECT query FROM pg_stat_activity \
                 WHERE datname = $1 AND pid <> pg_backend_pid() AND state = 'active'",
                &[&name],
            )
            .await?;
        Ok(rows.iter().map(|r| r.get(0)).collect())
    }

    /// Stops the server (`pg_ctl stop -m fast`: running statements are
    /// terminated with `57P01`, sessions closed) and starts it again on the
    /// same port, returning once it accepts connections.
    ///
    /// # Errors
    /// This is not a server from [`own_server`], or `pg_ctl` failed.
    pub async fn restart(&self) -> Result<()> {
        self.stop().await?;
        self.start().await
    }

    /// Stops the server (`pg_ctl stop -m fast`) and waits until it is down.
    ///
    /// # Errors
    /// This is not a server from [`own_server`], or `pg_ctl` failed.
    pub async fn stop(&self) -> Result<()> {
        let control = self.control()?;
        blocking(move || control.pg_ctl("stop", &["-m", "fast"])).await
    }

    /// Starts the stopped server again and waits until it accepts
    /// connections.
    ///
    /// # Errors
    /// This is not a server from [`own_server`], or `pg_ctl` failed.
    pub async fn start(&self) -> Result<()> {
        let control = self.control()?;
        blocking(move || control.start()).await
    }

    fn control(&self) -> Result<super::cluster::Control> {
        match (&self.cluster, self.own) {
            (Some(cluster), true) => Ok(cluster.control.clone()),
            _ => Err(Error::invalid_input(
                "only a server from `testing::own_server` may be restarted or stopped: \
                 the shared one serves other tests",
            )),
        }
    }

    async fn admin_query(
        &self,
        sql: &str,
        params: &[&(dyn tokio_postgres::types::ToSql + Sync)],
    ) -> Result<Vec<tokio_postgres::Row>> {
        let mut admin = self.admin.clone();
        admin.connect_timeout(Duration::from_secs(10));
        let (client, connection) = admin
            .connect(tokio_postgres::NoTls)
            .await
            .map_err(classify)?;
        let task = tokio::spawn(connection);
        let result = client.query(sql, params).await.map_err(classify);
        drop(client);
        let _ = task.await;
        result
    }
}

async fn blocking<F>(f: F) -> Result<()>
where
    F: FnOnce() -> std::result::Result<(), String> + Send + 'static,
{
    tokio::task::spawn_blocking(f)
        .await
        .map_err(|e| Error::config("the harness thread failed", Some(Box::new(e))))?
        .map_err(|m| Error::config(m, None))
}
