//! The batched strategy: one child query per relation, `= ANY($1)` with one
//! array parameter of parent keys.

use crate::Result;
use crate::ident::quote_ident;
use crate::model::Model;
use crate::query::{Renderer, SqlText, Value, push_columns};
use crate::relation::Prefetch;
use crate::relation::link::Link;

/// `SELECT <parent key>, <child columns> FROM child [junction] WHERE
/// <parent key> = ANY($1) [AND filter] ORDER BY ...`; with a per-parent
/// limit, ranked with `row_number() OVER (PARTITION BY <parent key> ...)`.
pub(crate) fn child_sql<M: Model, T: Model>(
    prefetch: &Prefetch<M, T>,
    link: &Link,
    keys: Value,
    limit: Option<i64>,
) -> Result<SqlText> {
    let mut r = Renderer::new(T::META);
    let child = r.root_alias().to_owned();
    let junction = quote_ident("__orm_j");
    if let Some(join) = link.junction_join(&child, T::META, &junction) {
        r.push_join_sql(join, false);
    }
    let parent_key = link.parent_key(&child, &junction);
    let keys = r.bind(keys);
    let (filter, order) = prefetch.render_child(&mut r);
    let mut cols = String::new();
    push_columns(&mut cols, &child, T::META);
    let mut where_sql = format!("{parent_key} = ANY({keys})");
    if !filter.is_empty() {
        where_sql.push_str(&format!(" AND ({filter})"));
    }
    let from = r.table_list();
    let sql = match limit {
        None => {
            let order_by = if order.is_empty() {
                String::new()
            } else {
                format!(" ORDER BY {order}")
            };
            format!("SELECT {parent_key}, {cols} FROM {from} WHERE {where_sql}{order_by}")
        }
        Some(n) => {
            let limit = r.bind(Value::I64(n));
            let over = if order.is_empty() {
                String::new()
            } else {
                format!(" ORDER BY {order}")
            };
            format!(
                "SELECT * FROM (SELECT {parent_key} AS \"__orm_parent\", {cols}, row_number() OVER \
                 (PARTITION BY {parent_key}{over}) AS \"__orm_rank\" FROM {from} WHERE {where_sql}) \
                 AS \"__orm_sub\" WHERE \"__orm_rank\" <= {limit} ORDER BY \"__orm_parent\", \"__orm_rank\""
            )
        }
    };
    Ok(SqlText {
        sql,
        params: r.params,
    })
}
