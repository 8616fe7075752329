//! The lateral strategy: one `LEFT JOIN LATERAL` per relation, aggregating
//! each column of the children into an array, so each parent stays one row.

use std::fmt::Write as _;

use crate::Result;
use crate::ident::{push_ident, quote_ident};
use crate::model::Model;
use crate::query::Renderer;
use crate::relation::Prefetch;
use crate::relation::link::Link;

/// Adds the LATERAL join for relation `n` to `outer` and returns the select
/// list of its array columns.
pub(crate) fn lateral_sql<M: Model, T: Model>(
    prefetch: &Prefetch<M, T>,
    link: &Link,
    outer: &mut Renderer,
    n: usize,
    limit: Option<i64>,
) -> Result<String> {
    let mut r = Renderer::nested(T::META, &format!("__orm_l{n}t"), format!("__orm_l{n}T"));
    r.take_params(outer);
    let child = r.root_alias().to_owned();
    let junction = quote_ident(&format!("__orm_l{n}j"));
    if let Some(join) = link.junction_join(&child, T::META, &junction) {
        r.push_join_sql(join, false);
    }
    let parent_key = link.parent_key(&child, &junction);
    let (filter, order) = prefetch.render_child(&mut r);
    let mut outer_pk = outer.root_alias().to_owned();
    outer_pk.push('.');
    push_ident(&mut outer_pk, M::META.pk().column);
    let mut cols = String::new();
    for (i, c) in T::META.columns.iter().enumerate() {
        let _ = write!(cols, "{child}.");
        push_ident(&mut cols, c.column);
        let _ = write!(cols, " AS \"c{i}\", ");
    }
    let mut where_sql = format!("{parent_key} = {outer_pk}");
    if !filter.is_empty() {
        let _ = write!(where_sql, " AND ({filter})");
    }
    let order_by = if order.is_empty() {
        String::new()
    } else {
        format!(" ORDER BY {order}")
    };
    let limit_sql = match limit {
        Some(k) => format!(" LIMIT {}", r.bind(crate::Value::I64(k))),
        None => String::new(),
    };
    let children = format!(
        "SELECT {cols}row_number() OVER ({}) AS \"__orm_rank\" FROM {} WHERE {where_sql}{order_by}{limit_sql}",
        order_by.trim_start(),
        r.table_list()
    );
    let alias = quote_ident(&format!("__orm_l{n}"));
    let mut aggregates = String::new();
    let mut list = String::new();
    for i in 0..T::META.columns.len() {
        if i > 0 {
            aggregates.push_str(", ");
            list.push_str(", ");
        }
        let _ = write!(
            aggregates,
            "array_agg(\"__orm_x\".\"c{i}\" ORDER BY \"__orm_x\".\"__orm_rank\") AS \"c{i}\""
        );
        let _ = write!(list, "{alias}.\"c{i}\"");
    }
    r.give_params(outer);
    outer.push_join_sql(
        format!("LEFT JOIN LATERAL (SELECT {aggregates} FROM ({children}) AS \"__orm_x\") AS {alias} ON TRUE"),
        true,
    );
    Ok(list)
}
