//! Extra columns selected from explicit joins, decoded into a typed tuple
//! next to each model: [`Query::select_extra`] and [`ExtraQuery`].

use crate::backend::Row;
use crate::executor::Executor;
use crate::model::Model;
use crate::query::join::{JoinKind, sealed::Sealed};
use crate::query::join_column::{ColumnRef, JoinColumn};
use crate::query::select::{Query, SqlText};
use crate::value::FromValue;
use crate::{Error, Result};

/// A column [`Query::select_extra`] can select: a [`JoinColumn`]. Its
/// [`ExtraColumn::Value`] is what it decodes to.
pub trait ExtraColumn<M>: Sealed {
    /// The decoded type: `U` for an INNER JOIN, `Option<U>` for a LEFT
    /// JOIN.
    type Value: FromValue + Send + 'static;

    /// The column, untyped.
    #[doc(hidden)]
    fn __column(self) -> ColumnRef<M>;
}

impl<M, U, K> Sealed for JoinColumn<M, U, K> {}

impl<M, U, K: JoinKind> ExtraColumn<M> for JoinColumn<M, U, K>
where
    K::Value<U>: FromValue + Send + 'static,
{
    type Value = K::Value<U>;

    fn __column(self) -> ColumnRef<M> {
        self.into()
    }
}

/// What [`Query::select_extra`] takes: one [`ExtraColumn`], or a tuple of
/// one to four; [`SelectExtra::Output`] is the value (or tuple of values)
/// each row decodes to.
pub trait SelectExtra<M>: Sealed {
    /// The decoded values.
    type Output: Send + 'static;

    /// The columns, in order.
    #[doc(hidden)]
    fn __columns(self) -> Vec<ColumnRef<M>>;

    /// Decodes the values from `row`, the first at `start`.
    #[doc(hidden)]
    fn __decode(row: &dyn Row, start: usize) -> Result<Self::Output>;
}

fn decode_at<V: FromValue>(row: &dyn Row, index: usize, n: usize) -> Result<V> {
    crate::model::decode_value(row, index)
        .map_err(|e| Error::decode(&format!("extra column {}", n + 1), e))
}

impl<M, U, K: JoinKind> SelectExtra<M> for JoinColumn<M, U, K>
where
    K::Value<U>: FromValue + Send + 'static,
{
    type Output = K::Value<U>;

    fn __columns(self) -> Vec<ColumnRef<M>> {
        vec![self.into()]
    }

    fn __decode(row: &dyn Row, start: usize) -> Result<Self::Output> {
        decode_at(row, start, 0)
    }
}

macro_rules! tuple_extras {
    ($($t:ident $i:tt),+) => {
        impl<$($t),+> Sealed for ($($t,)+) {}

        impl<M, $($t: ExtraColumn<M>),+> SelectExtra<M> for ($($t,)+) {
            type Output = ($($t::Value,)+);

            fn __columns(self) -> Vec<ColumnRef<M>> {
                vec![$(self.$i.__column()),+]
            }

            fn __decode(row: &dyn Row, start: usize) -> Result<Self::Output> {
                Ok(($(decode_at::<$t::Value>(row, start + $i, $i)?,)+))
            }
        }
    };
}

tuple_extras!(A 0);
tuple_extras!(A 0, B 1);
tuple_extras!(A 0, B 1, C 2);
tuple_extras!(A 0, B 1, C 2, D 3);

impl<M: Model> Query<M> {
    /// Also selects columns of the query's explicit joins, decoded next to
    /// each object: `select_extra(phone.column(Phone::NUMBER))` gives
    /// `(Contact, Option<String>)` rows for a LEFT-joined phone, a tuple of
    /// up to four columns gives a tuple of values. The columns follow the
    /// model's columns in the SELECT list; everything else about the query
    /// (filters, ordering, slicing, `select_related`, `prefetch`,
    /// translations) is unchanged. See [`Join`](crate::Join).
    pub fn select_extra<X: SelectExtra<M>>(mut self, columns: X) -> ExtraQuery<M, X::Output> {
        self.explicit.select = columns.__columns().into_iter().map(|c| c.operand).collect();
        ExtraQuery {
            query: self,
            decode: X::__decode,
        }
    }
}

/// A query returning each object of `M` with extra values `T` from its
/// explicit joins; from [`Query::select_extra`].
pub struct ExtraQuery<M, T> {
    query: Query<M>,
    decode: fn(&dyn Row, usize) -> Result<T>,
}

impl<M, T> Clone for ExtraQuery<M, T> {
    fn clone(&self) -> Self {
        ExtraQuery {
            query: self.query.clone(),
            decode: self.decode,
        }
    }
}

impl<M: Model, T> std::fmt::Debug for ExtraQuery<M, T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_tuple("ExtraQuery").field(&self.query).finish()
    }
}

impl<M: Model, T: Send + 'static> ExtraQuery<M, T> {
    /// The `SELECT` this query runs: the model's columns, then the extra
    /// columns, then whatever `select_related` and prefetching add.
    ///
    /// # Errors
    /// As for [`Query::to_sql`]; also a joined column of a join the query
    /// does not have, or two joins with one alias.
    pub fn to_sql(&self) -> Result<SqlText> {
        self.query.to_sql()
    }

    /// Runs the query: every row as the object and its extra values.
    ///
    /// # Errors
    /// As for [`Query::all`] and [`ExtraQuery::to_sql`]; a value that does
    /// not decode into its type ([`Error::is_decode`]).
    pub async fn all(&self, exec: &impl Executor) -> Result<Vec<(M, T)>> {
        let start = M::META.columns.len();
        let decode = self.decode;
        let (objects, extras) = self
            .query
            .fetch_with(exec, move |row| decode(row, start))
            .await?;
        Ok(objects.into_iter().zip(extras).collect())
    }

    /// The first row, if any (`LIMIT 1`).
    ///
    /// # Errors
    /// As for [`ExtraQuery::all`].
    pub async fn first(&self, exec: &impl Executor) -> Result<Option<(M, T)>> {
        let first = ExtraQuery {
            query: self.query.clone().limit(1),
            decode: self.decode,
        };
        Ok(first.all(exec).await?.into_iter().next())
    }
}
