//! Table locks, lock timeouts, deadlocks and retry, advisory locks, and a
//! SKIP LOCKED queue on transactions.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use orm::Model;
use orm::postgres::{
    AdvisoryKey, Db, Executor, LockMode, RetryPolicy, transaction_with_retry, with_table_lock,
};
use orm::testing::concurrently;
use tokio::sync::Barrier;

use crate::lock_models::{Other, Target, create_sql};

/// PostgreSQL's documentation, "Explicit Locking", table 13.2 "Conflicting
/// Lock Modes", copied as printed: row = requested mode, column = mode
/// already held, in the order AS, RS, RE, SUE, S, SRE, E, AE.
const DOCUMENTED: [(&str, &str); 8] = [
    ("ACCESS SHARE", "       X"),
    ("ROW SHARE", "      XX"),
    ("ROW EXCLUSIVE", "    XXXX"),
    ("SHARE UPDATE EXCLUSIVE", "   XXXXX"),
    ("SHARE", "  XX XXX"),
    ("SHARE ROW EXCLUSIVE", "  XXXXXX"),
    ("EXCLUSIVE", " XXXXXXX"),
    ("ACCESS EXCLUSIVE", "XXXXXXXX"),
];

#[test]
fn conflict_table_matches_the_documentation() {
    for (row, (name, marks)) in DOCUMENTED.iter().enumerate() {
        let requested: LockMode = name.parse().unwrap();
        assert_eq!(requested, LockMode::ALL[row]);
        for (column, mark) in marks.chars().enumerate() {
            let held = LockMode::ALL[column];
            assert_eq!(
                requested.conflicts_with(held),
                mark == 'X',
                "{requested} requested while {held} is held"
            );
        }
    }
}

#[test]
fn lock_mode_parse_error_names_the_input_and_lists_the_modes() {
    let err = "SHARE ROW".parse::<LockMode>().unwrap_err();
    assert!(err.is_invalid_input(), "{err}");
    let message = err.to_string();
    assert!(message.contains("`SHARE ROW`"), "{message}");
    for mode in LockMode::ALL {
        assert!(message.contains(mode.as_sql()), "{message} lacks {mode}");
    }
    assert_eq!(
        "Share Row Exclusive".parse::<LockMode>().unwrap(),
        LockMode::ShareRowExclusive
    );
    assert!("".parse::<LockMode>().is_err());
}

async fn tables(db: &Db) {
    db.batch_execute(&format!(
        "{}; {}",
        create_sql::<Target>(),
        create_sql::<Other>()
    ))
    .await
    .unwrap();
}

#[orm::test]
async fn every_pair_of_modes_conflicts_exactly_as_postgres_documents(db: Db) {
    tables(&db).await;
    let mut mismatches = Vec::new();
    for held in LockMode::ALL {
        let a = db.begin().await.unwrap();
        a.lock::<Target>(held).await.unwrap();
        for requested in LockMode::ALL {
            let b = db.begin().await.unwrap();
            let result = b.lock_nowait::<Target>(requested).await;
            let blocked = match &result {
                Ok(()) => false,
                Err(e) if e.is_lock_not_available() => true,
                Err(e) => panic!("{requested} while {held} is held: unexpected {e}"),
            };
            if blocked != held.conflicts_with(requested) {
                mismatches.push(format!(
                    "{held} held, {requested} requested: blocked={blocked}"
                ));
            }
            b.rollback().await.unwrap();
        }
        a.rollback().await.unwrap();
    }
    assert!(mismatches.is_empty(), "{mismatches:#?}");
}

#[orm::test]
async fn lock_is_one_statement_and_is_held_in_the_named_mode(db: Db) {
    tables(&db).await;
    let tx = db.begin().await.unwrap();
    let before = db.statements_sent();
    let trips = db.round_trips();
    tx.lock_tables(
        &[Target::META, Other::META, Target::META],
        LockMode::ShareRowExclusive,
        false,
    )
    .await
    .unwrap();
    assert_eq!(db.statements_sent() - before, 1);
    assert_eq!(db.round_trips() - trips, 1);
    let rows = tx
        .query(
            "SELECT c.relname::text, l.mode FROM pg_locks l JOIN pg_class c ON c.oid = l.relation
             WHERE l.pid = pg_backend_pid() AND c.relname IN ('lock_target', 'lock_other')
             ORDER BY 1",
            &[],
        )
        .await
        .unwrap();
    let held: Vec<(String, String)> = rows.iter().map(|r| (r.get(0), r.get(1))).collect();
    assert_eq!(
        held,
        [
            ("lock_other".into(), "ShareRowExclusiveLock".into()),
            ("lock_target".into(), "ShareRowExclusiveLock".into())
        ]
    );
    tx.commit().await.unwrap();
    let err = db
        .begin()
        .await
        .unwrap()
        .lock_tables(&[], LockMode::Share, false)
        .await
        .unwrap_err();
    assert!(err.is_invalid_input(), "{err}");
}

#[orm::test]
async fn with_table_lock_sends_begin_and_lock_in_one_round_trip(db: Db) {
    tables(&db).await;
    let before = db.statements_sent();
    let trips = db.round_trips();
    let n: i64 = with_table_lock::<Target, _>(&db, LockMode::Exclusive, |tx| {
        Box::pin(async move {
            let rows = tx.query("SELECT count(*) FROM lock_target", &[]).await?;
            Ok(rows[0].get(0))
        })
    })
    .await
    .unwrap();
    assert_eq!(n, 0);
    // BEGIN + LOCK (one round trip), SELECT, COMMIT.
    assert_eq!(db.statements_sent() - before, 4);
    assert_eq!(db.round_trips() - trips, 3);
}

#[orm::test]
async fn lock_timeout_gives_lock_not_available(db: Db) {
    tables(&db).await;
    let holder = db.begin().await.unwrap();
    holder
        .lock::<Target>(LockMode::AccessExclusive)
        .await
        .unwrap();
    let waiter = db.begin().await.unwrap();
    waiter
        .set_lock_timeout(Duration::from_millis(100))
        .await
        .unwrap();
    let rows = waiter.query("SHOW lock_timeout", &[]).await.unwrap();
    assert_eq!(rows[0].get::<_, String>(0), "100ms");
    let started = Instant::now();
    let err = waiter
        .lock::<Target>(LockMode::AccessShare)
        .await
        .unwrap_err();
    let waited = started.elapsed();
    assert!(err.is_lock_not_available(), "{err}");
    assert!(waited >= Duration::from_millis(90), "{waited:?}");
    assert!(waited < Duration::from_secs(5), "{waited:?}");
    drop(waiter);
    holder.commit().await.unwrap();
    // SET LOCAL ended with its transaction.
    let rows = db.query("SHOW lock_timeout", &[]).await.unwrap();
    assert_eq!(rows[0].get::<_, String>(0), "0");
}

async fn two_rows(db: &Db) {
    db.batch_execute(
        "CREATE TABLE acct (id int PRIMARY KEY, n int NOT NULL);
         INSERT INTO acct VALUES (1, 0), (2, 0);",
    )
    .await
    .unwrap();
}

const BUMP: &str = "UPDATE acct SET n = n + 1 WHERE id = $1";

#[orm::test]
async fn opposite_order_deadlocks_and_retry_completes_both(db: Db) {
    two_rows(&db).await;
    // 1. Without retry: one of the two is chosen as the deadlock victim.
    let barrier = Barrier::new(2);
    let side = |first: i32, second: i32| {
        let (db, barrier) = (&db, &barrier);
        async move {
            let tx = db.begin().await.unwrap();
            tx.execute(BUMP, &[first.into()]).await.unwrap();
            barrier.wait().await;
            match tx.execute(BUMP, &[second.into()]).await {
                Ok(_) => tx.commit().await.map(|()| None),
                Err(e) => {
                    tx.rollback().await.unwrap();
                    Ok(Some(e))
                }
            }
        }
    };
    let (a, b) = tokio::join!(side(1, 2), side(2, 1));
    let errors: Vec<_> = [a.unwrap(), b.unwrap()].into_iter().flatten().collect();
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert!(errors[0].is_deadlock(), "{}", errors[0]);

    // 2. With retry: the victim's closure runs again and both commit.
    db.batch_execute("UPDATE acct SET n = 0").await.unwrap();
    let attempts = [AtomicUsize::new(0), AtomicUsize::new(0)];
    let barrier = Barrier::new(2);
    let retried = |who: usize, first: i32, second: i32| {
        let (db, barrier, attempts) = (&db, &barrier, &attempts);
        transaction_with_retry(db, RetryPolicy::new(), move |tx| {
            Box::pin(async move {
                let attempt = attempts[who].fetch_add(1, Ordering::SeqCst);
                tx.execute(BUMP, &[first.into()]).await?;
                if attempt == 0 {
                    barrier.wait().await; // force the overlap the first time
                }
                tx.execute(BUMP, &[second.into()]).await?;
                Ok(attempt + 1)
            })
        })
    };
    let (a, b) = tokio::join!(retried(0, 1, 2), retried(1, 2, 1));
    let (a, b) = (a.unwrap(), b.unwrap());
    let mut runs = [a, b];
    runs.sort();
    assert_eq!(runs, [1, 2], "one side needed a second attempt");
    let rows = db
        .query("SELECT n FROM acct ORDER BY id", &[])
        .await
        .unwrap();
    let n: Vec<i32> = rows.iter().map(|r| r.get(0)).collect();
    assert_eq!(n, [2, 2], "both transactions committed exactly once");
}

#[orm::test]
async fn retry_returns_other_errors_at_once_and_gives_up_after_max_attempts(db: Db) {
    let calls = AtomicUsize::new(0);
    let err = transaction_with_retry(&db, RetryPolicy::new(), |tx| {
        let calls = &calls;
        Box::pin(async move {
            calls.fetch_add(1, Ordering::SeqCst);
            tx.query("SELEC 1", &[]).await
        })
    })
    .await
    .unwrap_err();
    assert!(err.is_syntax_error(), "{err}");
    assert_eq!(calls.load(Ordering::SeqCst), 1);

    let calls = AtomicUsize::new(0);
    let policy = RetryPolicy::new()
        .max_attempts(3)
        .backoff(Duration::from_millis(1), Duration::from_millis(2));
    let err = transaction_with_retry(&db, policy, |tx| {
        let calls = &calls;
        Box::pin(async move {
            calls.fetch_add(1, Ordering::SeqCst);
            // A real 40001 from the server.
            tx.execute(
                "DO $$ BEGIN RAISE EXCEPTION USING ERRCODE = 'serialization_failure'; END $$",
                &[],
            )
            .await
            .map(drop)
        })
    })
    .await
    .unwrap_err();
    assert!(err.is_serialization_failure(), "{err}");
    assert_eq!(calls.load(Ordering::SeqCst), 3);
}

#[orm::test]
async fn advisory_try_lock_is_false_while_held_and_true_after_commit(db: Db) {
    let first = db.begin().await.unwrap();
    assert!(first.try_advisory_lock("job-42").await.unwrap());
    // The key reached the server as the documented FNV-1a value.
    let rows = first
        .query(
            "SELECT (classid::bigint << 32) | objid::bigint FROM pg_locks
             WHERE locktype = 'advisory' AND pid = pg_backend_pid()",
            &[],
        )
        .await
        .unwrap();
    assert_eq!(rows[0].get::<_, i64>(0), -8_487_359_269_182_218_331);
    assert_eq!(
        AdvisoryKey::from_name("job-42").value(),
        0x8a36_d7b6_6f46_5fa5_u64 as i64
    );

    let second = db.begin().await.unwrap();
    assert!(!second.try_advisory_lock("job-42").await.unwrap());
    assert!(!second.try_advisory_lock_shared("job-42").await.unwrap());
    assert!(
        second.try_advisory_lock(42).await.unwrap(),
        "other keys are free"
    );
    first.commit().await.unwrap();
    assert!(second.try_advisory_lock("job-42").await.unwrap());
    second.commit().await.unwrap();
}

#[orm::test]
async fn shared_advisory_locks_coexist_and_exclude_the_exclusive_one(db: Db) {
    let a = db.begin().await.unwrap();
    let b = db.begin().await.unwrap();
    a.advisory_lock_shared(7).await.unwrap();
    b.advisory_lock_shared(7).await.unwrap();
    let c = db.begin().await.unwrap();
    assert!(!c.try_advisory_lock(7).await.unwrap());
    a.rollback().await.unwrap();
    b.rollback().await.unwrap();
    assert!(c.try_advisory_lock(7).await.unwrap());
    // A blocking exclusive lock waits for the holder, then succeeds.
    let d = db.begin().await.unwrap();
    d.set_lock_timeout(Duration::from_millis(100))
        .await
        .unwrap();
    let err = d.advisory_lock(7).await.unwrap_err();
    assert!(err.is_lock_not_available(), "{err}");
    c.commit().await.unwrap();
}

async fn queue(db: &Db, jobs: i32) {
    db.batch_execute("CREATE TABLE job (id int PRIMARY KEY, taken_by int)")
        .await
        .unwrap();
    db.execute(
        "INSERT INTO job (id) SELECT generate_series(1, $1)",
        &[jobs.into()],
    )
    .await
    .unwrap();
}

const TAKE: &str =
    "SELECT id FROM job WHERE taken_by IS NULL ORDER BY id LIMIT $1 FOR UPDATE SKIP LOCKED";

#[orm::test]
async fn skip_locked_gives_two_workers_disjoint_rows(db: Db) {
    queue(&db, 10).await;
    let a = db.begin().await.unwrap();
    let b = db.begin().await.unwrap();
    let take =
        |rows: Vec<orm::postgres::PgRow>| -> Vec<i32> { rows.iter().map(|r| r.get(0)).collect() };
    let mine_a = take(a.query(TAKE, &[3i64.into()]).await.unwrap());
    let mine_b = take(b.query(TAKE, &[3i64.into()]).await.unwrap());
    assert_eq!(mine_a, [1, 2, 3]);
    assert_eq!(mine_b, [4, 5, 6], "b skipped the rows a holds");
    for (tx, worker, ids) in [(&a, 1, &mine_a), (&b, 2, &mine_b)] {
        tx.execute(
            "UPDATE job SET taken_by = $1 WHERE id = ANY($2)",
            &[worker.into(), orm::Value::array(ids.iter())],
        )
        .await
        .unwrap();
    }
    a.commit().await.unwrap();
    b.commit().await.unwrap();
    let rows = db
        .query("SELECT count(*) FROM job WHERE taken_by IS NULL", &[])
        .await
        .unwrap();
    assert_eq!(rows[0].get::<_, i64>(0), 4);
}

#[orm::test]
async fn skip_locked_workers_drain_a_queue_taking_each_job_once(db: Db) {
    queue(&db, 24).await;
    let db = &db;
    let taken = concurrently(4, |worker| async move {
        let mut mine = 0;
        loop {
            let tx = db.begin().await?;
            let rows = tx.query(TAKE, &[1i64.into()]).await?;
            let Some(row) = rows.first() else {
                tx.commit().await?;
                return Ok::<_, orm::Error>(mine);
            };
            let id: i32 = row.get(0);
            tx.query("SELECT pg_sleep(0.01)", &[]).await?;
            tx.execute(
                "UPDATE job SET taken_by = $1 WHERE id = $2 AND taken_by IS NULL",
                &[(worker as i32).into(), id.into()],
            )
            .await?;
            tx.commit().await?;
            mine += 1;
        }
    })
    .await
    .unwrap();
    assert_eq!(taken.iter().sum::<i32>(), 24, "{taken:?}");
    let rows = db
        .query("SELECT count(*) FROM job WHERE taken_by IS NULL", &[])
        .await
        .unwrap();
    assert_eq!(rows[0].get::<_, i64>(0), 0);
}
