//! Aggregates: `Contact::SCORE.sum()`, `Contact::ID.count()` over a query's
//! rows (in [`Query::values`](crate::Query::values) and
//! [`Query::aggregate`](crate::Query::aggregate)), and
//! `Contact::PHONES.count_each()` over each object's related rows (in
//! [`Query::annotate`](crate::Query::annotate), filters and ordering).

use std::marker::PhantomData;
use std::sync::Arc;

use crate::handle::{Column, ManyToManyField, ReverseField};
use crate::ir::Func;
use crate::meta::ModelMeta;
use crate::model::Model;
use crate::query::lookup::Lookup;
use crate::query::operand::{ColRef, Operand};

/// Column types an aggregate can read: `min`/`max` return the column's
/// type without its `Option`.
pub trait Aggregatable {
    /// The type without `Option`.
    type Base;
}

/// Numeric column types: what `sum` returns (integers sum to `i64`,
/// floats to `f64`).
pub trait Summable {
    /// The type `sum` decodes to.
    type Sum;
    /// The SQL type the sum is cast to.
    #[doc(hidden)]
    const SUM_TYPE: &'static str;
}

macro_rules! aggregatable {
    ($($ty:ty),* $(,)?) => {
        $(impl Aggregatable for $ty {
            type Base = $ty;
        })*
    };
}

aggregatable!(i16, i32, i64, f32, f64, bool, String);
#[cfg(feature = "chrono")]
aggregatable!(
    chrono::NaiveDate,
    chrono::NaiveDateTime,
    chrono::NaiveTime,
    chrono::DateTime<chrono::Utc>
);
#[cfg(feature = "time")]
aggregatable!(
    time::Date,
    time::PrimitiveDateTime,
    time::OffsetDateTime,
    time::Time
);
#[cfg(feature = "rust_decimal")]
aggregatable!(rust_decimal::Decimal);

impl<T: Aggregatable> Aggregatable for Option<T> {
    type Base = T::Base;
}

macro_rules! summable {
    ($($ty:ty => $sum:ty, $sql:literal);* $(;)?) => {
        $(impl Summable for $ty {
            type Sum = $sum;
            const SUM_TYPE: &'static str = $sql;
        })*
    };
}

summable! {
    i16 => i64, "bigint";
    i32 => i64, "bigint";
    i64 => i64, "bigint";
    f32 => f64, "double precision";
    f64 => f64, "double precision";
}
#[cfg(feature = "rust_decimal")]
summable! { rust_decimal::Decimal => rust_decimal::Decimal, "numeric"; }

/// Which related rows a relation aggregate reads.
#[derive(Clone, Copy, Debug)]
pub(crate) enum RelationKind {
    ManyToMany(usize),
    Reverse(usize),
}

/// A relation of the query's model, for an aggregate over its rows.
#[derive(Clone, Copy)]
pub(crate) struct RelationRef {
    pub(crate) parent: fn() -> &'static ModelMeta,
    pub(crate) child: fn() -> &'static ModelMeta,
    pub(crate) kind: RelationKind,
}

/// An aggregate, untyped.
#[derive(Clone)]
pub(crate) struct AggSpec {
    pub(crate) func: Func,
    /// The column aggregated; `None` for `count(*)`.
    pub(crate) arg: Option<ColRef>,
    /// The SQL type the result is cast to, if any.
    pub(crate) cast: Option<&'static str>,
    /// Over the rows of this relation (one value per object), not over
    /// the query's rows.
    pub(crate) relation: Option<RelationRef>,
}

impl AggSpec {
    /// A name for messages and for telling two aggregates apart.
    pub(crate) fn key(&self) -> String {
        let func = format!("{:?}", self.func).to_lowercase();
        let arg = self.arg.map_or("*", |c| c.meta().field);
        match self.relation {
            Some(r) => {
                let parent = (r.parent)();
                let field = match r.kind {
                    RelationKind::ManyToMany(i) => parent.many_to_many.get(i).map(|m| m.field),
                    RelationKind::Reverse(i) => parent.reverse.get(i).map(|m| m.field),
                };
                let path = arg_path(self.arg);
                format!(
                    "{}.{}:{func}({path}{arg})",
                    parent.name,
                    field.unwrap_or("?")
                )
            }
            None => format!("{func}({}{arg})", arg_path(self.arg)),
        }
    }

    /// True when the value is never NULL (`count`).
    pub(crate) fn not_null(&self) -> bool {
        matches!(self.func, Func::Count | Func::CountDistinct)
    }
}

fn arg_path(arg: Option<ColRef>) -> String {
    let Some(col) = arg else {
        return String::new();
    };
    col.path
        .hops()
        .map(|h| format!("{}.", (h.model)().columns[h.column].field))
        .collect()
}

/// An aggregate over the rows of a query on `M` (`Contact::SCORE.sum()`)
/// or over each object's related rows (`Contact::PHONES.count_each()`),
/// decoding to `V`. Use it in [`Query::values`](crate::Query::values),
/// [`Query::aggregate`](crate::Query::aggregate) and
/// [`Query::annotate`](crate::Query::annotate); its lookups
/// (`.gte(2)`, `.desc()`) filter and order by it.
pub struct Aggregate<M, V> {
    pub(crate) spec: Arc<AggSpec>,
    _marker: PhantomData<fn() -> (M, V)>,
}

impl<M, V> Clone for Aggregate<M, V> {
    fn clone(&self) -> Self {
        Aggregate {
            spec: Arc::clone(&self.spec),
            _marker: PhantomData,
        }
    }
}

impl<M, V> std::fmt::Debug for Aggregate<M, V> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Aggregate({})", self.spec.key())
    }
}

impl<M, V> Aggregate<M, V> {
    fn new(spec: AggSpec) -> Self {
        Aggregate {
            spec: Arc::new(spec),
            _marker: PhantomData,
        }
    }

    /// This aggregate of `T`'s rows, taken over each object's related rows
    /// of `relation`.
    fn over<P>(self, relation: RelationRef) -> Aggregate<P, V> {
        let mut spec = (*self.spec).clone();
        spec.relation = Some(relation);
        Aggregate::new(spec)
    }
}

fn column_agg<M, T, V>(
    c: &Column<M, T>,
    func: Func,
    cast: Option<&'static str>,
) -> Aggregate<M, V> {
    Aggregate::new(AggSpec {
        func,
        arg: Some(ColRef::of(c)),
        cast,
        relation: None,
    })
}

impl<M, T> Column<M, T> {
    /// `count(column)`: the rows where the column is not NULL.
    pub fn count(self) -> Aggregate<M, i64> {
        column_agg(&self, Func::Count, None)
    }

    /// `count(DISTINCT column)`.
    pub fn count_distinct(self) -> Aggregate<M, i64> {
        column_agg(&self, Func::CountDistinct, None)
    }

    /// `min(column)`; `None` when there are no rows (or only NULLs).
    pub fn min(self) -> Aggregate<M, Option<T::Base>>
    where
        T: Aggregatable,
    {
        column_agg(&self, Func::Min, None)
    }

    /// `max(column)`; `None` when there are no rows (or only NULLs).
    pub fn max(self) -> Aggregate<M, Option<T::Base>>
    where
        T: Aggregatable,
    {
        column_agg(&self, Func::Max, None)
    }

    /// `sum(column)`: integers sum to `i64` (an overflow is an error from
    /// the database), floats to `f64`; `None` when there are no rows.
    pub fn sum(self) -> Aggregate<M, Option<<T::Base as Summable>::Sum>>
    where
        T: Aggregatable,
        T::Base: Summable,
    {
        column_agg(&self, Func::Sum, Some(<T::Base as Summable>::SUM_TYPE))
    }

    /// `avg(column)` as `f64`; `None` when there are no rows.
    pub fn avg(self) -> Aggregate<M, Option<f64>>
    where
        T: Aggregatable,
        T::Base: Summable,
    {
        column_agg(&self, Func::Avg, Some("double precision"))
    }
}

fn count_all<M, V>() -> Aggregate<M, V> {
    Aggregate::new(AggSpec {
        func: Func::Count,
        arg: None,
        cast: None,
        relation: None,
    })
}

impl<M: Model, T: Model> ManyToManyField<M, T> {
    fn relation(self) -> RelationRef {
        RelationRef {
            parent: M::meta,
            child: T::meta,
            kind: RelationKind::ManyToMany(self.index),
        }
    }

    /// The number of related objects of each object (0 for none), for
    /// [`Query::annotate`](crate::Query::annotate), filters and ordering.
    /// (`count` is the many-to-many write handle's count of one object's
    /// targets.)
    pub fn count_each(self) -> Aggregate<M, i64> {
        count_all::<T, i64>().over(self.relation())
    }

    /// An aggregate of the related objects' columns, per object:
    /// `Contact::PHONES.aggregate(Phone::NUMBER.max())`.
    pub fn aggregate<V>(self, aggregate: Aggregate<T, V>) -> Aggregate<M, V> {
        aggregate.over(self.relation())
    }
}

impl<M: Model, T: Model> ReverseField<M, T> {
    fn relation(self) -> RelationRef {
        RelationRef {
            parent: M::meta,
            child: T::meta,
            kind: RelationKind::Reverse(self.index),
        }
    }

    /// The number of rows pointing at each object (0 for none).
    pub fn count_each(self) -> Aggregate<M, i64> {
        count_all::<T, i64>().over(self.relation())
    }

    /// An aggregate of the pointing rows' columns, per object.
    pub fn aggregate<V>(self, aggregate: Aggregate<T, V>) -> Aggregate<M, V> {
        aggregate.over(self.relation())
    }
}

impl<M, V> Lookup<M> for Aggregate<M, V> {
    type Value = V;

    fn operand(self) -> Operand {
        Operand::aggregate(self.spec)
    }
}
