//! [`IntoOperand`]: what a comparison lookup compares with and what
//! [`Column::set`] stores, a bound value or a column (column expressions
//! implement it in `column_expr`).

use crate::column_type::ColumnType;
use crate::handle::Column;
use crate::meta::ColumnMeta;
use crate::query::operand::{ColRef, Operand};
use crate::query::value::param;
use crate::value::ToValue;

/// Values a lookup can bind: any [`ToValue`] type the query may keep.
pub trait Bindable: ToValue + Send + Sync + 'static {}
impl<T: ToValue + Send + Sync + 'static> Bindable for T {}

/// Marks the [`IntoOperand`] impl for plain values.
#[doc(hidden)]
pub enum ByValue {}
/// Marks the [`IntoOperand`] impl for columns and column expressions.
#[doc(hidden)]
pub enum ByColumn {}

/// What a comparison lookup (`eq`, `gt`, ...) compares with and what
/// [`Column::set`] stores, for a column of model `M` holding `T`: a value
/// converting into `T` (`5`, `"Ann"`, bound as a parameter), or a column or
/// column expression of `M` holding `T` (`Book::COST`, `Book::COST * 2.0`).
/// `K` only tells the two apart; it is inferred.
pub trait IntoOperand<M, T, K> {
    /// The untyped operand.
    #[doc(hidden)]
    fn into_operand(self) -> Operand;

    /// The operand for a write of `column`, a value checked like a model's
    /// field (length, NUL bytes).
    #[doc(hidden)]
    fn into_checked(self, column: &'static ColumnMeta) -> crate::Result<Operand>
    where
        T: ColumnType;
}

impl<M, T: Bindable, V: Into<T>> IntoOperand<M, T, ByValue> for V {
    fn into_operand(self) -> Operand {
        Operand::value(param(self.into()))
    }

    fn into_checked(self, column: &'static ColumnMeta) -> crate::Result<Operand>
    where
        T: ColumnType,
    {
        let value: T = self.into();
        value.validate(column)?;
        Ok(Operand::value(param(value)))
    }
}

impl<M, T> IntoOperand<M, T, ByColumn> for Column<M, T> {
    fn into_operand(self) -> Operand {
        Operand::model(ColRef::of(&self))
    }

    fn into_checked(self, _: &'static ColumnMeta) -> crate::Result<Operand>
    where
        T: ColumnType,
    {
        Ok(Operand::model(ColRef::of(&self)))
    }
}
