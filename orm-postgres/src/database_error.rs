//! [`PgDatabaseError`]: an error PostgreSQL reported, as the core's
//! [`DatabaseError`] (its class comes from the SQLSTATE table in
//! `error_class.rs`).

use std::fmt;

use orm_core::backend::{DatabaseError, DatabaseErrorKind};
use tokio_postgres::error::SqlState;

use crate::error_class::class_of;

/// An error the server reported (or one the ORM reports in its name, such as
/// committing an aborted transaction).
#[derive(Debug)]
pub(crate) struct PgDatabaseError {
    code: SqlState,
    message: String,
    constraint: Option<String>,
    source: Option<tokio_postgres::Error>,
}

impl PgDatabaseError {
    /// The server's error inside `err` (call only when `err.as_db_error()`
    /// is some; otherwise the code is `XX000`, internal error).
    pub(crate) fn from_driver(err: tokio_postgres::Error) -> Self {
        let (code, message, constraint) = match err.as_db_error() {
            Some(db) => (
                db.code().clone(),
                db.message().to_owned(),
                db.constraint().map(str::to_owned),
            ),
            None => (SqlState::INTERNAL_ERROR, err.to_string(), None),
        };
        PgDatabaseError {
            code,
            message,
            constraint,
            source: Some(err),
        }
    }

    /// An error with `code` that no server message carries.
    pub(crate) fn synthetic(code: SqlState, message: String) -> Self {
        PgDatabaseError {
            code,
            message,
            constraint: None,
            source: None,
        }
    }
}

impl fmt::Display for PgDatabaseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.source {
            Some(source) => fmt::Display::fmt(source, f),
            None => f.write_str(&self.message),
        }
    }
}

impl std::error::Error for PgDatabaseError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        self.source
            .as_ref()
            .map(|s| s as &(dyn std::error::Error + 'static))
    }
}

impl DatabaseError for PgDatabaseError {
    fn message(&self) -> &str {
        &self.message
    }

    fn code(&self) -> Option<&str> {
        Some(self.code.code())
    }

    fn constraint(&self) -> Option<&str> {
        self.constraint.as_deref()
    }

    fn kind(&self) -> DatabaseErrorKind {
        class_of(&self.code)
    }
}
