//! Counting what the ORM sends, so tests can assert exact numbers.

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

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

    pub(crate) fn statements(&self) -> u64 {
        self.0.statements.load(Ordering::Relaxed)
    }

    pub(crate) fn round_trips(&self) -> u64 {
        self.0.round_trips.load(Ordering::Relaxed)
    }
}
