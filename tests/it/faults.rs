//! The fault suite: what a caller sees when connections die, the server
//! restarts or goes silent, the pool runs dry, futures are dropped
//! mid-statement, or a column changes type under cached statements.
//!
//! Every test asserts which predicate answers, how many calls fail, that
//! nothing waits past the configured timeouts, and that no row is lost or
//! half written. Tests that restart or stop a server start their own
//! cluster (`testing::own_server`); the rest touch only their own database
//! of the shared one. Lines starting `measured:` are the figures quoted in
//! `docs/reliability.md` (run with `--nocapture` to see them).

mod cancel;
mod restart;
mod retry;
mod statements;
mod terminate;
mod timeouts;

use std::time::{Duration, Instant};

use orm::postgres::{Db, DbBuilder, Executor};
use orm::testing;

/// The name of the database `db` is connected to.
pub async fn database_name(db: &Db) -> String {
    let rows = db.query("SELECT current_database()", &[]).await.unwrap();
    rows[0].get(0)
}

/// Options for a second pool on `db`'s database, with the short timeouts the
/// suite runs with.
pub async fn builder_on(db: &Db, size: usize) -> DbBuilder {
    let name = database_name(db).await;
    Db::builder_from_config(testing::server().unwrap().config_for(&name))
        .max_size(size)
        .wait_timeout(Some(Duration::from_secs(5)))
        .connect_timeout(Some(Duration::from_secs(2)))
        .cancel_timeout(Duration::from_secs(2))
}

/// A second pool of `size` connections on `db`'s database.
pub async fn pool_on(db: &Db, size: usize) -> Db {
    builder_on(db, size).await.connect().await.unwrap()
}

/// Waits until a statement containing `needle` runs on `db`'s database.
pub async fn wait_until_running(db: &Db, needle: &str) {
    let server = testing::server().unwrap();
    let start = Instant::now();
    loop {
        let active = server.active_statements(db).await.unwrap();
        if active.iter().any(|q| q.contains(needle)) {
            return;
        }
        assert!(
            start.elapsed() < Duration::from_secs(5),
            "`{needle}` never started"
        );
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
}

/// How long until no statement containing `needle` runs any more on
/// `db`'s database.
pub async fn time_until_gone(db: &Db, needle: &str) -> Duration {
    let server = testing::server().unwrap();
    let start = Instant::now();
    loop {
        let active = server.active_statements(db).await.unwrap();
        if !active.iter().any(|q| q.contains(needle)) {
            return start.elapsed();
        }
        assert!(
            start.elapsed() < Duration::from_secs(10),
            "`{needle}` still runs"
        );
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
}
