//! `transaction_with_retry` when the closure swallowed a serialization
//! failure and the commit then reported the abort (25P02).

use std::sync::atomic::{AtomicU32, Ordering};

use orm::postgres::{Db, Executor, RetryPolicy, transaction_with_retry};

#[orm::test]
async fn a_swallowed_serialization_failure_is_retried(db: Db) {
    db.batch_execute("CREATE TABLE t (id int PRIMARY KEY)")
        .await
        .unwrap();
    let attempts = AtomicU32::new(0);
    let attempts_ref = &attempts;
    transaction_with_retry(&db, RetryPolicy::new(), |tx| {
        Box::pin(async move {
            let attempt = attempts_ref.fetch_add(1, Ordering::SeqCst) + 1;
            tx.execute("INSERT INTO t VALUES ($1)", &[(attempt as i32).into()])
                .await?;
            if attempt == 1 {
                // The closure ignores the failure; PostgreSQL does not.
                let err = tx
                    .execute(
                        "DO $$ BEGIN RAISE EXCEPTION 'conflict' \
                         USING ERRCODE = 'serialization_failure'; END $$",
                        &[],
                    )
                    .await
                    .unwrap_err();
                assert!(err.is_serialization_failure());
            }
            Ok(())
        })
    })
    .await
    .unwrap();
    assert_eq!(attempts.load(Ordering::SeqCst), 2);
    let rows = db.query("SELECT array_agg(id) FROM t", &[]).await.unwrap();
    assert_eq!(rows[0].get::<_, Vec<i32>>(0), vec![2]);
}

#[orm::test]
async fn a_swallowed_unique_violation_is_not_retried(db: Db) {
    db.batch_execute("CREATE TABLE t (id int PRIMARY KEY); INSERT INTO t VALUES (1)")
        .await
        .unwrap();
    let attempts = AtomicU32::new(0);
    let attempts_ref = &attempts;
    let err = transaction_with_retry(&db, RetryPolicy::new(), |tx| {
        Box::pin(async move {
            attempts_ref.fetch_add(1, Ordering::SeqCst);
            let _ = tx.execute("INSERT INTO t VALUES (1)", &[]).await;
            Ok(())
        })
    })
    .await
    .unwrap_err();
    assert_eq!(err.code(), Some("25P02"));
    assert_eq!(attempts.load(Ordering::SeqCst), 1);
}
