//! Futures dropped mid-statement: aborted tasks, timeouts, transactions
//! dropped after `begin`, random cut points. The server stops the statement
//! at once, and no one gets the connection before it is idle again.

use std::time::{Duration, Instant};

use orm::postgres::{Db, Executor};

use super::{pool_on, time_until_gone, wait_until_running};

#[orm::test]
async fn an_aborted_task_cancels_its_statement(db: Db) {
    let small = pool_on(&db, 1).await;
    let busy = small.clone();
    let task = tokio::spawn(async move { busy.query("SELECT pg_sleep(3) AS aborted", &[]).await });
    wait_until_running(&small, "aborted").await;
    task.abort();
    let kept_running = time_until_gone(&small, "aborted").await;
    let started = Instant::now();
    let rows = small.query("SELECT 1", &[]).await.unwrap();
    let waited = started.elapsed();
    assert_eq!(rows[0].get::<_, i32>(0), 1);
    assert!(
        kept_running < Duration::from_millis(500),
        "{kept_running:?}"
    );
    assert!(waited < Duration::from_secs(1), "{waited:?}");
    println!(
        "measured: aborted task, the statement ran on for {} ms; the next caller waited {} ms",
        kept_running.as_millis(),
        waited.as_millis()
    );
}

#[orm::test]
async fn a_timeout_cancels_the_statement_and_the_next_caller_does_not_wait(db: Db) {
    let small = pool_on(&db, 1).await;
    let cut = tokio::time::timeout(
        Duration::from_millis(200),
        small.query("SELECT pg_sleep(3) AS timed_out", &[]),
    )
    .await;
    assert!(cut.is_err(), "the statement should have been cut short");
    let started = Instant::now();
    let rows = small.query("SELECT 1", &[]).await.unwrap();
    let waited = started.elapsed();
    assert_eq!(rows[0].get::<_, i32>(0), 1);
    let kept_running = time_until_gone(&small, "timed_out").await;
    assert!(waited < Duration::from_secs(1), "{waited:?}");
    assert!(
        kept_running < Duration::from_millis(100),
        "{kept_running:?}"
    );
    assert_eq!(small.pool_status().size, 1);
    println!(
        "measured: 3 s statement cut at 200 ms by a timeout, the next caller on a pool of one \
         waited {} ms",
        waited.as_millis()
    );
}

#[orm::test]
async fn a_transaction_dropped_mid_statement_releases_its_locks_at_once(db: Db) {
    db.batch_execute("CREATE TABLE t (id int PRIMARY KEY)")
        .await
        .unwrap();
    let small = pool_on(&db, 1).await;
    let tx = small.begin().await.unwrap();
    tx.execute("INSERT INTO t VALUES (1)", &[]).await.unwrap();
    let cut = tokio::time::timeout(
        Duration::from_millis(200),
        tx.query("SELECT pg_sleep(3) AS in_tx", &[]),
    )
    .await;
    assert!(cut.is_err());
    let dropped = Instant::now();
    drop(tx);
    // Another session gets an exclusive lock on the table as soon as the
    // rollback ran: the statement was cancelled rather than waited for.
    db.batch_execute("SET lock_timeout = '2s'; LOCK TABLE t IN ACCESS EXCLUSIVE MODE")
        .await
        .unwrap();
    let locked_after = dropped.elapsed();
    let rows = small.query("SELECT count(*) FROM t", &[]).await.unwrap();
    assert_eq!(rows[0].get::<_, i64>(0), 0);
    assert!(
        locked_after < Duration::from_millis(500),
        "{locked_after:?}"
    );
    println!(
        "measured: transaction dropped during a 3 s statement, its locks were free after {} ms",
        locked_after.as_millis()
    );
}

#[orm::test]
async fn a_transaction_used_after_a_cut_statement_refuses_to_commit(db: Db) {
    db.batch_execute("CREATE TABLE t (id int PRIMARY KEY)")
        .await
        .unwrap();
    let small = pool_on(&db, 1).await;
    let tx = small.begin().await.unwrap();
    tx.execute("INSERT INTO t VALUES (1)", &[]).await.unwrap();
    let cut = tokio::time::timeout(
        Duration::from_millis(100),
        tx.execute("INSERT INTO t SELECT 2 FROM pg_sleep(3)", &[]),
    )
    .await;
    assert!(cut.is_err());
    let started = Instant::now();
    let err = tx.commit().await.unwrap_err();
    assert_eq!(err.code(), Some("25P02"), "{err}");
    assert!(started.elapsed() < Duration::from_secs(1));
    let rows = small.query("SELECT count(*) FROM t", &[]).await.unwrap();
    assert_eq!(rows[0].get::<_, i64>(0), 0);
}

#[orm::test]
async fn random_cut_points_leave_no_half_written_transaction(db: Db) {
    db.batch_execute("CREATE TABLE pair (id int, side text, PRIMARY KEY (id, side))")
        .await
        .unwrap();
    let small = pool_on(&db, 2).await;
    let started = Instant::now();
    let mut committed = 0;
    for i in 0..60i32 {
        // Cut points from 0 to ~6 ms: before BEGIN, between the inserts,
        // during COMMIT, after it.
        let cut = Duration::from_micros(((i as u64) * 7919) % 6000);
        let outcome = tokio::time::timeout(
            cut,
            small.transaction(|tx| {
                Box::pin(async move {
                    tx.execute("INSERT INTO pair VALUES ($1, 'left')", &[i.into()])
                        .await?;
                    tx.execute("INSERT INTO pair VALUES ($1, 'right')", &[i.into()])
                        .await?;
                    Ok(())
                })
            }),
        )
        .await;
        if let Ok(result) = outcome {
            result.unwrap();
            committed += 1;
        }
    }
    // The pool is still whole and usable, and every pair is whole.
    small.query("SELECT 1", &[]).await.unwrap();
    let rows = small
        .query(
            "SELECT id, count(*) FROM pair GROUP BY id HAVING count(*) <> 2",
            &[],
        )
        .await
        .unwrap();
    assert!(rows.is_empty(), "half-written pairs: {}", rows.len());
    let rows = small
        .query("SELECT count(DISTINCT id) FROM pair", &[])
        .await
        .unwrap();
    let stored = rows[0].get::<_, i64>(0);
    assert!(stored >= committed, "{stored} < {committed}");
    assert!(small.pool_status().size <= 2);
    assert!(started.elapsed() < Duration::from_secs(10));
}

#[orm::test]
async fn an_explicit_rollback_after_a_cut_statement_does_not_wait_for_it(db: Db) {
    db.batch_execute("CREATE TABLE t (id int PRIMARY KEY)")
        .await
        .unwrap();
    let small = pool_on(&db, 1).await;
    let tx = small.begin().await.unwrap();
    tx.execute("INSERT INTO t VALUES (1)", &[]).await.unwrap();
    let cut = tokio::time::timeout(
        Duration::from_millis(100),
        tx.query("SELECT pg_sleep(3) AS rolled_back", &[]),
    )
    .await;
    assert!(cut.is_err());
    let started = Instant::now();
    tx.rollback().await.unwrap();
    assert!(started.elapsed() < Duration::from_secs(1));
    let rows = small.query("SELECT count(*) FROM t", &[]).await.unwrap();
    assert_eq!(rows[0].get::<_, i64>(0), 0);
    assert_eq!(small.pool_status().size, 1);
}
