//! Read replicas against a real streaming replica (`pg_basebackup -R` of a
//! primary of the test's own, replaying with `recovery_min_apply_delay`
//! so a stale read is observable).

use std::time::{Duration, Instant};

use orm::postgres::{Db, Executor};
use orm::prelude::*;
use orm::testing::{self, ServerSetup};

#[derive(Model, Debug, Clone)]
#[orm(table = "replicated_event")]
struct Event {
    #[orm(primary_key, auto)]
    id: i64,
    n: i32,
}

async fn insert(db: &Db, n: i32) {
    let mut event = Event { id: 0, n };
    event.insert(db).await.unwrap();
}

#[orm::test]
async fn reads_go_to_the_replica_and_a_causal_token_reads_your_writes(_db: Db) {
    let primary = testing::own_server().await.unwrap();
    primary.create_database("app").await.unwrap();
    let setup = Db::connect(&primary.url_for("app")).await.unwrap();
    Schema::new([Event::META])
        .unwrap()
        .create_all(&setup)
        .await
        .unwrap();
    setup.close();
    let replica = primary
        .start_replica(ServerSetup::new().setting("recovery_min_apply_delay", "300ms"))
        .await
        .unwrap();
    let db = Db::builder(&primary.url_for("app"))
        .replica(&replica.url_for("app"))
        .max_size(4)
        .build()
        .unwrap();
    let on_replica = db.replica(0).unwrap();
    let ready = Instant::now();
    while on_replica
        .query("SELECT 1 FROM replicated_event", &[])
        .await
        .is_err()
    {
        assert!(
            ready.elapsed() < Duration::from_secs(30),
            "the replica never came up"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }

    let rounds = 10;
    let mut expected = 0u64;
    // Plain reads go to the replica, which is 300 ms behind.
    let mut stale_without = 0;
    let replica_reads = on_replica.statements_sent();
    for i in 0..rounds {
        insert(&db, i).await;
        expected += 1;
        if Event::objects().count(&db).await.unwrap() < expected {
            stale_without += 1;
        }
    }
    assert!(on_replica.statements_sent() - replica_reads >= u64::try_from(rounds).unwrap());

    // With the token taken after the write: never stale.
    let mut stale_with = 0;
    let primary_trips = db.round_trips();
    let replica_trips = on_replica.round_trips();
    for i in 0..rounds {
        insert(&db, i).await;
        expected += 1;
        let token = db.causal_token().await.unwrap();
        let seen = Event::objects().count(&db.after(&token)).await.unwrap();
        let all = Event::objects().all(&db.after(&token)).await.unwrap();
        if seen < expected || (all.len() as u64) < expected {
            stale_with += 1;
        }
    }
    // Per round: the write, the token and two reads.
    let primary_per_round = (db.round_trips() - primary_trips) as f64 / f64::from(rounds);
    let replica_per_round = (on_replica.round_trips() - replica_trips) as f64 / f64::from(rounds);

    // Once the replica has replayed past a token, reads with it go there.
    let token = db.causal_token().await.unwrap();
    tokio::time::sleep(Duration::from_millis(800)).await;
    let before = on_replica.statements_sent();
    assert_eq!(
        Event::objects().count(&db.after(&token)).await.unwrap(),
        expected
    );
    assert!(
        on_replica.statements_sent() > before,
        "a caught-up replica serves token reads"
    );

    // Pinned to the primary: never stale.
    insert(&db, 99).await;
    expected += 1;
    assert_eq!(
        Event::objects().count(&db.on_primary()).await.unwrap(),
        expected
    );

    println!(
        "measured: {rounds} reads right after a write on a replica 300 ms behind: \
         {stale_without} stale without the causal token, {stale_with} stale with it \
         (per round of a write, a token and two reads: {primary_per_round:.2} round trips on \
         the primary, {replica_per_round:.2} on the replica)"
    );
    assert!(
        stale_without > 0,
        "the delayed replica never served a stale read"
    );
    assert_eq!(stale_with, 0);

    // The replica stops: reads keep working, from the primary.
    replica.stop().await.unwrap();
    for _ in 0..3 {
        assert_eq!(Event::objects().count(&db).await.unwrap(), expected);
        assert_eq!(
            Event::objects().all(&db).await.unwrap().len() as u64,
            expected
        );
    }
    db.close();
}

#[orm::test]
async fn a_lagging_replica_is_skipped(_db: Db) {
    let primary = testing::own_server().await.unwrap();
    primary.create_database("app").await.unwrap();
    let setup = Db::connect(&primary.url_for("app")).await.unwrap();
    Schema::new([Event::META])
        .unwrap()
        .create_all(&setup)
        .await
        .unwrap();
    setup.close();
    let replica = primary
        .start_replica(ServerSetup::new().setting("recovery_min_apply_delay", "2s"))
        .await
        .unwrap();
    let db = Db::builder(&primary.url_for("app"))
        .replica(&replica.url_for("app"))
        .max_replica_lag(Some(Duration::from_millis(500)))
        .build()
        .unwrap();
    let on_replica = db.replica(0).unwrap();
    let ready = Instant::now();
    while on_replica
        .query("SELECT 1 FROM replicated_event", &[])
        .await
        .is_err()
    {
        assert!(
            ready.elapsed() < Duration::from_secs(30),
            "the replica never came up"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    insert(&db, 1).await;
    // The replica has received the insert but holds it back for 2 s: its
    // lag grows past the bound, and reads go to the primary.
    tokio::time::sleep(Duration::from_millis(700)).await;
    let mut stale = 0;
    for _ in 0..5 {
        if Event::objects().count(&db).await.unwrap() < 1 {
            stale += 1;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert_eq!(stale, 0, "a replica lagging past the bound served reads");
    // The same replica without the bound serves the stale read.
    let unbounded = Db::builder(&primary.url_for("app"))
        .replica(&replica.url_for("app"))
        .build()
        .unwrap();
    assert_eq!(Event::objects().count(&unbounded).await.unwrap(), 0);
    unbounded.close();
    db.close();
}
