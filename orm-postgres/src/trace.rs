//! `tracing` spans for statements and transactions, with OpenTelemetry's
//! database field names, and the slow-statement warning.
//!
//! With no subscriber interested, a span costs one cached-interest check and
//! its fields are never computed; the statement is still timed (two clock
//! reads) for the slow-statement warning.

use std::time::{Duration, Instant};

use tracing::Span;
use tracing::field::Empty;

/// The `target` of every span and event this crate emits.
pub(crate) const TARGET: &str = "orm_postgres";

/// A statement being traced: its span and when it started.
pub(crate) struct StatementTrace {
    span: Span,
    started: Instant,
    checked_out: Option<Instant>,
    slow: Option<Duration>,
}

/// The span of one statement (or one pipelined batch), a child of
/// `parent` (a transaction's span) when given, else of the current span.
pub(crate) fn statement(
    sql: &str,
    statements: usize,
    parent: Option<&Span>,
    slow: Option<Duration>,
) -> StatementTrace {
    let span = match parent {
        Some(parent) => tracing::info_span!(
            target: TARGET, parent: parent, "db.statement",
            db.system = "postgresql",
            db.operation.name = Empty,
            db.query.text = Empty,
            db.operation.batch.size = Empty,
            db.response.returned_rows = Empty,
            db.round_trips = Empty,
            db.pool.wait_us = Empty,
            db.duration_us = Empty,
            otel.status_code = Empty,
            error.type = Empty,
        ),
        None => tracing::info_span!(
            target: TARGET, "db.statement",
            db.system = "postgresql",
            db.operation.name = Empty,
            db.query.text = Empty,
            db.operation.batch.size = Empty,
            db.response.returned_rows = Empty,
            db.round_trips = Empty,
            db.pool.wait_us = Empty,
            db.duration_us = Empty,
            otel.status_code = Empty,
            error.type = Empty,
        ),
    };
    if !span.is_disabled() {
        span.record("db.operation.name", operation_name(sql));
        span.record("db.query.text", sql);
        if statements > 1 {
            span.record("db.operation.batch.size", statements as u64);
        }
    }
    StatementTrace {
        span,
        started: Instant::now(),
        checked_out: None,
        slow,
    }
}

impl StatementTrace {
    /// The span, to instrument the statement's future with.
    pub(crate) fn span(&self) -> &Span {
        &self.span
    }

    /// A connection was checked out of the pool: the wait ends here. Read
    /// only for a span someone listens to (a clock read is not free on
    /// every machine); otherwise a statement's time includes its wait.
    pub(crate) fn checked_out(&mut self) {
        if !self.span.is_disabled() {
            let now = Instant::now();
            self.span
                .record("db.pool.wait_us", micros(now - self.started));
            self.checked_out = Some(now);
        }
    }

    /// The statement ended with `result` after `round_trips` exchanges,
    /// returning `rows` rows; warns when it took longer than the threshold
    /// (counted from the checkout when the span is listened to, else from
    /// the call).
    pub(crate) fn finish<T>(
        self,
        sql: &str,
        result: &orm_core::Result<T>,
        rows: usize,
        round_trips: u64,
    ) {
        let ran = self.checked_out.unwrap_or(self.started).elapsed();
        if !self.span.is_disabled() {
            self.span.record("db.response.returned_rows", rows as u64);
            self.span.record("db.round_trips", round_trips);
            self.span.record("db.duration_us", micros(ran));
            match result {
                Ok(_) => self.span.record("otel.status_code", "OK"),
                Err(err) => {
                    self.span.record("otel.status_code", "ERROR");
                    self.span.record("error.type", err.code().unwrap_or("orm"))
                }
            };
        }
        if let Some(threshold) = self.slow {
            if ran >= threshold {
                self.span.in_scope(|| {
                    tracing::warn!(
                        target: TARGET,
                        query_text = sql,
                        duration_us = micros(ran),
                        threshold_us = micros(threshold),
                        "slow statement"
                    );
                });
            }
        }
    }
}

/// The span of one transaction, from `BEGIN` to its end; statements inside
/// it are its children.
pub(crate) fn transaction() -> Span {
    tracing::info_span!(
        target: TARGET, "db.transaction",
        db.system = "postgresql",
        db.operation.name = "TRANSACTION",
        db.transaction.outcome = Empty,
    )
}

/// Records how a transaction ended (`commit` or `rollback`).
pub(crate) fn transaction_ended(span: &Span, outcome: &'static str) {
    span.record("db.transaction.outcome", outcome);
}

fn micros(d: Duration) -> u64 {
    u64::try_from(d.as_micros()).unwrap_or(u64::MAX)
}

/// The statement's first keyword, upper-cased (`SELECT`, `INSERT`, ...); for
/// a `WITH` query, the keyword of the statement after its common table
/// expressions is not looked for (`WITH` is reported).
fn operation_name(sql: &str) -> String {
    sql.split(|c: char| c.is_whitespace() || c == '(' || c == ';')
        .find(|w| !w.is_empty())
        .unwrap_or("")
        .chars()
        .take(16)
        .collect::<String>()
        .to_ascii_uppercase()
}

#[cfg(test)]
mod tests {
    use super::operation_name;

    #[test]
    fn the_operation_is_the_first_keyword() {
        assert_eq!(operation_name("  select 1"), "SELECT");
        assert_eq!(operation_name("INSERT INTO t VALUES ($1)"), "INSERT");
        assert_eq!(operation_name(""), "");
    }
}

/// The cost of tracing with no subscriber, beside a statement's: run with
/// `cargo test --release -p orm-postgres --features testing --lib
/// tracing_overhead -- --nocapture` (figures in `docs/production.md`).
#[cfg(all(test, feature = "testing"))]
mod overhead {
    #![allow(clippy::unwrap_used, clippy::print_stdout)]

    use std::time::{Duration, Instant};

    use orm_core::Executor;

    #[test]
    fn tracing_overhead_with_no_subscriber() {
        let n = 200_000u32;
        let sql = "SELECT id, name FROM t WHERE id = $1";
        let started = Instant::now();
        for _ in 0..n {
            let mut t = super::statement(sql, 1, None, Some(Duration::from_secs(1)));
            t.checked_out();
            let result: orm_core::Result<()> = Ok(());
            t.finish(sql, &result, 1, 1);
        }
        let per_trace = started.elapsed() / n;

        let server = crate::testing::server().unwrap();
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap();
        let per_statement = runtime.block_on(async {
            let db = server.fresh_database("orm_trace_overhead").await.unwrap();
            for _ in 0..200 {
                db.query("SELECT $1::int", &[1i32.into()]).await.unwrap();
            }
            let m = 3000u32;
            let started = Instant::now();
            for i in 0..m {
                db.query("SELECT $1::int", &[i32::try_from(i).unwrap().into()])
                    .await
                    .unwrap();
            }
            let per = started.elapsed() / m;
            db.close();
            per
        });
        let _ = runtime.block_on(server.drop_database("orm_trace_overhead"));
        let ratio = per_statement.as_secs_f64()
            / (per_statement.as_secs_f64() - per_trace.as_secs_f64()).max(f64::MIN_POSITIVE);
        println!(
            "measured: tracing with no subscriber {per_trace:?} per statement; \
             a pooled SELECT $1 {per_statement:?}; ratio with/without {ratio:.4}"
        );
        assert!(per_trace < per_statement);
    }
}
