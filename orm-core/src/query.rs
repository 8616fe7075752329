//! The typed query API: `Model::objects()` returns a [`Query`], refined by
//! `filter`, `exclude`, `order_by`, `limit`, and run by `all`, `first`,
//! `one`, `count`, `exists`, `update`, `delete`. [`Join`] adds explicit
//! joins, [`Query::select_extra`] selects their columns.
//!
//! Layering (no module imports one that imports it back): `value`,
//! `operand`, `subquery` → `into_operand` → `expr` → `order`,
//! `join_column`, `join` → `lookup` → `column_expr`, `related`, `update` →
//! `select` (the builder) → `scope` (operands to IR) → `plan` (IR
//! statements) → `exec`, `extra` (running them).

mod aggregate;
mod column_expr;
mod exec;
mod expr;
mod extra;
mod into_operand;
mod join;
mod join_column;
mod lock;
mod lookup;
mod operand;
mod order;
mod page;
mod plan;
mod related;
mod scope;
mod select;
mod stream;
mod subquery;
mod tree;
mod update;
mod value;
mod values;

pub use aggregate::{Aggregatable, Aggregate, Summable};
pub use column_expr::{ColumnExpr, Numeric};
pub use expr::Filter;
pub use extra::{ExtraColumn, ExtraQuery, SelectExtra};
pub use into_operand::{Bindable, ByColumn, ByValue, IntoOperand};
pub use join::{Inner, Join, JoinKind, JoinOn, Left, Table};
pub use join_column::{ColumnRef, JoinColumn};
pub use lock::{LockWait, RowLock};
pub use lookup::{Lookup, TextValue};
pub use operand::Operand;
pub use order::OrderTerm;
pub use page::Page;
pub use select::{Query, SqlText};
pub use subquery::Subquery;
pub use tree::tree_depth;
pub use update::Assignment;
pub(crate) use value::{Param, param};
pub use value::{Value, escape_like};
pub use values::{Columns, Optional, Selectable, ValuesQuery};

pub(crate) use expr::Expr;
pub(crate) use order::{OrderSpec, default_order};
pub(crate) use plan::TextSlot;
pub(crate) use scope::Scope;
