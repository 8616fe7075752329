//! Projections: [`Query::values`] selects columns and aggregates into typed
//! tuples, [`Query::group_by`] and [`Query::having`] group them,
//! [`Query::aggregate`] reduces a query to one tuple, and
//! [`Query::annotate`] adds per-object aggregates over relations.

use crate::backend::Row;
use crate::executor::Executor;
use crate::handle::{Column, ForeignKeyField};
use crate::ir::{self, SelectItem};
use crate::model::Model;
use crate::query::aggregate::Aggregate;
use crate::query::expr::{Expr, Filter};
use crate::query::extra::ExtraQuery;
use crate::query::join::JoinKind;
use crate::query::join_column::JoinColumn;
use crate::query::lookup::Lookup;
use crate::query::operand::{Operand, OperandKind};
use crate::query::select::{Query, SqlText};
use crate::render::postgres;
use crate::value::FromValue;
use crate::{Error, Result};

/// One thing a projection can select: a [`Column`], a
/// [`ForeignKeyField`] (its key), an explicit join's [`JoinColumn`], or an
/// [`Aggregate`]; [`Selectable::Value`] is what it decodes to.
pub trait Selectable<M> {
    /// The decoded type.
    type Value: FromValue + Send + 'static;

    /// The selected expression, untyped.
    #[doc(hidden)]
    fn __operand(self) -> Operand;
}

impl<M, T: FromValue + Send + 'static> Selectable<M> for Column<M, T> {
    type Value = T;

    fn __operand(self) -> Operand {
        self.operand()
    }
}

impl<M, T, K: FromValue + Send + 'static> Selectable<M> for ForeignKeyField<M, T, K> {
    type Value = K;

    fn __operand(self) -> Operand {
        self.operand()
    }
}

impl<M, U, K: JoinKind> Selectable<M> for JoinColumn<M, U, K>
where
    K::Value<U>: FromValue + Send + 'static,
{
    type Value = K::Value<U>;

    fn __operand(self) -> Operand {
        self.operand()
    }
}

impl<M, V: FromValue + Send + 'static> Selectable<M> for Aggregate<M, V> {
    type Value = V;

    fn __operand(self) -> Operand {
        self.operand()
    }
}

/// A selected value that may be NULL, decoded as `Option`: from
/// [`Column::optional`]. Column handles carry the field's type without its
/// `Option`, so a nullable column (or a column reached through a nullable
/// foreign key) is selected as `Contact::EMAIL.optional()`.
#[derive(Clone, Copy, Debug)]
pub struct Optional<S>(S);

impl<M, S: Selectable<M>> Selectable<M> for Optional<S>
where
    Option<S::Value>: FromValue,
{
    type Value = Option<S::Value>;

    fn __operand(self) -> Operand {
        self.0.__operand()
    }
}

impl<M, T> Column<M, T> {
    /// This column in a projection, decoded as `Option<T>` (NULL is `None`).
    pub fn optional(self) -> Optional<Self> {
        Optional(self)
    }
}

impl<M, T, K> ForeignKeyField<M, T, K> {
    /// This key in a projection, decoded as `Option<K>` (NULL is `None`).
    pub fn optional(self) -> Optional<Self> {
        Optional(self)
    }
}

/// What [`Query::values`], [`Query::group_by`], [`Query::distinct_on`] and
/// [`Query::annotate`] take: one [`Selectable`] or a tuple of up to eight;
/// [`Columns::Output`] is the value (or tuple) a row decodes to.
pub trait Columns<M> {
    /// The decoded value or tuple.
    type Output: Send + 'static;

    /// The expressions, in order.
    #[doc(hidden)]
    fn __operands(self) -> Vec<Operand>;

    /// Decodes the values from `row`, the first at `start`.
    #[doc(hidden)]
    fn __decode(row: &dyn Row, start: usize) -> Result<Self::Output>;
}

fn decode_at<V: FromValue>(row: &dyn Row, index: usize) -> Result<V> {
    crate::model::decode_value(row, index).map_err(|e| {
        Error::decode(
            &format!(
                "value {} (a nullable column is selected with `.optional()`)",
                index + 1
            ),
            e,
        )
    })
}

macro_rules! single_columns {
    ($([$($g:tt)*] $ty:ty),* $(,)?) => {
        $(impl<M, $($g)*> Columns<M> for $ty
        where
            $ty: Selectable<M>,
        {
            type Output = <$ty as Selectable<M>>::Value;

            fn __operands(self) -> Vec<Operand> {
                vec![self.__operand()]
            }

            fn __decode(row: &dyn Row, start: usize) -> Result<Self::Output> {
                decode_at(row, start)
            }
        })*
    };
}

single_columns!(
    [T] Column<M, T>,
    [T, K] ForeignKeyField<M, T, K>,
    [U, K] JoinColumn<M, U, K>,
    [V] Aggregate<M, V>,
    [S] Optional<S>,
);

macro_rules! tuple_columns {
    ($($t:ident $i:tt),+) => {
        impl<M, $($t: Selectable<M>),+> Columns<M> for ($($t,)+) {
            type Output = ($($t::Value,)+);

            fn __operands(self) -> Vec<Operand> {
                vec![$(self.$i.__operand()),+]
            }

            fn __decode(row: &dyn Row, start: usize) -> Result<Self::Output> {
                Ok(($(decode_at::<$t::Value>(row, start + $i)?,)+))
            }
        }
    };
}

tuple_columns!(A 0);
tuple_columns!(A 0, B 1);
tuple_columns!(A 0, B 1, C 2);
tuple_columns!(A 0, B 1, C 2, D 3);
tuple_columns!(A 0, B 1, C 2, D 3, E 4);
tuple_columns!(A 0, B 1, C 2, D 3, E 4, F 5);
tuple_columns!(A 0, B 1, C 2, D 3, E 4, F 5, G 6);
tuple_columns!(A 0, B 1, C 2, D 3, E 4, F 5, G 6, H 7);

/// True for an aggregate over the query's own rows (which makes the
/// statement an aggregating one).
fn is_inline_aggregate(operand: &Operand) -> bool {
    matches!(&operand.0, OperandKind::Aggregate(spec) if spec.relation.is_none())
}

impl<M: Model> Query<M> {
    /// Groups the rows of a [`Query::values`] projection by `columns`
    /// (`GROUP BY`): `values((Contact::SCORE, Contact::ID.count()))
    /// .group_by(Contact::SCORE)` counts contacts per score. A grouped
    /// query ignores the model's default ordering.
    pub fn group_by(mut self, columns: impl Columns<M>) -> Self {
        self.group_by = columns.__operands();
        self
    }

    /// Keeps the groups matching `filter` (`HAVING`, ANDed with earlier
    /// calls): a filter on an aggregate, `Contact::ID.count().gte(2)`.
    pub fn having(mut self, filter: Filter<M>) -> Self {
        self.having = Filter::<M>::new(self.having).and(filter).expr;
        self
    }

    /// Selects `columns` instead of whole objects, each row decoded into a
    /// tuple: `values((Contact::ID, Contact::NAME))` gives `(i64, String)`
    /// rows. Columns may be reached through foreign keys or explicit
    /// joins, and may be aggregates: over the query's rows (with
    /// [`Query::group_by`], one tuple per group) or over each row's
    /// relation (`Contact::PHONES.count_each()`). Filters, ordering, slicing and
    /// [`Query::distinct`] apply; `select_related` and `prefetch` do not.
    pub fn values<C: Columns<M>>(self, columns: C) -> ValuesQuery<M, C::Output> {
        ValuesQuery {
            operands: columns.__operands(),
            decode: C::__decode,
            query: self,
        }
    }

    /// Reduces the query to one tuple of aggregates over its rows, in one
    /// statement: `aggregate(&db, (Contact::SCORE.sum(),
    /// Contact::SCORE.max()))`.
    ///
    /// # Errors
    /// The database failed, or a value did not decode.
    pub async fn aggregate<C: Columns<M>>(
        &self,
        exec: &impl Executor,
        aggregates: C,
    ) -> Result<C::Output> {
        let query = self.clone().unordered().values(aggregates);
        let sql = query.to_sql()?;
        let rows = exec.query(&sql.sql, &sql.params).await?;
        match rows.first() {
            Some(row) => C::__decode(row, 0),
            None => Err(Error::not_found("aggregate row")),
        }
    }

    /// Each object with per-object aggregates over its relations, in one
    /// statement: `annotate(Contact::PHONES.count_each())` gives `(Contact,
    /// i64)` rows. Every aggregate is a `LEFT JOIN LATERAL` subquery of its
    /// own, so two annotations never multiply each other's counts (the
    /// classic pitfall of joining two to-many relations then grouping).
    /// Filter and order by the same aggregate before annotating:
    /// `.filter(Contact::PHONES.count_each().gte(2))` (it is computed once).
    pub fn annotate<C: Columns<M>>(mut self, aggregates: C) -> ExtraQuery<M, C::Output> {
        self.explicit.select = aggregates.__operands();
        ExtraQuery::new(self, C::__decode)
    }
}

/// A query returning tuples `T` of columns and aggregates; from
/// [`Query::values`].
pub struct ValuesQuery<M, T> {
    query: Query<M>,
    operands: Vec<Operand>,
    decode: fn(&dyn Row, usize) -> Result<T>,
}

impl<M, T> Clone for ValuesQuery<M, T> {
    fn clone(&self) -> Self {
        ValuesQuery {
            query: self.query.clone(),
            operands: self.operands.clone(),
            decode: self.decode,
        }
    }
}

impl<M: Model, T> std::fmt::Debug for ValuesQuery<M, T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.to_sql() {
            Ok(sql) => f
                .debug_struct("ValuesQuery")
                .field("sql", &sql.sql)
                .finish(),
            Err(e) => f.debug_struct("ValuesQuery").field("error", &e).finish(),
        }
    }
}

impl<M: Model, T> ValuesQuery<M, T> {
    /// Changes the underlying query (`.map(|q| q.group_by(..))`), keeping
    /// the projection.
    pub fn map(mut self, f: impl FnOnce(Query<M>) -> Query<M>) -> Self {
        self.query = f(self.query);
        self
    }

    /// [`Query::group_by`] on the projection's query.
    pub fn group_by(self, columns: impl Columns<M>) -> Self {
        self.map(|q| q.group_by(columns))
    }

    /// [`Query::having`] on the projection's query.
    pub fn having(self, filter: Filter<M>) -> Self {
        self.map(|q| q.having(filter))
    }

    /// [`Query::filter`] on the projection's query.
    pub fn filter(self, filter: Filter<M>) -> Self {
        self.map(|q| q.filter(filter))
    }

    /// [`Query::order_by`] on the projection's query; terms may be
    /// aggregates (`Contact::ID.count().desc()`).
    pub fn order_by(self, term: crate::query::OrderTerm<M>) -> Self {
        self.map(|q| q.order_by(term))
    }

    /// [`Query::distinct`] on the projection: equal tuples once.
    pub fn distinct(self) -> Self {
        self.map(Query::distinct)
    }

    /// [`Query::limit`] on the projection's query.
    pub fn limit(self, n: u64) -> Self {
        self.map(|q| q.limit(n))
    }

    /// The `SELECT` this projection runs.
    ///
    /// # Errors
    /// An aggregate over the query's rows used in a filter (use
    /// [`Query::having`]), or a column the query cannot reach.
    pub fn to_sql(&self) -> Result<SqlText> {
        let q = &self.query;
        let mut s = q.scope()?;
        let filter = match &q.filter {
            Expr::True => None,
            f => Some(s.expr(f)),
        };
        s.inline_aggregates = true;
        let grouped = !q.group_by.is_empty() || self.operands.iter().any(is_inline_aggregate);
        let items: Vec<SelectItem> = self
            .operands
            .iter()
            .map(|o| SelectItem::expr(s.operand(o).0))
            .collect();
        let group_by: Vec<ir::Expr> = q.group_by.iter().map(|o| s.operand(o).0).collect();
        let having = match &q.having {
            Expr::True => None,
            h => Some(s.expr(h)),
        };
        let order = if grouped && q.default_order {
            Vec::new()
        } else {
            s.order(&q.order_terms())
        };
        let distinct_on: Vec<ir::Expr> = q.distinct_on.iter().map(|o| s.operand(o).0).collect();
        s.check()?;
        let mut select = s.select(items);
        select.filter = filter;
        select.group_by = group_by;
        select.having = having;
        select.order = order;
        select.distinct = q.distinct;
        select.distinct_on = distinct_on;
        select.limit = q.limit.map(crate::query::plan::bind_i64);
        select.offset = q.offset.map(crate::query::plan::bind_i64);
        Ok(postgres::render_select(&select))
    }

    /// Runs the projection: every row as a tuple, decoded as it arrives.
    ///
    /// # Errors
    /// As for [`ValuesQuery::to_sql`]; the database failed; a value did
    /// not decode into its type ([`Error::is_decode`]).
    pub async fn all(&self, exec: &impl Executor) -> Result<Vec<T>>
    where
        T: Send,
    {
        let sql = self.to_sql()?;
        let decode = self.decode;
        let mut out = Vec::new();
        exec.query_each(&sql.sql, &sql.params, |row| {
            out.push(decode(&row, 0)?);
            Ok(())
        })
        .await?;
        Ok(out)
    }

    /// The first tuple, if any (`LIMIT 1`).
    ///
    /// # Errors
    /// As for [`ValuesQuery::all`].
    pub async fn first(&self, exec: &impl Executor) -> Result<Option<T>>
    where
        T: Send,
    {
        Ok(self.clone().limit(1).all(exec).await?.into_iter().next())
    }
}
