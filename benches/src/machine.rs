//! The facts a reader needs to weigh the numbers: the machine, the server,
//! the compiler and the exact versions of every contender.

use std::process::Command;

/// What the report says about where it ran.
#[derive(Debug, Clone)]
pub(crate) struct MachineFacts {
    pub(crate) nproc: usize,
    pub(crate) cpu_model: String,
    pub(crate) memory: String,
    pub(crate) kernel: String,
    pub(crate) rustc: String,
    pub(crate) postgres: String,
    pub(crate) server_kind: &'static str,
    /// (crate, version) from this workspace's lock file.
    pub(crate) crates: Vec<(&'static str, String)>,
    pub(crate) orm_commit: String,
    /// `/proc/loadavg`'s three load averages when the run started and ended.
    pub(crate) load_before: String,
    pub(crate) load_after: String,
}

/// The crates whose versions the report names.
const CRATES: [&str; 9] = [
    "tokio",
    "tokio-postgres",
    "deadpool",
    "sea-orm",
    "sea-query",
    "sqlx",
    "diesel",
    "diesel-async",
    "orm-postgres",
];

/// The lock file, as compiled in: the versions are the ones built.
const LOCK_FILE: &str = include_str!("../Cargo.lock");

impl MachineFacts {
    /// Gathers the facts; `postgres` is the server's `server_version`.
    pub(crate) fn gather(postgres: String, throwaway: bool, load_before: String) -> MachineFacts {
        let cpuinfo = std::fs::read_to_string("/proc/cpuinfo").unwrap_or_default();
        let cpu_model = field(&cpuinfo, "model name").unwrap_or_else(|| "unknown".to_owned());
        let meminfo = std::fs::read_to_string("/proc/meminfo").unwrap_or_default();
        let memory = field(&meminfo, "MemTotal")
            .and_then(|kb| kb.trim_end_matches(" kB").trim().parse::<u64>().ok())
            .map(|kb| format!("{:.1} GiB", kb as f64 / 1024.0 / 1024.0))
            .unwrap_or_else(|| "unknown".to_owned());
        MachineFacts {
            nproc: std::thread::available_parallelism().map_or(1, |n| n.get()),
            cpu_model,
            memory,
            kernel: output("uname", &["-sr"]),
            rustc: output("rustc", &["--version"]),
            postgres,
            server_kind: if throwaway {
                "throwaway cluster started by the harness (fsync off), loopback TCP"
            } else {
                "the server named by DATABASE_URL"
            },
            crates: CRATES
                .iter()
                .map(|&name| (name, locked_version(name)))
                .collect(),
            orm_commit: output("git", &["rev-parse", "--short", "HEAD"]),
            load_before,
            load_after: load_average(),
        }
    }
}

/// The 1, 5 and 15 minute load averages.
pub(crate) fn load_average() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .ok()
        .map(|l| l.split_whitespace().take(3).collect::<Vec<_>>().join(" "))
        .unwrap_or_else(|| "unknown".to_owned())
}

/// The value of the first `key : value` line of a /proc file.
fn field(text: &str, key: &str) -> Option<String> {
    text.lines().find_map(|line| {
        let (k, v) = line.split_once(':')?;
        (k.trim() == key).then(|| v.trim().to_owned())
    })
}

/// The first line a command prints, or "unknown".
fn output(program: &str, args: &[&str]) -> String {
    Command::new(program)
        .args(args)
        .output()
        .ok()
        .filter(|o| o.status.success())
        .and_then(|o| {
            String::from_utf8_lossy(&o.stdout)
                .lines()
                .next()
                .map(str::to_owned)
        })
        .unwrap_or_else(|| "unknown".to_owned())
}

/// The version of `name` in the lock file (several versions joined by " + ").
fn locked_version(name: &str) -> String {
    let wanted = format!("name = \"{name}\"");
    let mut versions = Vec::new();
    let mut lines = LOCK_FILE.lines();
    while let Some(line) = lines.next() {
        if line == wanted
            && let Some(version) = lines
                .next()
                .and_then(|l| l.strip_prefix("version = \""))
                .and_then(|v| v.strip_suffix('"'))
        {
            versions.push(version.to_owned());
        }
    }
    if versions.is_empty() {
        "not in the lock file".to_owned()
    } else {
        versions.join(" + ")
    }
}
