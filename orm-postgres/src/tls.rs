//! TLS for connections: [`SslMode`] (the URL's `sslmode`), the root
//! certificates (`sslrootcert`, or a store or a whole rustls config given to
//! the builder), and the connector the pool opens connections with.

use std::str::FromStr;

use orm_core::Result;
use tokio_postgres::{Client, Config, NoTls};

#[cfg(feature = "rustls")]
mod verify;

/// How much TLS a connection demands, as libpq's `sslmode`.
///
/// `require`, `verify-ca` and `verify-full` need the `rustls` feature of
/// `orm-postgres` (`tls` of `orm`); without it they are a configuration
/// error, and `prefer` connects without TLS.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[non_exhaustive]
pub enum SslMode {
    /// Never TLS.
    Disable,
    /// TLS when the server offers it (certificate not checked), plain
    /// otherwise. The default, as in libpq.
    #[default]
    Prefer,
    /// TLS or no connection. The certificate is not checked, unless root
    /// certificates were given (`sslrootcert` or a root store), in which
    /// case it is checked as for [`VerifyCa`](SslMode::VerifyCa), as libpq
    /// does.
    Require,
    /// TLS, and the server's certificate chains to a trusted root; the host
    /// name is not compared.
    VerifyCa,
    /// TLS, the certificate chains to a trusted root, and it names the host
    /// connected to. What a managed service should be connected with.
    VerifyFull,
}

impl FromStr for SslMode {
    type Err = String;

    fn from_str(s: &str) -> std::result::Result<Self, String> {
        match s {
            "disable" => Ok(SslMode::Disable),
            "prefer" | "allow" => Ok(SslMode::Prefer),
            "require" => Ok(SslMode::Require),
            "verify-ca" => Ok(SslMode::VerifyCa),
            "verify-full" => Ok(SslMode::VerifyFull),
            other => Err(format!(
                "unknown sslmode `{}`: expected disable, prefer, require, verify-ca or verify-full",
                other.chars().take(40).collect::<String>()
            )),
        }
    }
}

impl SslMode {
    pub(crate) fn name(self) -> &'static str {
        match self {
            SslMode::Disable => "disable",
            SslMode::Prefer => "prefer",
            SslMode::Require => "require",
            SslMode::VerifyCa => "verify-ca",
            SslMode::VerifyFull => "verify-full",
        }
    }

    /// What tokio-postgres is told: it only knows whether to try TLS.
    fn driver_mode(self) -> tokio_postgres::config::SslMode {
        match self {
            SslMode::Disable => tokio_postgres::config::SslMode::Disable,
            SslMode::Prefer => tokio_postgres::config::SslMode::Prefer,
            _ => tokio_postgres::config::SslMode::Require,
        }
    }
}

/// The TLS settings a builder collects.
#[derive(Debug, Clone, Default)]
pub(crate) struct TlsOptions {
    pub(crate) mode: SslMode,
    /// `sslrootcert`: a PEM file of trusted roots, or `system` for the
    /// platform's store.
    pub(crate) root_cert: Option<String>,
    #[cfg(feature = "rustls")]
    pub(crate) roots: Option<rustls::RootCertStore>,
    #[cfg(feature = "rustls")]
    pub(crate) client_config: Option<std::sync::Arc<rustls::ClientConfig>>,
}

/// Opens connections with or without TLS, as the settings say.
#[derive(Clone)]
pub(crate) enum Connector {
    Plain,
    #[cfg(feature = "rustls")]
    Rustls(tokio_postgres_rustls::MakeRustlsConnect),
}

impl Connector {
    /// The connector for `options`, and sets the driver's `sslmode` in
    /// `config` to match.
    ///
    /// # Errors
    /// A TLS mode without the `rustls` feature, an unreadable or empty
    /// `sslrootcert`, or a verifying mode without root certificates.
    pub(crate) fn new(options: &TlsOptions, config: &mut Config) -> Result<Connector> {
        config.ssl_mode(options.mode.driver_mode());
        if options.mode == SslMode::Disable {
            return Ok(Connector::Plain);
        }
        Connector::with_tls(options)
    }

    #[cfg(not(feature = "rustls"))]
    fn with_tls(options: &TlsOptions) -> Result<Connector> {
        if options.mode == SslMode::Prefer && options.root_cert.is_none() {
            return Ok(Connector::Plain);
        }
        Err(orm_core::Error::config(
            format!(
                "sslmode={} needs TLS support: enable the `tls` feature of `orm` \
                 (`rustls` of `orm-postgres`)",
                options.mode.name()
            ),
            None,
        ))
    }

    #[cfg(feature = "rustls")]
    fn with_tls(options: &TlsOptions) -> Result<Connector> {
        let config = match &options.client_config {
            Some(config) => rustls::ClientConfig::clone(config),
            None => verify::client_config(options)?,
        };
        Ok(Connector::Rustls(
            tokio_postgres_rustls::MakeRustlsConnect::new(config),
        ))
    }

    /// Connects with `config`, spawning the connection's task; the task
    /// ends when the server closes the socket or the client is dropped.
    pub(crate) async fn connect(
        &self,
        config: &Config,
    ) -> std::result::Result<Client, tokio_postgres::Error> {
        match self {
            Connector::Plain => {
                let (client, connection) = config.connect(NoTls).await?;
                tokio::spawn(connection);
                Ok(client)
            }
            #[cfg(feature = "rustls")]
            Connector::Rustls(tls) => {
                let (client, connection) = config.connect(tls.clone()).await?;
                tokio::spawn(connection);
                Ok(client)
            }
        }
    }
}
