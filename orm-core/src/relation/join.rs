//! The join strategy: the children LEFT JOINed to the (sliced) parent query,
//! rows grouped back into parents.

use std::fmt::Write as _;

use crate::Result;
use crate::ident::{push_ident, quote_ident};
use crate::model::Model;
use crate::query::Renderer;
use crate::relation::Prefetch;
use crate::relation::link::Link;

/// Where the parent key, the parent position and each joined collection
/// sit in a row of a join-strategy query.
pub(crate) struct JoinPlan {
    /// Column of the parent's key.
    #[allow(dead_code, reason = "kept for readers of the layout")]
    pub(crate) key_offset: usize,
    /// Column of the parent's position (a new value starts a new parent).
    pub(crate) pos_offset: usize,
    /// (prefetch index, column offset) of each joined collection.
    pub(crate) ops: Vec<(usize, usize)>,
}

/// Adds `LEFT JOIN (<children>) AS "__orm_c<n>" ON ... = <parent_key>` to
/// `outer` and returns the select list of the children's columns.
pub(crate) fn join_sql<M: Model, T: Model>(
    prefetch: &Prefetch<M, T>,
    link: &Link,
    outer: &mut Renderer,
    n: usize,
    parent_key: &str,
) -> Result<String> {
    let mut r = Renderer::nested(T::META, &format!("__orm_c{n}t"), format!("__orm_c{n}T"));
    r.take_params(outer);
    let child = r.root_alias().to_owned();
    let junction = quote_ident(&format!("__orm_c{n}j"));
    if let Some(join) = link.junction_join(&child, T::META, &junction) {
        r.push_join_sql(join, false);
    }
    let child_parent = link.parent_key(&child, &junction);
    let (filter, order) = prefetch.render_child(&mut r);
    let mut cols = String::new();
    for (i, c) in T::META.columns.iter().enumerate() {
        let _ = write!(cols, ", {child}.");
        push_ident(&mut cols, c.column);
        let _ = write!(cols, " AS \"c{i}\"");
    }
    let where_sql = if filter.is_empty() {
        String::new()
    } else {
        format!(" WHERE {filter}")
    };
    let order_by = if order.is_empty() {
        String::new()
    } else {
        format!(" ORDER BY {order}")
    };
    let limit = prefetch_limit(prefetch).map(|k| r.bind(crate::Value::I64(k)));
    let alias = quote_ident(&format!("__orm_c{n}"));
    let children = format!(
        "SELECT {child_parent} AS \"__orm_parent\"{cols}, row_number() OVER (PARTITION BY {child_parent}{order_by}) \
         AS \"__orm_rank\" FROM {}{where_sql}",
        r.table_list()
    );
    let mut on = format!("{alias}.\"__orm_parent\" = {parent_key}");
    if let Some(p) = limit {
        let _ = write!(on, " AND {alias}.\"__orm_rank\" <= {p}");
    }
    r.give_params(outer);
    outer.push_join_sql(format!("LEFT JOIN ({children}) AS {alias} ON {on}"), true);
    let list = (0..T::META.columns.len())
        .map(|i| format!("{alias}.\"c{i}\""))
        .collect::<Vec<_>>()
        .join(", ");
    Ok(list)
}

fn prefetch_limit<M: Model, T: Model>(prefetch: &Prefetch<M, T>) -> Option<i64> {
    prefetch.per_parent_limit()
}
