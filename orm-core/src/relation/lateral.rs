//! The lateral strategy: one `LEFT JOIN LATERAL` per relation, aggregating
//! each column of the children into an array, so each parent stays one row.

use crate::Result;
use crate::ir::{self, Func, Join, JoinType, Name, OrderItem, Select, SelectItem, Source};
use crate::model::Model;
use crate::query::Scope;
use crate::relation::Prefetch;
use crate::relation::link::Link;

/// Adds the LATERAL join for relation `n` to `outer` and returns the select
/// items of its array columns.
pub(crate) fn lateral_items<M: Model, T: Model>(
    prefetch: &Prefetch<M, T>,
    link: &Link,
    outer: &mut Scope,
    n: usize,
    limit: Option<i64>,
) -> Result<Vec<SelectItem>> {
    let mut s = Scope::nested(T::META, format!("__orm_l{n}t"), format!("__orm_l{n}T"));
    let child = s.root_alias();
    let junction = Name::Owned(format!("__orm_l{n}j"));
    if let Some(join) = link.junction_join(&child, T::META, &junction) {
        s.push_join(join);
    }
    let parent_key = link.parent_key(&child, &junction);
    let (filter, order) = prefetch.child_parts(&mut s);
    s.check()?;
    let outer_pk = outer.root_column(M::META.pk().column);
    let mut items: Vec<SelectItem> = T::META
        .columns
        .iter()
        .enumerate()
        .map(|(i, c)| {
            SelectItem::aliased(ir::Expr::column(child.clone(), c.column), format!("c{i}"))
        })
        .collect();
    items.push(SelectItem::aliased(
        ir::Expr::Window {
            func: Func::RowNumber,
            args: Vec::new(),
            partition: Vec::new(),
            order: order.clone(),
        },
        "__orm_rank",
    ));
    let mut children = s.select(items);
    let mut condition = parent_key.equals(outer_pk);
    if let Some(filter) = filter {
        condition = ir::Expr::And(vec![condition, filter]);
    }
    children.filter = Some(condition);
    children.order = order;
    children.limit = limit.map(|k| ir::Expr::Param(crate::query::param(k)));
    let x = Name::Borrowed("__orm_x");
    let aggregates = (0..T::META.columns.len())
        .map(|i| {
            SelectItem::aliased(
                ir::Expr::Call {
                    func: Func::ArrayAgg,
                    args: vec![ir::Expr::column(x.clone(), format!("c{i}"))],
                    order: vec![OrderItem::asc(ir::Expr::column(x.clone(), "__orm_rank"))],
                },
                format!("c{i}"),
            )
        })
        .collect();
    let aggregated = Select::from(
        Source::Subquery {
            query: Box::new(children),
            alias: x,
        },
        aggregates,
    );
    let alias = Name::Owned(format!("__orm_l{n}"));
    outer.push_join(Join {
        kind: JoinType::Left,
        lateral: true,
        source: Source::Subquery {
            query: Box::new(aggregated),
            alias: alias.clone(),
        },
        on: ir::Expr::Bool(true),
    });
    Ok((0..T::META.columns.len())
        .map(|i| SelectItem::expr(ir::Expr::column(alias.clone(), format!("c{i}"))))
        .collect())
}
