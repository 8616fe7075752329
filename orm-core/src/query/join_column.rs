//! Columns of explicit joins ([`JoinColumn`]), the lookups on them, and
//! the filter expressions they build.

use std::marker::PhantomData;
use std::sync::Arc;

use crate::handle::{Column, ForeignKeyField};
use crate::ident::push_ident;
use crate::query::filter::{ColRef, Expr, Filter, Op};
use crate::query::join::Marker;
use crate::query::lookup::Bindable;
use crate::query::order::OrderTerm;
use crate::query::render::Renderer;
use crate::query::value::{LikeShape, Value, like_pattern};

/// A column of an explicit join, without its static types.
#[derive(Clone)]
pub(crate) struct JoinedCol {
    /// The identity of the [`Join`](crate::Join) handle it came from.
    pub(crate) join: u64,
    /// The column name, quoted when rendered.
    pub(crate) name: Arc<str>,
    /// Why the column cannot be rendered, reported when the query renders.
    pub(crate) problem: Option<&'static str>,
}

/// One side of a comparison: a column of the query's model (possibly
/// through foreign keys) or of an explicit join.
#[derive(Clone)]
pub(crate) enum Operand {
    Model(ColRef),
    Joined(JoinedCol),
}

impl Operand {
    /// Writes the qualified column; an unknown join is reported through
    /// the renderer and written as `NULL`.
    pub(crate) fn render(&self, r: &mut Renderer, out: &mut String) {
        let col = match self {
            Operand::Model(col) => {
                out.push_str(&r.column(col).0);
                return;
            }
            Operand::Joined(col) => col,
        };
        if let Some(problem) = col.problem {
            r.fail(format!("joined column `{}`: {problem}", col.name));
            out.push_str("NULL");
            return;
        }
        match r.explicit.iter().find(|(id, _)| *id == col.join) {
            Some((_, alias)) => {
                out.push_str(alias);
                out.push('.');
                push_ident(out, &col.name);
            }
            None => {
                r.fail(format!(
                    "column `{}` belongs to a join that is not part of the query \
                     (or is added after its first use): add it with `.join(...)` first",
                    col.name
                ));
                out.push_str("NULL");
            }
        }
    }
}

/// A condition whose left side may be a joined column.
#[derive(Clone)]
pub(crate) struct JoinedExpr {
    pub(crate) left: Operand,
    pub(crate) test: Test,
}

/// What a [`JoinedExpr`] tests its left side with.
#[derive(Clone)]
pub(crate) enum Test {
    Compare(Op, Value),
    Any(Value),
    IsNull(bool),
    Like { pattern: Value, insensitive: bool },
    Column(Op, Operand),
}

impl JoinedExpr {
    /// Renders the condition (values bound through `r`).
    pub(crate) fn render(&self, r: &mut Renderer, out: &mut String) {
        self.left.render(r, out);
        match &self.test {
            Test::Compare(op, value) => {
                let p = r.bind(value.clone());
                out.push(' ');
                out.push_str(op.as_sql());
                out.push(' ');
                out.push_str(&p);
            }
            Test::Any(value) => {
                let p = r.bind(value.clone());
                out.push_str(" = ANY(");
                out.push_str(&p);
                out.push(')');
            }
            Test::IsNull(null) => out.push_str(if *null { " IS NULL" } else { " IS NOT NULL" }),
            Test::Like {
                pattern,
                insensitive,
            } => {
                let p = r.bind(pattern.clone());
                out.push_str(if *insensitive { " ILIKE " } else { " LIKE " });
                out.push_str(&p);
            }
            Test::Column(op, right) => {
                out.push(' ');
                out.push_str(op.as_sql());
                out.push(' ');
                right.render(r, out);
            }
        }
    }
}

/// A column usable on either side of [`Join::on`](crate::Join::on): a
/// [`Column`] or [`ForeignKeyField`] of the query's model `M`, or a
/// [`JoinColumn`]. Made by `From`; callers rarely name it.
pub struct ColumnRef<M> {
    pub(crate) operand: Operand,
    _marker: PhantomData<fn() -> M>,
}

impl<M> Clone for ColumnRef<M> {
    fn clone(&self) -> Self {
        ColumnRef::new(self.operand.clone())
    }
}

impl<M> std::fmt::Debug for ColumnRef<M> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match &self.operand {
            Operand::Model(col) => write!(f, "ColumnRef({})", col.meta().field),
            Operand::Joined(col) => write!(f, "ColumnRef(joined {})", col.name),
        }
    }
}

impl<M> ColumnRef<M> {
    fn new(operand: Operand) -> Self {
        ColumnRef {
            operand,
            _marker: PhantomData,
        }
    }
}

impl<M, U> From<Column<M, U>> for ColumnRef<M> {
    fn from(column: Column<M, U>) -> Self {
        ColumnRef::new(Operand::Model(ColRef::of(&column)))
    }
}

impl<M, T, K> From<ForeignKeyField<M, T, K>> for ColumnRef<M> {
    fn from(key: ForeignKeyField<M, T, K>) -> Self {
        key.key().into()
    }
}

impl<M, U, K> From<JoinColumn<M, U, K>> for ColumnRef<M> {
    fn from(column: JoinColumn<M, U, K>) -> Self {
        ColumnRef::new(Operand::Joined(column.col))
    }
}

/// A column of an explicit join in a query on `M`, holding values of type
/// `U`, joined as `K`; from [`Join::column`](crate::Join::column) or
/// [`Join::col`](crate::Join::col). Lookups on it build filters for the
/// query (`.filter(...)`) or for an ON clause
/// ([`JoinOn::and`](crate::JoinOn::and)); selected with
/// [`Query::select_extra`](crate::Query::select_extra) it decodes to
/// `K::Value<U>`.
pub struct JoinColumn<M, U, K> {
    pub(crate) col: JoinedCol,
    _marker: Marker<M, U, K>,
}

impl<M, U, K> Clone for JoinColumn<M, U, K> {
    fn clone(&self) -> Self {
        JoinColumn::new(self.col.clone())
    }
}

impl<M, U, K> std::fmt::Debug for JoinColumn<M, U, K> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "JoinColumn({})", self.col.name)
    }
}

impl<M, U, K> JoinColumn<M, U, K> {
    pub(crate) fn new(col: JoinedCol) -> Self {
        JoinColumn {
            col,
            _marker: PhantomData,
        }
    }

    /// The column name.
    pub fn name(&self) -> &str {
        &self.col.name
    }

    fn test(self, test: Test) -> Filter<M> {
        Filter::new(Expr::Joined(Box::new(JoinedExpr {
            left: Operand::Joined(self.col),
            test,
        })))
    }

    /// `column IS NULL` (also true when a LEFT JOIN found no row).
    pub fn is_null(self) -> Filter<M> {
        self.test(Test::IsNull(true))
    }

    /// `column IS NOT NULL`.
    pub fn is_not_null(self) -> Filter<M> {
        self.test(Test::IsNull(false))
    }

    /// Ascending order on this column (NULLs last, PostgreSQL's default).
    pub fn asc(self) -> OrderTerm<M> {
        OrderTerm::of(Operand::Joined(self.col), false)
    }

    /// Descending order on this column (NULLs first, PostgreSQL's default).
    pub fn desc(self) -> OrderTerm<M> {
        OrderTerm::of(Operand::Joined(self.col), true)
    }

    /// `column = other`, another column of the query or of a join.
    pub fn eq_column(self, other: impl Into<ColumnRef<M>>) -> Filter<M> {
        self.test(Test::Column(Op::Eq, other.into().operand))
    }
}

impl<M, U: Bindable, K> JoinColumn<M, U, K> {
    fn compare(self, op: Op, value: impl Into<U>) -> Filter<M> {
        let value: U = value.into();
        self.test(Test::Compare(op, value.into_value()))
    }

    /// `column = value` (bound).
    pub fn eq(self, value: impl Into<U>) -> Filter<M> {
        self.compare(Op::Eq, value)
    }

    /// `column <> value`.
    pub fn ne(self, value: impl Into<U>) -> Filter<M> {
        self.compare(Op::Ne, value)
    }

    /// `column > value`.
    pub fn gt(self, value: impl Into<U>) -> Filter<M> {
        self.compare(Op::Gt, value)
    }

    /// `column >= value`.
    pub fn gte(self, value: impl Into<U>) -> Filter<M> {
        self.compare(Op::Gte, value)
    }

    /// `column < value`.
    pub fn lt(self, value: impl Into<U>) -> Filter<M> {
        self.compare(Op::Lt, value)
    }

    /// `column <= value`.
    pub fn lte(self, value: impl Into<U>) -> Filter<M> {
        self.compare(Op::Lte, value)
    }

    /// `column = ANY($n)`: one array parameter, any number of values.
    pub fn is_in<I>(self, values: I) -> Filter<M>
    where
        I: IntoIterator,
        I::Item: Into<U>,
    {
        let value = Value::array(values.into_iter().map(Into::<U>::into));
        self.test(Test::Any(value))
    }
}

impl<M, K> JoinColumn<M, String, K> {
    fn like(self, pattern: String, insensitive: bool) -> Filter<M> {
        let pattern = Value::Text(pattern);
        self.test(Test::Like {
            pattern,
            insensitive,
        })
    }

    /// The text contains `part` (`%`, `_`, `\` match themselves).
    pub fn contains(self, part: &str) -> Filter<M> {
        self.like(like_pattern(LikeShape::Contains, part), false)
    }

    /// The text contains `part`, ignoring case.
    pub fn icontains(self, part: &str) -> Filter<M> {
        self.like(like_pattern(LikeShape::Contains, part), true)
    }

    /// The text starts with `prefix`.
    pub fn starts_with(self, prefix: &str) -> Filter<M> {
        self.like(like_pattern(LikeShape::StartsWith, prefix), false)
    }

    /// The text ends with `suffix`.
    pub fn ends_with(self, suffix: &str) -> Filter<M> {
        self.like(like_pattern(LikeShape::EndsWith, suffix), false)
    }

    /// The text equals `text`, ignoring case.
    pub fn iexact(self, text: &str) -> Filter<M> {
        self.like(like_pattern(LikeShape::Exact, text), true)
    }
}
