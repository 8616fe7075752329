//! Measures what `Query::stream` promises: memory stays flat however many
//! rows match. Inserts N contacts (default 1,000,000; `STREAM_ROWS` to
//! change), then reads them all with `stream()` and reports the process's
//! peak resident set size (`VmHWM`) before and after; `--all` reads them
//! with `all()` instead, for comparison. Run each mode in its own process:
//! the peak never goes down.
//!
//! `cargo run --release --example stream_memory [-- --all]` (uses
//! `DATABASE_URL` when set, otherwise a throwaway PostgreSQL).

use futures_util::TryStreamExt;
use orm::prelude::*;
use orm::testing;
use orm_examples::crm::{Contact, schema};

/// The process's peak resident set size in KiB (Linux `VmHWM`), if known.
fn peak_rss_kib() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

async fn run() -> Result<()> {
    let rows: i64 = std::env::var("STREAM_ROWS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(1_000_000);
    let all = std::env::args().any(|a| a == "--all");
    let db = testing::example_database("stream_memory").await?;
    schema()?.create_all(&db).await?;
    // Generated in the server: the client never holds the rows here.
    db.execute(
        "INSERT INTO crm_contact (name) \
         SELECT 'contact ' || lpad(i::text, 7, '0') FROM generate_series(1, $1::bigint) AS i",
        &[rows.into()],
    )
    .await?;
    let before = peak_rss_kib();
    let started = std::time::Instant::now();
    let (count, bytes) = if all {
        let contacts = Contact::objects().unordered().all(&db).await?;
        let bytes: usize = contacts.iter().map(|c| c.name.len()).sum();
        (contacts.len(), bytes)
    } else {
        let mut stream = std::pin::pin!(Contact::objects().unordered().stream(&db));
        let (mut count, mut bytes) = (0usize, 0usize);
        while let Some(contact) = stream.try_next().await? {
            count += 1;
            bytes += contact.name.len();
        }
        (count, bytes)
    };
    let after = peak_rss_kib();
    println!(
        "{} read {count} contacts ({bytes} bytes of names) in {:.2?}; peak RSS {} KiB before, {} KiB after",
        if all { "all()" } else { "stream()" },
        started.elapsed(),
        before.map_or("?".into(), |k| k.to_string()),
        after.map_or("?".into(), |k| k.to_string()),
    );
    Ok(())
}

#[tokio::main]
async fn main() {
    orm_examples::exit_on_error(run().await);
}
