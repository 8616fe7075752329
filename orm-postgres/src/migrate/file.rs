//! Migration files: plain SQL named `NNNN_name.sql`, with optional
//! directives in their leading comments, and their checksums.

use std::path::Path;

use orm_core::{Error, Result};
use sha2::{Digest, Sha256};

/// The directive making a migration run outside a transaction.
pub(crate) const NO_TRANSACTION: &str = "-- orm: no-transaction";
/// The directive setting a migration's `lock_timeout`.
pub(crate) const LOCK_TIMEOUT: &str = "-- orm: lock_timeout =";

/// One migration: a plain SQL file.
///
/// Leading comment lines may hold directives:
///
/// - `-- orm: no-transaction` runs the statements one by one outside a
///   transaction (needed for `CREATE INDEX CONCURRENTLY`);
/// - `-- orm: lock_timeout = 10s` replaces the default `lock_timeout` (a
///   number with `ms`, `s` or `min`, or `0` for none).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Migration {
    name: String,
    sql: String,
    checksum: String,
    transactional: bool,
    lock_timeout: Option<String>,
}

impl Migration {
    /// A migration named `name` (the file name without `.sql`) holding
    /// `sql`.
    ///
    /// # Errors
    /// [`Error::is_invalid_input`] for a malformed `lock_timeout`
    /// directive.
    pub fn new(name: impl Into<String>, sql: impl Into<String>) -> Result<Migration> {
        let name = name.into();
        let sql = sql.into();
        let mut transactional = true;
        let mut lock_timeout = None;
        for line in sql
            .lines()
            .map(str::trim)
            .take_while(|l| l.starts_with("--") || l.is_empty())
        {
            if line == NO_TRANSACTION {
                transactional = false;
            } else if let Some(value) = line.strip_prefix(LOCK_TIMEOUT) {
                let value = value.trim();
                if !is_duration(value) {
                    return Err(Error::invalid_input(format!(
                        "migration {name}: lock_timeout `{value}` is not a duration like `5s`, `500ms` or `1min`"
                    )));
                }
                lock_timeout = Some(value.to_owned());
            }
        }
        Ok(Migration {
            checksum: checksum(&sql),
            name,
            sql,
            transactional,
            lock_timeout,
        })
    }

    /// The name, e.g. `0002_add_email`.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The SQL text.
    pub fn sql(&self) -> &str {
        &self.sql
    }

    /// The SHA-256 of the text, in hex: recorded when applied, compared
    /// on every later run.
    pub fn checksum(&self) -> &str {
        &self.checksum
    }

    /// False for a `-- orm: no-transaction` migration.
    pub fn is_transactional(&self) -> bool {
        self.transactional
    }

    /// The `lock_timeout` directive, if any.
    pub fn lock_timeout(&self) -> Option<&str> {
        self.lock_timeout.as_deref()
    }
}

/// True for a PostgreSQL duration this module writes into `SET`: digits
/// and an optional `ms`, `s` or `min` unit.
pub(crate) fn is_duration(value: &str) -> bool {
    let digits = value.trim_end_matches(|c: char| c.is_ascii_alphabetic());
    let unit = &value[digits.len()..];
    !digits.is_empty()
        && digits.len() <= 9
        && digits.bytes().all(|b| b.is_ascii_digit())
        && matches!(unit, "" | "ms" | "s" | "min")
}

/// SHA-256 of `text` in lowercase hex.
pub(crate) fn checksum(text: &str) -> String {
    Sha256::digest(text.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// The `*.sql` files of `dir`, sorted by name; a missing directory holds
/// none.
///
/// # Errors
/// An error naming the directory when it or a file in it cannot be read
/// (or is not UTF-8); [`Error::is_invalid_input`] for a malformed
/// directive.
pub fn load_dir(dir: &Path) -> Result<Vec<Migration>> {
    if !dir.exists() {
        return Ok(Vec::new());
    }
    let io = |e: std::io::Error| {
        Error::config(format!("cannot read {}", dir.display()), Some(Box::new(e)))
    };
    let mut names = Vec::new();
    for entry in std::fs::read_dir(dir).map_err(io)? {
        let path = entry.map_err(io)?.path();
        if path.extension().is_some_and(|e| e == "sql") {
            if let Some(stem) = path.file_stem().and_then(|s| s.to_str()) {
                names.push((stem.to_owned(), path));
            }
        }
    }
    names.sort();
    names
        .into_iter()
        .map(|(name, path)| {
            let sql = std::fs::read_to_string(&path).map_err(io)?;
            Migration::new(name, sql)
        })
        .collect()
}

/// The number the next migration file gets: one more than the largest
/// leading number among `existing`.
pub(crate) fn next_number(existing: &[Migration]) -> u32 {
    existing
        .iter()
        .filter_map(|m| m.name.split('_').next()?.parse::<u32>().ok())
        .max()
        .map_or(1, |n| n + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn directives_and_checksum() {
        let m = Migration::new(
            "0002_x",
            "-- orm: no-transaction\n-- orm: lock_timeout = 10s\nSELECT 1;\n",
        )
        .unwrap_or_else(|e| unreachable!("{e}"));
        assert!(!m.is_transactional());
        assert_eq!(m.lock_timeout(), Some("10s"));
        assert_eq!(m.checksum().len(), 64);
        assert!(Migration::new("x", "-- orm: lock_timeout = 1s'; DROP\n").is_err());
        assert_eq!(
            checksum(""),
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
        );
    }
}
