//! [`transaction_with_retry`]: rerun a whole transaction when PostgreSQL
//! asks for it (serialization failure, deadlock).

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use orm_core::{Error, Result};

use crate::{Db, Transaction, TransactionOptions, TxFuture};

/// How [`transaction_with_retry`] retries: how many attempts, how long to
/// wait between them, and the options each transaction begins with.
///
/// The wait before retry `k` (1 for the second attempt) is drawn uniformly
/// from the upper half of `min(initial_backoff * 2^(k-1), max_backoff)`, so
/// transactions that failed together do not collide again in lockstep.
///
/// ```
/// use std::time::Duration;
/// use orm_postgres::{IsolationLevel, RetryPolicy, TransactionOptions};
///
/// let policy = RetryPolicy::new()
///     .max_attempts(10)
///     .backoff(Duration::from_millis(5), Duration::from_millis(500))
///     .options(TransactionOptions::new().isolation(IsolationLevel::Serializable));
/// assert_eq!(policy.attempts(), 10);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RetryPolicy {
    max_attempts: u32,
    initial_backoff: Duration,
    max_backoff: Duration,
    options: TransactionOptions,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        RetryPolicy {
            max_attempts: 5,
            initial_backoff: Duration::from_millis(10),
            max_backoff: Duration::from_secs(1),
            options: TransactionOptions::new(),
        }
    }
}

impl RetryPolicy {
    /// Five attempts, waits from 10 ms doubling up to 1 s, default
    /// transaction options.
    pub fn new() -> Self {
        Self::default()
    }

    /// The most times the closure runs, the first included (at least 1).
    pub fn max_attempts(mut self, attempts: u32) -> Self {
        self.max_attempts = attempts.max(1);
        self
    }

    /// The wait before the first retry, and the cap as it doubles.
    pub fn backoff(mut self, initial: Duration, max: Duration) -> Self {
        self.initial_backoff = initial;
        self.max_backoff = max.max(initial);
        self
    }

    /// The options every attempt's transaction begins with (typically
    /// `SERIALIZABLE`, whose conflicts are what retrying resolves).
    pub fn options(mut self, options: TransactionOptions) -> Self {
        self.options = options;
        self
    }

    /// The most times the closure runs.
    pub fn attempts(&self) -> u32 {
        self.max_attempts
    }

    /// The wait before retry number `retry` (1-based), before jitter.
    fn ceiling(&self, retry: u32) -> Duration {
        let factor = 1u32
            .checked_shl(retry.saturating_sub(1))
            .unwrap_or(u32::MAX);
        self.initial_backoff
            .saturating_mul(factor)
            .min(self.max_backoff)
    }
}

/// Runs `f` in a transaction as [`Db::transaction_with`] does, and reruns
/// the whole closure in a fresh transaction when the attempt failed with a
/// serialization failure (SQLSTATE 40001) or a deadlock (40P01) (also when
/// the closure swallowed that error and the commit then failed with 25P02,
/// naming it), up to
/// [`RetryPolicy::max_attempts`] times, waiting a jittered, growing backoff
/// in between. Any other error is returned at once; when attempts run out
/// the last error is returned (its predicates still say why).
///
/// The closure is `FnMut`: it runs once per attempt, so it must not assume
/// that effects outside the database happened only once.
///
/// ```no_run
/// use orm_postgres::{Db, Executor, IsolationLevel, RetryPolicy, TransactionOptions};
/// use orm_postgres::transaction_with_retry;
///
/// # async fn demo(db: &Db) -> orm_postgres::Result<()> {
/// let policy = RetryPolicy::new()
///     .options(TransactionOptions::new().isolation(IsolationLevel::Serializable));
/// let moved = 10i64;
/// transaction_with_retry(db, policy, |tx| {
///     Box::pin(async move {
///         tx.execute("UPDATE account SET balance = balance - $1 WHERE id = 1", &[moved.into()]).await?;
///         tx.execute("UPDATE account SET balance = balance + $1 WHERE id = 2", &[moved.into()]).await?;
///         Ok(())
///     })
/// })
/// .await
/// # }
/// ```
///
/// # Errors
/// The first error that is not worth retrying, or the last one when every
/// attempt failed.
pub async fn transaction_with_retry<'env, T, F>(db: &Db, policy: RetryPolicy, mut f: F) -> Result<T>
where
    F: for<'t> FnMut(&'t mut Transaction<'env>) -> TxFuture<'t, T>,
{
    let mut jitter = Jitter::seeded();
    let mut attempt = 1;
    loop {
        match db.transaction_with(policy.options, |tx| f(tx)).await {
            Err(err) if attempt < policy.max_attempts && worth_retrying(&err) => {
                let ceiling = policy.ceiling(attempt);
                tokio::time::sleep(jitter.upper_half(ceiling)).await;
                attempt += 1;
            }
            outcome => return outcome,
        }
    }
}

/// True for a serialization failure or a deadlock, and for a commit that
/// failed (25P02) because one of those had aborted the transaction although
/// the closure swallowed it.
fn worth_retrying(err: &Error) -> bool {
    let retryable = |e: &Error| e.is_serialization_failure() || e.is_deadlock();
    if retryable(err) {
        return true;
    }
    err.code() == Some("25P02")
        && std::error::Error::source(err)
            .and_then(|cause| cause.downcast_ref::<Error>())
            .is_some_and(retryable)
}

/// A small xorshift64* generator for backoff jitter: not cryptographic, just
/// different per process and per call.
struct Jitter(u64);

impl Jitter {
    fn seeded() -> Self {
        let nanos = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map(|d| d.as_nanos() as u64)
            .unwrap_or(0);
        let local = 0u8;
        let address = std::ptr::addr_of!(local) as u64;
        // Never zero: xorshift would stay at zero.
        Jitter((nanos ^ address.rotate_left(32)) | 1)
    }

    fn next(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.0 = x;
        x.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    /// A duration drawn uniformly from `[ceiling / 2, ceiling]`.
    fn upper_half(&mut self, ceiling: Duration) -> Duration {
        let nanos = u64::try_from(ceiling.as_nanos()).unwrap_or(u64::MAX);
        let half = nanos / 2;
        let spread = nanos - half;
        let offset = if spread == 0 {
            0
        } else {
            self.next() % (spread + 1)
        };
        Duration::from_nanos(half + offset)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_doubles_up_to_the_cap() {
        let policy =
            RetryPolicy::new().backoff(Duration::from_millis(10), Duration::from_millis(50));
        let ceilings: Vec<u128> = (1..=5).map(|k| policy.ceiling(k).as_millis()).collect();
        assert_eq!(ceilings, [10, 20, 40, 50, 50]);
        assert_eq!(policy.ceiling(200), Duration::from_millis(50));
    }

    #[test]
    fn jitter_stays_in_the_upper_half_and_varies() {
        let mut jitter = Jitter::seeded();
        let ceiling = Duration::from_millis(100);
        let draws: Vec<Duration> = (0..200).map(|_| jitter.upper_half(ceiling)).collect();
        assert!(draws.iter().all(|d| *d >= ceiling / 2 && *d <= ceiling));
        let first = draws[0];
        assert!(draws.iter().any(|d| *d != first));
        assert_eq!(jitter.upper_half(Duration::ZERO), Duration::ZERO);
    }
}
