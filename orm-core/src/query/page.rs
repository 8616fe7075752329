//! Pagination: keyset ([`Query::after`], [`Query::before`]) and numbered
//! pages with a total ([`Query::page`], [`Page`]).

use std::sync::Arc;

use crate::executor::Executor;
use crate::handle::Path;
use crate::ir::{self, BinOp, Name, Select, SelectItem, Source};
use crate::model::Model;
use crate::query::operand::{ColRef, Operand, OperandKind};
use crate::query::order::OrderSpec;
use crate::query::scope::Scope;
use crate::query::select::Query;
use crate::query::value::Param;
use crate::{Error, Result};

/// Where a keyset page starts: after (or before) the row with this key.
#[derive(Clone)]
pub(crate) struct Keyset {
    pub(crate) key: Param,
    pub(crate) before: bool,
}

/// One numbered page of a query's rows, from [`Query::page`].
#[derive(Debug, Clone)]
pub struct Page<M> {
    /// The page's objects.
    pub items: Vec<M>,
    /// The page number, from 1.
    pub number: u64,
    /// The page size asked for.
    pub size: u64,
    /// How many rows the whole query selects.
    pub total: u64,
}

impl<M> Page<M> {
    /// How many pages of `size` the query has (0 when it has no rows).
    pub fn num_pages(&self) -> u64 {
        self.total.div_ceil(self.size.max(1))
    }

    /// True when a later page has rows.
    pub fn has_next(&self) -> bool {
        self.number < self.num_pages()
    }

    /// True when this is not the first page.
    pub fn has_previous(&self) -> bool {
        self.number > 1
    }
}

impl<M: Model> Query<M> {
    /// Keyset pagination: only the rows after `last` in the query's
    /// ordering (which gains the primary key as its last term, so it is a
    /// total order). The next page of `limit(20)` is `.after(&page[19])`;
    /// unlike `offset`, it costs the same on page 1000 as on page 1 and
    /// neither skips nor repeats rows when rows are inserted meanwhile.
    /// The ordering columns must be the model's own and NOT NULL; `last`
    /// must still exist (its values are read by its key in the same
    /// statement).
    pub fn after(mut self, last: &M) -> Self {
        self.keyset = Some(Keyset {
            key: crate::query::param(last.key().clone()),
            before: false,
        });
        self
    }

    /// Keyset pagination backwards: only the rows before `first` in the
    /// query's ordering (reverse the ordering and the result to page
    /// back from the end).
    pub fn before(mut self, first: &M) -> Self {
        self.keyset = Some(Keyset {
            key: crate::query::param(first.key().clone()),
            before: true,
        });
        self
    }

    /// Page `number` (from 1) of `size` objects, and the total number of
    /// rows: two statements (`count`, then the page with `LIMIT`/`OFFSET`).
    ///
    /// # Errors
    /// `number` or `size` is 0 ([`Error::is_invalid_input`]); as for
    /// [`Query::all`].
    pub async fn page(&self, exec: &impl Executor, number: u64, size: u64) -> Result<Page<M>> {
        if number == 0 || size == 0 {
            return Err(Error::invalid_input(
                "pages are numbered from 1 and hold at least one row",
            ));
        }
        let total = self.count(exec).await?;
        let items = self
            .clone()
            .offset((number - 1).saturating_mul(size))
            .limit(size)
            .all(exec)
            .await?;
        Ok(Page {
            items,
            number,
            size,
            total,
        })
    }

    /// The ordering with the primary key appended when a keyset needs a
    /// total order.
    pub(crate) fn with_key_order(&self, mut terms: Vec<OrderSpec>) -> Vec<OrderSpec> {
        if self.keyset.is_none() {
            return terms;
        }
        let pk = M::META.primary_key;
        let has_pk = terms.iter().any(|t| {
            matches!(&t.col.0, OperandKind::Model(c) if c.path.len() == 0 && c.index == pk && (c.leaf)().is(M::META))
        });
        if !has_pk {
            terms.push(OrderSpec {
                col: Operand::model(ColRef {
                    leaf: M::meta,
                    index: pk,
                    path: Path::EMPTY,
                    translated: false,
                }),
                descending: false,
                nulls_first: None,
            });
        }
        terms
    }

    /// The keyset condition: `(a > A) OR (a = A AND b > B) ...`, where `A`
    /// is `(SELECT a FROM t WHERE pk = $key)`.
    pub(crate) fn keyset_condition(&self, s: &mut Scope) -> Option<ir::Expr> {
        let keyset = self.keyset.as_ref()?;
        let terms = self.with_key_order(self.order_terms());
        let meta = M::META;
        let mut columns = Vec::new();
        for t in &terms {
            match &t.col.0 {
                OperandKind::Model(c)
                    if c.path.len() == 0 && !c.translated && (c.leaf)().is(meta) =>
                {
                    columns.push((c.meta().column, t.descending));
                }
                _ => {
                    s.fail(format!(
                        "keyset pagination orders by the model's own columns; `{}` is not one",
                        t.col.name()
                    ));
                    return None;
                }
            }
        }
        let last = |column: &'static str| {
            let alias = Name::Borrowed("__orm_last");
            let mut sub = Select::from(
                Source::Table {
                    name: Name::Borrowed(meta.table),
                    alias: Some(alias.clone()),
                },
                vec![SelectItem::expr(ir::Expr::column(alias.clone(), column))],
            );
            sub.filter = Some(
                ir::Expr::column(alias, meta.pk().column)
                    .equals(ir::Expr::Param(Arc::clone(&keyset.key))),
            );
            ir::Expr::Subquery(Box::new(sub))
        };
        let mut alternatives = Vec::new();
        for (k, &(column, descending)) in columns.iter().enumerate() {
            let mut parts: Vec<ir::Expr> = columns[..k]
                .iter()
                .map(|&(c, _)| s.root_column(c).equals(last(c)))
                .collect();
            let forward = descending == keyset.before;
            let op = if forward { BinOp::Gt } else { BinOp::Lt };
            parts.push(s.root_column(column).op(op, last(column)));
            alternatives.push(ir::Expr::And(parts));
        }
        Some(ir::Expr::Or(alternatives))
    }
}
