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
use crate::query::into_operand::{Bindable, ByColumn, IntoOperand};
use crate::query::lookup::Lookup;
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
