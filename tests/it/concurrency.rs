//! `concurrently`, and the race it exists to expose: a read-then-insert
//! "get or create" on a table without a unique constraint.

use std::time::{Duration, Instant};

use orm::Error;
use orm::postgres::{Db, Executor, LockMode, Transaction};
use orm::testing::concurrently;

use crate::lock_models::Tag;
use crate::second_pool::second_pool;

const TASKS: usize = 20;

/// Reads, waits 50 ms so that concurrent callers overlap, then inserts if
/// the read found nothing. Returns true when it inserted.
async fn get_or_create(tx: &Transaction<'_>, name: &str) -> orm::Result<bool> {
    let rows = tx
        .query("SELECT count(*) FROM tag WHERE name = $1", &[name.into()])
        .await?;
    let found: i64 = rows[0].get(0);
    tx.query("SELECT pg_sleep(0.05)", &[]).await?;
    if found == 0 {
        tx.execute("INSERT INTO tag (name) VALUES ($1)", &[name.into()])
            .await?;
    }
    Ok(found == 0)
}

async fn count(db: &Db, name: &str) -> i64 {
    let rows = db
        .query("SELECT count(*) FROM tag WHERE name = $1", &[name.into()])
        .await
        .unwrap();
    rows[0].get(0)
}

async fn race(pool: &Db, name: &str, lock: Option<LockMode>) -> usize {
    let created = concurrently(TASKS, |_| async move {
        pool.transaction(|tx| {
            Box::pin(async move {
                if let Some(mode) = lock {
                    tx.lock::<Tag>(mode).await?;
                }
                get_or_create(tx, name).await
            })
        })
        .await
    })
    .await
    .unwrap();
    created.into_iter().filter(|c| *c).count()
}

#[orm::test]
async fn get_or_create_races_without_a_lock_and_not_with_one(db: Db) {
    db.batch_execute(
        "CREATE TABLE tag (id bigint GENERATED ALWAYS AS IDENTITY, name text NOT NULL)",
    )
    .await
    .unwrap();
    let pool = second_pool(&db, TASKS + 5).await;
    // Open all connections first, so the race is between statements, not
    // connection set-ups.
    concurrently(TASKS, |_| {
        let pool = &pool;
        async move { pool.query("SELECT 1", &[]).await }
    })
    .await
    .unwrap();

    let unlocked = race(&pool, "unlocked", None).await;
    assert!(unlocked > 1, "the race did not happen: {unlocked} created");
    assert_eq!(count(&db, "unlocked").await, unlocked as i64);

    let locked = race(&pool, "locked", Some(LockMode::ShareRowExclusive)).await;
    assert_eq!(locked, 1);
    assert_eq!(count(&db, "locked").await, 1);
}

#[orm::test]
async fn failures_and_panics_are_all_reported(db: Db) {
    let db = &db;
    let err = concurrently(6, |i| async move {
        match i {
            1 | 3 => Err(Error::invalid_input(format!("task {i} says no"))),
            4 => panic!("task four exploded"),
            _ => db.query("SELECT 1", &[]).await.map(|_| i),
        }
    })
    .await
    .unwrap_err();
    assert_eq!((err.failed(), err.tasks()), (3, 6));
    let indexes: Vec<usize> = err.failures().iter().map(|f| f.index).collect();
    assert_eq!(indexes, [1, 3, 4]);
    assert!(err.failures()[2].panicked);
    assert!(!err.failures()[0].panicked);
    let shown = err.to_string();
    assert!(
        shown.starts_with("3 of 6 concurrent tasks failed:"),
        "{shown}"
    );
    for needle in [
        "task 1: invalid input: task 1 says no",
        "task 3: invalid input: task 3 says no",
        "task 4 panicked: task four exploded",
    ] {
        assert!(shown.contains(needle), "{shown} lacks {needle}");
    }
}

#[orm::test]
async fn tasks_start_together_and_overlap(db: Db) {
    let pool = second_pool(&db, 10).await;
    let pool = &pool;
    let started = Instant::now();
    let ids = concurrently(10, |i| async move {
        pool.query("SELECT pg_sleep(0.3)", &[]).await?;
        Ok::<_, Error>(i)
    })
    .await
    .unwrap();
    assert_eq!(ids, (0..10).collect::<Vec<_>>());
    // Ten 0.3 s sleeps one after another would take 3 s.
    let elapsed = started.elapsed();
    assert!(elapsed < Duration::from_millis(2000), "{elapsed:?}");
    assert!(
        concurrently(0, |_| async { Ok::<(), Error>(()) })
            .await
            .unwrap()
            .is_empty()
    );
}
