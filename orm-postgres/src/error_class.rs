//! The one place driver and pool errors become [`orm_core::Error`]s.
//!
//! Classification reads SQLSTATE codes only, never message text.

use deadpool_postgres::PoolError;
use orm_core::Error;
use orm_core::backend::DatabaseErrorKind as DbErrorClass;
use tokio_postgres::error::SqlState;

use crate::database_error::PgDatabaseError;

/// Classifies an error from tokio-postgres.
pub(crate) fn classify(err: tokio_postgres::Error) -> Error {
    if err.as_db_error().is_none() {
        return Error::__connection(err);
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
    ];
    if let Some((_, class)) = TABLE.iter().find(|(c, _)| c == code) {
        return *class;
    }
    // Class 22, "data exception": malformed values such as a NUL byte in text.
    if code.code().starts_with("22") {
        return DbErrorClass::DataException;
    }
    DbErrorClass::Other
}

/// Classifies an error from the connection pool.
pub(crate) fn classify_pool(err: PoolError) -> Error {
    match err {
        PoolError::Backend(e) => classify(e),
        PoolError::Timeout(_) => Error::__pool_timeout(err),
        other => Error::__pool(other),
    }
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
    }
}
