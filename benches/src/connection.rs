//! Where the benchmark database is, in a form every library can use: the
//! harness hands out a tokio-postgres `Config`; SQLx and SeaORM take their
//! own options, built from the same facts.

use tokio_postgres::Config;
use tokio_postgres::config::Host;

use crate::BenchResult;

/// The benchmark database's address and credentials.
#[derive(Debug, Clone)]
pub(crate) struct ConnectionFacts {
    /// The harness's own config, used as-is by tokio-postgres based
    /// contenders.
    pub(crate) config: Config,
    /// A host name, an IP address or a Unix socket directory.
    pub(crate) host: String,
    pub(crate) port: u16,
    pub(crate) user: String,
    pub(crate) password: Option<String>,
    pub(crate) dbname: String,
}

impl ConnectionFacts {
    /// Reads the facts out of the harness's config.
    pub(crate) fn from_config(config: Config) -> BenchResult<ConnectionFacts> {
        let host = match config.get_hosts().first() {
            Some(Host::Tcp(host)) => host.clone(),
            Some(Host::Unix(dir)) => dir.display().to_string(),
            None => "localhost".to_owned(),
        };
        let port = config.get_ports().first().copied().unwrap_or(5432);
        let user = config
            .get_user()
            .ok_or("the benchmark database config names no user")?
            .to_owned();
        let password = config
            .get_password()
            .map(|p| String::from_utf8_lossy(p).into_owned());
        let dbname = config
            .get_dbname()
            .ok_or("the benchmark database config names no database")?
            .to_owned();
        Ok(ConnectionFacts {
            config,
            host,
            port,
            user,
            password,
            dbname,
        })
    }
}
