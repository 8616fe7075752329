//! The query IR: every statement the ORM sends, as data.
//!
//! Builders (`Query`, CRUD, many-to-many writes, translations, locks)
//! produce these values; a dialect writer (`render::postgres`) is the only
//! code that turns them into SQL text, quotes names and numbers
//! parameters. Nothing here knows how a statement is spelled.

mod expr;
mod statement;

pub(crate) use expr::{BinOp, Expr, Func, OrderItem};
pub(crate) use statement::{
    Cte, Cycle, Delete, Insert, InsertSource, Join, JoinType, LockTable, OnConflict, RecursiveCte,
    RowLockClause, Select, SelectItem, Source, Statement, Update,
};

/// An identifier (table, column, alias); quoted by the writer.
pub(crate) type Name = std::borrow::Cow<'static, str>;
