//! [`PgDatabaseError`]: an error PostgreSQL reported, as the core's
//! [`DatabaseError`] (its class comes from the SQLSTATE table in
//! `error_class.rs`).

use std::fmt;

use orm_core::BoxError;
use orm_core::backend::{DatabaseError, DatabaseErrorKind};
use tokio_postgres::error::SqlState;

use crate::error_class::class_of;

/// An error the server reported (or one the ORM reports in its name, such as
/// committing an aborted transaction).
#[derive(Debug)]
pub(crate) struct PgDatabaseError {
    code: SqlState,
    kind: DatabaseErrorKind,
    message: String,
    constraint: Option<String>,
    source: Option<BoxError>,
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
            kind: class_of(&code),
            code,
            message,
            constraint,
            source: Some(Box::new(err)),
        }
    }

    /// An error with `code` and class `kind` that no server message
    /// carries; `source` is its cause, if any.
    pub(crate) fn synthetic(
        code: SqlState,
        kind: DatabaseErrorKind,
        message: String,
        source: Option<BoxError>,
    ) -> Self {
        PgDatabaseError {
            code,
            kind,
            message,
            constraint: None,
            source,
        }
    }
}

impl fmt::Display for PgDatabaseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.code.code(), self.message)
    }
}

impl std::error::Error for PgDatabaseError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        self.source
            .as_deref()
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
        self.kind
    }
}
