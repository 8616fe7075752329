//! Bulk updates: `query.update(&db, [Contact::NAME.set("x")])`.

use std::marker::PhantomData;

use crate::column_type::ColumnType;
use crate::handle::Column;
use crate::query::into_operand::IntoOperand;
use crate::query::operand::{ColRef, Operand, OperandKind};
use crate::query::value::{Param, param};
use crate::{Error, Result};

/// `column = value` in a bulk update, from [`Column::set`].
pub struct Assignment<M> {
    pub(crate) col: ColRef,
    /// A bound value, or a column expression (`Book::PRICE * 1.1`).
    pub(crate) value: Result<Operand>,
    _marker: PhantomData<fn() -> M>,
}

impl<M> Assignment<M> {
    /// The assigned value, for writes that take a value only (a through
    /// model's columns in `add_with`).
    pub(crate) fn into_value(self) -> Result<Param> {
        let field = self.col.meta().field;
        match self.value?.0 {
            OperandKind::Value(value) => Ok(value),
            _ => Err(Error::invalid_input(format!(
                "`{field}` is assigned a column expression where only a value is accepted"
            ))),
        }
    }
}

impl<M> std::fmt::Debug for Assignment<M> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Assignment({})", self.col.meta().field)
    }
}

impl<M, T: ColumnType + 'static> Column<M, T> {
    /// Sets the column to `value` in a bulk update. The value is checked
    /// like a model's field (length, NUL bytes) before anything is sent.
    /// It may be a column expression of the same model
    /// (`Book::PRICE.set(Book::PRICE * 1.1)`, Django's `F`), computed by
    /// the database row by row.
    pub fn set<R, K>(self, value: R) -> Assignment<M>
    where
        R: IntoOperand<M, T, K>,
    {
        let col = ColRef::of(&self);
        let checked = if self.depth() > 0 {
            Err(Error::invalid_input(format!(
                "`{}` belongs to a related model; a bulk update sets columns of its own model",
                col.meta().field
            )))
        } else {
            value.into_checked(col.meta())
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
            Ok(Operand::value(param(crate::Value::Null)))
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
