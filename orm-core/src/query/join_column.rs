//! Columns usable in joins: [`ColumnRef`] (either side of an ON clause)
//! and [`JoinColumn`] (a column of an explicit join). Their lookups come
//! from [`Lookup`](crate::Lookup).

use std::marker::PhantomData;

use crate::handle::{Column, ForeignKeyField};
use crate::query::operand::Marker;
use crate::query::operand::{ColRef, Operand};

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
        write!(f, "ColumnRef({})", self.operand.name())
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
        ColumnRef::new(Operand::model(ColRef::of(&column)))
    }
}

impl<M, T, K> From<ForeignKeyField<M, T, K>> for ColumnRef<M> {
    fn from(key: ForeignKeyField<M, T, K>) -> Self {
        key.key().into()
    }
}

impl<M, U, K> From<JoinColumn<M, U, K>> for ColumnRef<M> {
    fn from(column: JoinColumn<M, U, K>) -> Self {
        ColumnRef::new(Operand::joined(column.col))
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
    pub(crate) col: crate::query::operand::JoinedCol,
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
    pub(crate) fn new(col: crate::query::operand::JoinedCol) -> Self {
        JoinColumn {
            col,
            _marker: PhantomData,
        }
    }

    /// The column name.
    pub fn name(&self) -> &str {
        &self.col.name
    }
}
