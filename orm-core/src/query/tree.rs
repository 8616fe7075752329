//! Trees on a self foreign key: [`Query::descendants_of`],
//! [`Query::ancestors_of`] and [`tree_depth`], as one recursive CTE that
//! PostgreSQL's `CYCLE` clause keeps finite on cyclic data.

use std::sync::Arc;

use crate::handle::ForeignKeyField;
use crate::ir::{
    self, Cycle, Func, Join, JoinType, Name, RecursiveCte, Select, SelectItem, Source,
};
use crate::meta::ModelMeta;
use crate::model::Model;
use crate::query::join::Inner;
use crate::query::join_column::JoinColumn;
use crate::query::operand::JoinedCol;
use crate::query::scope::Scope;
use crate::query::select::Query;
use crate::query::value::Param;

/// The identity the tree join is registered under (explicit joins count
/// up from 1).
pub(crate) const TREE_JOIN: u64 = u64::MAX;
const TREE: &str = "__orm_tree";
const NODES: &str = "__orm_nodes";

/// Which way a tree query walks.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Direction {
    Descendants,
    Ancestors,
}

/// A tree restriction: the rows below (or above) one row.
#[derive(Clone)]
pub(crate) struct TreeSpec {
    /// The self foreign key column's index.
    column: usize,
    start: Param,
    direction: Direction,
}

/// The depth of each row of a tree query (1 for the start's children, or
/// its parent): select it with `select_extra(tree_depth())`, order and
/// filter by it like a column. Only in a query with
/// [`Query::descendants_of`] or [`Query::ancestors_of`].
pub fn tree_depth<M>() -> JoinColumn<M, i32, Inner> {
    JoinColumn::new(JoinedCol {
        join: TREE_JOIN,
        name: Arc::from("depth"),
        problem: None,
    })
}

impl<M: Model> Query<M> {
    /// Only the rows below `root` in the tree `parent` (a foreign key of
    /// `M` to itself) draws: its children, their children, and so on
    /// (`root` excluded). One recursive CTE, joined to the query, so
    /// filters, ordering, slicing, `translated`, `select_related`,
    /// `prefetch`, `count`, `update` and `delete` all apply; cyclic data
    /// ends (PostgreSQL's `CYCLE` clause) instead of recursing forever.
    /// [`tree_depth`] is each row's distance from `root`.
    pub fn descendants_of<K>(self, parent: ForeignKeyField<M, M, K>, root: &M) -> Self {
        self.tree(parent, root, Direction::Descendants)
    }

    /// Only the rows above `node` in the tree `parent` draws: its parent,
    /// grandparent, ... up to a root (`node` excluded); [`tree_depth`] is
    /// 1 for the parent. As [`Query::descendants_of`] otherwise.
    pub fn ancestors_of<K>(self, parent: ForeignKeyField<M, M, K>, node: &M) -> Self {
        self.tree(parent, node, Direction::Ancestors)
    }

    fn tree<K>(
        mut self,
        parent: ForeignKeyField<M, M, K>,
        start: &M,
        direction: Direction,
    ) -> Self {
        self.tree = Some(TreeSpec {
            column: parent.meta_index(),
            start: crate::query::param(start.key().clone()),
            direction,
        });
        self
    }
}

/// The key column the self foreign key points at (the primary key unless
/// `to_field`).
fn target_column(meta: &ModelMeta, column: usize) -> &'static str {
    let fk = meta.columns[column].foreign_key.as_ref();
    fk.and_then(|fk| fk.target_column())
        .unwrap_or(meta.pk())
        .column
}

impl TreeSpec {
    /// `WITH RECURSIVE "__orm_tree"("key") AS (anchor UNION ALL step)
    /// CYCLE "key" SET "__orm_cycle" USING "__orm_path" SELECT "key",
    /// cardinality("__orm_path") AS "depth" FROM "__orm_tree" WHERE NOT
    /// "__orm_cycle"`.
    fn select(&self, meta: &'static ModelMeta) -> Select {
        let parent = meta.columns[self.column].column;
        let key = target_column(meta, self.column);
        let tree = Name::Borrowed(TREE);
        let nodes = Name::Borrowed(NODES);
        let table = |alias: &Name| Source::Table {
            name: Name::Borrowed(meta.table),
            alias: Some(alias.clone()),
        };
        let start = ir::Expr::Param(Arc::clone(&self.start));
        let (anchor_item, anchor_filter, step_item, step_on, step_filter) = match self.direction {
            // Children of the start, then children of those.
            Direction::Descendants => (
                ir::Expr::column(nodes.clone(), key),
                ir::Expr::column(nodes.clone(), parent).equals(start),
                ir::Expr::column(nodes.clone(), key),
                ir::Expr::column(nodes.clone(), parent).equals(ir::Expr::column(tree.clone(), key)),
                None,
            ),
            // The start's parent, then the parent of that.
            Direction::Ancestors => (
                ir::Expr::column(nodes.clone(), parent),
                ir::Expr::And(vec![
                    ir::Expr::column(nodes.clone(), key).equals(start),
                    ir::Expr::IsNull(Box::new(ir::Expr::column(nodes.clone(), parent)), false),
                ]),
                ir::Expr::column(nodes.clone(), parent),
                ir::Expr::column(nodes.clone(), key).equals(ir::Expr::column(tree.clone(), key)),
                Some(ir::Expr::IsNull(
                    Box::new(ir::Expr::column(nodes.clone(), parent)),
                    false,
                )),
            ),
        };
        let mut anchor = Select::from(table(&nodes), vec![SelectItem::expr(anchor_item)]);
        anchor.filter = Some(anchor_filter);
        let mut step = Select::from(table(&nodes), vec![SelectItem::expr(step_item)]);
        step.joins = vec![Join {
            kind: JoinType::Inner,
            lateral: false,
            source: Source::table(tree.clone()),
            on: step_on,
        }];
        step.filter = step_filter;
        let cycle_mark = Name::Borrowed("__orm_cycle");
        let path = Name::Borrowed("__orm_path");
        let mut select = Select::from(
            Source::table(tree.clone()),
            vec![
                SelectItem::expr(ir::Expr::bare(key)),
                SelectItem::aliased(
                    ir::Expr::call(Func::Cardinality, vec![ir::Expr::bare(path.clone())]),
                    "depth",
                ),
            ],
        );
        select.filter = Some(ir::Expr::Not(Box::new(ir::Expr::bare(cycle_mark.clone()))));
        select.recursive = Some(Box::new(RecursiveCte {
            name: tree,
            columns: vec![Name::Borrowed(key)],
            anchor,
            step,
            cycle: Some(Cycle {
                columns: vec![Name::Borrowed(key)],
                mark: cycle_mark,
                path,
            }),
        }));
        select
    }
}

impl Scope {
    /// Joins the tree's rows (and depth) to the root table.
    pub(crate) fn add_tree(&mut self, tree: &TreeSpec, meta: &'static ModelMeta) {
        let key = target_column(meta, tree.column);
        let alias = Name::Borrowed(TREE);
        let on = ir::Expr::column(alias.clone(), key).equals(self.root_column(key));
        self.push_join(Join {
            kind: JoinType::Inner,
            lateral: false,
            source: Source::Subquery {
                query: Box::new(tree.select(meta)),
                alias: alias.clone(),
            },
            on,
        });
        self.register_join(TREE_JOIN, alias);
    }
}
