//! A silent server, a server that is down, an exhausted pool: each answers
//! with its own predicate, within its own timeout.

use std::time::{Duration, Instant};

use orm::postgres::{Db, Executor};
use orm::testing::{self, SilentServer, concurrently};

use super::{builder_on, pool_on};

#[orm::test]
async fn a_silent_server_is_a_connect_timeout_not_a_pool_timeout(_db: Db) {
    let silent = SilentServer::start().unwrap();
    let builder = || {
        Db::builder(&silent.url())
            .connect_timeout(Some(Duration::from_millis(300)))
            .wait_timeout(Some(Duration::from_secs(5)))
    };
    let started = Instant::now();
    let err = builder().connect().await.unwrap_err();
    let took = started.elapsed();
    assert!(err.is_connection(), "{err}");
    assert!(err.is_connect_timeout(), "{err}");
    assert!(!err.is_pool_timeout(), "{err}");
    assert!(took >= Duration::from_millis(300) && took < Duration::from_millis(1500));

    // A call on an idle pool opens a connection: the same answer.
    let db = builder().build().unwrap();
    let started = Instant::now();
    let err = db.query("SELECT 1", &[]).await.unwrap_err();
    assert!(err.is_connect_timeout() && !err.is_pool_timeout(), "{err}");
    assert!(started.elapsed() < Duration::from_millis(1500));
    println!(
        "measured: silent server, connect_timeout 300 ms, Db::connect failed after {} ms",
        took.as_millis()
    );
}

#[orm::test]
async fn a_busy_pool_is_a_pool_timeout(db: Db) {
    let small = builder_on(&db, 2)
        .await
        .wait_timeout(Some(Duration::from_millis(200)))
        .connect()
        .await
        .unwrap();
    let first = small.begin().await.unwrap();
    let second = small.begin().await.unwrap();
    let started = Instant::now();
    let err = small.query("SELECT 1", &[]).await.unwrap_err();
    let took = started.elapsed();
    assert!(err.is_pool_timeout(), "{err}");
    assert!(!err.is_connection() && !err.is_connect_timeout(), "{err}");
    assert!(took >= Duration::from_millis(200) && took < Duration::from_millis(1000));
    first.commit().await.unwrap();
    second.commit().await.unwrap();
    small.query("SELECT 1", &[]).await.unwrap();
}

#[orm::test]
async fn two_hundred_tasks_share_a_pool_of_two(db: Db) {
    db.batch_execute("CREATE TABLE hit (n int PRIMARY KEY)")
        .await
        .unwrap();
    let small = pool_on(&db, 2).await;
    let started = Instant::now();
    let inserted = concurrently(200, |i| {
        let small = &small;
        async move {
            small
                .execute("INSERT INTO hit VALUES ($1)", &[(i as i32).into()])
                .await
        }
    })
    .await
    .unwrap();
    let took = started.elapsed();
    assert_eq!(inserted.iter().sum::<u64>(), 200);
    assert!(small.pool_status().size <= 2);
    let rows = db.query("SELECT count(*) FROM hit", &[]).await.unwrap();
    assert_eq!(rows[0].get::<_, i64>(0), 200);
    assert!(took < Duration::from_secs(5), "{took:?}");
    println!(
        "measured: 200 tasks on a pool of 2, all succeeded in {} ms",
        took.as_millis()
    );
}

#[orm::test]
async fn a_stopped_server_fails_fast_and_is_back_once_started(_db: Db) {
    let server = testing::own_server().await.unwrap();
    server.create_database("app").await.unwrap();
    let db = Db::builder_from_config(server.config_for("app"))
        .max_size(2)
        .connect_timeout(Some(Duration::from_secs(1)))
        .wait_timeout(Some(Duration::from_secs(2)))
        .connect()
        .await
        .unwrap();
    db.query("SELECT 1", &[]).await.unwrap();
    server.stop().await.unwrap();
    for _ in 0..3 {
        let started = Instant::now();
        let err = db.query("SELECT 1", &[]).await.unwrap_err();
        assert!(err.is_connection(), "{err}");
        assert!(!err.is_pool_timeout() && !err.is_connect_timeout(), "{err}");
        assert!(started.elapsed() < Duration::from_secs(1));
    }
    server.start().await.unwrap();
    let rows = db.query("SELECT 1", &[]).await.unwrap();
    assert_eq!(rows[0].get::<_, i32>(0), 1);
}
