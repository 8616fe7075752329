//! Applying migrations: in name order, each once, under an advisory lock,
//! with a `lock_timeout`, each checked against the checksum recorded when
//! it was applied.

use std::time::Duration;

use orm_core::{Error, Executor, Result};

use super::file::Migration;
use super::split::statements;
use crate::introspect::MIGRATIONS_TABLE;
use crate::{AdvisoryKey, Db, PgRow, client};

/// The advisory lock every migration run takes.
pub(crate) const LOCK: AdvisoryKey = AdvisoryKey::from_name("orm_migrations");

/// The `lock_timeout` of a migration without a directive.
pub const DEFAULT_LOCK_TIMEOUT: &str = "5s";

fn create_table_sql() -> String {
    format!(
        "CREATE TABLE IF NOT EXISTS {} (name text PRIMARY KEY, checksum text NOT NULL, \
         applied_at timestamptz NOT NULL DEFAULT now())",
        orm_core::quote_ident(MIGRATIONS_TABLE)
    )
}

fn select_sql() -> String {
    format!(
        "SELECT name, checksum FROM {} ORDER BY name",
        orm_core::quote_ident(MIGRATIONS_TABLE)
    )
}

/// The state of one migration in a database.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct MigrationStatus {
    /// The migration's name.
    pub name: String,
    /// True when the database recorded it as applied.
    pub applied: bool,
    /// True when it was applied from a file with different text.
    pub changed: bool,
}

/// The migrations recorded in `exec`'s database: `(name, checksum)`.
async fn recorded(exec: &impl Executor<Row = PgRow>) -> Result<Vec<(String, String)>> {
    let exists = exec
        .query(
            "SELECT to_regclass($1) IS NOT NULL",
            &[quote(MIGRATIONS_TABLE).into()],
        )
        .await?;
    if !exists
        .first()
        .is_some_and(|r| r.try_get::<_, bool>(0).unwrap_or(false))
    {
        return Ok(Vec::new());
    }
    let rows = exec.query(&select_sql(), &[]).await?;
    rows.iter()
        .map(|r| {
            Ok((
                r.try_get(0).map_err(|e| Error::decode("name", e))?,
                r.try_get(1).map_err(|e| Error::decode("checksum", e))?,
            ))
        })
        .collect()
}

fn quote(name: &str) -> String {
    orm_core::quote_ident(name)
}

/// Each migration of `migrations` and whether `exec`'s database applied
/// it.
///
/// # Errors
/// The database could not be read.
pub async fn status(
    exec: &impl Executor<Row = PgRow>,
    migrations: &[Migration],
) -> Result<Vec<MigrationStatus>> {
    let applied = recorded(exec).await?;
    Ok(migrations
        .iter()
        .map(|m| {
            let found = applied.iter().find(|(n, _)| n == m.name());
            MigrationStatus {
                name: m.name().to_owned(),
                applied: found.is_some(),
                changed: found.is_some_and(|(_, c)| c != m.checksum()),
            }
        })
        .collect())
}

fn changed_error(migration: &Migration, recorded: &str) -> Error {
    Error::invalid_input(format!(
        "migration {} was changed after it was applied (checksum {} recorded, {} now); \
             write a new migration instead of editing an applied one",
        migration.name(),
        recorded,
        migration.checksum()
    ))
}

/// Applies the pending `migrations` in order and returns the names it
/// applied.
///
/// Each migration runs in its own transaction that first takes the
/// transaction-scoped advisory lock `orm_migrations` (polling with
/// `pg_try_advisory_xact_lock`, so that a waiting deploy never holds a
/// snapshot that a concurrent index build of the holder would wait for)
/// and re-reads the record, so deploys started at once apply each migration exactly once;
/// its statements run with `SET LOCAL lock_timeout` (the file's directive,
/// else `default_lock_timeout`), and the record (name, checksum) commits
/// with them. A `-- orm: no-transaction` migration runs statement by
/// statement on one connection holding the session-level advisory lock
/// instead; if it fails midway, the statements before stay applied and it
/// is not recorded.
///
/// # Errors
/// - [`Error::is_invalid_input`] when an applied migration's text changed (its
///   checksum differs), before anything runs;
/// - the first statement the database rejects (the migration's
///   transaction is rolled back; [`Error::is_lock_not_available`] when the
///   `lock_timeout` ran out).
pub async fn migrate(
    db: &Db,
    migrations: &[Migration],
    default_lock_timeout: &str,
) -> Result<Vec<String>> {
    if !super::file::is_duration(default_lock_timeout) {
        return Err(Error::invalid_input(format!(
            "lock_timeout `{default_lock_timeout}` is not a duration like `5s`"
        )));
    }
    let before = recorded(db).await?;
    for m in migrations {
        if let Some((_, c)) = before
            .iter()
            .find(|(n, _)| n == m.name())
            .filter(|(_, c)| c != m.checksum())
        {
            return Err(changed_error(m, c));
        }
    }
    let mut applied = Vec::new();
    for m in migrations {
        if before.iter().any(|(n, _)| n == m.name()) {
            continue;
        }
        let timeout = m.lock_timeout().unwrap_or(default_lock_timeout);
        let ran = if m.is_transactional() {
            apply_in_transaction(db, m, timeout).await?
        } else {
            apply_outside_transaction(db, m, timeout).await?
        };
        if ran {
            applied.push(m.name().to_owned());
        }
    }
    Ok(applied)
}

/// The record of `m` read under the lock: `Some(true)` when applied with
/// the same text.
async fn check_record(exec: &impl Executor<Row = PgRow>, m: &Migration) -> Result<bool> {
    let sql = format!(
        "SELECT checksum FROM {} WHERE name = $1",
        quote(MIGRATIONS_TABLE)
    );
    let rows = exec.query(&sql, &[m.name().into()]).await?;
    match rows.first() {
        None => Ok(false),
        Some(row) => {
            let c: String = row.try_get(0).map_err(|e| Error::decode("checksum", e))?;
            if c == m.checksum() {
                Ok(true)
            } else {
                Err(changed_error(m, &c))
            }
        }
    }
}

fn insert_sql() -> String {
    format!(
        "INSERT INTO {} (name, checksum) VALUES ($1, $2)",
        quote(MIGRATIONS_TABLE)
    )
}

/// How long to wait between two attempts at the lock, at first and at
/// most.
const RETRY: (Duration, Duration) = (Duration::from_millis(20), Duration::from_millis(500));

/// Waits for the lock by polling: a session blocked inside
/// `pg_advisory_lock` holds a snapshot, which a concurrent `CREATE INDEX
/// CONCURRENTLY` of the lock holder would wait for: a deadlock.
async fn backoff(delay: &mut Duration) {
    tokio::time::sleep(*delay).await;
    *delay = (*delay * 2).min(RETRY.1);
}

async fn apply_in_transaction(db: &Db, m: &Migration, timeout: &str) -> Result<bool> {
    let mut delay = RETRY.0;
    let tx = loop {
        let tx = db.begin().await?;
        if tx.try_advisory_lock(LOCK).await? {
            break tx;
        }
        tx.rollback().await?;
        backoff(&mut delay).await;
    };
    tx.run_batch(&create_table_sql(), 1).await?;
    if check_record(&tx, m).await? {
        tx.rollback().await?;
        return Ok(false);
    }
    // `timeout` is checked to be digits and a unit: safe to splice.
    tx.run_batch(&format!("SET LOCAL lock_timeout = '{timeout}'"), 1)
        .await?;
    let count = statements(m.sql()).len();
    if count > 0 {
        tx.run_batch(m.sql(), count).await?;
    }
    tx.execute(&insert_sql(), &[m.name().into(), m.checksum().into()])
        .await?;
    tx.commit().await?;
    Ok(true)
}

async fn apply_outside_transaction(db: &Db, m: &Migration, timeout: &str) -> Result<bool> {
    let pooled = db.connection().await?;
    let conn = pooled.conn()?;
    let stats = db.stats();
    let mut delay = RETRY.0;
    loop {
        let rows = client::query(
            conn,
            stats,
            "SELECT pg_try_advisory_lock($1)",
            &[LOCK.value().into()],
            false,
        )
        .await?;
        if rows.first().and_then(|r| r.try_get::<_, bool>(0).ok()) == Some(true) {
            break;
        }
        backoff(&mut delay).await;
    }
    let result = async {
        client::batch_execute(conn, stats, &create_table_sql()).await?;
        let rows = client::query(
            conn,
            stats,
            &format!(
                "SELECT checksum FROM {} WHERE name = $1",
                quote(MIGRATIONS_TABLE)
            ),
            &[m.name().into()],
            false,
        )
        .await?;
        if let Some(row) = rows.first() {
            let c: String = row.try_get(0).map_err(|e| Error::decode("checksum", e))?;
            return if c == m.checksum() {
                Ok(false)
            } else {
                Err(changed_error(m, &c))
            };
        }
        client::batch_execute(conn, stats, &format!("SET lock_timeout = '{timeout}'")).await?;
        for statement in statements(m.sql()) {
            client::batch_execute(conn, stats, &statement).await?;
        }
        client::execute(
            conn,
            stats,
            &insert_sql(),
            &[m.name().into(), m.checksum().into()],
            false,
        )
        .await?;
        Ok(true)
    }
    .await;
    let reset = client::batch_execute(conn, stats, "RESET lock_timeout").await;
    let unlock = client::execute(
        conn,
        stats,
        "SELECT pg_advisory_unlock($1)",
        &[LOCK.value().into()],
        false,
    )
    .await;
    let ran = result?;
    reset?;
    unlock?;
    Ok(ran)
}
