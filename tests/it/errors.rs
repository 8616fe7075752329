//! Driver errors come back classified, with the constraint name.

use orm::postgres::{Db, Executor};

async fn schema(db: &Db) {
    db.batch_execute(
        "CREATE TABLE parent (id int PRIMARY KEY, name text NOT NULL CONSTRAINT parent_name_key UNIQUE);
         CREATE TABLE child (id int PRIMARY KEY,
             parent_id int NOT NULL CONSTRAINT child_parent_fk REFERENCES parent (id),
             qty int CONSTRAINT child_qty_positive CHECK (qty > 0));
         INSERT INTO parent VALUES (1, 'one');",
    )
    .await
    .unwrap();
}

#[orm::test]
async fn unique_violation(db: Db) {
    schema(&db).await;
    let err = db
        .execute(
            "INSERT INTO parent VALUES ($1, $2)",
            &[2i32.into(), "one".into()],
        )
        .await
        .unwrap_err();
    assert!(err.is_unique_violation(), "{err}");
    assert!(!err.is_foreign_key_violation());
    assert_eq!(err.constraint(), Some("parent_name_key"));
    assert_eq!(err.code(), Some("23505"));
    assert!(std::error::Error::source(&err).is_some());
}

#[orm::test]
async fn foreign_key_violation(db: Db) {
    schema(&db).await;
    let err = db
        .execute(
            "INSERT INTO child VALUES ($1, $2, 1)",
            &[1i32.into(), 99i32.into()],
        )
        .await
        .unwrap_err();
    assert!(err.is_foreign_key_violation(), "{err}");
    assert_eq!(err.constraint(), Some("child_parent_fk"));
}

#[orm::test]
async fn not_null_violation(db: Db) {
    schema(&db).await;
    let none: Option<&str> = None;
    let err = db
        .execute(
            "INSERT INTO parent VALUES ($1, $2)",
            &[3i32.into(), none.into()],
        )
        .await
        .unwrap_err();
    assert!(err.is_not_null_violation(), "{err}");
    assert!(!err.is_unique_violation());
}

#[orm::test]
async fn check_violation(db: Db) {
    schema(&db).await;
    let err = db
        .execute("INSERT INTO child VALUES (1, 1, $1)", &[(-5i32).into()])
        .await
        .unwrap_err();
    assert!(err.is_check_violation(), "{err}");
    assert_eq!(err.constraint(), Some("child_qty_positive"));
}

#[orm::test]
async fn syntax_error(db: Db) {
    let err = db.query("SELEC 1", &[]).await.unwrap_err();
    assert!(err.is_syntax_error(), "{err}");
    assert!(err.is_database());
    assert_eq!(err.constraint(), None);
}

#[orm::test]
async fn nul_byte_in_text_is_invalid_input_and_writes_nothing(db: Db) {
    schema(&db).await;
    let err = db
        .execute(
            "INSERT INTO parent VALUES ($1, $2)",
            &[5i32.into(), "a\0b".into()],
        )
        .await
        .unwrap_err();
    assert!(err.is_invalid_input(), "{err}");
    let rows = db.query("SELECT count(*) FROM parent", &[]).await.unwrap();
    assert_eq!(rows[0].get::<_, i64>(0), 1);
}
