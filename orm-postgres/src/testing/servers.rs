//! Servers set up for one test: settings and files of its own
//! ([`own_server_with`]: TLS, a restrictive `pg_hba.conf`) and streaming
//! replicas ([`TestServer::start_replica`]).

use orm_core::{Error, Result};

use super::cluster::ClusterSpec;
use super::{TestServer, throwaway};

/// How [`own_server_with`] sets up a cluster beyond the defaults.
///
/// ```no_run
/// # async fn demo(cert: Vec<u8>, key: Vec<u8>) -> orm_core::Result<()> {
/// use orm_postgres::testing::{ServerSetup, own_server_with};
///
/// let server = own_server_with(
///     ServerSetup::new()
///         .setting("ssl", "on")
///         .file("server.crt", cert)
///         .file("server.key", key)
///         .hba("local all all trust\nhostssl all all 127.0.0.1/32 trust\n"),
/// )
/// .await?;
/// # let _ = server; Ok(()) }
/// ```
#[derive(Debug, Clone, Default)]
pub struct ServerSetup {
    spec: ClusterSpec,
}

impl ServerSetup {
    /// The defaults of [`own_server`](super::own_server).
    pub fn new() -> Self {
        ServerSetup::default()
    }

    /// A server setting (`postgres -c name=value`); names and values may
    /// not hold spaces or quotes.
    pub fn setting(mut self, name: &str, value: &str) -> Self {
        self.spec.settings.push((name.to_owned(), value.to_owned()));
        self
    }

    /// A file copied into the data directory before the server first
    /// starts (`server.crt`; a name ending in `.key` is made readable by
    /// the server's user only).
    pub fn file(mut self, name: &str, contents: impl Into<Vec<u8>>) -> Self {
        self.spec.files.push((name.to_owned(), contents.into()));
        self
    }

    /// The server's `pg_hba.conf`. The harness administers such a server
    /// over its Unix socket, so keep a `local` line.
    pub fn hba(self, contents: &str) -> Self {
        self.file("pg_hba.conf", contents)
    }

    fn check(&self) -> Result<()> {
        let plain = |s: &str| {
            !s.is_empty()
                && !s
                    .chars()
                    .any(|c| c.is_whitespace() || c == '\'' || c == '"')
        };
        for (name, value) in &self.spec.settings {
            if !plain(name) || !plain(value) {
                return Err(Error::invalid_input(format!(
                    "server setting `{name}` = `{value}`: no spaces or quotes allowed"
                )));
            }
        }
        for (name, _) in &self.spec.files {
            if !plain(name) || name.contains('/') {
                return Err(Error::invalid_input(format!(
                    "file name `{name}`: a plain name inside the data directory"
                )));
            }
        }
        Ok(())
    }
}

/// Starts a throwaway cluster of the caller's own, set up as `setup`
/// says; like [`own_server`](super::own_server) otherwise (torn down when
/// dropped or when the process ends).
///
/// # Errors
/// A setting or file name is not plain, no binaries were found, or the
/// server refused to start with the setup (its log is in the message).
pub async fn own_server_with(setup: ServerSetup) -> Result<TestServer> {
    setup.check()?;
    tokio::task::spawn_blocking(move || throwaway(true, &setup.spec))
        .await
        .map_err(|e| Error::config("the harness thread failed", Some(Box::new(e))))?
}

impl TestServer {
    /// A URL for database `name` over TCP on the loopback address, for
    /// tests that add options (`?sslmode=...`).
    pub fn url_for(&self, name: &str) -> String {
        format!("postgres://postgres@127.0.0.1:{}/{name}", self.port())
    }

    /// Starts a streaming replica of this server (`pg_basebackup -R` into
    /// a new directory, a second `postgres` on another port), set up with
    /// `setup`'s settings (`recovery_min_apply_delay` to make it lag). It
    /// is a server of the caller's own: it may be stopped and started, and
    /// is torn down when dropped.
    ///
    /// # Errors
    /// This server is not a throwaway cluster, or the copy or the start
    /// failed.
    pub async fn start_replica(&self, setup: ServerSetup) -> Result<TestServer> {
        setup.check()?;
        if !self.is_throwaway() {
            return Err(Error::invalid_input(
                "a replica can only be made of a throwaway cluster",
            ));
        }
        let mut spec = setup.spec;
        spec.primary_port = Some(self.port());
        tokio::task::spawn_blocking(move || throwaway(true, &spec))
            .await
            .map_err(|e| Error::config("the harness thread failed", Some(Box::new(e))))?
    }
}
