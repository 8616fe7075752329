//! The batched strategy: one child query per relation, `= ANY($1)` with one
//! array parameter of parent keys.

use crate::Result;
use crate::ir::{self, Func, Name, OrderItem, Select, SelectItem, Source};
use crate::model::Model;
use crate::query::{Param, Scope};
use crate::relation::Prefetch;
use crate::relation::link::Link;

/// `SELECT <parent key>, <child columns> FROM child [junction] WHERE
/// <parent key> = ANY($1) [AND filter] ORDER BY ...`; with a per-parent
/// limit, ranked with `row_number() OVER (PARTITION BY <parent key> ...)`.
pub(crate) fn child_select<M: Model, T: Model>(
    prefetch: &Prefetch<M, T>,
    link: &Link,
    keys: Param,
    limit: Option<i64>,
) -> Result<Select> {
    let mut s = Scope::new(T::META);
    let child = s.root_alias();
    let junction = Name::Borrowed("__orm_j");
    if let Some(join) = link.junction_join(&child, T::META, &junction) {
        s.push_join(join);
    }
    let parent_key = link.parent_key(&child, &junction);
    let (filter, order) = prefetch.child_parts(&mut s);
    s.check()?;
    let mut condition = parent_key.clone().any(ir::Expr::Param(keys));
    if let Some(filter) = filter {
        condition = ir::Expr::And(vec![condition, filter]);
    }
    let columns = Scope::columns_of(&child, T::META);
    let Some(n) = limit else {
        let mut items = vec![SelectItem::expr(parent_key)];
        items.extend(columns);
        let mut select = s.select(items);
        select.filter = Some(condition);
        select.order = order;
        return Ok(select);
    };
    let mut items = vec![SelectItem::aliased(parent_key.clone(), "__orm_parent")];
    items.extend(columns);
    items.push(SelectItem::aliased(
        ir::Expr::Window {
            func: Func::RowNumber,
            args: Vec::new(),
            partition: vec![parent_key],
            order,
        },
        "__orm_rank",
    ));
    let mut ranked = s.select(items);
    ranked.filter = Some(condition);
    let mut select = Select::from(
        Source::Subquery {
            query: Box::new(ranked),
            alias: Name::Borrowed("__orm_sub"),
        },
        vec![SelectItem::expr(ir::Expr::Star)],
    );
    select.filter = Some(
        ir::Expr::bare("__orm_rank").op(ir::BinOp::Lte, ir::Expr::Param(crate::query::param(n))),
    );
    select.order = vec![
        OrderItem::asc(ir::Expr::bare("__orm_parent")),
        OrderItem::asc(ir::Expr::bare("__orm_rank")),
    ];
    Ok(select)
}
