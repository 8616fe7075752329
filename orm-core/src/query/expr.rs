//! The filter tree: what lookups build and `filter`/`exclude` take.

use std::marker::PhantomData;
use std::ops::{BitAnd, BitOr, Not};

use crate::meta::ModelMeta;
use crate::query::operand::Operand;
use crate::query::subquery::BuildSelect;
use crate::query::value::Param;

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

/// What a condition tests its operand with.
#[derive(Clone)]
pub(crate) enum Test {
    Compare(Op, Param),
    /// `= ANY($n)` with one array parameter.
    Any(Param),
    IsNull(bool),
    /// `[I]LIKE $n`; the pattern is escaped already.
    Like {
        pattern: Param,
        insensitive: bool,
    },
    Between(Param, Param),
    /// Compares with another column of the query (`F("b")` in Django).
    Column(Op, Box<Operand>),
    /// `IN (SELECT ...)`.
    InQuery(BuildSelect),
}

/// The untyped filter tree: one tree for every kind of operand.
#[derive(Clone)]
pub(crate) enum Expr {
    Test(Box<Operand>, Test),
    /// `EXISTS (SELECT 1 FROM table WHERE table.outer = <model pk> AND
    /// table.matched = $n)`: a many-to-many membership test.
    Junction {
        table: &'static str,
        outer: &'static str,
        matched: &'static str,
        model: fn() -> &'static ModelMeta,
        value: Param,
    },
    /// `EXISTS (SELECT 1 FROM <related rows> WHERE <link> AND <filter>)`:
    /// some row of a to-many relation matches.
    Related(Box<Related>),
    And(Vec<Expr>),
    Or(Vec<Expr>),
    Not(Box<Expr>),
    /// Always true (an empty AND).
    True,
}

/// Which rows of a to-many relation a semi-join reads.
#[derive(Clone, Copy)]
pub(crate) enum Relation {
    /// The targets of many-to-many field `n` (through its junction).
    ManyToMany(usize),
    /// The junction rows (the through model) of many-to-many field `n`.
    Through(usize),
    /// The rows of reverse foreign key collection `n`.
    Reverse(usize),
}

/// A condition on the related rows of the outer row, rendered as an
/// `EXISTS` semi-join so the outer rows never repeat.
#[derive(Clone)]
pub(crate) struct Related {
    /// The model declaring the relation (the outer query's model).
    pub(crate) parent: fn() -> &'static ModelMeta,
    pub(crate) relation: Relation,
    /// The model `filter` is about (the related model, or the through
    /// model for [`Relation::Through`]).
    pub(crate) child: fn() -> &'static ModelMeta,
    pub(crate) filter: Expr,
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
