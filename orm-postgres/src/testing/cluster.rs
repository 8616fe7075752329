//! A throwaway PostgreSQL cluster, started once per process from the
//! binaries on the machine and torn down when the process ends.
//!
//! The server is owned by a small supervisor shell process that reads its
//! standard input. Only this process holds the other end of that pipe, so
//! however this process ends (normally, after a failed test, or killed), the
//! pipe closes, `read` returns, and the supervisor stops the server and
//! removes the temporary directory. The supervisor runs in its own process
//! group so a terminal's Ctrl-C does not cut the clean-up short.

use std::io::{BufRead, BufReader, Read};
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, Command, Stdio};

use orm_core::{Error, Result};

/// How to get a database when none was found.
pub(crate) const HOW_TO_GET_ONE: &str = "no PostgreSQL server to test against: DATABASE_URL \
is not set and no PostgreSQL binaries (initdb, pg_ctl, postgres) were found on PATH or under \
/usr/lib/postgresql/*/bin. Install them with `apt-get install postgresql`, or run \
`docker compose up -d` and set DATABASE_URL=postgres://postgres:postgres@localhost:5432/postgres";

const SUPERVISOR: &str = r#"
PGBIN=$1; DIR=$2; PORT=$3; OPTIONS=$4
if ! "$PGBIN/initdb" -D "$DIR/data" -U postgres -A trust -E UTF8 --locale=C.UTF-8 --no-sync \
    >"$DIR/initdb.log" 2>&1 && ! "$PGBIN/initdb" -D "$DIR/data" -U postgres -A trust -E UTF8 \
    --locale=C --no-sync >"$DIR/initdb.log" 2>&1; then
  echo FAILED; cat "$DIR/initdb.log"; rm -rf "$DIR"; exit 1
fi
if ! "$PGBIN/pg_ctl" -D "$DIR/data" -l "$DIR/server.log" -w -t 60 -o "$OPTIONS" start \
    >/dev/null 2>&1; then
  echo FAILED; cat "$DIR/server.log"; rm -rf "$DIR"; exit 1
fi
echo READY
read _ignored
"$PGBIN/pg_ctl" -D "$DIR/data" -m immediate -w stop >/dev/null 2>&1
rm -rf "$DIR"
"#;

/// The server's command-line options (`pg_ctl -o`): the port, loopback
/// only, the socket in the cluster's directory, durability off.
fn server_options(port: u16, dir: &Path) -> String {
    format!(
        "-p {port} -c listen_addresses=127.0.0.1 -c unix_socket_directories='{}' \
         -c fsync=off -c synchronous_commit=off -c full_page_writes=off \
         -c max_connections=300 -c shared_buffers=64MB",
        dir.display()
    )
}

/// A running throwaway cluster.
pub(crate) struct Cluster {
    pub(crate) port: u16,
    pub(crate) dir: PathBuf,
    pub(crate) control: Control,
    _supervisor: Child,
    _lifeline: ChildStdin,
}

/// What it takes to run `pg_ctl` on a cluster: cheap to clone onto a
/// blocking thread.
#[derive(Debug, Clone)]
pub(crate) struct Control {
    bin: PathBuf,
    dir: PathBuf,
    port: u16,
    owner: Option<(u32, u32)>,
}

impl Control {
    /// Runs `pg_ctl <action> -D <data> -w <extra>` as the cluster's owner.
    pub(crate) fn pg_ctl(&self, action: &str, extra: &[&str]) -> std::result::Result<(), String> {
        let mut cmd = Command::new(self.bin.join("pg_ctl"));
        cmd.arg(action)
            .arg("-D")
            .arg(self.dir.join("data"))
            .arg("-w")
            .arg("-t")
            .arg("60")
            .args(extra)
            .current_dir(&self.dir)
            .stdin(Stdio::null());
        if let Some((uid, gid)) = self.owner {
            cmd.uid(uid)
                .gid(gid)
                .env("HOME", &self.dir)
                .env("USER", "postgres");
        }
        let out = cmd
            .output()
            .map_err(|e| format!("cannot run pg_ctl {action}: {e}"))?;
        if out.status.success() {
            Ok(())
        } else {
            Err(format!(
                "pg_ctl {action} failed: {}{}",
                String::from_utf8_lossy(&out.stdout).trim(),
                String::from_utf8_lossy(&out.stderr).trim()
            ))
        }
    }

    /// `pg_ctl start` with the options the cluster was first started with.
    pub(crate) fn start(&self) -> std::result::Result<(), String> {
        let log = self.dir.join("server.log");
        let options = server_options(self.port, &self.dir);
        let log = log.to_string_lossy().into_owned();
        self.pg_ctl("start", &["-l", &log, "-o", &options])
    }
}

impl Cluster {
    /// Finds the binaries and starts a cluster, retrying on a port clash.
    pub(crate) fn start() -> Result<Cluster> {
        let bin = find_binaries().ok_or_else(|| Error::config(HOW_TO_GET_ONE, None))?;
        let mut last = String::new();
        for _ in 0..3 {
            match start_once(&bin) {
                Ok(cluster) => return Ok(cluster),
                Err(e) => last = e,
            }
        }
        Err(Error::config(
            format!(
                "cannot start a throwaway PostgreSQL from {}: {last}",
                bin.display()
            ),
            None,
        ))
    }
}

fn start_once(bin: &Path) -> std::result::Result<Cluster, String> {
    let port = free_port().map_err(|e| format!("no free port: {e}"))?;
    let dir = std::env::temp_dir().join(format!("orm-pg-{}-{port}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir(&dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
    let mut cmd = Command::new("sh");
    cmd.arg("-c")
        .arg(SUPERVISOR)
        .arg("orm-pg-supervisor")
        .arg(bin)
        .arg(&dir)
        .arg(port.to_string())
        .arg(server_options(port, &dir))
        .current_dir(&dir)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .process_group(0);
    let mut owner = None;
    if is_root() {
        let (uid, gid) = postgres_user().ok_or(
            "running as root, and PostgreSQL refuses root, but there is no `postgres` user \
             to run it as (create one, or set DATABASE_URL)",
        )?;
        std::os::unix::fs::chown(&dir, Some(uid), Some(gid))
            .map_err(|e| format!("cannot hand {} to the postgres user: {e}", dir.display()))?;
        cmd.uid(uid)
            .gid(gid)
            .env("HOME", &dir)
            .env("USER", "postgres");
        owner = Some((uid, gid));
    }
    let mut child = cmd
        .spawn()
        .map_err(|e| format!("cannot run the supervisor shell: {e}"))?;
    let stdin = child.stdin.take().ok_or("supervisor has no stdin")?;
    let stdout = child.stdout.take().ok_or("supervisor has no stdout")?;
    let mut reader = BufReader::new(stdout);
    let mut first = String::new();
    let _ = reader.read_line(&mut first);
    if first.trim() == "READY" {
        return Ok(Cluster {
            port,
            control: Control {
                bin: bin.to_path_buf(),
                dir: dir.clone(),
                port,
                owner,
            },
            dir,
            _supervisor: child,
            _lifeline: stdin,
        });
    }
    let mut rest = String::new();
    let _ = reader.read_to_string(&mut rest);
    let _ = child.wait();
    let _ = std::fs::remove_dir_all(&dir);
    Err(rest.trim().to_owned())
}

/// The directory holding `initdb`, `pg_ctl` and `postgres`: PATH first,
/// then the newest `/usr/lib/postgresql/*/bin`.
fn find_binaries() -> Option<PathBuf> {
    let has_all = |dir: &Path| {
        ["initdb", "pg_ctl", "postgres"]
            .iter()
            .all(|b| dir.join(b).is_file())
    };
    let from_path = std::env::var_os("PATH")
        .into_iter()
        .flat_map(|p| std::env::split_paths(&p).collect::<Vec<_>>())
        .find(|d| has_all(d));
    if let Some(dir) = from_path {
        // Resolve symlinks so pg_ctl finds the postgres binary beside it.
        return std::fs::canonicalize(dir.join("initdb"))
            .ok()
            .and_then(|p| p.parent().map(Path::to_path_buf))
            .filter(|d| has_all(d))
            .or(Some(dir));
    }
    let mut versions: Vec<(u32, PathBuf)> = std::fs::read_dir("/usr/lib/postgresql")
        .ok()?
        .filter_map(|e| e.ok())
        .filter_map(|e| {
            let version = e.file_name().to_str()?.parse::<u32>().ok()?;
            Some((version, e.path().join("bin")))
        })
        .filter(|(_, d)| has_all(d))
        .collect();
    versions.sort();
    versions.pop().map(|(_, d)| d)
}

fn free_port() -> std::io::Result<u16> {
    let listener = std::net::TcpListener::bind("127.0.0.1:0")?;
    Ok(listener.local_addr()?.port())
}

fn is_root() -> bool {
    // The owner of /proc/self is this process's effective user.
    std::fs::metadata("/proc/self")
        .map(|m| std::os::unix::fs::MetadataExt::uid(&m) == 0)
        .unwrap_or(false)
}

/// The uid and gid of the `postgres` user, read from /etc/passwd.
fn postgres_user() -> Option<(u32, u32)> {
    let passwd = std::fs::read_to_string("/etc/passwd").ok()?;
    passwd.lines().find_map(|line| {
        let mut fields = line.split(':');
        if fields.next()? != "postgres" {
            return None;
        }
        let _password = fields.next()?;
        let uid = fields.next()?.parse().ok()?;
        let gid = fields.next()?.parse().ok()?;
        Some((uid, gid))
    })
}
