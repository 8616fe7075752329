//! From a [`Query`] to IR statements: the SELECT it runs (with the
//! positions needed to decode its rows), its `count`, `exists`, bulk
//! `UPDATE` and `DELETE`.

use std::sync::Arc;

use crate::handle::Column;
use crate::handle::Path;
use crate::ir::{self, Func, Name, OrderItem, RowLockClause, Select, SelectItem, Source};
use crate::model::Model;
use crate::query::operand::ColRef;
use crate::query::scope::Scope;
use crate::query::select::{Query, SqlText};
use crate::query::subquery::Subquery;
use crate::query::update::Assignment;
use crate::relation::{JoinPlan, RelatedPlan, Strategy};
use crate::render::postgres;
use crate::translation::{TranslationCtx, is_label_key};
use crate::{Error, Result};

/// The clauses after FROM, built once.
struct Tail {
    filter: Option<ir::Expr>,
    order: Vec<OrderItem>,
    limit: Option<ir::Expr>,
    offset: Option<ir::Expr>,
}

impl Tail {
    fn apply(self, select: &mut Select, with_order: bool) {
        select.filter = self.filter;
        if with_order {
            select.order = self.order;
        }
        select.limit = self.limit;
        select.offset = self.offset;
    }
}

/// A SELECT and where each part of a row starts.
pub(crate) struct Plan {
    pub(crate) sql: SqlText,
    pub(crate) related: RelatedPlan,
    /// Translated texts: of the root's label keys, then of related objects'.
    pub(crate) texts: Vec<TextSlot>,
    /// (prefetch index, column offset) of each LATERAL collection.
    pub(crate) lateral: Vec<(usize, usize)>,
    pub(crate) join: Option<JoinPlan>,
}

/// Where one translated text sits in a row, and whose it is.
#[derive(Clone, Copy)]
pub(crate) struct TextSlot {
    /// `None` for the root; else the index and path of the related object.
    pub(crate) path: Option<(usize, Path)>,
    /// The label key's column index in its model.
    pub(crate) column: usize,
    pub(crate) offset: usize,
}

pub(crate) fn bind_i64(n: i64) -> ir::Expr {
    ir::Expr::Param(crate::query::param(n))
}

impl<M: Model> Query<M> {
    /// A scope for this query: translation and explicit joins included.
    pub(crate) fn scope(&self) -> Result<Scope> {
        let mut s = Scope::new(M::META);
        if !self.translation.languages.is_empty() {
            s.translation = Some(TranslationCtx::new(M::META, &self.translation)?);
        }
        if let Some(tree) = &self.tree {
            s.add_tree(tree, M::META);
        }
        s.add_explicit(&self.explicit);
        Ok(s)
    }

    fn tail(&self, s: &mut Scope, with_order: bool) -> Tail {
        let filter = match &self.filter {
            crate::query::expr::Expr::True => None,
            f => Some(s.expr(f)),
        };
        let filter = match (filter, self.keyset_condition(s)) {
            (Some(f), Some(k)) => Some(ir::Expr::And(vec![f, k])),
            (f, k) => f.or(k),
        };
        let order = if with_order {
            s.order(&self.order_terms())
        } else {
            Vec::new()
        };
        Tail {
            filter,
            order,
            limit: self.limit.map(bind_i64),
            offset: self.offset.map(bind_i64),
        }
    }

    fn sliced(&self) -> bool {
        self.limit.is_some() || self.offset.is_some()
    }

    /// Sets `DISTINCT` / `DISTINCT ON` on `select`.
    fn apply_distinct(&self, s: &mut Scope, select: &mut Select) {
        select.distinct = self.distinct;
        select.distinct_on = self.distinct_on.iter().map(|o| s.operand(o).0).collect();
    }

    fn lock_clause(&self, s: &Scope) -> Option<RowLockClause> {
        self.lock.map(|(strength, wait)| RowLockClause {
            strength,
            // PostgreSQL refuses FOR UPDATE on the nullable side of an outer
            // join; lock the base table only.
            of: s.has_outer_join().then(|| s.root_alias()),
            wait,
        })
    }

    /// The `SELECT` this query runs: every column of `M` in metadata order,
    /// then the columns of `select_related` models and of LATERAL or
    /// joined collections.
    ///
    /// # Errors
    /// A prefetched relation's metadata is inconsistent (a through model
    /// lacking its named fields), or a column cannot be used (a translated
    /// column without `.translated(...)`, a column of a join the query
    /// does not have).
    pub fn to_sql(&self) -> Result<SqlText> {
        Ok(self.plan()?.sql)
    }

    /// Builds the statement and the positions needed to decode its rows.
    pub(crate) fn plan(&self) -> Result<Plan> {
        if !self.group_by.is_empty() || !matches!(self.having, crate::query::expr::Expr::True) {
            return Err(Error::invalid_input(
                "a grouped query returns tuples, not objects: select with `.values(...)`",
            ));
        }
        let mut s = self.scope()?;
        let tail = self.tail(&mut s, true);
        let root = s.root_alias();
        let mut items = Scope::columns_of(&root, M::META);
        for operand in &self.explicit.select {
            items.push(SelectItem::expr(s.operand(operand).0));
        }
        let mut offset = items.len();
        let mut related = RelatedPlan::new(&self.related);
        offset = related.select(&mut s, &mut items, offset);
        let mut texts = Vec::new();
        if let Some(label) = s.translation.as_ref().map(|t| t.label) {
            for i in 0..M::META.columns.len() {
                let chosen = self
                    .translation
                    .only
                    .as_ref()
                    .is_none_or(|o| o.contains(&i))
                    && !self.translation.except.contains(&i);
                if chosen && is_label_key(M::META, i, label) {
                    texts.push(TextSlot {
                        path: None,
                        column: i,
                        offset,
                    });
                    offset += 1;
                }
            }
            for (p, (path, target)) in related.targets().enumerate() {
                for i in 0..target.columns.len() {
                    if is_label_key(target, i, label) {
                        texts.push(TextSlot {
                            path: Some((p, path)),
                            column: i,
                            offset,
                        });
                        offset += 1;
                    }
                }
            }
            for slot in &texts {
                let col = ColRef {
                    leaf: match slot.path {
                        None => M::meta,
                        Some((_, path)) => path.target_meta_fn(),
                    },
                    index: slot.column,
                    path: slot.path.map_or(Path::EMPTY, |(_, p)| p),
                    translated: true,
                };
                items.push(SelectItem::expr(s.column(&col).0));
            }
        }
        let mut lateral = Vec::new();
        for (i, op) in self.prefetch.iter().enumerate() {
            if op.strategy() == Strategy::Lateral {
                items.extend(op.lateral(&mut s, i)?);
                lateral.push((i, offset));
                offset += op.width();
            }
        }
        let joined: Vec<usize> = (0..self.prefetch.len())
            .filter(|&i| self.prefetch[i].strategy() == Strategy::Join)
            .collect();
        let lock = self.lock_clause(&s);
        let mut distinct = Select::default();
        self.apply_distinct(&mut s, &mut distinct);
        s.check()?;
        if joined.is_empty() {
            let mut select = s.select(items);
            tail.apply(&mut select, true);
            select.lock = lock;
            select.distinct = distinct.distinct;
            select.distinct_on = distinct.distinct_on;
            return Ok(Plan {
                sql: postgres::render_select(&select),
                related,
                texts,
                lateral,
                join: None,
            });
        }
        // Join strategy: the parent query (sliced, so LIMIT counts parents)
        // becomes a subquery aliased like the root table; the collections
        // are LEFT JOINed to it and rows regrouped by the parent's position.
        items.push(SelectItem::aliased(
            s.root_column(M::META.pk().column),
            "__orm_key",
        ));
        items.push(SelectItem::aliased(
            ir::Expr::Window {
                func: Func::RowNumber,
                args: Vec::new(),
                partition: Vec::new(),
                order: tail.order.clone(),
            },
            "__orm_pos",
        ));
        let mut inner = s.select(items);
        tail.apply(&mut inner, true);
        inner.lock = lock;
        inner.distinct = distinct.distinct;
        inner.distinct_on = distinct.distinct_on;
        let key_offset = offset;
        let pos_offset = offset + 1;
        offset += 2;
        let mut outer = Scope::new(M::META);
        let parent_key = ir::Expr::column(root.clone(), "__orm_key");
        let mut outer_items = vec![SelectItem::expr(ir::Expr::AllColumns(root.clone()))];
        let mut order = vec![OrderItem::asc(ir::Expr::column(root.clone(), "__orm_pos"))];
        let mut ops = Vec::new();
        for i in joined {
            outer_items.extend(self.prefetch[i].join(&mut outer, i, &parent_key)?);
            order.push(OrderItem::asc(ir::Expr::column(
                Name::Owned(format!("__orm_c{i}")),
                "__orm_rank",
            )));
            ops.push((i, offset));
            offset += self.prefetch[i].width();
        }
        let mut select = Select::from(
            Source::Subquery {
                query: Box::new(inner),
                alias: root,
            },
            outer_items,
        );
        select.joins = outer.joins();
        select.order = order;
        Ok(Plan {
            sql: postgres::render_select(&select),
            related,
            texts,
            lateral,
            join: Some(JoinPlan {
                key_offset,
                pos_offset,
                ops,
            }),
        })
    }

    /// `SELECT count(*)` of the rows the query selects.
    pub(crate) fn count_sql(&self) -> Result<SqlText> {
        let mut s = self.scope()?;
        let tail = self.tail(&mut s, false);
        s.check()?;
        let count = vec![SelectItem::expr(ir::Expr::count_all())];
        let distinct = self.distinct || !self.distinct_on.is_empty();
        let select = if self.sliced() || distinct {
            // DISTINCT compares whole rows: the subquery selects the
            // model's columns then.
            let items = if distinct {
                Scope::columns_of(&s.root_alias(), M::META)
            } else {
                vec![SelectItem::expr(ir::Expr::Int(1))]
            };
            let mut sub = s.select(items);
            self.apply_distinct(&mut s, &mut sub);
            s.check()?;
            tail.apply(&mut sub, !self.distinct_on.is_empty());
            Select::from(
                Source::Subquery {
                    query: Box::new(sub),
                    alias: Name::Borrowed("sub"),
                },
                count,
            )
        } else {
            let mut select = s.select(count);
            tail.apply(&mut select, false);
            select
        };
        Ok(postgres::render_select(&select))
    }

    /// `SELECT EXISTS (...)` of the query.
    pub(crate) fn exists_sql(&self) -> Result<SqlText> {
        let mut s = self.scope()?;
        let tail = self.tail(&mut s, false);
        s.check()?;
        let mut sub = s.select(vec![SelectItem::expr(ir::Expr::Int(1))]);
        tail.apply(&mut sub, false);
        let select = Select {
            items: vec![SelectItem::expr(ir::Expr::Exists(Box::new(sub)))],
            ..Select::default()
        };
        Ok(postgres::render_select(&select))
    }

    /// The WHERE condition selecting this query's rows for a bulk UPDATE or
    /// DELETE of the root table: the filter itself, or
    /// `pk IN (SELECT pk ...)` when joins or a slice are involved.
    fn target_rows(&self) -> Result<Option<ir::Expr>> {
        let sliced = self.sliced();
        let mut s = self.scope()?;
        let tail = self.tail(&mut s, sliced);
        s.check()?;
        if !sliced && !s.has_joins() {
            return Ok(tail.filter);
        }
        let pk = M::META.pk().column;
        let mut sub = s.select(vec![SelectItem::expr(s.root_column(pk))]);
        tail.apply(&mut sub, sliced);
        Ok(Some(ir::Expr::InSelect(
            Box::new(ir::Expr::bare(pk)),
            Box::new(sub),
        )))
    }

    /// The `UPDATE` that [`Query::update`] runs.
    ///
    /// # Errors
    /// No assignment was given, or one was invalid.
    pub fn update_sql(
        &self,
        assignments: impl IntoIterator<Item = Assignment<M>>,
    ) -> Result<SqlText> {
        let mut set = Vec::new();
        // Column expressions name the updated table's own columns.
        let mut s = Scope::new(M::META);
        for a in assignments {
            let value = s.operand(&a.value?).0;
            set.push((Name::Borrowed(a.col.meta().column), value));
        }
        if s.has_joins() {
            return Err(Error::invalid_input(
                "a bulk update's expression may use only columns of the updated model, \
                 not of models reached through foreign keys",
            ));
        }
        s.check()?;
        if set.is_empty() {
            return Err(Error::invalid_input(
                "a bulk update needs at least one assignment",
            ));
        }
        let update = ir::Update {
            table: Name::Borrowed(M::META.table),
            set,
            filter: self.target_rows()?,
            returning: Vec::new(),
        };
        Ok(postgres::render(&ir::Statement::Update(Box::new(update))))
    }

    /// This query as a [`Subquery`] selecting `column` (with its filters,
    /// joins and, when sliced, its ordering and slice), for
    /// [`Lookup::in_query`](crate::Lookup::in_query): Django's
    /// `filter(publisher__in=Publisher.objects.filter(...))`.
    pub fn subquery<T>(&self, column: Column<M, T>) -> Subquery<T>
    where
        M: Send + Sync + 'static,
    {
        let query = self.clone();
        let column = ColRef::of(&column);
        Subquery::new(Arc::new(move || query.column_select(&column)))
    }

    /// `SELECT <column> FROM ... WHERE ...` of this query.
    fn column_select(&self, column: &ColRef) -> Result<Select> {
        let sliced = self.sliced();
        let mut s = self.scope()?;
        let tail = self.tail(&mut s, sliced);
        let (expr, _) = s.column(column);
        s.check()?;
        let mut select = s.select(vec![SelectItem::expr(expr)]);
        tail.apply(&mut select, sliced);
        Ok(select)
    }

    /// The `DELETE` that [`Query::delete`] runs.
    ///
    /// # Errors
    /// A translated column is used without `.translated(...)`.
    pub fn delete_sql(&self) -> Result<SqlText> {
        let delete = ir::Delete {
            table: Name::Borrowed(M::META.table),
            filter: self.target_rows()?,
            returning: Vec::new(),
        };
        Ok(postgres::render(&ir::Statement::Delete(Box::new(delete))))
    }
}
