//! [`TransactionOptions`]: isolation level, read-only, deferrable.

/// A transaction isolation level (`BEGIN ISOLATION LEVEL ...`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum IsolationLevel {
    /// `READ UNCOMMITTED`, which PostgreSQL runs as `READ COMMITTED`.
    ReadUncommitted,
    /// `READ COMMITTED`: PostgreSQL's default; each statement sees the rows
    /// committed before it started.
    ReadCommitted,
    /// `REPEATABLE READ`: one snapshot for the whole transaction; a
    /// conflicting concurrent update fails with a serialization failure.
    RepeatableRead,
    /// `SERIALIZABLE`: as if transactions ran one after another; conflicts
    /// fail with a serialization failure, to be retried (see
    /// [`transaction_with_retry`](crate::transaction_with_retry)).
    Serializable,
}

impl IsolationLevel {
    /// The SQL spelling, e.g. `"REPEATABLE READ"`.
    pub fn as_sql(self) -> &'static str {
        match self {
            IsolationLevel::ReadUncommitted => "READ UNCOMMITTED",
            IsolationLevel::ReadCommitted => "READ COMMITTED",
            IsolationLevel::RepeatableRead => "REPEATABLE READ",
            IsolationLevel::Serializable => "SERIALIZABLE",
        }
    }
}

/// How to begin a transaction; pass to [`Db::begin_with`](crate::Db::begin_with)
/// or [`Db::transaction_with`](crate::Db::transaction_with). Unset options
/// keep the session's defaults.
///
/// ```
/// use orm_postgres::{IsolationLevel, TransactionOptions};
///
/// let options = TransactionOptions::new()
///     .isolation(IsolationLevel::Serializable)
///     .read_only(true)
///     .deferrable(true);
/// assert_eq!(
///     options.begin_sql(),
///     "BEGIN ISOLATION LEVEL SERIALIZABLE, READ ONLY, DEFERRABLE"
/// );
/// ```
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct TransactionOptions {
    isolation: Option<IsolationLevel>,
    read_only: Option<bool>,
    deferrable: Option<bool>,
}

impl TransactionOptions {
    /// No options: `BEGIN` with the session's defaults.
    pub fn new() -> Self {
        Self::default()
    }

    /// Sets the isolation level.
    pub fn isolation(mut self, level: IsolationLevel) -> Self {
        self.isolation = Some(level);
        self
    }

    /// `READ ONLY` (true) or `READ WRITE` (false). In a read-only
    /// transaction every write fails (SQLSTATE 25006).
    pub fn read_only(mut self, read_only: bool) -> Self {
        self.read_only = Some(read_only);
        self
    }

    /// `DEFERRABLE` (true) or `NOT DEFERRABLE` (false). Only has an effect
    /// on a `SERIALIZABLE`, `READ ONLY` transaction: it waits for a snapshot
    /// that cannot fail, then runs without serialization overhead.
    pub fn deferrable(mut self, deferrable: bool) -> Self {
        self.deferrable = Some(deferrable);
        self
    }

    /// The `BEGIN` statement these options produce.
    pub fn begin_sql(&self) -> String {
        let mut modes: Vec<&str> = Vec::new();
        let isolation;
        if let Some(level) = self.isolation {
            isolation = ["ISOLATION LEVEL ", level.as_sql()].concat();
            modes.push(&isolation);
        }
        match self.read_only {
            Some(true) => modes.push("READ ONLY"),
            Some(false) => modes.push("READ WRITE"),
            None => {}
        }
        match self.deferrable {
            Some(true) => modes.push("DEFERRABLE"),
            Some(false) => modes.push("NOT DEFERRABLE"),
            None => {}
        }
        if modes.is_empty() {
            "BEGIN".to_owned()
        } else {
            ["BEGIN ", &modes.join(", ")].concat()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn begin_sql() {
        assert_eq!(TransactionOptions::new().begin_sql(), "BEGIN");
        assert_eq!(
            TransactionOptions::new()
                .isolation(IsolationLevel::RepeatableRead)
                .begin_sql(),
            "BEGIN ISOLATION LEVEL REPEATABLE READ"
        );
        assert_eq!(
            TransactionOptions::new()
                .read_only(false)
                .deferrable(false)
                .begin_sql(),
            "BEGIN READ WRITE, NOT DEFERRABLE"
        );
    }
}
