//! Through a real PgBouncer in transaction mode (Debian's `pgbouncer`,
//! started by the harness), with more clients than server connections.
//! The whole suite also runs this way with `ORM_TEST_VIA_PGBOUNCER=1`.

use orm::postgres::{Db, Executor, LockMode, StatementMode};
use orm::prelude::*;
use orm::testing::{self, Pooler};

use crate::models::{Contact, Phone};

async fn through_pgbouncer(test: &str, mode: StatementMode) -> (Pooler, Db, String) {
    let server = testing::server().unwrap();
    let name = format!(
        "orm_pgbouncer_{test}_{}",
        matches!(mode, StatementMode::Unnamed)
    );
    server.create_database(&name).await.unwrap();
    // Two server connections per database, sixteen clients.
    let pooler = Pooler::start(server, 2).await.unwrap();
    let db = Db::builder(&pooler.url_for(&name))
        .statement_mode(mode)
        .max_size(16)
        .build()
        .unwrap();
    (pooler, db, name)
}

#[orm::test]
async fn unnamed_statements_work_with_more_clients_than_server_connections(_db: Db) {
    let (pooler, db, name) = through_pgbouncer("clients", StatementMode::Unnamed).await;
    crate::crud::crm_schema(&db).await;
    let tasks: Vec<_> = (0..16)
        .map(|i| {
            let db = db.clone();
            tokio::spawn(async move {
                for j in 0..10 {
                    let number = format!("+{i:02}{j:02}");
                    db.execute(
                        "INSERT INTO crm_phone (number) VALUES ($1)",
                        &[number.clone().into()],
                    )
                    .await
                    .unwrap();
                    let found = Phone::objects()
                        .filter(Phone::NUMBER.eq(number))
                        .count(&db)
                        .await
                        .unwrap();
                    assert_eq!(found, 1);
                    db.transaction(|tx| {
                        Box::pin(async move {
                            tx.lock::<Phone>(LockMode::ShareRowExclusive).await?;
                            let rows = tx.query("SELECT count(*) FROM crm_phone", &[]).await?;
                            let _: i64 = rows[0].get(0);
                            Ok::<_, orm::Error>(())
                        })
                    })
                    .await
                    .unwrap();
                }
            })
        })
        .collect();
    for task in tasks {
        task.await.unwrap();
    }
    let count = Phone::objects().count(&db).await.unwrap();
    assert_eq!(count, 160);
    let _ = Contact::objects().all(&db).await.unwrap();
    assert!(
        db.pool_status().size > 2,
        "the test needs more clients than server connections"
    );

    // Session state outside a transaction is refused before it is sent.
    let err = db
        .batch_execute("SET statement_timeout = 1000")
        .await
        .unwrap_err();
    assert!(err.is_unsupported(), "{err}");
    let err = db
        .query("SELECT pg_advisory_lock(1)", &[])
        .await
        .unwrap_err();
    assert!(err.is_unsupported(), "{err}");
    db.transaction(|tx| {
        Box::pin(async move {
            tx.execute("SET LOCAL statement_timeout = 1000", &[])
                .await?;
            Ok::<_, orm::Error>(())
        })
    })
    .await
    .unwrap();
    db.close();
    drop(pooler);
    let _ = testing::server().unwrap().drop_database(&name).await;
}

/// One round of the pattern that moves a client between server
/// connections: it runs a statement on one server connection, another
/// client's transaction then holds that server connection (PgBouncer hands
/// out the most recently used one first), and the first client's next
/// execution lands on the other server connection.
async fn move_between_server_connections(pooler: &Pooler, name: &str, mode: StatementMode, i: i32) {
    let client = Db::builder(&pooler.url_for(name))
        .statement_mode(mode)
        .max_size(1)
        .build()
        .unwrap();
    let sql = format!("SELECT $1::int + {i}");
    client.query(&sql, &[1i32.into()]).await.unwrap();
    let other = Db::builder(&pooler.url_for(name))
        .statement_mode(mode)
        .max_size(1)
        .build()
        .unwrap();
    let tx = other.begin().await.unwrap();
    tx.query("SELECT 1", &[]).await.unwrap();
    let rows = client.query(&sql, &[2i32.into()]).await.unwrap();
    assert_eq!(rows[0].get::<_, i32>(0), 2 + i);
    tx.rollback().await.unwrap();
}

/// Named statements left on the pooler's two server connections, counted
/// from two transactions held at once (so each runs on its own server
/// connection).
async fn statements_left_behind(pooler: &Pooler, name: &str) -> i64 {
    let inspector = Db::builder(&pooler.url_for(name))
        .statement_mode(StatementMode::Unnamed)
        .max_size(2)
        .build()
        .unwrap();
    let a = inspector.begin().await.unwrap();
    let b = inspector.begin().await.unwrap();
    let count = "SELECT count(*) FROM pg_prepared_statements";
    let left = a.query(count, &[]).await.unwrap()[0].get::<_, i64>(0)
        + b.query(count, &[]).await.unwrap()[0].get::<_, i64>(0);
    a.rollback().await.unwrap();
    b.rollback().await.unwrap();
    left
}

#[orm::test]
async fn named_prepared_statements_leak_behind_a_transaction_mode_pooler(_db: Db) {
    // The reason for the unnamed mode: PgBouncer (before 1.21, or with
    // max_prepared_statements = 0) hands each transaction any server
    // connection. A named statement is found missing there (the pool
    // prepares it again, one more exchange) and stays behind on server
    // connections that other clients, and other processes numbering their
    // statements from the same start, then share.
    let mut figures = Vec::new();
    for mode in [StatementMode::Prepared, StatementMode::Unnamed] {
        let (pooler, db, name) = through_pgbouncer("leak", mode).await;
        drop(db);
        for i in 0..5 {
            move_between_server_connections(&pooler, &name, mode, i).await;
        }
        figures.push(statements_left_behind(&pooler, &name).await);
        drop(pooler);
        let _ = testing::server().unwrap().drop_database(&name).await;
    }
    println!(
        "measured: named statements left on PgBouncer's server connections after 5 moves: \
         {} prepared mode, {} unnamed mode",
        figures[0], figures[1]
    );
    assert!(figures[0] > 0, "named statements left nothing behind");
    assert_eq!(figures[1], 0);
}
