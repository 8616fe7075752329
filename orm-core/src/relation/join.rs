//! The join strategy: the children LEFT JOINed to the (sliced) parent query,
//! rows grouped back into parents.

use crate::Result;
use crate::ir::{self, BinOp, Func, Join, JoinType, Name, SelectItem, Source};
use crate::model::Model;
use crate::query::Scope;
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
/// `outer` and returns the select items of the children's columns.
pub(crate) fn join_items<M: Model, T: Model>(
    prefetch: &Prefetch<M, T>,
    link: &Link,
    outer: &mut Scope,
    n: usize,
    parent_key: &ir::Expr,
) -> Result<Vec<SelectItem>> {
    let mut s = Scope::nested(T::META, format!("__orm_c{n}t"), format!("__orm_c{n}T"));
    let child = s.root_alias();
    let junction = Name::Owned(format!("__orm_c{n}j"));
    if let Some(join) = link.junction_join(&child, T::META, &junction) {
        s.push_join(join);
    }
    let child_parent = link.parent_key(&child, &junction);
    let (filter, order) = prefetch.child_parts(&mut s);
    s.check()?;
    let mut items = vec![SelectItem::aliased(child_parent.clone(), "__orm_parent")];
    items.extend(T::META.columns.iter().enumerate().map(|(i, c)| {
        SelectItem::aliased(ir::Expr::column(child.clone(), c.column), format!("c{i}"))
    }));
    items.push(SelectItem::aliased(
        ir::Expr::Window {
            func: Func::RowNumber,
            args: Vec::new(),
            partition: vec![child_parent],
            order,
        },
        "__orm_rank",
    ));
    let mut children = s.select(items);
    children.filter = filter;
    let alias = Name::Owned(format!("__orm_c{n}"));
    let mut on = ir::Expr::column(alias.clone(), "__orm_parent").equals(parent_key.clone());
    if let Some(k) = prefetch.per_parent_limit() {
        on = ir::Expr::And(vec![
            on,
            ir::Expr::column(alias.clone(), "__orm_rank")
                .op(BinOp::Lte, ir::Expr::Param(crate::query::param(k))),
        ]);
    }
    outer.push_join(Join {
        kind: JoinType::Left,
        lateral: false,
        source: Source::Subquery {
            query: Box::new(children),
            alias: alias.clone(),
        },
        on,
    });
    Ok((0..T::META.columns.len())
        .map(|i| SelectItem::expr(ir::Expr::column(alias.clone(), format!("c{i}"))))
        .collect())
}
