//! The test helpers: `expect_statements`, the harness's pool size, and
//! `transaction_with_retry` as a method.

use std::panic::AssertUnwindSafe;

use futures_util::FutureExt;
use orm::postgres::RetryPolicy;
use orm::prelude::*;

use crate::crud::{contact, crm_schema};
use crate::models::*;

#[orm::test]
async fn expect_statements_counts_and_lists(db: Db) {
    crm_schema(&db).await;
    let n = db
        .expect_statements(1, async { Contact::objects().count(&db).await.unwrap() })
        .await;
    assert_eq!(n, 0);
    let mut ann = contact("Ann");
    // A mismatch fails the test and names every statement sent.
    let failed = AssertUnwindSafe(db.expect_statements(1, async {
        ann.insert(&db).await.unwrap();
        Contact::objects().all(&db).await.unwrap()
    }))
    .catch_unwind()
    .await;
    let payload = failed.unwrap_err();
    let message = payload
        .downcast_ref::<String>()
        .cloned()
        .unwrap_or_default();
    assert!(
        message.starts_with("expected 1 statement(s), 2 were sent:"),
        "{message}"
    );
    assert!(
        message.contains("1. INSERT INTO \"crm_contact\""),
        "{message}"
    );
    assert!(message.contains("2. SELECT"), "{message}");
}

#[orm::test(pool_size = 12)]
async fn the_pool_size_is_configurable_per_test(db: Db) {
    // Twelve transactions open at once: more than the default eight
    // connections could hold.
    let barrier = tokio::sync::Barrier::new(12);
    let results = orm::testing::concurrently(12, |_| {
        let (db, barrier) = (&db, &barrier);
        async move {
            let tx = db.begin().await?;
            barrier.wait().await;
            tx.commit().await
        }
    })
    .await;
    assert!(results.is_ok(), "{results:?}");
}

#[orm::test]
async fn transaction_with_retry_is_a_method(db: Db) {
    crm_schema(&db).await;
    let n = db
        .transaction_with_retry(RetryPolicy::new(), |tx| {
            Box::pin(async move {
                let mut c = contact("Retry");
                c.insert(&*tx).await?;
                Contact::objects().count(&*tx).await
            })
        })
        .await
        .unwrap();
    assert_eq!(n, 1);
}
