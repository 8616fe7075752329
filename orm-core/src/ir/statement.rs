//! Statements: SELECT, INSERT, UPDATE, DELETE, LOCK TABLE.

use crate::ir::{Expr, Name, OrderItem};
use crate::query::{LockWait, RowLock};

/// One statement.
#[derive(Clone, Debug)]
pub(crate) enum Statement {
    Select(Box<Select>),
    Insert(Box<Insert>),
    Update(Box<Update>),
    Delete(Box<Delete>),
    LockTable(LockTable),
    /// A caller's own statement, written as given: only as the body of a
    /// CTE ([`Model::raw`](crate::Model::raw) selects the model's columns
    /// from it by name).
    Raw(std::sync::Arc<str>),
}

/// A `SELECT`.
#[derive(Clone, Debug, Default)]
pub(crate) struct Select {
    /// `WITH RECURSIVE name(columns) AS (...) [CYCLE ...]`, before `with`.
    pub(crate) recursive: Option<Box<RecursiveCte>>,
    /// `WITH name AS (statement), ...`.
    pub(crate) with: Vec<Cte>,
    pub(crate) distinct: bool,
    /// `DISTINCT ON (expr, ...)`; wins over `distinct` when non-empty.
    pub(crate) distinct_on: Vec<Expr>,
    pub(crate) items: Vec<SelectItem>,
    pub(crate) from: Option<Source>,
    pub(crate) joins: Vec<Join>,
    pub(crate) filter: Option<Expr>,
    /// `GROUP BY expr, ...`.
    pub(crate) group_by: Vec<Expr>,
    /// `HAVING expr`.
    pub(crate) having: Option<Expr>,
    pub(crate) order: Vec<OrderItem>,
    pub(crate) limit: Option<Expr>,
    pub(crate) offset: Option<Expr>,
    pub(crate) lock: Option<RowLockClause>,
}

impl Select {
    /// `SELECT <items> FROM <from>`.
    pub(crate) fn from(from: Source, items: Vec<SelectItem>) -> Select {
        Select {
            from: Some(from),
            items,
            ..Select::default()
        }
    }
}

/// A common table expression.
#[derive(Clone, Debug)]
pub(crate) struct Cte {
    pub(crate) name: Name,
    pub(crate) statement: Statement,
}

/// `name(columns) AS (anchor UNION ALL step) [CYCLE c SET mark USING
/// path]`: a recursive common table expression. With `cycle`, a row whose
/// `cycle` columns repeat an earlier row of its path is emitted once with
/// `mark` true and not followed (PostgreSQL 14+), and `path` holds the
/// rows from the anchor to it.
#[derive(Clone, Debug)]
pub(crate) struct RecursiveCte {
    pub(crate) name: Name,
    pub(crate) columns: Vec<Name>,
    pub(crate) anchor: Select,
    pub(crate) step: Select,
    pub(crate) cycle: Option<Cycle>,
}

/// `CYCLE columns SET mark USING path`.
#[derive(Clone, Debug)]
pub(crate) struct Cycle {
    pub(crate) columns: Vec<Name>,
    pub(crate) mark: Name,
    pub(crate) path: Name,
}

/// One item of a select list.
#[derive(Clone, Debug)]
pub(crate) struct SelectItem {
    pub(crate) expr: Expr,
    pub(crate) alias: Option<Name>,
}

impl SelectItem {
    /// The expression, unaliased.
    pub(crate) fn expr(expr: Expr) -> Self {
        SelectItem { expr, alias: None }
    }

    /// `expr AS "alias"`.
    pub(crate) fn aliased(expr: Expr, alias: impl Into<Name>) -> Self {
        SelectItem {
            expr,
            alias: Some(alias.into()),
        }
    }
}

/// What a FROM clause or a join reads.
#[derive(Clone, Debug)]
pub(crate) enum Source {
    /// `"table"` or `"table" AS "alias"`.
    Table { name: Name, alias: Option<Name> },
    /// `(select) AS "alias"`.
    Subquery { query: Box<Select>, alias: Name },
    /// `(select UNION ALL select ...) AS "alias"`.
    UnionAll { parts: Vec<Select>, alias: Name },
    /// `func(...) AS "alias"("c1", ...)`, e.g. `unnest`.
    Function {
        call: Expr,
        alias: Name,
        columns: Vec<Name>,
    },
}

impl Source {
    /// The table `name`, unaliased.
    pub(crate) fn table(name: impl Into<Name>) -> Source {
        Source::Table {
            name: name.into(),
            alias: None,
        }
    }
}

/// INNER or LEFT.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum JoinType {
    Inner,
    Left,
}

/// One join.
#[derive(Clone, Debug)]
pub(crate) struct Join {
    pub(crate) kind: JoinType,
    pub(crate) lateral: bool,
    pub(crate) source: Source,
    pub(crate) on: Expr,
}

/// `FOR UPDATE [OF "alias"] [NOWAIT | SKIP LOCKED]`.
#[derive(Clone, Debug)]
pub(crate) struct RowLockClause {
    pub(crate) strength: RowLock,
    pub(crate) of: Option<Name>,
    pub(crate) wait: LockWait,
}

/// An `INSERT`.
#[derive(Clone, Debug)]
pub(crate) struct Insert {
    pub(crate) table: Name,
    pub(crate) columns: Vec<Name>,
    pub(crate) source: InsertSource,
    pub(crate) on_conflict: Option<OnConflict>,
    pub(crate) returning: Vec<Expr>,
}

/// Where the inserted rows come from.
#[derive(Clone, Debug)]
pub(crate) enum InsertSource {
    /// `DEFAULT VALUES`.
    DefaultValues,
    /// `VALUES (..), (..)`.
    Values(Vec<Vec<Expr>>),
    /// `SELECT ...`.
    Select(Box<Select>),
}

/// `ON CONFLICT ...`.
#[derive(Clone, Debug)]
#[allow(
    clippy::enum_variant_names,
    reason = "the variants spell the SQL: DO NOTHING, DO UPDATE"
)]
pub(crate) enum OnConflict {
    /// `ON CONFLICT [("c", ...)] DO NOTHING`.
    DoNothing { target: Vec<Name> },
    /// `ON CONFLICT ("c", ...) DO UPDATE SET "c" = expr, ...`.
    DoUpdate {
        target: Vec<Name>,
        set: Vec<(Name, Expr)>,
    },
    /// `ON CONFLICT ON CONSTRAINT "name" DO NOTHING`.
    DoNothingOnConstraint { constraint: Name },
    /// `ON CONFLICT ON CONSTRAINT "name" DO UPDATE SET "c" = expr, ...`.
    DoUpdateOnConstraint {
        constraint: Name,
        set: Vec<(Name, Expr)>,
    },
}

/// An `UPDATE`.
#[derive(Clone, Debug)]
pub(crate) struct Update {
    pub(crate) table: Name,
    pub(crate) set: Vec<(Name, Expr)>,
    pub(crate) filter: Option<Expr>,
    pub(crate) returning: Vec<Expr>,
}

/// A `DELETE`.
#[derive(Clone, Debug)]
pub(crate) struct Delete {
    pub(crate) table: Name,
    pub(crate) filter: Option<Expr>,
    pub(crate) returning: Vec<Expr>,
}

/// `LOCK TABLE "a", "b" IN <mode> MODE [NOWAIT]`.
#[derive(Clone, Debug)]
pub(crate) struct LockTable {
    pub(crate) tables: Vec<Name>,
    /// The mode's SQL spelling, e.g. `"SHARE ROW EXCLUSIVE"`.
    pub(crate) mode: &'static str,
    pub(crate) nowait: bool,
}
