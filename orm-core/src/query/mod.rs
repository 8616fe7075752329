//! The typed query API: `Model::objects()` returns a [`Query`], refined by
//! `filter`, `exclude`, `order_by`, `limit`, and run by `all`, `first`,
//! `one`, `count`, `exists`, `update`, `delete`. [`Join`] adds explicit
//! joins, [`Query::select_extra`] selects their columns.

mod exec;
mod extra;
mod filter;
mod join;
mod join_column;
mod lock;
mod lookup;
mod order;
mod order_spec;
mod render;
mod select;
mod update;
mod value;

pub use extra::{ExtraColumn, ExtraQuery, SelectExtra};
pub use filter::Filter;
pub use join::{Inner, Join, JoinKind, JoinOn, Left, Table};
pub use join_column::{ColumnRef, JoinColumn};
pub use lock::{LockWait, RowLock};
pub use lookup::Bindable;
pub use order::OrderTerm;
pub use select::{Query, SqlText};
pub use update::Assignment;
pub use value::{Value, escape_like};

pub(crate) use filter::{ColRef, Expr, Op};
pub(crate) use order_spec::{OrderSpec, default_order, order_list};
pub(crate) use render::Renderer;
pub(crate) use select::{TextSlot, push_columns};
