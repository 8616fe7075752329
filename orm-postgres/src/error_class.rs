//! The one place driver and pool errors become [`orm_core::Error`]s.
//!
//! Classification reads SQLSTATE codes only, never message text.

use deadpool::managed::{PoolError, TimeoutType};
use orm_core::Error;
use orm_core::backend::DatabaseErrorKind as DbErrorClass;
use tokio_postgres::error::SqlState;

use crate::database_error::PgDatabaseError;

/// Classifies an error from tokio-postgres.
///
/// Without a server error, it is a connection error when the connection is
/// closed or an I/O operation failed; otherwise the driver refused the call
/// before sending it (a parameter of the wrong type, a wrong number of
/// parameters), which is invalid input and leaves the connection fine.
pub(crate) fn classify(err: tokio_postgres::Error) -> Error {
    if err.as_db_error().is_none() {
        if err.is_closed() || has_io_source(&err) {
            return Error::__connection(err);
        }
        return Error::invalid_input(err.to_string());
    }
    Error::__database(PgDatabaseError::from_driver(err))
}

/// The class of a SQLSTATE: the one table of codes.
pub(crate) fn class_of(code: &SqlState) -> DbErrorClass {
    const TABLE: &[(SqlState, DbErrorClass)] = &[
        (SqlState::UNIQUE_VIOLATION, DbErrorClass::UniqueViolation),
        (
            SqlState::FOREIGN_KEY_VIOLATION,
            DbErrorClass::ForeignKeyViolation,
        ),
        (SqlState::NOT_NULL_VIOLATION, DbErrorClass::NotNullViolation),
        (SqlState::CHECK_VIOLATION, DbErrorClass::CheckViolation),
        (SqlState::SYNTAX_ERROR, DbErrorClass::SyntaxError),
        (SqlState::LOCK_NOT_AVAILABLE, DbErrorClass::LockNotAvailable),
        (SqlState::T_R_DEADLOCK_DETECTED, DbErrorClass::Deadlock),
        (
            SqlState::T_R_SERIALIZATION_FAILURE,
            DbErrorClass::SerializationFailure,
        ),
        (SqlState::QUERY_CANCELED, DbErrorClass::QueryCanceled),
        (SqlState::ADMIN_SHUTDOWN, DbErrorClass::ConnectionFailure),
        (SqlState::CRASH_SHUTDOWN, DbErrorClass::ConnectionFailure),
        (
            SqlState::CANNOT_CONNECT_NOW,
            DbErrorClass::ConnectionFailure,
        ),
    ];
    if let Some((_, class)) = TABLE.iter().find(|(c, _)| c == code) {
        return *class;
    }
    // Class 08, "connection exception".
    if code.code().starts_with("08") {
        return DbErrorClass::ConnectionFailure;
    }
    // Class 22, "data exception": malformed values such as a NUL byte in text.
    if code.code().starts_with("22") {
        return DbErrorClass::DataException;
    }
    DbErrorClass::Other
}

/// Classifies an error from the connection pool: waiting for a busy pool
/// is a pool timeout; opening a connection that took too long is a connect
/// timeout (a connection error).
pub(crate) fn classify_pool(err: PoolError<tokio_postgres::Error>) -> Error {
    match err {
        PoolError::Backend(e) if e.as_db_error().is_none() && timed_out(&e) => {
            Error::__connect_timeout(e)
        }
        // Opening a connection failed: without a server error (refused,
        // unreachable, TLS), the server cannot be reached.
        PoolError::Backend(e) if e.as_db_error().is_none() => Error::__connection(e),
        PoolError::Backend(e) => classify(e),
        PoolError::Timeout(TimeoutType::Wait) => Error::__pool_timeout(err),
        PoolError::Timeout(TimeoutType::Create) => Error::__connect_timeout(err),
        PoolError::Timeout(TimeoutType::Recycle) => Error::__connection(err),
        other => Error::__pool(other),
    }
}

/// True when an I/O error is among the causes of `err`.
fn has_io_source(err: &tokio_postgres::Error) -> bool {
    let mut source = std::error::Error::source(err);
    while let Some(e) = source {
        if e.is::<std::io::Error>() {
            return true;
        }
        source = e.source();
    }
    false
}

/// True when a connect attempt failed with an I/O timeout (the socket-level
/// connect timeout of tokio-postgres).
fn timed_out(err: &tokio_postgres::Error) -> bool {
    let mut source = std::error::Error::source(err);
    while let Some(e) = source {
        if let Some(io) = e.downcast_ref::<std::io::Error>() {
            return io.kind() == std::io::ErrorKind::TimedOut;
        }
        source = e.source();
    }
    false
}

/// True when the server no longer accepts a prepared statement as cached:
/// `0A000 cached plan must not change result type` (a column changed type
/// under it) or `26000` (the statement is gone). The statement must be
/// prepared again.
pub(crate) fn is_stale_statement(err: &Error) -> bool {
    let stale = [
        SqlState::FEATURE_NOT_SUPPORTED,
        SqlState::INVALID_SQL_STATEMENT_NAME,
    ];
    err.code()
        .is_some_and(|code| stale.iter().any(|s| s.code() == code))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_map_to_classes() {
        assert_eq!(
            class_of(&SqlState::UNIQUE_VIOLATION),
            DbErrorClass::UniqueViolation
        );
        assert_eq!(
            class_of(&SqlState::T_R_DEADLOCK_DETECTED),
            DbErrorClass::Deadlock
        );
        assert_eq!(
            class_of(&SqlState::CHARACTER_NOT_IN_REPERTOIRE),
            DbErrorClass::DataException
        );
        assert_eq!(class_of(&SqlState::UNDEFINED_TABLE), DbErrorClass::Other);
        for code in [
            SqlState::ADMIN_SHUTDOWN,
            SqlState::CRASH_SHUTDOWN,
            SqlState::CANNOT_CONNECT_NOW,
            SqlState::CONNECTION_FAILURE,
            SqlState::CONNECTION_EXCEPTION,
            SqlState::PROTOCOL_VIOLATION,
        ] {
            assert_eq!(class_of(&code), DbErrorClass::ConnectionFailure, "{code:?}");
        }
    }
}
