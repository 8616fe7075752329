//! Lookups on column handles: `Contact::NAME.eq("Ann")`,
//! `Contact::ID.is_in([1, 2])`, `Contact::NAME.icontains("an")`.

use crate::handle::{Column, ForeignKeyField};
use crate::query::filter::{ColRef, Expr, Filter, Op};
use crate::query::order::OrderTerm;
use crate::query::value::{LikeShape, Value, like_pattern};
use crate::value::ToValue;

/// Values a lookup can bind: any [`ToValue`] type the query may keep.
pub trait Bindable: ToValue + Send + Sync + 'static {}
impl<T: ToValue + Send + Sync + 'static> Bindable for T {}

impl<M, T: Bindable> Column<M, T> {
    fn compare(self, op: Op, value: impl Into<T>) -> Filter<M> {
        let value: T = value.into();
        Filter::new(Expr::Compare(ColRef::of(&self), op, value.into_value()))
    }

    /// `column = value`.
    pub fn eq(self, value: impl Into<T>) -> Filter<M> {
        self.compare(Op::Eq, value)
    }

    /// `column <> value`.
    pub fn ne(self, value: impl Into<T>) -> Filter<M> {
        self.compare(Op::Ne, value)
    }

    /// `column > value`.
    pub fn gt(self, value: impl Into<T>) -> Filter<M> {
        self.compare(Op::Gt, value)
    }

    /// `column >= value`.
    pub fn gte(self, value: impl Into<T>) -> Filter<M> {
        self.compare(Op::Gte, value)
    }

    /// `column < value`.
    pub fn lt(self, value: impl Into<T>) -> Filter<M> {
        self.compare(Op::Lt, value)
    }

    /// `column <= value`.
    pub fn lte(self, value: impl Into<T>) -> Filter<M> {
        self.compare(Op::Lte, value)
    }

    /// `column BETWEEN low AND high` (both ends included).
    pub fn between(self, low: impl Into<T>, high: impl Into<T>) -> Filter<M> {
        let (low, high): (T, T) = (low.into(), high.into());
        let (low, high) = (low.into_value(), high.into_value());
        Filter::new(Expr::Between(ColRef::of(&self), low, high))
    }

    /// `column = ANY($n)`: the values travel as ONE array parameter, so any
    /// number of them works (no 32767-parameter limit). An empty list
    /// matches nothing.
    pub fn is_in<I>(self, values: I) -> Filter<M>
    where
        I: IntoIterator,
        I::Item: Into<T>,
    {
        let value = Value::array(values.into_iter().map(Into::<T>::into));
        Filter::new(Expr::Any(ColRef::of(&self), value))
    }

    /// Compares this column with another column of the same query.
    pub fn eq_column<U>(self, other: Column<M, U>) -> Filter<M> {
        Filter::new(Expr::Columns(ColRef::of(&self), Op::Eq, ColRef::of(&other)))
    }
}

impl<M, T> Column<M, T> {
    /// `column IS NULL`.
    pub fn is_null(self) -> Filter<M> {
        Filter::new(Expr::IsNull(ColRef::of(&self), true))
    }

    /// `column IS NOT NULL`.
    pub fn is_not_null(self) -> Filter<M> {
        Filter::new(Expr::IsNull(ColRef::of(&self), false))
    }

    /// Ascending order on this column.
    pub fn asc(self) -> OrderTerm<M> {
        OrderTerm::new(ColRef::of(&self), false)
    }

    /// Descending order on this column.
    pub fn desc(self) -> OrderTerm<M> {
        OrderTerm::new(ColRef::of(&self), true)
    }
}

impl<M> Column<M, String> {
    fn like(self, pattern: String, case_insensitive: bool) -> Filter<M> {
        let pattern = Value::Text(pattern);
        Filter::new(Expr::Like {
            col: ColRef::of(&self),
            pattern,
            case_insensitive,
        })
    }

    /// The text contains `part` (case-sensitive). `%`, `_` and `\` in
    /// `part` match themselves.
    pub fn contains(self, part: &str) -> Filter<M> {
        self.like(like_pattern(LikeShape::Contains, part), false)
    }

    /// The text contains `part`, ignoring case (`ILIKE`).
    pub fn icontains(self, part: &str) -> Filter<M> {
        self.like(like_pattern(LikeShape::Contains, part), true)
    }

    /// The text starts with `prefix`.
    pub fn starts_with(self, prefix: &str) -> Filter<M> {
        self.like(like_pattern(LikeShape::StartsWith, prefix), false)
    }

    /// The text starts with `prefix`, ignoring case.
    pub fn istarts_with(self, prefix: &str) -> Filter<M> {
        self.like(like_pattern(LikeShape::StartsWith, prefix), true)
    }

    /// The text ends with `suffix`.
    pub fn ends_with(self, suffix: &str) -> Filter<M> {
        self.like(like_pattern(LikeShape::EndsWith, suffix), false)
    }

    /// The text ends with `suffix`, ignoring case.
    pub fn iends_with(self, suffix: &str) -> Filter<M> {
        self.like(like_pattern(LikeShape::EndsWith, suffix), true)
    }

    /// The text equals `text`, ignoring case.
    pub fn iexact(self, text: &str) -> Filter<M> {
        self.like(like_pattern(LikeShape::Exact, text), true)
    }
}

impl<M, T, K: Bindable> ForeignKeyField<M, T, K> {
    /// The foreign key references the row with key `key`.
    pub fn eq(self, key: impl Into<K>) -> Filter<M> {
        self.key().eq(key)
    }

    /// The foreign key references one of `keys` (one array parameter).
    pub fn is_in<I>(self, keys: I) -> Filter<M>
    where
        I: IntoIterator,
        I::Item: Into<K>,
    {
        self.key().is_in(keys)
    }
}

impl<M, T, K> ForeignKeyField<M, T, K> {
    /// The foreign key is NULL.
    pub fn is_null(self) -> Filter<M> {
        self.key().is_null()
    }

    /// The foreign key is not NULL.
    pub fn is_not_null(self) -> Filter<M> {
        self.key().is_not_null()
    }
}
