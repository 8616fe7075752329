//! Row locks on queries: `FOR UPDATE`, `FOR SHARE`, ... with `NOWAIT` or
//! `SKIP LOCKED`.

/// The row lock strength of a `SELECT ... FOR ...`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum RowLock {
    /// `FOR UPDATE`: the rows will be updated or deleted.
    Update,
    /// `FOR NO KEY UPDATE`: the rows will be updated, keys unchanged.
    NoKeyUpdate,
    /// `FOR SHARE`: the rows must not change.
    Share,
    /// `FOR KEY SHARE`: the rows' keys must not change.
    KeyShare,
}

impl RowLock {
    /// The SQL spelling, e.g. `"FOR UPDATE"`.
    pub fn as_sql(self) -> &'static str {
        match self {
            RowLock::Update => "FOR UPDATE",
            RowLock::NoKeyUpdate => "FOR NO KEY UPDATE",
            RowLock::Share => "FOR SHARE",
            RowLock::KeyShare => "FOR KEY SHARE",
        }
    }
}

/// What a row lock does when another transaction holds a conflicting one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[non_exhaustive]
pub enum LockWait {
    /// Wait for it (the default).
    #[default]
    Wait,
    /// Fail at once with a lock-not-available error.
    NoWait,
    /// Leave the locked rows out of the result.
    SkipLocked,
}
