//! Expressions: columns, bound values, operators, calls.

use crate::ir::{Name, Select};
use crate::query::Param;

/// A scalar expression.
#[derive(Clone, Debug)]
pub(crate) enum Expr {
    /// `"table"."column"`, or `"column"` without a table.
    Column { table: Option<Name>, column: Name },
    /// `"table".*`.
    AllColumns(Name),
    /// `*`.
    Star,
    /// The caller's `n`-th borrowed parameter (from 0), for statements
    /// whose values are borrowed from an object (CRUD): written `$<n+1>`.
    Slot(usize),
    /// A bound value. The same value (the same `Arc`) used twice is bound
    /// once and referenced twice.
    Param(Param),
    /// `expr::type` (or `expr::type[]`); the type name comes from model
    /// metadata, never from a caller.
    Cast {
        expr: Box<Expr>,
        sql_type: &'static str,
        array: bool,
    },
    /// An integer literal the ORM itself writes (`SELECT 1`, `ORDER BY 1`).
    Int(i64),
    /// `TRUE` / `FALSE`.
    Bool(bool),
    /// `NULL`.
    Null,
    /// `DEFAULT` in an INSERT's VALUES.
    Default,
    /// `a <op> b`.
    Binary(Box<Expr>, BinOp, Box<Expr>),
    /// Conjunction; nested AND/OR are parenthesised. Empty is `TRUE`.
    And(Vec<Expr>),
    /// Disjunction. Empty is `FALSE`.
    Or(Vec<Expr>),
    /// `NOT (x)`.
    Not(Box<Expr>),
    /// `(x) IS NOT TRUE`: negation that keeps rows where `x` is NULL.
    IsNotTrue(Box<Expr>),
    /// `x IS NULL` (`true`) or `x IS NOT NULL`.
    IsNull(Box<Expr>, bool),
    /// `x = ANY(array)`.
    Any(Box<Expr>, Box<Expr>),
    /// `x BETWEEN low AND high`.
    Between(Box<Expr>, Box<Expr>, Box<Expr>),
    /// `EXISTS (select)`.
    Exists(Box<Select>),
    /// `x IN (select)`.
    InSelect(Box<Expr>, Box<Select>),
    /// A scalar subquery `(select)`.
    Subquery(Box<Select>),
    /// A function call; `order` goes inside the parentheses (aggregates).
    Call {
        func: Func,
        args: Vec<Expr>,
        order: Vec<OrderItem>,
    },
    /// A window function: `func(args) OVER (PARTITION BY .. ORDER BY ..)`.
    Window {
        func: Func,
        args: Vec<Expr>,
        partition: Vec<Expr>,
        order: Vec<OrderItem>,
    },
}

/// A binary operator.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum BinOp {
    Eq,
    Ne,
    Gt,
    Gte,
    Lt,
    Lte,
    Like,
    ILike,
    /// Arithmetic; written parenthesised: `(a + b)`.
    Add,
    Sub,
    Mul,
    Div,
}

impl BinOp {
    /// True for `+ - * /`.
    pub(crate) fn is_arithmetic(self) -> bool {
        matches!(self, BinOp::Add | BinOp::Sub | BinOp::Mul | BinOp::Div)
    }
}

/// The functions the ORM calls.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Func {
    /// `count(*)` with no argument, `count(x)` with one.
    Count,
    /// `count(DISTINCT x)`.
    CountDistinct,
    Sum,
    Avg,
    Min,
    Max,
    ArrayAgg,
    Coalesce,
    RowNumber,
    Unnest,
    ArrayPosition,
    /// `cardinality(array)`: the number of elements.
    Cardinality,
}

/// One `ORDER BY` term.
#[derive(Clone, Debug)]
pub(crate) struct OrderItem {
    pub(crate) expr: Expr,
    pub(crate) descending: bool,
    /// `Some(true)`: `NULLS FIRST`; `Some(false)`: `NULLS LAST`.
    pub(crate) nulls_first: Option<bool>,
}

impl OrderItem {
    /// Ascending, database default for NULLs.
    pub(crate) fn asc(expr: Expr) -> Self {
        OrderItem {
            expr,
            descending: false,
            nulls_first: None,
        }
    }
}

impl Expr {
    /// `"table"."column"`.
    pub(crate) fn column(table: impl Into<Name>, column: impl Into<Name>) -> Expr {
        Expr::Column {
            table: Some(table.into()),
            column: column.into(),
        }
    }

    /// `"column"`, unqualified.
    pub(crate) fn bare(column: impl Into<Name>) -> Expr {
        Expr::Column {
            table: None,
            column: column.into(),
        }
    }

    /// `self <op> other`.
    pub(crate) fn op(self, op: BinOp, other: Expr) -> Expr {
        Expr::Binary(Box::new(self), op, Box::new(other))
    }

    /// `self = other`.
    pub(crate) fn equals(self, other: Expr) -> Expr {
        self.op(BinOp::Eq, other)
    }

    /// `self = ANY(array)`.
    pub(crate) fn any(self, array: Expr) -> Expr {
        Expr::Any(Box::new(self), Box::new(array))
    }

    /// A call of `func` with `args`.
    pub(crate) fn call(func: Func, args: Vec<Expr>) -> Expr {
        Expr::Call {
            func,
            args,
            order: Vec::new(),
        }
    }

    /// `count(*)`.
    pub(crate) fn count_all() -> Expr {
        Expr::call(Func::Count, Vec::new())
    }

    /// `self::sql_type[]` (`array`) or `self::sql_type`.
    pub(crate) fn cast(self, sql_type: &'static str, array: bool) -> Expr {
        Expr::Cast {
            expr: Box::new(self),
            sql_type,
            array,
        }
    }
}
