//! Filter expressions: what lookups build and `filter`/`exclude` take.

use std::marker::PhantomData;
use std::ops::{BitAnd, BitOr, Not};

use crate::handle::{Column, Path};
use crate::meta::{ColumnMeta, ModelMeta};
use crate::query::join_column::JoinedExpr;
use crate::query::value::Value;

/// A column reached from the query's model, without its static types.
#[derive(Clone, Copy)]
pub(crate) struct ColRef {
    pub(crate) leaf: fn() -> &'static ModelMeta,
    pub(crate) index: usize,
    pub(crate) path: Path,
    /// The translated text of the foreign key column, not the column.
    pub(crate) translated: bool,
}

impl ColRef {
    pub(crate) fn of<M, T>(c: &Column<M, T>) -> Self {
        ColRef {
            leaf: c.leaf,
            index: c.index,
            path: c.path,
            translated: c.translated,
        }
    }

    pub(crate) fn meta(&self) -> &'static ColumnMeta {
        &(self.leaf)().columns[self.index]
    }
}

/// A comparison operator.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Op {
    Eq,
    Ne,
    Gt,
    Gte,
    Lt,
    Lte,
}

impl Op {
    pub(crate) fn as_sql(self) -> &'static str {
        match self {
            Op::Eq => "=",
            Op::Ne => "<>",
            Op::Gt => ">",
            Op::Gte => ">=",
            Op::Lt => "<",
            Op::Lte => "<=",
        }
    }
}

/// The untyped filter tree.
#[derive(Clone)]
pub(crate) enum Expr {
    Compare(ColRef, Op, Value),
    /// `col = ANY($n)` with one array parameter.
    Any(ColRef, Value),
    IsNull(ColRef, bool),
    /// `col [I]LIKE $n`; the pattern is escaped already.
    Like {
        col: ColRef,
        pattern: Value,
        case_insensitive: bool,
    },
    Between(ColRef, Value, Value),
    /// Compares two columns of the query (`F("a") = F("b")` in Django).
    Columns(ColRef, Op, ColRef),
    And(Vec<Expr>),
    Or(Vec<Expr>),
    Not(Box<Expr>),
    /// `EXISTS (SELECT 1 FROM table WHERE table.outer = <model pk> AND
    /// table.matched = $n)`: a many-to-many membership test. `table`,
    /// `outer` and `matched` are quoted identifiers.
    Junction {
        table: String,
        outer: String,
        matched: String,
        model: fn() -> &'static ModelMeta,
        value: Value,
    },
    /// A condition on a column of an explicit join (`query/join.rs`).
    Joined(Box<JoinedExpr>),
    /// Always true (an empty AND).
    True,
}

/// A typed condition on rows of model `M`, built by lookups such as
/// `Contact::NAME.eq("Ann")` and combined with `&`, `|` and `!`.
pub struct Filter<M> {
    pub(crate) expr: Expr,
    _marker: PhantomData<fn() -> M>,
}

impl<M> Clone for Filter<M> {
    fn clone(&self) -> Self {
        Filter::new(self.expr.clone())
    }
}

impl<M> std::fmt::Debug for Filter<M> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Filter(..)")
    }
}

impl<M> Filter<M> {
    pub(crate) fn new(expr: Expr) -> Self {
        Filter {
            expr,
            _marker: PhantomData,
        }
    }

    /// Both conditions hold.
    pub fn and(self, other: Filter<M>) -> Filter<M> {
        Filter::new(match (self.expr, other.expr) {
            (Expr::True, e) | (e, Expr::True) => e,
            (Expr::And(mut a), Expr::And(b)) => {
                a.extend(b);
                Expr::And(a)
            }
            (Expr::And(mut a), e) => {
                a.push(e);
                Expr::And(a)
            }
            (a, b) => Expr::And(vec![a, b]),
        })
    }

    /// Either condition holds.
    pub fn or(self, other: Filter<M>) -> Filter<M> {
        Filter::new(match (self.expr, other.expr) {
            (Expr::Or(mut a), Expr::Or(b)) => {
                a.extend(b);
                Expr::Or(a)
            }
            (Expr::Or(mut a), e) => {
                a.push(e);
                Expr::Or(a)
            }
            (a, b) => Expr::Or(vec![a, b]),
        })
    }

    /// The condition does not hold. A row where the condition is unknown
    /// (NULL) counts as "does not hold", as Django's `exclude` does.
    pub fn negate(self) -> Filter<M> {
        Filter::new(match self.expr {
            Expr::Not(inner) => *inner,
            e => Expr::Not(Box::new(e)),
        })
    }

    /// Every filter holds (true for none).
    pub fn all(filters: impl IntoIterator<Item = Filter<M>>) -> Filter<M> {
        filters
            .into_iter()
            .fold(Filter::new(Expr::True), Filter::and)
    }

    /// At least one filter holds (false for none).
    pub fn any(filters: impl IntoIterator<Item = Filter<M>>) -> Filter<M> {
        let parts: Vec<Expr> = filters.into_iter().map(|f| f.expr).collect();
        Filter::new(Expr::Or(parts))
    }
}

impl<M> BitAnd for Filter<M> {
    type Output = Filter<M>;
    fn bitand(self, rhs: Filter<M>) -> Filter<M> {
        self.and(rhs)
    }
}

impl<M> BitOr for Filter<M> {
    type Output = Filter<M>;
    fn bitor(self, rhs: Filter<M>) -> Filter<M> {
        self.or(rhs)
    }
}

impl<M> Not for Filter<M> {
    type Output = Filter<M>;
    fn not(self) -> Filter<M> {
        self.negate()
    }
}
