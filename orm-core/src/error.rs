//! The one error type of the ORM.

use std::error::Error as StdError;
use std::fmt;

use crate::backend::{DatabaseError, DatabaseErrorKind};

/// A specialised `Result` whose error is [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;

use crate::backend::BoxError;

/// The error returned by every fallible operation of the ORM.
///
/// It is opaque: ask it what happened with the `is_*` predicates, read the
/// SQLSTATE with [`Error::code`] and the violated constraint with
/// [`Error::constraint`], and walk the chain with
/// [`std::error::Error::source`].
///
/// ```
/// use orm_core::Error;
///
/// let err = Error::not_found("Contact");
/// assert!(err.is_not_found());
/// assert_eq!(err.to_string(), "no Contact matched the query");
/// ```
pub struct Error(Box<Inner>);

struct Inner {
    kind: Kind,
    source: Option<BoxError>,
}

#[derive(Debug)]
enum Kind {
    NotFound { model: String },
    MultipleReturned { model: String, count: usize },
    NotLoaded { relation: String, hint: String },
    InvalidInput { message: String },
    NotInTransaction { what: String },
    Schema { problems: Vec<String> },
    Decode { column: String },
    Database(Box<dyn DatabaseError>),
    PoolTimeout,
    Pool,
    Connection { connect_timeout: bool },
    Config { message: String },
}

impl Error {
    fn new(kind: Kind) -> Self {
        Error(Box::new(Inner { kind, source: None }))
    }

    fn with_source(mut self, source: impl Into<BoxError>) -> Self {
        self.0.source = Some(source.into());
        self
    }

    /// No row matched a query that expected exactly one.
    pub fn not_found(model: &str) -> Self {
        Self::new(Kind::NotFound {
            model: model.to_owned(),
        })
    }

    /// More than one row matched a query that expected exactly one.
    pub fn multiple_returned(model: &str, count: usize) -> Self {
        Self::new(Kind::MultipleReturned {
            model: model.to_owned(),
            count,
        })
    }

    /// A relation was read before it was loaded; `hint` names the call that
    /// loads it.
    pub fn not_loaded(relation: &str, hint: &str) -> Self {
        Self::new(Kind::NotLoaded {
            relation: relation.to_owned(),
            hint: hint.to_owned(),
        })
    }

    /// Input the caller gave was rejected before it reached the database.
    pub fn invalid_input(message: impl Into<String>) -> Self {
        Self::new(Kind::InvalidInput {
            message: message.into(),
        })
    }

    /// An operation that needs an open transaction ran outside one.
    pub fn not_in_transaction(what: impl Into<String>) -> Self {
        Self::new(Kind::NotInTransaction { what: what.into() })
    }

    /// The models registered together do not form a consistent schema.
    pub fn schema(problems: Vec<String>) -> Self {
        Self::new(Kind::Schema { problems })
    }

    /// A column of a row could not be decoded into its Rust type.
    pub fn decode(column: &str, source: impl Into<BoxError>) -> Self {
        Self::new(Kind::Decode {
            column: column.to_owned(),
        })
        .with_source(source)
    }

    /// Invalid configuration, such as a malformed connection URL.
    pub fn config(message: impl Into<String>, source: Option<BoxError>) -> Self {
        let err = Self::new(Kind::Config {
            message: message.into(),
        });
        match source {
            Some(s) => err.with_source(s),
            None => err,
        }
    }

    /// An error the database reported, classified by the backend
    /// (constructed by backends).
    #[doc(hidden)]
    pub fn __database(err: impl DatabaseError) -> Self {
        Self::new(Kind::Database(Box::new(err)))
    }

    #[doc(hidden)]
    pub fn __pool_timeout(source: impl Into<BoxError>) -> Self {
        Self::new(Kind::PoolTimeout).with_source(source)
    }

    #[doc(hidden)]
    pub fn __pool(source: impl Into<BoxError>) -> Self {
        Self::new(Kind::Pool).with_source(source)
    }

    #[doc(hidden)]
    pub fn __connection(source: impl Into<BoxError>) -> Self {
        Self::new(Kind::Connection {
            connect_timeout: false,
        })
        .with_source(source)
    }

    #[doc(hidden)]
    pub fn __connect_timeout(source: impl Into<BoxError>) -> Self {
        Self::new(Kind::Connection {
            connect_timeout: true,
        })
        .with_source(source)
    }

    fn db_class(&self) -> Option<DatabaseErrorKind> {
        match &self.0.kind {
            Kind::Database(db) => Some(db.kind()),
            _ => None,
        }
    }

    /// True when a query expecting one row found none.
    pub fn is_not_found(&self) -> bool {
        matches!(self.0.kind, Kind::NotFound { .. })
    }

    /// True when a query expecting one row found several.
    pub fn is_multiple_returned(&self) -> bool {
        matches!(self.0.kind, Kind::MultipleReturned { .. })
    }

    /// True when a relation was read that the query did not load.
    pub fn is_not_loaded(&self) -> bool {
        matches!(self.0.kind, Kind::NotLoaded { .. })
    }

    /// True when input was rejected before reaching the database (a NUL byte
    /// in text, a value longer than `max_length`, an unsaved object, ...), or
    /// when the database rejected a value as malformed (SQLSTATE class 22).
    pub fn is_invalid_input(&self) -> bool {
        matches!(self.0.kind, Kind::InvalidInput { .. })
            || self.db_class() == Some(DatabaseErrorKind::DataException)
    }

    /// True when an operation that needs a transaction ran outside one.
    pub fn is_not_in_transaction(&self) -> bool {
        matches!(self.0.kind, Kind::NotInTransaction { .. })
    }

    /// True when schema verification found problems.
    pub fn is_schema(&self) -> bool {
        matches!(self.0.kind, Kind::Schema { .. })
    }

    /// The problems a schema verification found, empty for other errors.
    pub fn schema_problems(&self) -> &[String] {
        match &self.0.kind {
            Kind::Schema { problems } => problems,
            _ => &[],
        }
    }

    /// True when a column could not be decoded into its Rust type.
    pub fn is_decode(&self) -> bool {
        matches!(self.0.kind, Kind::Decode { .. })
    }

    /// True for a unique constraint violation (SQLSTATE 23505); see
    /// [`Error::constraint`] for its name.
    pub fn is_unique_violation(&self) -> bool {
        self.db_class() == Some(DatabaseErrorKind::UniqueViolation)
    }

    /// True for a foreign key violation (SQLSTATE 23503).
    pub fn is_foreign_key_violation(&self) -> bool {
        self.db_class() == Some(DatabaseErrorKind::ForeignKeyViolation)
    }

    /// True for a NOT NULL violation (SQLSTATE 23502).
    pub fn is_not_null_violation(&self) -> bool {
        self.db_class() == Some(DatabaseErrorKind::NotNullViolation)
    }

    /// True for a CHECK constraint violation (SQLSTATE 23514).
    pub fn is_check_violation(&self) -> bool {
        self.db_class() == Some(DatabaseErrorKind::CheckViolation)
    }

    /// True for an SQL syntax error (SQLSTATE 42601).
    pub fn is_syntax_error(&self) -> bool {
        self.db_class() == Some(DatabaseErrorKind::SyntaxError)
    }

    /// True when a lock could not be taken at once (`NOWAIT`) or within
    /// `lock_timeout` (SQLSTATE 55P03).
    pub fn is_lock_not_available(&self) -> bool {
        self.db_class() == Some(DatabaseErrorKind::LockNotAvailable)
    }

    /// True when PostgreSQL broke a deadlock by failing this transaction
    /// (SQLSTATE 40P01).
    pub fn is_deadlock(&self) -> bool {
        self.db_class() == Some(DatabaseErrorKind::Deadlock)
    }

    /// True for a serialization failure (SQLSTATE 40001).
    pub fn is_serialization_failure(&self) -> bool {
        self.db_class() == Some(DatabaseErrorKind::SerializationFailure)
    }

    /// True when the statement was cancelled, e.g. by `statement_timeout`
    /// (SQLSTATE 57014).
    pub fn is_query_canceled(&self) -> bool {
        self.db_class() == Some(DatabaseErrorKind::QueryCanceled)
    }

    /// True when no pooled connection became free within the wait timeout.
    pub fn is_pool_timeout(&self) -> bool {
        matches!(self.0.kind, Kind::PoolTimeout)
    }

    /// True when the connection or the server is gone: opening a connection
    /// failed or timed out, the connection was closed or broke, or the server
    /// ended the session (SQLSTATE 57P01 `admin_shutdown`, 57P02
    /// `crash_shutdown`, 57P03 `cannot_connect_now`, class 08). The
    /// statement may be retried on another connection; [`Error::code`]
    /// still gives the server's code when it sent one.
    pub fn is_connection(&self) -> bool {
        matches!(self.0.kind, Kind::Connection { .. })
            || self.db_class() == Some(DatabaseErrorKind::ConnectionFailure)
    }

    /// True when opening a new connection took longer than the connect
    /// timeout (a server that does not answer); [`Error::is_connection`] is
    /// true as well. Waiting for a busy pool is [`Error::is_pool_timeout`]
    /// instead.
    pub fn is_connect_timeout(&self) -> bool {
        matches!(
            self.0.kind,
            Kind::Connection {
                connect_timeout: true
            }
        )
    }

    /// True for any error reported by the database server.
    pub fn is_database(&self) -> bool {
        matches!(self.0.kind, Kind::Database(_))
    }

    /// The SQLSTATE code when the database reported the error.
    pub fn code(&self) -> Option<&str> {
        match &self.0.kind {
            Kind::Database(db) => db.code(),
            _ => None,
        }
    }

    /// The name of the violated constraint, when PostgreSQL gives one.
    pub fn constraint(&self) -> Option<&str> {
        match &self.0.kind {
            Kind::Database(db) => db.constraint(),
            _ => None,
        }
    }
}

impl fmt::Debug for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut s = f.debug_struct("Error");
        s.field("kind", &self.0.kind);
        if let Some(source) = &self.0.source {
            s.field("source", source);
        }
        s.finish()
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.0.kind {
            Kind::NotFound { model } => write!(f, "no {model} matched the query"),
            Kind::MultipleReturned { model, count } => {
                write!(f, "expected one {model}, the query returned {count}")
            }
            Kind::NotLoaded { relation, hint } => {
                write!(
                    f,
                    "relation `{relation}` was not loaded; load it with {hint}"
                )
            }
            Kind::InvalidInput { message } => write!(f, "invalid input: {message}"),
            Kind::NotInTransaction { what } => {
                write!(
                    f,
                    "{what} needs an open transaction (use `db.transaction` or `db.begin`)"
                )
            }
            Kind::Schema { problems } => {
                write!(f, "the schema has {} problem(s): ", problems.len())?;
                for (i, p) in problems.iter().enumerate() {
                    if i > 0 {
                        f.write_str("; ")?;
                    }
                    f.write_str(p)?;
                }
                Ok(())
            }
            Kind::Decode { column } => write!(f, "cannot decode column `{column}`"),
            Kind::Database(db) => {
                match db.code() {
                    Some(code) => write!(f, "database error {code}: {}", db.message())?,
                    None => write!(f, "database error: {}", db.message())?,
                }
                if let Some(c) = db.constraint() {
                    write!(f, " (constraint `{c}`)")?;
                }
                Ok(())
            }
            Kind::PoolTimeout => f.write_str("timed out waiting for a pooled connection"),
            Kind::Pool => f.write_str("the connection pool failed"),
            Kind::Connection {
                connect_timeout: false,
            } => f.write_str("the connection to the database failed"),
            Kind::Connection {
                connect_timeout: true,
            } => f.write_str("timed out connecting to the database"),
            Kind::Config { message } => write!(f, "invalid configuration: {message}"),
        }
    }
}

impl StdError for Error {
    fn source(&self) -> Option<&(dyn StdError + 'static)> {
        // A database error's own fields (code, message, constraint) are
        // this error's; its cause (the driver's error) comes next.
        if let Kind::Database(db) = &self.0.kind {
            return db.source();
        }
        self.0
            .source
            .as_ref()
            .map(|s| &**s as &(dyn StdError + 'static))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn display_is_lowercase_without_period() {
        let errors = [
            Error::not_found("Contact"),
            Error::multiple_returned("Contact", 2),
            Error::not_loaded("Contact.phones", "`.prefetch(Contact::PHONES)`"),
            Error::invalid_input("text contains a NUL byte"),
            Error::schema(vec!["a".into(), "b".into()]),
        ];
        for e in errors {
            let s = e.to_string();
            assert!(!s.ends_with('.'), "{s}");
            assert!(s.chars().next().is_some_and(|c| c.is_lowercase()), "{s}");
        }
    }

    #[test]
    fn predicates_follow_the_kind() {
        #[derive(Debug)]
        struct Unique;
        impl fmt::Display for Unique {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("duplicate key")
            }
        }
        impl StdError for Unique {}
        impl DatabaseError for Unique {
            fn message(&self) -> &str {
                "duplicate key"
            }
            fn code(&self) -> Option<&str> {
                Some("23505")
            }
            fn constraint(&self) -> Option<&str> {
                Some("t_name_key")
            }
            fn kind(&self) -> DatabaseErrorKind {
                DatabaseErrorKind::UniqueViolation
            }
        }
        let e = Error::__database(Unique);
        assert_eq!(
            e.to_string(),
            "database error 23505: duplicate key (constraint `t_name_key`)"
        );
        assert!(e.is_unique_violation());
        assert!(!e.is_foreign_key_violation());
        assert_eq!(e.constraint(), Some("t_name_key"));
        assert_eq!(e.code(), Some("23505"));
        assert!(
            e.source().is_none(),
            "the cause of the database error, and it has none"
        );
        assert!(Error::not_loaded("a", "b").is_not_loaded());
    }

    #[test]
    fn connection_failures_answer_is_connection() {
        #[derive(Debug)]
        struct Shutdown;
        impl fmt::Display for Shutdown {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("terminating connection due to administrator command")
            }
        }
        impl StdError for Shutdown {}
        impl DatabaseError for Shutdown {
            fn message(&self) -> &str {
                "terminating connection due to administrator command"
            }
            fn code(&self) -> Option<&str> {
                Some("57P01")
            }
            fn constraint(&self) -> Option<&str> {
                None
            }
            fn kind(&self) -> DatabaseErrorKind {
                DatabaseErrorKind::ConnectionFailure
            }
        }
        let e = Error::__database(Shutdown);
        assert!(e.is_connection());
        assert!(!e.is_connect_timeout());
        assert_eq!(e.code(), Some("57P01"));
        let t = Error::__connect_timeout("x");
        assert!(t.is_connection() && t.is_connect_timeout() && !t.is_pool_timeout());
        assert_eq!(t.to_string(), "timed out connecting to the database");
        assert!(!Error::__pool_timeout("x").is_connection());
    }
}
