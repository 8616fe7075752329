//! Row locks on queries: FOR UPDATE ... SKIP LOCKED / NOWAIT, OF with
//! outer joins, and the typed error outside a transaction.

use orm::prelude::*;

use crate::models::*;

#[derive(Model, Debug, Clone)]
#[orm(table = "job_queue", ordering(id))]
pub struct Job {
    #[orm(primary_key, auto)]
    pub id: i64,
    pub payload: String,
    pub done: bool,
}

async fn queue(db: &Db, n: usize) {
    Schema::new([Job::META])
        .unwrap()
        .create_all(db)
        .await
        .unwrap();
    let mut jobs: Vec<Job> = (0..n)
        .map(|i| Job {
            id: 0,
            payload: format!("job {i}"),
            done: false,
        })
        .collect();
    Job::insert_many(db, &mut jobs).await.unwrap();
}

#[orm::test]
async fn skip_locked_gives_two_workers_disjoint_rows(db: Db) {
    queue(&db, 10).await;
    let take = || {
        Job::objects()
            .filter(Job::DONE.eq(false))
            .limit(3)
            .for_update()
            .skip_locked()
    };
    let first = db.begin().await.unwrap();
    let second = db.begin().await.unwrap();
    let a = take().all(&first).await.unwrap();
    let b = take().all(&second).await.unwrap();
    let ids_a: Vec<i64> = a.iter().map(|j| j.id).collect();
    let ids_b: Vec<i64> = b.iter().map(|j| j.id).collect();
    assert_eq!(ids_a.len(), 3);
    assert_eq!(ids_b.len(), 3);
    assert!(
        ids_a.iter().all(|id| !ids_b.contains(id)),
        "{ids_a:?} vs {ids_b:?}"
    );
    // NOWAIT on a row the first worker holds fails at once.
    let third = db.begin().await.unwrap();
    let err = Job::objects()
        .filter(Job::ID.eq(ids_a[0]))
        .for_update()
        .nowait()
        .all(&third)
        .await
        .unwrap_err();
    assert!(err.is_lock_not_available(), "{err}");
    drop(third);
    Job::objects()
        .filter(Job::ID.is_in(ids_a.clone()))
        .update(&first, [Job::DONE.set(true)])
        .await
        .unwrap();
    first.commit().await.unwrap();
    second.rollback().await.unwrap();
    assert_eq!(
        Job::objects()
            .filter(Job::DONE.eq(true))
            .count(&db)
            .await
            .unwrap(),
        3
    );
}

#[orm::test]
async fn a_locking_query_outside_a_transaction_is_an_error(db: Db) {
    queue(&db, 1).await;
    let before = db.statements_sent();
    let err = Job::objects().for_update().all(&db).await.unwrap_err();
    assert!(err.is_not_in_transaction(), "{err}");
    assert!(err.to_string().contains("FOR UPDATE"), "{err}");
    assert_eq!(db.statements_sent(), before, "nothing was sent");
}

#[orm::test]
async fn outer_joins_lock_only_the_base_table(db: Db) {
    Schema::new([Label::META, Translation::META, Page::META])
        .unwrap()
        .create_all(&db)
        .await
        .unwrap();
    let mut home = Page {
        id: 0,
        code: "home".into(),
        content: None,
        keywords: None,
        description: None,
        title: None,
        parent: None,
    };
    home.insert(&db).await.unwrap();
    db.set_translation(&mut home, Page::TITLE, "en", Some("Home"))
        .await
        .unwrap();
    let tx = db.begin().await.unwrap();
    // Translations and a nullable select_related are LEFT JOINs: without
    // `OF "tr_page"` PostgreSQL would refuse FOR UPDATE here.
    let q = Page::objects()
        .translated("en")
        .select_related(Page::PARENT)
        .for_update();
    assert!(
        q.to_sql()
            .unwrap()
            .sql
            .ends_with(r#"FOR UPDATE OF "tr_page""#)
    );
    let pages = q.all(&tx).await.unwrap();
    assert_eq!(pages[0].translation(Page::TITLE).unwrap(), Some("Home"));
    tx.commit().await.unwrap();
}
