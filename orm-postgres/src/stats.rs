//! Counting what the ORM sends, so tests can assert exact numbers.

use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, PoisonError};

/// Counters shared by a [`Db`](crate::Db) and every transaction begun on it.
#[derive(Debug, Default, Clone)]
pub(crate) struct Stats(Arc<Counters>);

#[derive(Debug, Default)]
struct Counters {
    statements: AtomicU64,
    round_trips: AtomicU64,
    /// The slow-statement warning's threshold (set once, when the pool is
    /// built).
    slow: Option<std::time::Duration>,
    /// How many `expect_statements` captures are running.
    capturing: AtomicUsize,
    /// The SQL text of each statement sent while a capture runs.
    log: Mutex<Vec<String>>,
}

impl Stats {
    /// Counters for a new pool, warning about statements slower than `slow`.
    pub(crate) fn new(slow: Option<std::time::Duration>) -> Self {
        Stats(Arc::new(Counters {
            slow,
            ..Counters::default()
        }))
    }

    /// The slow-statement threshold.
    pub(crate) fn slow(&self) -> Option<std::time::Duration> {
        self.0.slow
    }

    /// Records one exchange with the server carrying `statements` statements.
    pub(crate) fn record(&self, statements: usize) {
        self.0
            .statements
            .fetch_add(statements as u64, Ordering::Relaxed);
        self.0.round_trips.fetch_add(1, Ordering::Relaxed);
    }

    /// Keeps the text of a statement being sent, while a capture runs.
    pub(crate) fn capture(&self, sql: &str) {
        if self.0.capturing.load(Ordering::Relaxed) > 0 {
            self.log().push(sql.to_owned());
        }
    }

    fn log(&self) -> std::sync::MutexGuard<'_, Vec<String>> {
        self.0.log.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Starts capturing statement texts; returns where this capture
    /// starts in the log.
    #[cfg(feature = "testing")]
    pub(crate) fn start_capture(&self) -> usize {
        let log = self.log();
        self.0.capturing.fetch_add(1, Ordering::Relaxed);
        log.len()
    }

    /// Ends a capture begun at `start`: the texts sent since.
    #[cfg(feature = "testing")]
    pub(crate) fn end_capture(&self, start: usize) -> Vec<String> {
        let mut log = self.log();
        let texts = log.get(start..).map(<[String]>::to_vec).unwrap_or_default();
        if self.0.capturing.fetch_sub(1, Ordering::Relaxed) == 1 {
            log.clear();
        }
        texts
    }

    pub(crate) fn statements(&self) -> u64 {
        self.0.statements.load(Ordering::Relaxed)
    }

    pub(crate) fn round_trips(&self) -> u64 {
        self.0.round_trips.load(Ordering::Relaxed)
    }
}
