//! Migrations on a real server: random model changes applied as generated
//! files read back as the target; exactly-once under concurrent deploys;
//! checksums, lock_timeout, destructive operations, non-transactional
//! files, the drift check.

use orm::migrate::{MakeOptions, Migration, make_migrations, migrate, status};
use orm::postgres::{Db, Executor, drift, introspect};
use orm::schema_model::{DiffOptions, Operation, SchemaModel};
use orm::testing::concurrently;

use crate::random_schema::{Dice, build, evolve, random_spec};

fn sql(ops: &[Operation]) -> Vec<String> {
    ops.iter().map(Operation::to_sql).collect()
}

fn allow() -> MakeOptions {
    MakeOptions::default().allow_destructive(true)
}

/// The migration files taking the database behind `db` to `target`.
async fn plan(db: &Db, existing: &[Migration], target: &SchemaModel) -> Vec<Migration> {
    let live = introspect(db).await.unwrap();
    make_migrations(&live.diff(target), existing, &allow())
        .unwrap()
        .into_iter()
        .map(|m| m.migration)
        .collect()
}

/// Property: for random pairs of schemas A → B, the migration generated
/// from A's database to B, applied, reads back as B. One database per case.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn random_migrations_reach_the_target() {
    let server = tokio::task::spawn_blocking(orm::testing::server)
        .await
        .unwrap()
        .unwrap();
    let mut seen = String::new();
    for (case, mut dice) in Dice::streams(24, 11).into_iter().enumerate() {
        let a = random_spec(&mut dice);
        let b = evolve(&mut dice, &a);
        let name = format!("orm_prop_migrate_{case}");
        let db = server.fresh_database(&name).await.unwrap();
        let first = plan(&db, &[], &build(&a)).await;
        migrate(&db, &first, "5s").await.unwrap();
        let target = build(&b);
        let second = plan(&db, &first, &target).await;
        let all: Vec<Migration> = first.iter().chain(&second).cloned().collect();
        let applied = migrate(&db, &all, "5s")
            .await
            .unwrap_or_else(|e| panic!("case {case}: {e}\n{a:#?}\n{b:#?}\n{}", texts(&second)));
        assert_eq!(applied.len(), second.len());
        seen.push_str(&texts(&second));
        let left = introspect(&db).await.unwrap().diff(&target);
        assert!(
            left.is_empty(),
            "case {case}: {:#?}\n{}\n{a:#?}\n{b:#?}",
            sql(&left),
            texts(&second)
        );
        assert!(migrate(&db, &all, "5s").await.unwrap().is_empty());
        db.close();
        server.drop_database(&name).await.unwrap();
    }
    // The cases cover every kind of change.
    for kind in [
        "RENAME TO",
        "RENAME COLUMN",
        "RENAME CONSTRAINT",
        "ALTER INDEX",
        " TYPE ",
        "DROP COLUMN",
        "DROP TABLE",
        "ADD COLUMN",
        "CREATE TABLE",
        "SET NOT NULL",
        "DROP NOT NULL",
        "SET DEFAULT",
        "DROP DEFAULT",
        "NOT VALID",
        "VALIDATE",
        "UNIQUE USING INDEX",
        "INDEX CONCURRENTLY",
        "DROP CONSTRAINT",
        "DROP INDEX",
    ] {
        assert!(seen.contains(kind), "no case has {kind}");
    }
}

fn texts(migrations: &[Migration]) -> String {
    migrations
        .iter()
        .map(|m| format!("== {}\n{}", m.name(), m.sql()))
        .collect()
}

fn m(name: &str, sql: &str) -> Migration {
    Migration::new(name, sql).unwrap()
}

/// Deploys started at once: each migration is applied exactly once.
#[orm::test]
async fn concurrent_deploys_apply_each_migration_once(db: Db) {
    let migrations = [
        m(
            "0001_initial",
            "CREATE TABLE hits (id bigint PRIMARY KEY, n int NOT NULL DEFAULT 0);",
        ),
        m(
            "0002_count",
            "INSERT INTO hits VALUES (1, 0); UPDATE hits SET n = n + 1;",
        ),
        m(
            "0003_index",
            "-- orm: no-transaction\nCREATE INDEX CONCURRENTLY hits_n_idx ON hits (n);\nUPDATE hits SET n = n + 1;",
        ),
    ];
    let applied = concurrently(6, |_| migrate(&db, &migrations, "5s"))
        .await
        .unwrap();
    let mut names: Vec<String> = applied.into_iter().flatten().collect();
    names.sort();
    assert_eq!(names, ["0001_initial", "0002_count", "0003_index"]);
    let rows = db.query("SELECT n FROM hits", &[]).await.unwrap();
    assert_eq!(rows[0].get::<_, i32>(0), 2);
    let states = status(&db, &migrations).await.unwrap();
    assert!(states.iter().all(|s| s.applied && !s.changed));
}

#[orm::test]
async fn a_changed_applied_migration_is_an_error(db: Db) {
    migrate(&db, &[m("0001_a", "CREATE TABLE a (x int);")], "5s")
        .await
        .unwrap();
    let edited = [
        m("0001_a", "CREATE TABLE a (x bigint);"),
        m("0002_b", "CREATE TABLE b (y int);"),
    ];
    let err = migrate(&db, &edited, "5s").await.unwrap_err();
    assert!(err.to_string().contains("0001_a was changed"), "{err}");
    // Nothing ran.
    let b = db
        .query("SELECT to_regclass('b') IS NULL", &[])
        .await
        .unwrap();
    assert!(b[0].get::<_, bool>(0));
    assert!(status(&db, &edited).await.unwrap()[0].changed);
}

/// A migration waiting on a busy table gives up after its lock_timeout,
/// rolls back and stays pending.
#[orm::test]
async fn lock_timeout_bounds_the_wait(db: Db) {
    db.batch_execute("CREATE TABLE busy (x int)").await.unwrap();
    let holder = db.begin().await.unwrap();
    holder
        .execute("LOCK TABLE busy IN ACCESS SHARE MODE", &[])
        .await
        .unwrap();
    let alter = m(
        "0001_alter",
        "-- orm: lock_timeout = 200ms\nCREATE TABLE other (y int);\nALTER TABLE busy ADD COLUMN y int;",
    );
    let err = migrate(&db, std::slice::from_ref(&alter), "5s")
        .await
        .unwrap_err();
    assert!(err.is_lock_not_available(), "{err}");
    let other = db
        .query("SELECT to_regclass('other') IS NULL", &[])
        .await
        .unwrap();
    assert!(
        other[0].get::<_, bool>(0),
        "the migration's transaction rolled back"
    );
    holder.rollback().await.unwrap();
    assert_eq!(migrate(&db, &[alter], "5s").await.unwrap(), ["0001_alter"]);
}

/// Dropping needs an explicit allow; blocking changes come with a warning
/// naming the safe form; concurrent index builds get their own
/// non-transactional file; the drift check sees what is left.
#[orm::test]
async fn generated_files_are_safe_by_default(db: Db) {
    let mut dice = Dice::streams(1, 3).remove(0);
    let _ = &mut dice;
    db.batch_execute("CREATE TABLE t (id bigint PRIMARY KEY, a text, gone int)")
        .await
        .unwrap();
    let mut target = introspect(&db).await.unwrap();
    let t = &mut target.tables[0];
    t.columns.retain(|c| c.name != "gone");
    t.columns[1].nullable = false;
    t.indexes.push(orm::schema_model::IndexDef::new(
        "t_a_idx",
        vec!["a".into()],
    ));
    let ops = introspect(&db).await.unwrap().diff(&target);
    let err = make_migrations(&ops, &[], &MakeOptions::default()).unwrap_err();
    assert!(
        err.is_invalid_input() && err.to_string().contains("drop column \"t\".\"gone\""),
        "{err}"
    );
    let files = make_migrations(&ops, &[], &allow()).unwrap();
    let names: Vec<&str> = files.iter().map(|f| f.migration.name()).collect();
    assert_eq!(names, ["0001_initial", "0002_initial_concurrently"]);
    assert!(files[0].migration.is_transactional());
    assert!(!files[1].migration.is_transactional());
    assert!(
        files[0]
            .migration
            .sql()
            .contains("CHECK (\"a\" IS NOT NULL) NOT VALID")
    );
    assert!(
        files[1]
            .migration
            .sql()
            .contains("CREATE INDEX CONCURRENTLY \"t_a_idx\"")
    );
    // The safe form of SET NOT NULL needs no warning; the plain one has it.
    assert!(files[0].warnings.is_empty(), "{:?}", files[0].warnings);
    let plain = introspect(&db)
        .await
        .unwrap()
        .diff_with(&target, DiffOptions::plain());
    let plain = make_migrations(&plain, &[], &allow()).unwrap();
    assert!(
        plain[0]
            .warnings
            .iter()
            .any(|w| w.contains("forbid NULL") && w.contains("VALIDATE")),
        "{:?}",
        plain[0].warnings
    );
    let before = drift(&db, &target).await.unwrap();
    assert_eq!(before.operations().len(), 3, "{before}");
    assert!(
        before.to_string().contains("- drop column \"t\".\"gone\""),
        "{before}"
    );
    let migrations: Vec<Migration> = files.into_iter().map(|f| f.migration).collect();
    migrate(&db, &migrations, "5s").await.unwrap();
    let after = drift(&db, &target).await.unwrap();
    assert!(after.is_empty(), "{after}");
}

mod v1 {
    use orm::prelude::*;

    #[derive(Model, Debug, Clone)]
    #[orm(table = "shop_stock")]
    pub struct Item {
        #[orm(primary_key, auto)]
        pub id: i64,
        pub qty: i32,
        #[orm(index)]
        pub label: String,
    }
}

mod v2 {
    use orm::prelude::*;

    #[derive(Model, Debug, Clone)]
    #[orm(table = "shop_item", renamed_from = "shop_stock")]
    pub struct Item {
        #[orm(primary_key, auto)]
        pub id: i64,
        #[orm(renamed_from = "qty")]
        pub quantity: i32,
        #[orm(index)]
        pub label: String,
        pub note: Option<String>,
    }
}

/// `#[orm(renamed_from)]` on a model and a field: the migration renames
/// the table, the column, and the key and index named after them, and the
/// rows stay.
#[orm::test]
async fn renamed_from_renames_and_keeps_the_rows(db: Db) {
    use orm::{Model, Schema};
    let old = Schema::new([v1::Item::META]).unwrap();
    old.create_all(&db).await.unwrap();
    db.batch_execute("INSERT INTO shop_stock (qty, label) VALUES (3, 'a')")
        .await
        .unwrap();
    let new = Schema::new([v2::Item::META]).unwrap().model();
    let ops = introspect(&db).await.unwrap().diff(&new);
    assert_eq!(
        sql(&ops),
        [
            "ALTER TABLE \"shop_stock\" RENAME TO \"shop_item\"",
            "ALTER TABLE \"shop_item\" RENAME COLUMN \"qty\" TO \"quantity\"",
            "ALTER TABLE \"shop_item\" RENAME CONSTRAINT \"shop_stock_pkey\" TO \"shop_item_pkey\"",
            "ALTER INDEX \"shop_stock_label_idx\" RENAME TO \"shop_item_label_idx\"",
            "ALTER TABLE \"shop_item\" ADD COLUMN \"note\" text",
        ]
    );
    assert!(ops.iter().all(|o| o.hazard().is_none()));
    let files = make_migrations(&ops, &[], &MakeOptions::default()).unwrap();
    let migrations: Vec<Migration> = files.into_iter().map(|f| f.migration).collect();
    migrate(&db, &migrations, "5s").await.unwrap();
    assert!(drift(&db, &new).await.unwrap().is_empty());
    let items = v2::Item::objects().all(&db).await.unwrap();
    assert_eq!((items[0].quantity, items[0].label.as_str()), (3, "a"));
}
