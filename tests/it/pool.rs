//! Pool sizing and checkout timeouts.

use std::time::Duration;

use orm::postgres::{Db, Executor};
use orm::testing;

async fn pool_of_one(db: &Db, wait: Option<Duration>) -> Db {
    let rows = db.query("SELECT current_database()", &[]).await.unwrap();
    let name: String = rows[0].get(0);
    let config = testing::server().unwrap().config_for(&name);
    Db::builder_from_config(config)
        .max_size(1)
        .wait_timeout(wait)
        .connect()
        .await
        .unwrap()
}

#[orm::test]
async fn second_checkout_waits_then_succeeds(db: Db) {
    let small = pool_of_one(&db, Some(Duration::from_secs(10))).await;
    let busy = small.clone();
    let first = tokio::spawn(async move { busy.query("SELECT pg_sleep(0.3)", &[]).await });
    tokio::time::sleep(Duration::from_millis(50)).await;
    assert_eq!(small.pool_status().available, 0);
    let second = small.query("SELECT 2", &[]).await.unwrap();
    assert_eq!(second[0].get::<_, i32>(0), 2);
    first.await.unwrap().unwrap();
    assert_eq!(small.pool_status().size, 1);
}

#[orm::test]
async fn short_wait_timeout_is_a_pool_timeout(db: Db) {
    let small = pool_of_one(&db, Some(Duration::from_millis(50))).await;
    let busy = small.clone();
    let first = tokio::spawn(async move { busy.query("SELECT pg_sleep(0.5)", &[]).await });
    tokio::time::sleep(Duration::from_millis(50)).await;
    let err = small.query("SELECT 2", &[]).await.unwrap_err();
    assert!(err.is_pool_timeout(), "{err}");
    first.await.unwrap().unwrap();
}

#[orm::test]
async fn statements_are_counted(db: Db) {
    let before = db.statements_sent();
    let trips = db.round_trips();
    db.query("SELECT 1", &[]).await.unwrap();
    let one = orm::postgres::Statement {
        sql: "SELECT 1",
        params: &[],
    };
    let two = orm::postgres::Statement {
        sql: "SELECT 2",
        params: &[],
    };
    db.query_pipelined(&[one, two]).await.unwrap();
    assert_eq!(db.statements_sent() - before, 3);
    assert_eq!(db.round_trips() - trips, 2);
}
