//! Backends terminated by an operator (`pg_terminate_backend`), idle and
//! mid-statement, inside and outside transactions.

use std::time::{Duration, Instant};

use orm::postgres::{Db, Executor};
use orm::testing::{self, Backends};

use super::{pool_on, wait_until_running};

#[orm::test]
async fn a_statement_on_a_terminated_backend_fails_once_and_the_next_call_succeeds(db: Db) {
    let server = testing::server().unwrap();
    let small = pool_on(&db, 1).await;
    let mut failed = 0;
    for round in 0..10 {
        let busy = small.clone();
        let running =
            tokio::spawn(async move { busy.query("SELECT pg_sleep(5) AS doomed", &[]).await });
        wait_until_running(&small, "doomed").await;
        let started = Instant::now();
        assert_eq!(
            server
                .terminate_backends(&small, Backends::Active)
                .await
                .unwrap(),
            1
        );
        let err = running.await.unwrap().unwrap_err();
        assert!(err.is_connection(), "round {round}: {err}");
        assert_eq!(err.code(), Some("57P01"), "round {round}: {err}");
        failed += 1;
        // The dead connection is never handed out again: the very next call
        // on this pool of one gets a new connection.
        let rows = small.query("SELECT 1", &[]).await.unwrap();
        assert_eq!(rows[0].get::<_, i32>(0), 1);
        assert!(started.elapsed() < Duration::from_secs(2));
    }
    assert_eq!(failed, 10);
    assert_eq!(small.pool_status().size, 1);
}

#[orm::test]
async fn an_idle_terminated_connection_is_never_handed_out(db: Db) {
    let server = testing::server().unwrap();
    let small = pool_on(&db, 1).await;
    let mut failures = Vec::new();
    for _ in 0..10 {
        small.query("SELECT 1", &[]).await.unwrap();
        // The test's own pool `db` is idle on the same database too.
        assert!(
            server
                .terminate_backends(&small, Backends::Idle)
                .await
                .unwrap()
                >= 1
        );
        // Whatever the timing, a call fails at most once per dead
        // connection, with a connection error, and the next one succeeds.
        if let Err(err) = small.query("SELECT 2", &[]).await {
            assert!(err.is_connection(), "{err}");
            failures.push(err);
            small.query("SELECT 3", &[]).await.unwrap();
        }
    }
    println!(
        "measured: idle connection terminated 10 times, {} calls failed",
        failures.len()
    );
    assert!(failures.len() <= 1, "{failures:?}");
}

#[orm::test]
async fn a_transaction_whose_backend_dies_mid_statement_commits_nothing(db: Db) {
    let server = testing::server().unwrap();
    db.batch_execute("CREATE TABLE t (id int PRIMARY KEY)")
        .await
        .unwrap();
    let small = pool_on(&db, 1).await;
    let tx = small.begin().await.unwrap();
    tx.execute("INSERT INTO t VALUES (1)", &[]).await.unwrap();
    let (result, terminated) = tokio::join!(tx.query("SELECT pg_sleep(5) AS doomed", &[]), async {
        wait_until_running(&small, "doomed").await;
        server.terminate_backends(&small, Backends::Active).await
    });
    assert_eq!(terminated.unwrap(), 1);
    let err = result.unwrap_err();
    assert!(err.is_connection(), "{err}");
    assert_eq!(err.code(), Some("57P01"));
    let err = tx.commit().await.unwrap_err();
    assert!(err.is_connection(), "{err}");
    let rows = small.query("SELECT count(*) FROM t", &[]).await.unwrap();
    assert_eq!(rows[0].get::<_, i64>(0), 0);
    // The next transaction on the pool of one works.
    let tx = small.begin().await.unwrap();
    tx.execute("INSERT INTO t VALUES (2)", &[]).await.unwrap();
    tx.commit().await.unwrap();
    let rows = small
        .query("SELECT array_agg(id) FROM t", &[])
        .await
        .unwrap();
    assert_eq!(rows[0].get::<_, Vec<i32>>(0), vec![2]);
}

#[orm::test]
async fn a_transaction_idle_when_its_backend_dies_commits_nothing(db: Db) {
    let server = testing::server().unwrap();
    db.batch_execute("CREATE TABLE t (id int PRIMARY KEY)")
        .await
        .unwrap();
    let small = pool_on(&db, 1).await;
    let tx = small.begin().await.unwrap();
    tx.execute("INSERT INTO t VALUES (1)", &[]).await.unwrap();
    assert!(
        server
            .terminate_backends(&small, Backends::All)
            .await
            .unwrap()
            >= 1
    );
    let err = tx
        .execute("INSERT INTO t VALUES (2)", &[])
        .await
        .unwrap_err();
    assert!(err.is_connection(), "{err}");
    assert!(tx.commit().await.unwrap_err().is_connection());
    let rows = small.query("SELECT count(*) FROM t", &[]).await.unwrap();
    assert_eq!(rows[0].get::<_, i64>(0), 0);
}
