//! Cached statements: a column changing type under a warm pool, and the
//! bound on how many statements a connection keeps.

use orm::postgres::{Db, Executor};
use orm::prelude::*;
use orm::testing::concurrently;

use super::{builder_on, pool_on};
use crate::models::Phone;

const SELECT: &str = "SELECT id, v FROM t ORDER BY id";

#[orm::test]
async fn alter_column_type_under_a_warm_pool_is_retried_transparently(db: Db) {
    db.batch_execute("CREATE TABLE t (id int PRIMARY KEY, v int); INSERT INTO t VALUES (1, 10)")
        .await
        .unwrap();
    let pool = pool_on(&db, 4).await;
    // Warm all four connections: four transactions at once, each running
    // the query (prepared and cached on its connection).
    concurrently(4, |_| {
        let pool = &pool;
        async move {
            let tx = pool.begin().await?;
            tx.query(SELECT, &[]).await?;
            tokio::time::sleep(std::time::Duration::from_millis(100)).await;
            tx.commit().await
        }
    })
    .await
    .unwrap();
    assert_eq!(pool.pool_status().size, 4);

    db.batch_execute("ALTER TABLE t ALTER COLUMN v TYPE bigint")
        .await
        .unwrap();
    let before = pool.statements_sent();
    for _ in 0..20 {
        let rows = pool.query(SELECT, &[]).await.unwrap();
        assert_eq!(rows[0].get::<_, i64>(1), 10);
    }
    // Each warm connection failed once (0A000) and retried; nothing else.
    let sent = pool.statements_sent() - before;
    assert!((20..=24).contains(&sent), "{sent} statements for 20 calls");
}

#[orm::test]
async fn inside_a_transaction_the_stale_statement_surfaces_once(db: Db) {
    db.batch_execute("CREATE TABLE t (id int PRIMARY KEY, v int); INSERT INTO t VALUES (1, 10)")
        .await
        .unwrap();
    let small = pool_on(&db, 1).await;
    small.query(SELECT, &[]).await.unwrap();
    db.batch_execute("ALTER TABLE t ALTER COLUMN v TYPE bigint")
        .await
        .unwrap();
    let tx = small.begin().await.unwrap();
    let err = tx.query(SELECT, &[]).await.unwrap_err();
    assert_eq!(err.code(), Some("0A000"), "{err}");
    assert!(tx.commit().await.is_err());
    // The next transaction on the same connection prepares afresh.
    let tx = small.begin().await.unwrap();
    let rows = tx.query(SELECT, &[]).await.unwrap();
    assert_eq!(rows[0].get::<_, i64>(1), 10);
    tx.commit().await.unwrap();
    assert_eq!(small.pool_status().size, 1);
}

#[orm::test]
async fn a_deallocated_statement_is_prepared_again(db: Db) {
    let small = pool_on(&db, 1).await;
    small.query("SELECT $1::int", &[1i32.into()]).await.unwrap();
    small.batch_execute("DEALLOCATE ALL").await.unwrap();
    let rows = small.query("SELECT $1::int", &[2i32.into()]).await.unwrap();
    assert_eq!(rows[0].get::<_, i32>(0), 2);
}

async fn prepared_on_the_connection(small: &Db) -> Vec<String> {
    let rows = small
        .query("SELECT statement FROM pg_prepared_statements", &[])
        .await
        .unwrap();
    rows.iter().map(|r| r.get(0)).collect()
}

#[orm::test]
async fn the_statement_cache_keeps_the_most_recently_used_hundred(db: Db) {
    let small = pool_on(&db, 1).await;
    let hot = "SELECT $1::int AS hot";
    for k in 0..300 {
        small
            .query(&format!("SELECT $1::int + {k}"), &[1i32.into()])
            .await
            .unwrap();
        small.query(hot, &[1i32.into()]).await.unwrap();
    }
    let prepared = prepared_on_the_connection(&small).await;
    assert!(prepared.len() <= 100, "{} statements", prepared.len());
    assert!(
        prepared.iter().any(|s| s == hot),
        "the hot statement was evicted"
    );
    println!(
        "measured: 300 distinct statements, {} prepared on the connection (cache size 100)",
        prepared.len()
    );

    let tiny = builder_on(&db, 1)
        .await
        .statement_cache_size(10)
        .connect()
        .await
        .unwrap();
    for k in 0..50 {
        tiny.query(&format!("SELECT $1::int + {k}"), &[1i32.into()])
            .await
            .unwrap();
    }
    assert!(prepared_on_the_connection(&tiny).await.len() <= 10);
}

#[orm::test]
async fn insert_many_prepares_a_few_shapes_not_one_per_batch_size(db: Db) {
    Schema::new([Phone::META])
        .unwrap()
        .create_all(&db)
        .await
        .unwrap();
    let small = pool_on(&db, 1).await;
    let mut total = 0;
    for size in 1..=150usize {
        let mut phones: Vec<Phone> = (0..size)
            .map(|i| Phone {
                id: 0,
                number: format!("{size}-{i}"),
            })
            .collect();
        Phone::insert_many(&small, &mut phones).await.unwrap();
        assert!(phones.iter().all(|p| p.id > 0));
        assert_eq!(phones[size - 1].number, format!("{size}-{}", size - 1));
        total += size;
    }
    let inserts = prepared_on_the_connection(&small)
        .await
        .into_iter()
        .filter(|s| s.starts_with("INSERT"))
        .count();
    // One shape (`INSERT ... SELECT * FROM unnest($1::..[], ..)`) for
    // every batch size.
    assert_eq!(inserts, 1, "{inserts} INSERT shapes for batches of 1..=150");
    let rows = small
        .query("SELECT count(*), count(DISTINCT id) FROM crm_phone", &[])
        .await
        .unwrap();
    assert_eq!(rows[0].get::<_, i64>(0), total as i64);
    assert_eq!(rows[0].get::<_, i64>(1), total as i64);
}

fn phones(batch: usize, size: usize) -> Vec<Phone> {
    (0..size)
        .map(|i| Phone {
            id: 0,
            number: format!("{batch}-{i}"),
        })
        .collect()
}

#[orm::test]
async fn an_insert_many_batch_is_stored_whole_or_not_at_all(db: Db) {
    Schema::new([Phone::META])
        .unwrap()
        .create_all(&db)
        .await
        .unwrap();
    let small = pool_on(&db, 2).await;
    // Seven rows are one statement; the last row collides.
    Phone::insert_many(&small, &mut phones(0, 1)).await.unwrap();
    let mut batch = phones(1, 6);
    batch.push(Phone {
        id: 0,
        number: "0-0".into(),
    });
    let err = Phone::insert_many(&small, &mut batch).await.unwrap_err();
    assert!(err.is_unique_violation(), "{err}");
    let rows = small
        .query("SELECT count(*) FROM crm_phone", &[])
        .await
        .unwrap();
    assert_eq!(rows[0].get::<_, i64>(0), 1);

    // Cut short at random points: each batch is all there or absent.
    for b in 2..42usize {
        let cut = std::time::Duration::from_micros(((b as u64) * 7919) % 5000);
        let mut batch = phones(b, 7);
        let _ = tokio::time::timeout(cut, Phone::insert_many(&small, &mut batch)).await;
    }
    small.query("SELECT 1", &[]).await.unwrap();
    let rows = small
        .query(
            "SELECT split_part(number, '-', 1), count(*) FROM crm_phone \
             GROUP BY 1 HAVING count(*) NOT IN (1, 7)",
            &[],
        )
        .await
        .unwrap();
    assert!(rows.is_empty(), "{} half-stored batches", rows.len());
}

#[orm::test]
async fn a_parameter_the_driver_refuses_is_invalid_input_and_keeps_the_connection(db: Db) {
    let small = pool_on(&db, 1).await;
    let pid = "SELECT pg_backend_pid()";
    let before: i32 = small.query(pid, &[]).await.unwrap()[0].get(0);
    // An i32 for a bigint parameter, and a missing parameter: refused by
    // the driver before anything is sent.
    let err = small
        .query("SELECT $1::bigint", &[1i32.into()])
        .await
        .unwrap_err();
    assert!(err.is_invalid_input() && !err.is_connection(), "{err}");
    let err = small.query("SELECT $1::int", &[]).await.unwrap_err();
    assert!(err.is_invalid_input() && !err.is_connection(), "{err}");
    // The same connection serves the next call: it was not discarded.
    let after: i32 = small.query(pid, &[]).await.unwrap()[0].get(0);
    assert_eq!(before, after);
    assert_eq!(small.pool_status().size, 1);
}
