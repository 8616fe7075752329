//! [`concurrently`]: run the same code n times at once and report every
//! failure.

use std::any::Any;
use std::fmt;
use std::future::Future;
use std::panic::{self, AssertUnwindSafe};

use futures_util::FutureExt;
use futures_util::future::join_all;
use tokio::sync::Barrier;

/// Runs `f(0)`, ..., `f(n - 1)` at the same moment and waits for all of
/// them; succeeds, with every result in index order, only when all
/// succeeded.
///
/// The n futures are polled together in the calling task. Each first waits
/// on a barrier that opens when all n have arrived, so none starts its work
/// before the others are ready, and the work overlaps wherever it waits:
/// each future may check out its own pooled connection, and the database
/// runs their statements in parallel. Because they run in the calling task
/// they may borrow from it (no `'static` bound); CPU-bound or blocking code
/// inside them does not run in parallel.
///
/// A task fails when it returns `Err` or panics (the panic is caught and
/// its message reported; the other tasks still run to completion). Give
/// the pool at least n connections when every task holds one at once.
///
/// ```no_run
/// use orm_postgres::{Db, Executor, testing::concurrently};
///
/// # async fn demo(db: &Db) -> Result<(), Box<dyn std::error::Error>> {
/// let inserted = concurrently(20, |i| async move {
///     db.execute("INSERT INTO hit (n) VALUES ($1)", &[(i as i64).into()]).await
/// })
/// .await?;
/// assert_eq!(inserted.iter().sum::<u64>(), 20);
/// # Ok(()) }
/// ```
///
/// # Errors
/// [`ConcurrentFailures`], listing how many of the n tasks failed and each
/// failure's index and message.
pub async fn concurrently<F, Fut, T, E>(n: usize, f: F) -> Result<Vec<T>, ConcurrentFailures>
where
    F: Fn(usize) -> Fut,
    Fut: Future<Output = Result<T, E>>,
    E: fmt::Display,
{
    let barrier = Barrier::new(n.max(1));
    let tasks = (0..n).map(|index| {
        let (f, barrier) = (&f, &barrier);
        async move {
            barrier.wait().await;
            let outcome = match panic::catch_unwind(AssertUnwindSafe(|| f(index))) {
                Ok(future) => AssertUnwindSafe(future).catch_unwind().await,
                Err(payload) => Err(payload),
            };
            match outcome {
                Ok(Ok(value)) => Ok(value),
                Ok(Err(err)) => Err(TaskFailure {
                    index,
                    message: err.to_string(),
                    panicked: false,
                }),
                Err(payload) => Err(TaskFailure {
                    index,
                    message: panic_message(payload.as_ref()),
                    panicked: true,
                }),
            }
        }
    });
    let mut values = Vec::with_capacity(n);
    let mut failures = Vec::new();
    for outcome in join_all(tasks).await {
        match outcome {
            Ok(value) => values.push(value),
            Err(failure) => failures.push(failure),
        }
    }
    if failures.is_empty() {
        Ok(values)
    } else {
        Err(ConcurrentFailures { tasks: n, failures })
    }
}

fn panic_message(payload: &(dyn Any + Send)) -> String {
    if let Some(s) = payload.downcast_ref::<&str>() {
        (*s).to_owned()
    } else if let Some(s) = payload.downcast_ref::<String>() {
        s.clone()
    } else {
        "a panic without a message".to_owned()
    }
}

/// The error of [`concurrently`]: which of the tasks failed, and how.
///
/// `Display` lists every failure, one per line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConcurrentFailures {
    tasks: usize,
    failures: Vec<TaskFailure>,
}

impl ConcurrentFailures {
    /// How many tasks ran.
    pub fn tasks(&self) -> usize {
        self.tasks
    }

    /// How many tasks failed.
    pub fn failed(&self) -> usize {
        self.failures.len()
    }

    /// Each failure, in task order.
    pub fn failures(&self) -> &[TaskFailure] {
        &self.failures
    }
}

impl fmt::Display for ConcurrentFailures {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} of {} concurrent tasks failed:",
            self.failures.len(),
            self.tasks
        )?;
        for failure in &self.failures {
            write!(f, "\n  {failure}")?;
        }
        Ok(())
    }
}

impl std::error::Error for ConcurrentFailures {}

/// One failed task of [`concurrently`].
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct TaskFailure {
    /// The task's index, the argument its closure received.
    pub index: usize,
    /// The error's `Display`, or the panic's message.
    pub message: String,
    /// True when the task panicked rather than returning `Err`.
    pub panicked: bool,
}

impl fmt::Display for TaskFailure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.panicked {
            write!(f, "task {} panicked: {}", self.index, self.message)
        } else {
            write!(f, "task {}: {}", self.index, self.message)
        }
    }
}
