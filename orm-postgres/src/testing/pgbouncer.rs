//! A PgBouncer in transaction mode in front of a test server ([`Pooler`]),
//! from Debian's `pgbouncer` package.

use std::io::{BufRead, BufReader};
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::time::{Duration, Instant};

use orm_core::{Error, Result};

use super::TestServer;
use super::cluster::{free_port, is_root, postgres_user};

/// Keeps PgBouncer running while this process holds the pipe, then stops
/// it and removes its directory (as the cluster's supervisor does).
const SUPERVISOR: &str = r#"
BIN=$1; DIR=$2
"$BIN" "$DIR/pgbouncer.ini" >"$DIR/pgbouncer.log" 2>&1 &
PID=$!
echo STARTED
read _ignored
kill "$PID" 2>/dev/null; wait "$PID" 2>/dev/null
rm -rf "$DIR"
"#;

/// A running PgBouncer with `pool_mode = transaction` in front of a
/// [`TestServer`]: any database of the server, `server_pool_size`
/// server connections per database, no prepared-statement support (as
/// PgBouncer before 1.21, and later ones with `max_prepared_statements =
/// 0`). Stopped when dropped or when the process ends.
#[derive(Debug)]
pub struct Pooler {
    port: u16,
    dir: PathBuf,
    _supervisor: Child,
    _lifeline: ChildStdin,
}

impl Pooler {
    /// Starts PgBouncer (the `pgbouncer` binary on PATH or in `/usr/sbin`)
    /// in front of `server`, and waits until it accepts connections.
    ///
    /// # Errors
    /// No `pgbouncer` binary (install Debian's `pgbouncer`), or it did not
    /// start (its log is in the message).
    pub async fn start(server: &TestServer, server_pool_size: usize) -> Result<Pooler> {
        let backend = server.port();
        let pooler = tokio::task::spawn_blocking(move || spawn(backend, server_pool_size))
            .await
            .map_err(|e| Error::config("the harness thread failed", Some(Box::new(e))))?
            .map_err(|m| Error::config(m, None))?;
        let deadline = Instant::now() + Duration::from_secs(15);
        loop {
            if tokio::net::TcpStream::connect(("127.0.0.1", pooler.port))
                .await
                .is_ok()
            {
                return Ok(pooler);
            }
            if Instant::now() > deadline {
                let log =
                    std::fs::read_to_string(pooler.dir.join("pgbouncer.log")).unwrap_or_default();
                return Err(Error::config(
                    format!("pgbouncer did not start: {}", log.trim()),
                    None,
                ));
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    /// [`Pooler::start`] for a caller without a runtime: waits on this
    /// thread.
    ///
    /// # Errors
    /// As for [`Pooler::start`].
    pub fn start_blocking(server: &TestServer, server_pool_size: usize) -> Result<Pooler> {
        let pooler = spawn(server.port(), server_pool_size).map_err(|m| Error::config(m, None))?;
        let deadline = Instant::now() + Duration::from_secs(15);
        while std::net::TcpStream::connect(("127.0.0.1", pooler.port)).is_err() {
            if Instant::now() > deadline {
                let log =
                    std::fs::read_to_string(pooler.dir.join("pgbouncer.log")).unwrap_or_default();
                return Err(Error::config(
                    format!("pgbouncer did not start: {}", log.trim()),
                    None,
                ));
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        Ok(pooler)
    }

    /// True when a `pgbouncer` binary is installed.
    pub fn is_available() -> bool {
        find_binary().is_some()
    }

    /// The port PgBouncer listens on (loopback).
    pub fn port(&self) -> u16 {
        self.port
    }

    /// A URL for database `name` through PgBouncer.
    pub fn url_for(&self, name: &str) -> String {
        format!("postgres://postgres@127.0.0.1:{}/{name}", self.port)
    }
}

fn find_binary() -> Option<PathBuf> {
    std::env::var_os("PATH")
        .into_iter()
        .flat_map(|p| std::env::split_paths(&p).collect::<Vec<_>>())
        .chain([PathBuf::from("/usr/sbin"), PathBuf::from("/usr/bin")])
        .map(|d| d.join("pgbouncer"))
        .find(|p| p.is_file())
}

fn config(dir: &Path, port: u16, backend: u16, pool_size: usize) -> String {
    format!(
        "[databases]\n\
         * = host=127.0.0.1 port={backend}\n\
         [pgbouncer]\n\
         listen_addr = 127.0.0.1\n\
         listen_port = {port}\n\
         unix_socket_dir =\n\
         auth_type = trust\n\
         auth_file = {dir}/userlist.txt\n\
         pool_mode = transaction\n\
         default_pool_size = {pool_size}\n\
         min_pool_size = 0\n\
         reserve_pool_size = 0\n\
         max_client_conn = 500\n\
         max_db_connections = {pool_size}\n\
         server_reset_query =\n\
         ignore_startup_parameters = extra_float_digits,options\n\
         logfile = {dir}/pgbouncer.file.log\n\
         pidfile = {dir}/pgbouncer.pid\n",
        dir = dir.display()
    )
}

fn spawn(backend: u16, pool_size: usize) -> std::result::Result<Pooler, String> {
    let bin = find_binary().ok_or(
        "no pgbouncer binary: install Debian's `pgbouncer` package (`apt-get install pgbouncer`)",
    )?;
    let port = free_port().map_err(|e| format!("no free port: {e}"))?;
    let dir = std::env::temp_dir().join(format!("orm-pgbouncer-{}-{port}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir(&dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
    let files = [
        ("pgbouncer.ini", config(&dir, port, backend, pool_size)),
        ("userlist.txt", "\"postgres\" \"\"\n".to_owned()),
    ];
    let mut cmd = Command::new("sh");
    cmd.arg("-c")
        .arg(SUPERVISOR)
        .arg("orm-pgbouncer-supervisor")
        .arg(&bin)
        .arg(&dir)
        .current_dir(&dir)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .process_group(0);
    let owner = if is_root() {
        // PgBouncer refuses to run as root.
        Some(postgres_user().ok_or("running as root and there is no `postgres` user")?)
    } else {
        None
    };
    for (name, text) in &files {
        let path = dir.join(name);
        std::fs::write(&path, text).map_err(|e| format!("cannot write {}: {e}", path.display()))?;
        if let Some((uid, gid)) = owner {
            std::os::unix::fs::chown(&path, Some(uid), Some(gid)).map_err(|e| e.to_string())?;
        }
    }
    if let Some((uid, gid)) = owner {
        std::os::unix::fs::chown(&dir, Some(uid), Some(gid)).map_err(|e| e.to_string())?;
        cmd.uid(uid)
            .gid(gid)
            .env("HOME", &dir)
            .env("USER", "postgres");
    }
    let mut child = cmd
        .spawn()
        .map_err(|e| format!("cannot run the pgbouncer supervisor: {e}"))?;
    let stdin = child.stdin.take().ok_or("supervisor has no stdin")?;
    let stdout = child.stdout.take().ok_or("supervisor has no stdout")?;
    let mut first = String::new();
    let _ = BufReader::new(stdout).read_line(&mut first);
    if first.trim() != "STARTED" {
        let _ = child.wait();
        return Err("the pgbouncer supervisor did not start".to_owned());
    }
    Ok(Pooler {
        port,
        dir,
        _supervisor: child,
        _lifeline: stdin,
    })
}
