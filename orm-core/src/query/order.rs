//! Ordering terms: `Contact::NAME.asc()`, `.desc().nulls_last()`, and the
//! model's default ordering.

use std::marker::PhantomData;

use crate::handle::Path;
use crate::model::Model;
use crate::query::operand::{ColRef, Operand};

/// One `ORDER BY` term on a column of model `M` (or of an explicit join).
pub struct OrderTerm<M> {
    pub(crate) spec: OrderSpec,
    _marker: PhantomData<fn() -> M>,
}

impl<M> Clone for OrderTerm<M> {
    fn clone(&self) -> Self {
        OrderTerm {
            spec: self.spec.clone(),
            _marker: PhantomData,
        }
    }
}

impl<M> std::fmt::Debug for OrderTerm<M> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "OrderTerm({}{})",
            if self.spec.descending { "-" } else { "" },
            self.spec.col.name()
        )
    }
}

impl<M> OrderTerm<M> {
    /// A term on a model's or an explicit join's column.
    pub(crate) fn of(col: Operand, descending: bool) -> Self {
        OrderTerm {
            spec: OrderSpec {
                col,
                descending,
                nulls_first: None,
            },
            _marker: PhantomData,
        }
    }

    /// NULLs sort before other values.
    pub fn nulls_first(mut self) -> Self {
        self.spec.nulls_first = Some(true);
        self
    }

    /// NULLs sort after other values.
    pub fn nulls_last(mut self) -> Self {
        self.spec.nulls_first = Some(false);
        self
    }
}

/// One `ORDER BY` term, untyped.
#[derive(Clone)]
pub(crate) struct OrderSpec {
    pub(crate) col: Operand,
    pub(crate) descending: bool,
    pub(crate) nulls_first: Option<bool>,
}

/// `M`'s default ordering (`#[orm(ordering(...))]`).
pub(crate) fn default_order<M: Model>() -> Vec<OrderSpec> {
    let meta = M::META;
    meta.ordering
        .iter()
        .filter_map(|o| {
            Some(OrderSpec {
                col: Operand::model(ColRef {
                    leaf: M::meta,
                    index: meta.column_index(o.field)?,
                    path: Path::EMPTY,
                    translated: false,
                }),
                descending: o.descending,
                nulls_first: None,
            })
        })
        .collect()
}
