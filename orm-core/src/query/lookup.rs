//! Lookups: one trait, [`Lookup`], whose methods build conditions and
//! ordering terms on anything that names a column: a model's [`Column`],
//! a [`ForeignKeyField`] (its key column), or an explicit join's
//! [`JoinColumn`]. Each lookup is written once, here.

use crate::handle::{Column, ForeignKeyField};
use crate::query::expr::{Expr, Filter, Op, Test};
use crate::query::into_operand::{Bindable, IntoOperand};
use crate::query::join_column::{ColumnRef, JoinColumn};
use crate::query::operand::{ColRef, Operand, OperandKind};
use crate::query::order::OrderTerm;
use crate::query::subquery::Subquery;
use crate::query::value::{LikeShape, Value, like_pattern, param};

/// Text values, for the `LIKE` lookups (`contains`, `starts_with`, ...):
/// `String` and `Option<String>`.
pub trait TextValue {}
impl TextValue for String {}
impl TextValue for Option<String> {}

/// The lookups of a column of a query on model `M`, holding values of type
/// [`Lookup::Value`]: `Contact::NAME.eq("Ann")`, `Contact::ID.is_in([1,
/// 2])`, `phone.column(Phone::NUMBER).starts_with("+44")`. Values are
/// always bound parameters. In the prelude.
#[allow(
    clippy::wrong_self_convention,
    reason = "`is_in`, `is_null`: the lookup names users know from Django and diesel"
)]
pub trait Lookup<M>: Sized {
    /// The Rust type of the column's values.
    type Value;

    /// The column, untyped (used by the lookups).
    #[doc(hidden)]
    fn operand(self) -> Operand;

    /// `column = value`; the value may be another column or a column
    /// expression of the same type (`Book::PRICE.eq(Book::COST * 2.0)`).
    fn eq<R, K>(self, value: R) -> Filter<M>
    where
        R: IntoOperand<M, Self::Value, K>,
    {
        compare(self, Op::Eq, value.into_operand())
    }

    /// `column <> value`; the value may be another column or a column
    /// expression of the same type (`Book::PRICE.ne(Book::COST * 2.0)`).
    fn ne<R, K>(self, value: R) -> Filter<M>
    where
        R: IntoOperand<M, Self::Value, K>,
    {
        compare(self, Op::Ne, value.into_operand())
    }

    /// `column > value`; the value may be another column or a column
    /// expression of the same type (`Book::PRICE.gt(Book::COST * 2.0)`).
    fn gt<R, K>(self, value: R) -> Filter<M>
    where
        R: IntoOperand<M, Self::Value, K>,
    {
        compare(self, Op::Gt, value.into_operand())
    }

    /// `column >= value`; the value may be another column or a column
    /// expression of the same type (`Book::PRICE.gte(Book::COST * 2.0)`).
    fn gte<R, K>(self, value: R) -> Filter<M>
    where
        R: IntoOperand<M, Self::Value, K>,
    {
        compare(self, Op::Gte, value.into_operand())
    }

    /// `column < value`; the value may be another column or a column
    /// expression of the same type (`Book::PRICE.lt(Book::COST * 2.0)`).
    fn lt<R, K>(self, value: R) -> Filter<M>
    where
        R: IntoOperand<M, Self::Value, K>,
    {
        compare(self, Op::Lt, value.into_operand())
    }

    /// `column <= value`; the value may be another column or a column
    /// expression of the same type (`Book::PRICE.lte(Book::COST * 2.0)`).
    fn lte<R, K>(self, value: R) -> Filter<M>
    where
        R: IntoOperand<M, Self::Value, K>,
    {
        compare(self, Op::Lte, value.into_operand())
    }

    /// `column BETWEEN low AND high` (both ends included).
    fn between(self, low: impl Into<Self::Value>, high: impl Into<Self::Value>) -> Filter<M>
    where
        Self::Value: Bindable,
    {
        let (low, high): (Self::Value, Self::Value) = (low.into(), high.into());
        let (low, high) = (param(low), param(high));
        test(self, Test::Between(low, high))
    }

    /// `column = ANY($n)`: the values travel as ONE array parameter, so any
    /// number of them works (no 32767-parameter limit). An empty list
    /// matches nothing.
    fn is_in<I>(self, values: I) -> Filter<M>
    where
        I: IntoIterator,
        I::Item: Into<Self::Value>,
        Self::Value: Bindable,
    {
        let list = Value::array(values.into_iter().map(Into::<Self::Value>::into));
        test(self, Test::Any(param(list)))
    }

    /// `column IN (SELECT ...)`: the values a query selects, computed by
    /// the database inside this statement
    /// (`Book::PUBLISHER.in_query(Publisher::objects().filter(..).subquery(Publisher::ID))`).
    fn in_query<T>(self, query: Subquery<T>) -> Filter<M>
    where
        Self::Value: From<T>,
    {
        test(self, Test::InQuery(query.build))
    }

    /// `column IS NULL` (also true when a LEFT JOIN found no row).
    fn is_null(self) -> Filter<M> {
        test(self, Test::IsNull(true))
    }

    /// `column IS NOT NULL`.
    fn is_not_null(self) -> Filter<M> {
        test(self, Test::IsNull(false))
    }

    /// `column = other`: another column of the query, of a model reached
    /// through foreign keys, or of an explicit join.
    fn eq_column(self, other: impl Into<ColumnRef<M>>) -> Filter<M> {
        test(self, Test::Column(Op::Eq, Box::new(other.into().operand)))
    }

    /// The text contains `part` (case-sensitive). `%`, `_` and `\` in
    /// `part` match themselves.
    fn contains(self, part: &str) -> Filter<M>
    where
        Self::Value: TextValue,
    {
        like(self, LikeShape::Contains, part, false)
    }

    /// The text contains `part`, ignoring case (`ILIKE`).
    fn icontains(self, part: &str) -> Filter<M>
    where
        Self::Value: TextValue,
    {
        like(self, LikeShape::Contains, part, true)
    }

    /// The text starts with `prefix`.
    fn starts_with(self, prefix: &str) -> Filter<M>
    where
        Self::Value: TextValue,
    {
        like(self, LikeShape::StartsWith, prefix, false)
    }

    /// The text starts with `prefix`, ignoring case.
    fn istarts_with(self, prefix: &str) -> Filter<M>
    where
        Self::Value: TextValue,
    {
        like(self, LikeShape::StartsWith, prefix, true)
    }

    /// The text ends with `suffix`.
    fn ends_with(self, suffix: &str) -> Filter<M>
    where
        Self::Value: TextValue,
    {
        like(self, LikeShape::EndsWith, suffix, false)
    }

    /// The text ends with `suffix`, ignoring case.
    fn iends_with(self, suffix: &str) -> Filter<M>
    where
        Self::Value: TextValue,
    {
        like(self, LikeShape::EndsWith, suffix, true)
    }

    /// The text equals `text`, ignoring case.
    fn iexact(self, text: &str) -> Filter<M>
    where
        Self::Value: TextValue,
    {
        like(self, LikeShape::Exact, text, true)
    }

    /// Ascending order on this column (NULLs last, PostgreSQL's default).
    fn asc(self) -> OrderTerm<M> {
        OrderTerm::of(self.operand(), false)
    }

    /// Descending order on this column (NULLs first, PostgreSQL's default).
    fn desc(self) -> OrderTerm<M> {
        OrderTerm::of(self.operand(), true)
    }
}

fn test<M, L: Lookup<M>>(lookup: L, test: Test) -> Filter<M> {
    Filter::new(Expr::Test(Box::new(lookup.operand()), test))
}

fn compare<M, L: Lookup<M>>(lookup: L, op: Op, right: Operand) -> Filter<M> {
    match right.0 {
        OperandKind::Value(value) => test(lookup, Test::Compare(op, value)),
        _ => test(lookup, Test::Column(op, Box::new(right))),
    }
}

fn like<M, L: Lookup<M>>(lookup: L, shape: LikeShape, text: &str, insensitive: bool) -> Filter<M> {
    let pattern = param(Value::Text(like_pattern(shape, text)));
    test(
        lookup,
        Test::Like {
            pattern,
            insensitive,
        },
    )
}

impl<M, T> Lookup<M> for Column<M, T> {
    type Value = T;

    fn operand(self) -> Operand {
        Operand::model(ColRef::of(&self))
    }
}

impl<M, T, K> Lookup<M> for ForeignKeyField<M, T, K> {
    type Value = K;

    fn operand(self) -> Operand {
        self.key().operand()
    }
}

impl<M, U, K> Lookup<M> for JoinColumn<M, U, K> {
    type Value = U;

    fn operand(self) -> Operand {
        Operand::joined(self.col)
    }
}
