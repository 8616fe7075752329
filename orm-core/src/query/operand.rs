//! What a condition or an ordering term is about: a column of the query's
//! model (possibly through foreign keys, possibly its translated text) or a
//! column of an explicit join.

use std::borrow::Cow;
use std::sync::Arc;

use crate::query::aggregate::AggSpec;

use crate::handle::{Column, Path};
use crate::meta::{ColumnMeta, ModelMeta};
use crate::query::value::Param;

/// A column reached from the query's model, without its static types.
#[derive(Clone, Copy)]
pub(crate) struct ColRef {
    pub(crate) leaf: fn() -> &'static ModelMeta,
    pub(crate) index: usize,
    pub(crate) path: Path,
    /// The translated text of the foreign key column, not the column.
    pub(crate) translated: bool,
}

impl ColRef {
    pub(crate) fn of<M, T>(c: &Column<M, T>) -> Self {
        ColRef {
            leaf: c.leaf,
            index: c.index,
            path: c.path,
            translated: c.translated,
        }
    }

    pub(crate) fn meta(&self) -> &'static ColumnMeta {
        &(self.leaf)().columns[self.index]
    }
}

/// A column of an explicit join, without its static types.
#[derive(Clone)]
pub(crate) struct JoinedCol {
    /// The identity of the [`Join`](crate::Join) handle it came from.
    pub(crate) join: u64,
    /// The column name, quoted when rendered.
    pub(crate) name: Arc<str>,
    /// Why the column cannot be rendered, reported when the query renders.
    pub(crate) problem: Option<&'static str>,
}

/// An arithmetic operator of a column expression.
#[derive(Clone, Copy)]
pub(crate) enum Arith {
    Add,
    Sub,
    Mul,
    Div,
}

/// One side of a comparison, or an ordering term's subject.
#[derive(Clone)]
pub(crate) enum OperandKind {
    Model(ColRef),
    Joined(JoinedCol),
    /// An aggregate (`Contact::PHONES.count_each()`).
    Aggregate(Arc<AggSpec>),
    /// A bound value (the right side of `Book::PRICE * 1.1`).
    Value(Param),
    /// `left <op> right` (Django's `F("price") * 1.1`).
    Arith(Box<Operand>, Arith, Box<Operand>),
}

/// What a lookup is about: made by [`Lookup::operand`](crate::Lookup);
/// opaque.
#[doc(hidden)]
#[derive(Clone)]
pub struct Operand(pub(crate) OperandKind);

impl Operand {
    pub(crate) fn model(col: ColRef) -> Self {
        Operand(OperandKind::Model(col))
    }

    pub(crate) fn joined(col: JoinedCol) -> Self {
        Operand(OperandKind::Joined(col))
    }

    pub(crate) fn aggregate(spec: Arc<AggSpec>) -> Self {
        Operand(OperandKind::Aggregate(spec))
    }

    pub(crate) fn value(value: Param) -> Self {
        Operand(OperandKind::Value(value))
    }

    pub(crate) fn arith(left: Operand, op: Arith, right: Operand) -> Self {
        Operand(OperandKind::Arith(Box::new(left), op, Box::new(right)))
    }

    /// The column name when this is a plain column of `meta` itself (no
    /// foreign key followed, not translated).
    pub(crate) fn own_column(&self, meta: &ModelMeta) -> Option<&'static str> {
        match &self.0 {
            OperandKind::Model(col)
                if col.path.len() == 0 && !col.translated && (col.leaf)().is(meta) =>
            {
                Some(col.meta().column)
            }
            _ => None,
        }
    }

    /// The field or column name, for messages.
    pub(crate) fn name(&self) -> Cow<'_, str> {
        match &self.0 {
            OperandKind::Model(col) => Cow::Borrowed(col.meta().field),
            OperandKind::Joined(col) => Cow::Borrowed(&col.name),
            OperandKind::Aggregate(spec) => Cow::Owned(spec.key()),
            OperandKind::Value(_) => Cow::Borrowed("a value"),
            OperandKind::Arith(..) => Cow::Borrowed("an expression"),
        }
    }
}

impl std::fmt::Debug for Operand {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Operand({})", self.name())
    }
}

/// Ties a handle to its query model, target and kind without owning any.
pub(crate) type Marker<M, T, K> = std::marker::PhantomData<fn() -> (M, T, K)>;
