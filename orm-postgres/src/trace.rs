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
