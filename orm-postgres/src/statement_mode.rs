//! [`StatementMode`]: how statements reach the server: named and cached per
//! connection, or unnamed for transaction-mode poolers.

use std::str::FromStr;

/// How a [`Db`](crate::Db) sends statements; set with
/// [`DbBuilder::statement_mode`](crate::DbBuilder::statement_mode) or the
/// URL's `statement_mode=prepared|unnamed`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[non_exhaustive]
pub enum StatementMode {
    /// Every statement is prepared once per connection under a name and
    /// kept (an LRU of [`DbBuilder::statement_cache_size`](crate::DbBuilder::statement_cache_size)):
    /// the fastest with a direct connection or a session-mode pooler.
    #[default]
    Prepared,
    /// For transaction-mode poolers (PgBouncer `pool_mode = transaction`,
    /// RDS Proxy, Supavisor): no named prepared statement is ever left on a
    /// server connection. Each statement goes out unnamed with its
    /// parameter types in the same round trip (Parse, Bind, Execute, Sync);
    /// the types are learned once per pool for each SQL text, inside a
    /// short transaction (so the pooler keeps that exchange on one server
    /// connection). Session state outside a transaction (a bare `SET`) is a
    /// typed error ([`Error::is_unsupported`](crate::Error::is_unsupported)).
    Unnamed,
}

impl FromStr for StatementMode {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, String> {
        match s {
            "prepared" => Ok(StatementMode::Prepared),
            "unnamed" => Ok(StatementMode::Unnamed),
            other => Err(format!(
                "unknown statement_mode `{}`: expected `prepared` or `unnamed`",
                other.chars().take(40).collect::<String>()
            )),
        }
    }
}

/// The session-level command `sql` starts with, when it is one that a
/// transaction-mode pooler would leave on whichever server connection ran
/// it (so a later statement may or may not see it): `SET` (but not `SET
/// LOCAL` or `SET TRANSACTION`), `RESET`, `LISTEN`, `PREPARE`, or a
/// session advisory lock.
pub(crate) fn session_command(sql: &str) -> Option<&'static str> {
    let mut words = sql
        .split(|c: char| c.is_whitespace() || c == ';' || c == '(')
        .filter(|w| !w.is_empty())
        .map(str::to_ascii_lowercase);
    let first = words.next()?;
    let second = words.next().unwrap_or_default();
    match first.as_str() {
        "set" if !matches!(second.as_str(), "local" | "transaction") => Some("SET"),
        "reset" => Some("RESET"),
        "listen" => Some("LISTEN"),
        "prepare" => Some("PREPARE"),
        "select" if second == "pg_advisory_lock" || second == "pg_advisory_lock_shared" => {
            Some("pg_advisory_lock")
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::session_command;

    #[test]
    fn session_commands_are_recognised() {
        assert_eq!(session_command("SET search_path = x"), Some("SET"));
        assert_eq!(session_command("  set statement_timeout=5"), Some("SET"));
        assert_eq!(session_command("SET LOCAL statement_timeout = 5"), None);
        assert_eq!(
            session_command("SELECT pg_advisory_lock(1)"),
            Some("pg_advisory_lock")
        );
        assert_eq!(session_command("SELECT pg_advisory_xact_lock(1)"), None);
        assert_eq!(session_command("LISTEN chan"), Some("LISTEN"));
        assert_eq!(session_command("SELECT 1"), None);
        assert_eq!(session_command(""), None);
    }
}
