//! `schema.check(&db)`: verbatim SQL (`db_type`, `default`, `check`) and the
//! whole DDL tried on the server in a rolled-back transaction, each problem
//! named by model and field.

use orm::postgres::{CheckSchema, Db, Executor};
use orm::prelude::*;

#[derive(Model, Debug)]
#[orm(
    table = "chk_good",
    check(name = "price_nonnegative", sql = "price >= 0")
)]
pub struct Good {
    #[orm(primary_key, auto)]
    pub id: i64,
    pub price: i32,
    #[orm(read_only, default = "now()", db_type = "timestamptz")]
    pub created: std::time::SystemTime,
}

#[derive(Model, Debug)]
#[orm(table = "chk_bad", check = "prcie >= 0")]
pub struct Bad {
    #[orm(primary_key, auto)]
    pub id: i64,
    pub price: i32,
    #[orm(default = "now()")]
    pub stamp: i64,
    #[orm(db_type = "inet2")]
    pub address: String,
}

#[derive(Model, Debug)]
#[orm(table = "chk_unique_json")]
pub struct UniqueJson {
    #[orm(primary_key, auto)]
    pub id: i64,
    #[orm(unique, db_type = "json")]
    pub doc: String,
}

async fn table_count(db: &Db) -> i64 {
    db.query(
        "SELECT count(*) FROM pg_class WHERE relname LIKE 'chk\\_%' OR relname = '__orm_schema_check'",
        &[],
    )
    .await
    .unwrap()[0]
        .get(0)
}

#[orm::test]
async fn a_good_schema_passes_and_leaves_nothing(db: Db) {
    Schema::new([Good::META]).unwrap().check(&db).await.unwrap();
    assert_eq!(table_count(&db).await, 0);
}

#[orm::test]
async fn every_bad_fragment_is_reported_with_its_model_and_field(db: Db) {
    let err = Schema::new([Good::META, Bad::META, UniqueJson::META])
        .unwrap()
        .check(&db)
        .await
        .unwrap_err();
    assert!(err.is_schema(), "{err}");
    let problems = err.schema_problems();
    assert_eq!(problems.len(), 4, "{problems:#?}");
    assert!(
        problems[0].starts_with("`Bad.stamp`: default `now()` is rejected: database error 42804"),
        "{}",
        problems[0]
    );
    assert!(
        problems[1]
            .starts_with("`Bad.address`: column type `inet2` is rejected: database error 42704"),
        "{}",
        problems[1]
    );
    assert!(
        problems[2].starts_with(
            "`Bad`: check `chk_bad_check_1` (`prcie >= 0`) is rejected: database error 42703"
        ),
        "{}",
        problems[2]
    );
    // Not a fragment: the unique constraint on a json column, found by
    // running the DDL, and named by its model.
    assert!(
        problems[3].starts_with("`UniqueJson`: `CREATE TABLE IF NOT EXISTS \"chk_unique_json\""),
        "{}",
        problems[3]
    );
    assert!(
        problems[3].contains("no default operator class"),
        "{}",
        problems[3]
    );
    assert_eq!(table_count(&db).await, 0);
}
