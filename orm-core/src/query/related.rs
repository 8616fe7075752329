//! Conditions on the rows of a to-many relation (a `ManyToMany` or a
//! `Reverse` collection): `Book::AUTHORS.any(Author::NAME.starts_with("A"))`.
//! Each is one `EXISTS` (or `NOT EXISTS`) semi-join, so the outer rows
//! never repeat and `count()` counts them once.

use crate::handle::{ManyToManyField, ReverseField};
use crate::meta::ModelMeta;
use crate::model::Model;
use crate::query::expr::{Expr, Filter, Related, Relation};

fn related<M>(
    parent: fn() -> &'static ModelMeta,
    relation: Relation,
    child: fn() -> &'static ModelMeta,
    filter: Expr,
) -> Filter<M> {
    Filter::new(Expr::Related(Box::new(Related {
        parent,
        relation,
        child,
        filter,
    })))
}

/// "Every related row matches" is "no related row fails to match"; a row
/// where `filter` is unknown (NULL) fails.
fn every<M>(some: impl FnOnce(Expr) -> Filter<M>, filter: Expr) -> Filter<M> {
    some(Filter::<M>::new(filter).negate().expr).negate()
}

impl<M: Model, T: Model> ManyToManyField<M, T> {
    /// The rows of `M` related to at least one `T` matching `filter`
    /// (`EXISTS`): `Book::AUTHORS.any(Author::NAME.starts_with("A"))`. All
    /// of `filter` holds for the SAME related row; `any(a) & any(b)` lets
    /// two different rows match `a` and `b`.
    pub fn any(self, filter: Filter<T>) -> Filter<M> {
        related(
            M::meta,
            Relation::ManyToMany(self.index),
            T::meta,
            filter.expr,
        )
    }

    /// The rows of `M` related to no `T` matching `filter` (`NOT EXISTS`);
    /// rows with no related row at all are included. Django's
    /// `exclude(authors__name=...)`.
    pub fn none(self, filter: Filter<T>) -> Filter<M> {
        self.any(filter).negate()
    }

    /// The rows of `M` whose every related `T` matches `filter` (`NOT
    /// EXISTS` of a related row that does not match, NULL counting as not
    /// matching); true for rows with no related row.
    pub fn every(self, filter: Filter<T>) -> Filter<M> {
        every(|e| self.any(Filter::new(e)), filter.expr)
    }

    /// The rows of `M` related to at least one `T`.
    pub fn exists(self) -> Filter<M> {
        self.any(Filter::new(Expr::True))
    }

    /// The rows of `M` with at least one junction row (a row of the through
    /// model `Th`) matching `filter`: the through model's own columns, and
    /// the target through its foreign key
    /// (`Book::TAGS.any_through(BookTag::ADDED.gte(day) & BookTag::TAG.then(Tag::NAME).eq("rust"))`).
    /// A relation without a through model `Th` makes the query fail with
    /// [`Error::is_invalid_input`](crate::Error::is_invalid_input).
    pub fn any_through<Th: Model>(self, filter: Filter<Th>) -> Filter<M> {
        related(
            M::meta,
            Relation::Through(self.index),
            Th::meta,
            filter.expr,
        )
    }

    /// The rows of `M` with no junction row matching `filter` (see
    /// [`any_through`](Self::any_through)).
    pub fn none_through<Th: Model>(self, filter: Filter<Th>) -> Filter<M> {
        self.any_through(filter).negate()
    }

    /// The rows of `M` whose every junction row matches `filter` (true for
    /// rows with none; see [`any_through`](Self::any_through)).
    pub fn every_through<Th: Model>(self, filter: Filter<Th>) -> Filter<M> {
        every(|e| self.any_through(Filter::<Th>::new(e)), filter.expr)
    }
}

impl<M: Model, T: Model> ReverseField<M, T> {
    /// The rows of `M` with at least one `T` pointing at them that matches
    /// `filter` (`EXISTS`): `Publisher::BOOKS.any(Book::RATING.gt(4.0))`.
    /// All of `filter` holds for the SAME related row.
    pub fn any(self, filter: Filter<T>) -> Filter<M> {
        related(M::meta, Relation::Reverse(self.index), T::meta, filter.expr)
    }

    /// The rows of `M` with no `T` matching `filter` (`NOT EXISTS`).
    pub fn none(self, filter: Filter<T>) -> Filter<M> {
        self.any(filter).negate()
    }

    /// The rows of `M` whose every `T` matches `filter` (true for rows
    /// with none).
    pub fn every(self, filter: Filter<T>) -> Filter<M> {
        every(|e| self.any(Filter::new(e)), filter.expr)
    }

    /// The rows of `M` with at least one `T` pointing at them.
    pub fn exists(self) -> Filter<M> {
        self.any(Filter::new(Expr::True))
    }
}
