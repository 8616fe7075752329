//! [`DatabaseError`]: an error the database reported, classified by the
//! backend (sqlx's `DatabaseError::kind()` pattern).

/// The classes of database errors the core tells apart; the backend maps
/// its own codes (PostgreSQL's SQLSTATE) onto them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum DatabaseErrorKind {
    /// A unique constraint was violated.
    UniqueViolation,
    /// A foreign key constraint was violated.
    ForeignKeyViolation,
    /// A NOT NULL constraint was violated.
    NotNullViolation,
    /// A CHECK constraint was violated.
    CheckViolation,
    /// The statement is not valid SQL.
    SyntaxError,
    /// A lock could not be taken at once or in time.
    LockNotAvailable,
    /// The database broke a deadlock by failing this transaction.
    Deadlock,
    /// A serializable transaction could not be serialized.
    SerializationFailure,
    /// A value was malformed (bad encoding, out of range, ...).
    DataException,
    /// The statement was cancelled (a timeout, a cancel request).
    QueryCanceled,
    /// The server ended the session or cannot take one (the connection is
    /// gone; the statement may be retried elsewhere).
    ConnectionFailure,
    /// Anything else.
    Other,
}

/// An error reported by the database server, as the backend classified it.
/// The core's [`Error`](crate::Error) keeps it as its source and answers its
/// predicates from [`DatabaseError::kind`].
pub trait DatabaseError: std::error::Error + Send + Sync + 'static {
    /// The server's message.
    fn message(&self) -> &str;

    /// The server's error code (PostgreSQL: the SQLSTATE).
    fn code(&self) -> Option<&str>;

    /// The violated constraint, when the server names one.
    fn constraint(&self) -> Option<&str>;

    /// The class of the error.
    fn kind(&self) -> DatabaseErrorKind;
}
