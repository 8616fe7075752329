//! Ordering terms: `Contact::NAME.asc()`, `.desc().nulls_last()`.

use std::marker::PhantomData;

use crate::query::filter::ColRef;
use crate::query::join_column::Operand;

/// One `ORDER BY` term on a column of model `M`.
pub struct OrderTerm<M> {
    pub(crate) col: Operand,
    pub(crate) descending: bool,
    pub(crate) nulls_first: Option<bool>,
    _marker: PhantomData<fn() -> M>,
}

impl<M> Clone for OrderTerm<M> {
    fn clone(&self) -> Self {
        OrderTerm {
            col: self.col.clone(),
            descending: self.descending,
            nulls_first: self.nulls_first,
            _marker: PhantomData,
        }
    }
}

impl<M> std::fmt::Debug for OrderTerm<M> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let name = match &self.col {
            Operand::Model(col) => col.meta().field,
            Operand::Joined(col) => &col.name,
        };
        write!(
            f,
            "OrderTerm({}{name})",
            if self.descending { "-" } else { "" }
        )
    }
}

impl<M> OrderTerm<M> {
    pub(crate) fn new(col: ColRef, descending: bool) -> Self {
        OrderTerm::of(Operand::Model(col), descending)
    }

    /// A term on a model's or an explicit join's column.
    pub(crate) fn of(col: Operand, descending: bool) -> Self {
        OrderTerm {
            col,
            descending,
            nulls_first: None,
            _marker: PhantomData,
        }
    }

    /// NULLs sort before other values.
    pub fn nulls_first(mut self) -> Self {
        self.nulls_first = Some(true);
        self
    }

    /// NULLs sort after other values.
    pub fn nulls_last(mut self) -> Self {
        self.nulls_first = Some(false);
        self
    }
}
