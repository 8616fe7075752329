//! The tracing example: every statement and transaction as a `tracing`
//! span with OpenTelemetry's database field names, printed by
//! `tracing-subscriber`'s formatter when each span closes, and a
//! slow-statement warning.
//!
//! `cargo run --example tracing` (uses `DATABASE_URL` when set, otherwise a
//! throwaway PostgreSQL). An OpenTelemetry exporter
//! (`tracing-opentelemetry`) picks up the same fields unchanged.

use std::time::Duration;

use orm::prelude::*;
use orm::testing;
use tracing_subscriber::fmt::format::FmtSpan;

#[derive(Model, Debug, Clone)]
#[orm(table = "note")]
struct Note {
    #[orm(primary_key, auto)]
    id: i64,
    body: String,
}

#[tokio::main]
async fn main() -> Result<()> {
    tracing_subscriber::fmt()
        .with_span_events(FmtSpan::CLOSE)
        .with_target(true)
        .init();
    // A fresh database from the harness, then a pool on it that warns about
    // statements slower than 50 ms.
    let example = testing::example_database("tracing").await?;
    let name: String = example.query("SELECT current_database()", &[]).await?[0].get(0);
    example.close();
    let server = tokio::task::spawn_blocking(testing::server)
        .await
        .map_err(|e| Error::config("the harness thread failed", Some(Box::new(e))))??;
    let db = Db::builder_from_config(server.config_for(&name))
        .slow_statement_threshold(Some(Duration::from_millis(50)))
        .build()?;
    Schema::new([Note::META])?.create_all(&db).await?;

    let mut note = Note {
        id: 0,
        body: "hello".to_owned(),
    };
    note.insert(&db).await?;
    let notes = Note::objects()
        .filter(Note::BODY.starts_with("he"))
        .all(&db)
        .await?;
    println!("{} note(s)", notes.len());
    db.transaction(|tx| {
        Box::pin(async move {
            Note::objects().filter(Note::ID.eq(1)).count(tx).await?;
            Ok::<_, Error>(())
        })
    })
    .await?;
    db.query("SELECT pg_sleep(0.1)", &[]).await?;
    let status = db.pool_status();
    println!(
        "pool: {} open, {} idle, {} waiting",
        status.size, status.available, status.waiting
    );
    Ok(())
}
