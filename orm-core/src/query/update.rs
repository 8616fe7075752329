//! Bulk updates: `query.update(&db, [Contact::NAME.set("x")])`.

use std::marker::PhantomData;

use crate::column_type::ColumnType;
use crate::handle::Column;
use crate::query::operand::ColRef;
use crate::query::value::{Param, param};
use crate::{Error, Result};

/// `column = value` in a bulk update, from [`Column::set`].
pub struct Assignment<M> {
    pub(crate) col: ColRef,
    pub(crate) value: Result<Param>,
    _marker: PhantomData<fn() -> M>,
}

impl<M> std::fmt::Debug for Assignment<M> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Assignment({})", self.col.meta().field)
    }
}

impl<M, T: ColumnType + 'static> Column<M, T> {
    /// Sets the column to `value` in a bulk update. The value is checked
    /// like a model's field (length, NUL bytes) before anything is sent.
    pub fn set(self, value: impl Into<T>) -> Assignment<M> {
        let value = value.into();
        let col = ColRef::of(&self);
        let checked = if self.depth() > 0 {
            Err(Error::invalid_input(format!(
                "`{}` belongs to a related model; a bulk update sets columns of its own model",
                col.meta().field
            )))
        } else {
            value.validate(col.meta()).map(|()| param(value))
        };
        Assignment {
            col,
            value: checked,
            _marker: PhantomData,
        }
    }

    /// Sets a nullable column to NULL in a bulk update.
    pub fn set_null(self) -> Assignment<M> {
        let col = ColRef::of(&self);
        let value = if col.meta().nullable {
            Ok(param(crate::Value::Null))
        } else {
            Err(Error::invalid_input(format!(
                "`{}` is NOT NULL and cannot be set to NULL",
                col.meta().field
            )))
        };
        Assignment {
            col,
            value,
            _marker: PhantomData,
        }
    }
}
