//! TLS against a cluster with `ssl = on` whose `pg_hba.conf` has only
//! `hostssl` lines, with a certificate chain made here (a CA and a server
//! certificate for `localhost`).

use std::time::{Duration, Instant};

use orm::postgres::{Db, Executor, SslMode};
use orm::testing::{self, ServerSetup, TestServer};
use rcgen::{BasicConstraints, CertificateParams, DnType, IsCa, KeyPair};
use rustls::pki_types::CertificateDer;
use rustls::pki_types::pem::PemObject;

struct Chain {
    ca_pem: String,
    server_cert_pem: String,
    server_key_pem: String,
}

fn make_chain(ca_name: &str) -> Chain {
    let ca_key = KeyPair::generate().unwrap();
    let mut ca = CertificateParams::new(Vec::<String>::new()).unwrap();
    ca.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
    ca.distinguished_name.push(DnType::CommonName, ca_name);
    let ca_cert = ca.self_signed(&ca_key).unwrap();
    let server_key = KeyPair::generate().unwrap();
    let mut server = CertificateParams::new(vec!["localhost".to_owned()]).unwrap();
    server
        .distinguished_name
        .push(DnType::CommonName, "localhost");
    let server_cert = server.signed_by(&server_key, &ca_cert, &ca_key).unwrap();
    Chain {
        ca_pem: ca_cert.pem(),
        server_cert_pem: server_cert.pem(),
        server_key_pem: server_key.serialize_pem(),
    }
}

/// A TLS-only server and the path of its CA file.
async fn tls_server(chain: &Chain) -> (TestServer, std::path::PathBuf) {
    let server = testing::own_server_with(
        ServerSetup::new()
            .setting("ssl", "on")
            .file("server.crt", chain.server_cert_pem.clone())
            .file("server.key", chain.server_key_pem.clone())
            .hba("local all all trust\nhostssl all all 127.0.0.1/32 trust\n"),
    )
    .await
    .unwrap();
    server.create_database("app").await.unwrap();
    let ca = std::env::temp_dir().join(format!("orm-test-ca-{}.pem", server.port()));
    std::fs::write(&ca, &chain.ca_pem).unwrap();
    (server, ca)
}

/// The URL naming `host` (checked against the certificate) while
/// connecting to 127.0.0.1.
fn url(server: &TestServer, host: &str, options: &str) -> String {
    format!(
        "postgres://postgres@{host}:{}/app?hostaddr=127.0.0.1&{options}",
        server.port()
    )
}

async fn ssl_in_use(db: &Db) -> bool {
    let rows = db
        .query(
            "SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()",
            &[],
        )
        .await
        .unwrap();
    rows[0].get(0)
}

#[orm::test]
async fn tls_modes_against_a_server_that_demands_tls(_db: Db) {
    let chain = make_chain("orm test CA");
    let (server, ca) = tls_server(&chain).await;
    let ca = ca.display().to_string();

    // require: encrypted, certificate not checked.
    let db = Db::connect(&url(&server, "localhost", "sslmode=require"))
        .await
        .unwrap();
    assert!(ssl_in_use(&db).await);

    // verify-full with the CA from the URL, and with a root store.
    let db = Db::connect(&url(
        &server,
        "localhost",
        &format!("sslmode=verify-full&sslrootcert={ca}"),
    ))
    .await
    .unwrap();
    assert!(ssl_in_use(&db).await);
    let mut roots = orm::postgres::rustls::RootCertStore::empty();
    roots
        .add(CertificateDer::from_pem_slice(chain.ca_pem.as_bytes()).unwrap())
        .unwrap();
    let db = Db::builder(&url(&server, "localhost", "sslmode=disable"))
        .ssl_mode(SslMode::VerifyFull)
        .tls_root_store(roots)
        .connect()
        .await
        .unwrap();
    assert!(ssl_in_use(&db).await);

    // verify-ca accepts the chain under another name; verify-full does not.
    let db = Db::connect(&url(
        &server,
        "127.0.0.1",
        &format!("sslmode=verify-ca&sslrootcert={ca}"),
    ))
    .await
    .unwrap();
    assert!(ssl_in_use(&db).await);
    let err = Db::connect(&url(
        &server,
        "127.0.0.1",
        &format!("sslmode=verify-full&sslrootcert={ca}"),
    ))
    .await
    .unwrap_err();
    let message = format!("{err}: {:?}", std::error::Error::source(&err));
    assert!(err.is_connection(), "{message}");
    assert!(message.contains("NotValidForName"), "{message}");

    // A root that did not sign the server's certificate.
    let other = make_chain("another CA");
    let other_ca = std::env::temp_dir().join(format!("orm-test-other-ca-{}.pem", server.port()));
    std::fs::write(&other_ca, &other.ca_pem).unwrap();
    let err = Db::connect(&url(
        &server,
        "localhost",
        &format!("sslmode=verify-full&sslrootcert={}", other_ca.display()),
    ))
    .await
    .unwrap_err();
    let message = format!("{err}: {:?}", std::error::Error::source(&err));
    assert!(err.is_connection(), "{message}");
    assert!(message.contains("InvalidCertificate"), "{message}");

    // disable against hostssl only: the server's refusal says why.
    let err = Db::connect(&url(&server, "localhost", "sslmode=disable"))
        .await
        .unwrap_err();
    let message = err.to_string();
    assert!(message.contains("no encryption"), "{message}");

    // verify-full without any root is a configuration error before any
    // connection is tried.
    let err = Db::builder(&url(&server, "localhost", "sslmode=verify-full"))
        .build()
        .unwrap_err();
    assert!(err.to_string().contains("sslrootcert"), "{err}");

    // The cost of TLS per new connection (the pool opens one each time).
    let cost = |url: String| async move {
        let mut total = Duration::ZERO;
        let n = 20;
        for _ in 0..n {
            let started = Instant::now();
            let db = Db::builder(&url).max_size(1).build().unwrap();
            db.query("SELECT 1", &[]).await.unwrap();
            total += started.elapsed();
            db.close();
        }
        total / n
    };
    let plain = cost(testing::server().unwrap().url_for("postgres")).await;
    let require = cost(url(&server, "localhost", "sslmode=require")).await;
    let full = cost(url(
        &server,
        "localhost",
        &format!("sslmode=verify-full&sslrootcert={ca}"),
    ))
    .await;
    println!(
        "measured: connect + first query over loopback TCP: plain {plain:?}, \
         TLS require {require:?}, TLS verify-full {full:?}"
    );
    let _ = std::fs::remove_file(&other_ca);
    let _ = std::fs::remove_file(&ca);
}
