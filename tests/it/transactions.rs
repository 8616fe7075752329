//! Transactions: commit, rollback (explicit, on drop, on `Err`, on panic),
//! savepoints, options, and what they cost in statements.

use futures_util::FutureExt;
use orm::Error;
use orm::postgres::{Db, Executor, IsolationLevel, Transaction, TransactionOptions};

use crate::second_pool::second_pool;

async fn notes(db: &Db) {
    db.batch_execute("CREATE TABLE note (id int PRIMARY KEY)")
        .await
        .unwrap();
}

async fn ids(db: &impl Executor<Row = orm::postgres::PgRow>) -> Vec<i32> {
    let rows = db
        .query("SELECT id FROM note ORDER BY id", &[])
        .await
        .unwrap();
    rows.iter().map(|r| r.get(0)).collect()
}

async fn insert(db: &impl Executor, id: i32) -> orm::Result<u64> {
    db.execute("INSERT INTO note (id) VALUES ($1)", &[id.into()])
        .await
}

#[orm::test]
async fn commit_persists_and_costs_begin_plus_commit(db: Db) {
    notes(&db).await;
    let before = db.statements_sent();
    let tx = db.begin().await.unwrap();
    assert!(tx.in_transaction());
    assert!(!db.in_transaction());
    insert(&tx, 1).await.unwrap();
    // Not visible outside before the commit.
    assert_eq!(ids(&db).await, Vec::<i32>::new());
    tx.commit().await.unwrap();
    // BEGIN, INSERT, (SELECT on the pool), COMMIT.
    assert_eq!(db.statements_sent() - before, 4);
    assert_eq!(ids(&db).await, [1]);
}

#[orm::test]
async fn explicit_rollback_discards(db: Db) {
    notes(&db).await;
    let tx = db.begin().await.unwrap();
    insert(&tx, 1).await.unwrap();
    tx.rollback().await.unwrap();
    assert_eq!(ids(&db).await, Vec::<i32>::new());
}

#[orm::test]
async fn drop_without_commit_rolls_back_before_the_connection_is_reused(db: Db) {
    notes(&db).await;
    // One connection: whoever runs next gets the very connection the
    // transaction used, so a transaction left open on it would show its row.
    let one = second_pool(&db, 1).await;
    let tx = one.begin().await.unwrap();
    insert(&tx, 1).await.unwrap();
    drop(tx);
    assert_eq!(ids(&one).await, Vec::<i32>::new());
    // Inside the dropped transaction the INSERT would have an id assigned.
    let rows = one
        .query("SELECT txid_current_if_assigned() IS NULL", &[])
        .await
        .unwrap();
    assert!(
        rows[0].get::<_, bool>(0),
        "the connection is still in a transaction"
    );
    // Returned to the pool, not closed.
    assert_eq!(one.pool_status().size, 1);
}

#[orm::test]
async fn transaction_commits_on_ok(db: Db) {
    notes(&db).await;
    let before = db.statements_sent();
    let n = db
        .transaction(|tx| {
            Box::pin(async move {
                insert(tx, 1).await?;
                insert(tx, 2).await
            })
        })
        .await
        .unwrap();
    assert_eq!(n, 1);
    assert_eq!(db.statements_sent() - before, 4, "BEGIN, 2 INSERTs, COMMIT");
    assert_eq!(ids(&db).await, [1, 2]);
}

#[orm::test]
async fn transaction_rolls_back_on_err_and_returns_it(db: Db) {
    notes(&db).await;
    let err = db
        .transaction(|tx| {
            Box::pin(async move {
                insert(tx, 1).await?;
                Err::<(), _>(Error::invalid_input("changed my mind"))
            })
        })
        .await
        .unwrap_err();
    assert!(err.is_invalid_input(), "{err}");
    assert!(err.to_string().contains("changed my mind"));
    assert_eq!(ids(&db).await, Vec::<i32>::new());
}

#[orm::test]
async fn panic_inside_transaction_rolls_back_and_the_connection_stays_usable(db: Db) {
    notes(&db).await;
    let one = second_pool(&db, 1).await;
    let pool = one.clone();
    let outcome = tokio::spawn(async move {
        pool.transaction(|tx| {
            Box::pin(async move {
                insert(tx, 1).await?;
                if tx.in_transaction() {
                    panic!("boom inside the transaction");
                }
                Ok(())
            })
        })
        .await
    })
    .await;
    let panic = outcome.unwrap_err();
    assert!(panic.is_panic());
    let payload = panic.into_panic();
    assert_eq!(
        payload.downcast_ref::<&str>(),
        Some(&"boom inside the transaction")
    );
    // The same (only) connection: clean, usable, nothing committed.
    assert_eq!(ids(&one).await, Vec::<i32>::new());
    insert(&one, 7).await.unwrap();
    assert_eq!(ids(&db).await, [7]);
    assert_eq!(one.pool_status().size, 1);
}

#[orm::test]
async fn panic_is_resumed_to_the_caller(db: Db) {
    let caught = std::panic::AssertUnwindSafe(db.transaction(|_tx| {
        Box::pin(async move {
            let value: i32 = "not a number".parse().unwrap();
            Ok(value)
        })
    }))
    .catch_unwind()
    .await;
    assert!(caught.is_err());
    let rows = db.query("SELECT 1", &[]).await.unwrap();
    assert_eq!(rows.len(), 1);
}

#[orm::test]
async fn closure_may_borrow_from_the_caller(db: Db) {
    notes(&db).await;
    let wanted = vec![3, 4, 5];
    let mut inserted = 0u64;
    let count: i64 = db
        .transaction(|tx| {
            // Borrow, rather than move, into the `async move` block.
            let (wanted, inserted) = (&wanted, &mut inserted);
            Box::pin(async move {
                for id in wanted {
                    *inserted += tx
                        .execute("INSERT INTO note (id) VALUES ($1)", &[(*id).into()])
                        .await?;
                }
                let rows = tx.query("SELECT count(*) FROM note", &[]).await?;
                Ok(rows[0].get(0))
            })
        })
        .await
        .unwrap();
    assert_eq!((count, inserted, wanted.len()), (3, 3, 3));
}

#[orm::test]
async fn savepoint_rollback_keeps_the_outer_work(db: Db) {
    notes(&db).await;
    let mut tx = db.begin().await.unwrap();
    insert(&tx, 1).await.unwrap();
    let sp = tx.savepoint().await.unwrap();
    assert!(sp.is_savepoint());
    assert_eq!(sp.depth(), 1);
    insert(&sp, 2).await.unwrap();
    sp.rollback().await.unwrap();
    insert(&tx, 3).await.unwrap();
    tx.commit().await.unwrap();
    assert_eq!(ids(&db).await, [1, 3]);
}

#[orm::test]
async fn dropped_savepoint_is_rolled_back_and_clears_its_failure(db: Db) {
    notes(&db).await;
    let mut tx = db.begin().await.unwrap();
    insert(&tx, 1).await.unwrap();
    {
        let sp = tx.savepoint().await.unwrap();
        insert(&sp, 2).await.unwrap();
        let err = insert(&sp, 1).await.unwrap_err();
        assert!(err.is_unique_violation(), "{err}");
    } // dropped: rolled back before the next statement
    insert(&tx, 3).await.unwrap();
    assert_eq!(ids(&tx).await, [1, 3]);
    tx.commit().await.unwrap();
    assert_eq!(ids(&db).await, [1, 3]);
}

#[orm::test]
async fn nested_savepoints_commit_into_their_parent(db: Db) {
    notes(&db).await;
    let mut tx = db.begin().await.unwrap();
    {
        let mut outer = tx.savepoint().await.unwrap();
        insert(&outer, 1).await.unwrap();
        let inner = outer.savepoint().await.unwrap();
        assert_eq!(inner.depth(), 2);
        insert(&inner, 2).await.unwrap();
        inner.commit().await.unwrap();
        assert_eq!(ids(&outer).await, [1, 2]);
        outer.rollback().await.unwrap(); // undoes the released inner one too
    }
    {
        let mut outer = tx.savepoint().await.unwrap();
        insert(&outer, 3).await.unwrap();
        let inner = outer.savepoint().await.unwrap();
        insert(&inner, 4).await.unwrap();
        drop(inner);
        outer.commit().await.unwrap();
    }
    tx.commit().await.unwrap();
    assert_eq!(ids(&db).await, [3]);
}

#[orm::test]
async fn commit_after_an_ignored_failure_reports_the_abort(db: Db) {
    notes(&db).await;
    let tx = db.begin().await.unwrap();
    insert(&tx, 1).await.unwrap();
    let _ignored = insert(&tx, 1).await.unwrap_err();
    let err = tx.commit().await.unwrap_err();
    assert_eq!(err.code(), Some("25P02"), "{err}");
    assert!(err.to_string().contains("23505"), "{err}");
    assert!(err.to_string().contains("rolled back"), "{err}");
    assert_eq!(ids(&db).await, Vec::<i32>::new());
}

#[orm::test]
async fn failed_savepoint_commit_rolls_back_to_it_and_the_parent_goes_on(db: Db) {
    notes(&db).await;
    let mut tx = db.begin().await.unwrap();
    insert(&tx, 1).await.unwrap();
    let sp = tx.savepoint().await.unwrap();
    insert(&sp, 2).await.unwrap();
    let _ignored = insert(&sp, 2).await.unwrap_err();
    let err = sp.commit().await.unwrap_err();
    assert_eq!(err.code(), Some("25P02"), "{err}");
    insert(&tx, 3).await.unwrap();
    tx.commit().await.unwrap();
    assert_eq!(ids(&db).await, [1, 3]);
}

async fn show(tx: &Transaction<'_>, setting: &str) -> String {
    let rows = tx.query(&format!("SHOW {setting}"), &[]).await.unwrap();
    rows[0].get(0)
}

#[orm::test]
async fn options_are_visible_inside(db: Db) {
    let tx = db
        .begin_with(
            TransactionOptions::new()
                .isolation(IsolationLevel::Serializable)
                .read_only(true)
                .deferrable(true),
        )
        .await
        .unwrap();
    assert_eq!(show(&tx, "transaction_isolation").await, "serializable");
    assert_eq!(show(&tx, "transaction_read_only").await, "on");
    assert_eq!(show(&tx, "transaction_deferrable").await, "on");
    tx.commit().await.unwrap();

    let tx = db
        .begin_with(TransactionOptions::new().isolation(IsolationLevel::RepeatableRead))
        .await
        .unwrap();
    assert_eq!(show(&tx, "transaction_isolation").await, "repeatable read");
    assert_eq!(show(&tx, "transaction_read_only").await, "off");
    tx.rollback().await.unwrap();

    let tx = db.begin().await.unwrap();
    assert_eq!(show(&tx, "transaction_isolation").await, "read committed");
    tx.rollback().await.unwrap();
}

#[orm::test]
async fn read_only_transaction_rejects_a_write(db: Db) {
    notes(&db).await;
    let err = db
        .transaction_with(TransactionOptions::new().read_only(true), |tx| {
            Box::pin(async move { insert(tx, 1).await })
        })
        .await
        .unwrap_err();
    assert_eq!(err.code(), Some("25006"), "{err}");
    assert_eq!(ids(&db).await, Vec::<i32>::new());
}

#[orm::test]
async fn repeatable_read_sees_one_snapshot(db: Db) {
    notes(&db).await;
    let tx = db
        .begin_with(TransactionOptions::new().isolation(IsolationLevel::RepeatableRead))
        .await
        .unwrap();
    assert_eq!(ids(&tx).await, Vec::<i32>::new());
    insert(&db, 1).await.unwrap();
    assert_eq!(ids(&tx).await, Vec::<i32>::new(), "snapshot moved");
    tx.commit().await.unwrap();
    assert_eq!(ids(&db).await, [1]);
}
