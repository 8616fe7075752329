//! The locking example: a "get or create" raced by 20 concurrent tasks on a
//! table with no unique constraint, without and with a table lock, printed
//! side by side.
//!
//! `cargo run --example locking` (uses `DATABASE_URL` when set, otherwise a
//! throwaway PostgreSQL).

use std::time::{Duration, Instant};

use orm::prelude::*;
use orm::testing::{self, concurrently};

const TASKS: usize = 20;

/// A tag: no unique constraint on `name`, so only the code can keep it
/// unique.
#[derive(Model, Debug, Clone)]
#[orm(table = "tag")]
struct Tag {
    #[orm(primary_key, auto)]
    id: i64,
    name: String,
}

/// Read, decide, write: the pattern that races. The 50 ms pause stands for
/// whatever work sits between the read and the write.
async fn get_or_create(tx: &Transaction<'_>, name: &str) -> Result<bool> {
    let missing = !Tag::objects().filter(Tag::NAME.eq(name)).exists(tx).await?;
    tx.query("SELECT pg_sleep(0.05)", &[]).await?;
    if missing {
        let mut tag = Tag {
            id: 0,
            name: name.to_owned(),
        };
        tag.insert(tx).await?;
    }
    Ok(missing)
}

struct Outcome {
    rows: u64,
    elapsed: Duration,
    statements: u64,
}

async fn race(db: &Db, name: &str, lock: Option<LockMode>) -> Result<Outcome> {
    let statements = db.statements_sent();
    let started = Instant::now();
    concurrently(TASKS, |_| async move {
        db.transaction(|tx| {
            Box::pin(async move {
                if let Some(mode) = lock {
                    tx.lock::<Tag>(mode).await?;
                }
                get_or_create(tx, name).await
            })
        })
        .await
    })
    .await
    .map_err(|failures| orm::Error::invalid_input(failures.to_string()))?;
    let elapsed = started.elapsed();
    let rows = Tag::objects().filter(Tag::NAME.eq(name)).count(db).await?;
    Ok(Outcome {
        rows,
        elapsed,
        statements: db.statements_sent() - statements,
    })
}

async fn run() -> Result<()> {
    let fresh = testing::example_database("locking").await?;
    Schema::new([Tag::META])?.create_all(&fresh).await?;
    // One connection per task, so every task really runs at once.
    let name: String = fresh.query("SELECT current_database()", &[]).await?[0].get(0);
    let db = Db::builder_from_config(testing::server()?.config_for(&name))
        .max_size(TASKS + 5)
        .connect()
        .await?;
    fresh.close();
    // Open the connections before racing, so the race is between statements.
    concurrently(TASKS, |_| async { db.query("SELECT 1", &[]).await })
        .await
        .map_err(|failures| orm::Error::invalid_input(failures.to_string()))?;

    let free = race(&db, "rust", None).await?;
    let mode = LockMode::ShareRowExclusive;
    let locked = race(&db, "postgres", Some(mode)).await?;

    println!("{TASKS} tasks each run: read the tag, wait 50 ms, insert it if it was missing\n");
    println!(
        "{:<18}{:>12}{:>34}",
        "",
        "no lock",
        format!("LOCK TABLE {mode}")
    );
    println!("{:<18}{:>12}{:>34}", "rows created", free.rows, locked.rows);
    println!(
        "{:<18}{:>12}{:>34}",
        "wall time",
        format!("{} ms", free.elapsed.as_millis()),
        format!("{} ms", locked.elapsed.as_millis())
    );
    println!(
        "{:<18}{:>12}{:>34}",
        "statements sent", free.statements, locked.statements
    );
    println!(
        "\nWithout a lock, tasks read \"missing\" before the others' inserts commit, and \
         each inserts its own row.\n{mode} conflicts with itself, so the tasks take \
         turns: exactly one creates the row,\nat the price of running one after another."
    );
    Ok(())
}

#[tokio::main]
async fn main() {
    orm_examples::exit_on_error(run().await);
}
