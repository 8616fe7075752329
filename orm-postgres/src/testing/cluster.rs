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
PGBIN=$1; DIR=$2; PORT=$3; OPTIONS=$4; PRIMARY=$5
if [ -n "$PRIMARY" ]; then
  if ! "$PGBIN/pg_basebackup" -h 127.0.0.1 -p "$PRIMARY" -U postgres -D "$DIR/data" -R \
      -X stream -c fast >"$DIR/initdb.log" 2>&1; then
    echo FAILED; cat "$DIR/initdb.log"; rm -rf "$DIR"; exit 1
  fi
elif ! "$PGBIN/initdb" -D "$DIR/data" -U postgres -A trust -E UTF8 --locale=C.UTF-8 --no-sync \
    >"$DIR/initdb.log" 2>&1 && ! "$PGBIN/initdb" -D "$DIR/data" -U postgres -A trust -E UTF8 \
    --locale=C --no-sync >"$DIR/initdb.log" 2>&1; then
  echo FAILED; cat "$DIR/initdb.log"; rm -rf "$DIR"; exit 1
fi
if [ -d "$DIR/extra" ]; then
  cp "$DIR/extra"/* "$DIR/data/" && chmod 600 "$DIR/data"/*.key 2>/dev/null
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
/// only, the socket in the cluster's directory, durability off, then the
/// spec's own settings.
fn server_options(port: u16, dir: &Path, spec: &ClusterSpec) -> String {
    let mut options = format!(
        "-p {port} -c listen_addresses=127.0.0.1 -c unix_socket_directories='{}' \
         -c fsync=off -c synchronous_commit=off -c full_page_writes=off \
         -c max_connections=300 -c shared_buffers=64MB",
        dir.display()
    );
    for (name, value) in &spec.settings {
        options.push_str(&format!(" -c {name}={value}"));
    }
    options
}

/// How a cluster is made beyond the defaults.
#[derive(Debug, Clone, Default)]
pub(crate) struct ClusterSpec {
    /// `-c name=value` settings (checked by the caller: no spaces or quotes).
    pub(crate) settings: Vec<(String, String)>,
    /// Files copied into the data directory before the first start
    /// (`pg_hba.conf`, `server.crt`; a `*.key` is made private).
    pub(crate) files: Vec<(String, Vec<u8>)>,
    /// A streaming replica of the server on this port (`pg_basebackup -R`)
    /// instead of a fresh `initdb`.
    pub(crate) primary_port: Option<u16>,
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
    spec: ClusterSpec,
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
        let options = server_options(self.port, &self.dir, &self.spec);
        let log = log.to_string_lossy().into_owned();
        self.pg_ctl("start", &["-l", &log, "-o", &options])
    }
}

impl Cluster {
    /// Finds the binaries and starts a cluster, retrying on a port clash.
    pub(crate) fn start(spec: &ClusterSpec) -> Result<Cluster> {
        let bin = find_binaries().ok_or_else(|| Error::config(HOW_TO_GET_ONE, None))?;
        let mut last = String::new();
        for _ in 0..3 {
            match start_once(&bin, spec) {
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

fn start_once(bin: &Path, spec: &ClusterSpec) -> std::result::Result<Cluster, String> {
    let port = free_port().map_err(|e| format!("no free port: {e}"))?;
    let dir = std::env::temp_dir().join(format!("orm-pg-{}-{port}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir(&dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
    let mut owned = vec![dir.clone()];
    if !spec.files.is_empty() {
        let extra = dir.join("extra");
        std::fs::create_dir(&extra)
            .map_err(|e| format!("cannot create {}: {e}", extra.display()))?;
        owned.push(extra.clone());
        for (name, bytes) in &spec.files {
            let path = extra.join(name);
            std::fs::write(&path, bytes)
                .map_err(|e| format!("cannot write {}: {e}", path.display()))?;
            owned.push(path);
        }
    }
    let primary = spec.primary_port.map(|p| p.to_string()).unwrap_or_default();
    let mut cmd = Command::new("sh");
    cmd.arg("-c")
        .arg(SUPERVISOR)
        .arg("orm-pg-supervisor")
        .arg(bin)
        .arg(&dir)
        .arg(port.to_string())
        .arg(server_options(port, &dir, spec))
        .arg(primary)
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
        for path in &owned {
            std::os::unix::fs::chown(path, Some(uid), Some(gid))
                .map_err(|e| format!("cannot hand {} to the postgres user: {e}", path.display()))?;
        }
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
                spec: spec.clone(),
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

pub(crate) fn free_port() -> std::io::Result<u16> {
    let listener = std::net::TcpListener::bind("127.0.0.1:0")?;
    Ok(listener.local_addr()?.port())
}

pub(crate) fn is_root() -> bool {
    // The owner of /proc/self is this process's effective user.
    std::fs::metadata("/proc/self")
        .map(|m| std::os::unix::fs::MetadataExt::uid(&m) == 0)
        .unwrap_or(false)
}

/// The uid and gid of the `postgres` user, read from /etc/passwd.
pub(crate) fn postgres_user() -> Option<(u32, u32)> {
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
