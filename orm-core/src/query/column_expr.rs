//! Column expressions (Django's `F`): arithmetic between columns and
//! values, `Book::PRICE * 1.1`, `Book::PRICE - Book::COST`, usable where a
//! value is (`Book::PRICE.gt(Book::COST * 2.0)`), as an ordering term
//! (`(Book::PRICE - Book::COST).desc()`) and in bulk updates
//! (`Book::PRICE.set(Book::PRICE * 1.1)`). Values stay bound parameters.

use std::marker::PhantomData;
use std::ops::{Add, Div, Mul, Sub};

use crate::column_type::ColumnType;
use crate::handle::Column;
use crate::meta::ColumnMeta;
use crate::query::lookup::{Bindable, Lookup};
use crate::query::operand::{Arith, Operand};
use crate::query::value::param;

/// An arithmetic expression over columns of model `M` whose values have
/// type `T`, built with `+ - * /` on column handles: `Book::PRICE * 1.1`.
/// It has every [`Lookup`] (`(Book::PRICE - Book::COST).gt(10.0)`),
/// orders (`.desc()`), and is accepted wherever a lookup or
/// [`Column::set`] takes a value.
pub struct ColumnExpr<M, T> {
    operand: Operand,
    _marker: PhantomData<fn() -> (M, T)>,
}

impl<M, T> Clone for ColumnExpr<M, T> {
    fn clone(&self) -> Self {
        ColumnExpr {
            operand: self.operand.clone(),
            _marker: PhantomData,
        }
    }
}

impl<M, T> std::fmt::Debug for ColumnExpr<M, T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("ColumnExpr(..)")
    }
}

impl<M, T> ColumnExpr<M, T> {
    fn new(left: Operand, op: Arith, right: Operand) -> Self {
        ColumnExpr {
            operand: Operand::arith(left, op, right),
            _marker: PhantomData,
        }
    }
}

impl<M, T> Lookup<M> for ColumnExpr<M, T> {
    type Value = T;

    fn operand(self) -> Operand {
        self.operand
    }
}

/// Column types with arithmetic (`+ - * /`): the integer and floating
/// point types and `Decimal` (a nullable field's handle has the inner
/// type).
pub trait Numeric {}
impl Numeric for i16 {}
impl Numeric for i32 {}
impl Numeric for i64 {}
impl Numeric for f32 {}
impl Numeric for f64 {}
#[cfg(feature = "rust_decimal")]
impl Numeric for rust_decimal::Decimal {}
impl<T: Numeric> Numeric for Option<T> {}

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
        Lookup::operand(self)
    }

    fn into_checked(self, _: &'static ColumnMeta) -> crate::Result<Operand>
    where
        T: ColumnType,
    {
        Ok(Lookup::operand(self))
    }
}

impl<M, T> IntoOperand<M, T, ByColumn> for ColumnExpr<M, T> {
    fn into_operand(self) -> Operand {
        self.operand
    }

    fn into_checked(self, _: &'static ColumnMeta) -> crate::Result<Operand>
    where
        T: ColumnType,
    {
        Ok(self.operand)
    }
}

macro_rules! arithmetic {
    ($($trait:ident $method:ident $op:ident;)*) => {$(
        impl<M, T: Numeric + Bindable> $trait<T> for Column<M, T> {
            type Output = ColumnExpr<M, T>;
            fn $method(self, rhs: T) -> ColumnExpr<M, T> {
                ColumnExpr::new(Lookup::operand(self), Arith::$op, Operand::value(param(rhs)))
            }
        }
        impl<M, T: Numeric> $trait<Column<M, T>> for Column<M, T> {
            type Output = ColumnExpr<M, T>;
            fn $method(self, rhs: Column<M, T>) -> ColumnExpr<M, T> {
                ColumnExpr::new(Lookup::operand(self), Arith::$op, Lookup::operand(rhs))
            }
        }
        impl<M, T: Numeric> $trait<ColumnExpr<M, T>> for Column<M, T> {
            type Output = ColumnExpr<M, T>;
            fn $method(self, rhs: ColumnExpr<M, T>) -> ColumnExpr<M, T> {
                ColumnExpr::new(Lookup::operand(self), Arith::$op, rhs.operand)
            }
        }
        impl<M, T: Numeric + Bindable> $trait<T> for ColumnExpr<M, T> {
            type Output = ColumnExpr<M, T>;
            fn $method(self, rhs: T) -> ColumnExpr<M, T> {
                ColumnExpr::new(self.operand, Arith::$op, Operand::value(param(rhs)))
            }
        }
        impl<M, T: Numeric> $trait<Column<M, T>> for ColumnExpr<M, T> {
            type Output = ColumnExpr<M, T>;
            fn $method(self, rhs: Column<M, T>) -> ColumnExpr<M, T> {
                ColumnExpr::new(self.operand, Arith::$op, Lookup::operand(rhs))
            }
        }
        impl<M, T: Numeric> $trait<ColumnExpr<M, T>> for ColumnExpr<M, T> {
            type Output = ColumnExpr<M, T>;
            fn $method(self, rhs: ColumnExpr<M, T>) -> ColumnExpr<M, T> {
                ColumnExpr::new(self.operand, Arith::$op, rhs.operand)
            }
        }
    )*};
}

arithmetic! {
    Add add Add;
    Sub sub Sub;
    Mul mul Mul;
    Div div Div;
}
