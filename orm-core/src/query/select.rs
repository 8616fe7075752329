//! [`Query`]: the builder and its SQL.

use std::fmt::Write as _;
use std::marker::PhantomData;
use std::sync::Arc;

use crate::handle::Path;
use crate::ident::push_ident;
use crate::meta::ModelMeta;
use crate::model::Model;
use crate::query::filter::{ColRef, Expr, Filter};
use crate::query::lock::{LockWait, RowLock};
use crate::query::order::OrderTerm;
use crate::query::render::Renderer;
use crate::query::value::Value;

/// A query on model `M`, from `M::objects()`. Builder methods take and
/// return the query; nothing runs until an executing method (`all`,
/// `first`, `one`, `count`, `exists`, `update`, `delete`) is awaited.
///
/// ```ignore
/// let contacts = Contact::objects()
///     .filter(Contact::NAME.starts_with("A"))
///     .exclude(Contact::ID.is_in([1, 2]))
///     .order_by(Contact::NAME.asc())
///     .limit(50)
///     .all(&db)
///     .await?;
/// ```
pub struct Query<M> {
    pub(crate) filter: Expr,
    pub(crate) order: Vec<OrderTerm<M>>,
    pub(crate) default_order: bool,
    pub(crate) limit: Option<i64>,
    pub(crate) offset: Option<i64>,
    pub(crate) lock: Option<(RowLock, LockWait)>,
    _marker: PhantomData<fn() -> M>,
}

impl<M> Clone for Query<M> {
    fn clone(&self) -> Self {
        Query {
            filter: self.filter.clone(),
            order: self.order.clone(),
            default_order: self.default_order,
            limit: self.limit,
            offset: self.offset,
            lock: self.lock,
            _marker: PhantomData,
        }
    }
}

impl<M: Model> std::fmt::Debug for Query<M> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let sql = self.to_sql();
        f.debug_struct("Query")
            .field("sql", &sql.sql)
            .field("params", &sql.params)
            .finish()
    }
}

/// A rendered statement: SQL text with `$n` placeholders and the values
/// bound to them.
#[derive(Debug, Clone)]
pub struct SqlText {
    /// The SQL text.
    pub sql: String,
    /// The values, `params[0]` bound to `$1`.
    pub params: Vec<Value>,
}

impl<M: Model> Default for Query<M> {
    fn default() -> Self {
        Query::new()
    }
}

impl<M: Model> Query<M> {
    /// Every row of `M`, in the model's default ordering.
    pub fn new() -> Self {
        Query {
            filter: Expr::True,
            order: Vec::new(),
            default_order: true,
            limit: None,
            offset: None,
            lock: None,
            _marker: PhantomData,
        }
    }

    /// Keeps the rows matching `filter` (ANDed with earlier filters).
    pub fn filter(mut self, filter: Filter<M>) -> Self {
        self.filter = Filter::<M>::new(self.filter).and(filter).expr;
        self
    }

    /// Drops the rows matching `filter`. Rows where it is unknown (NULL)
    /// are kept, as in Django.
    pub fn exclude(self, filter: Filter<M>) -> Self {
        self.filter(filter.negate())
    }

    /// Orders by `term` after earlier terms; replaces the default ordering.
    pub fn order_by(mut self, term: OrderTerm<M>) -> Self {
        self.order.push(term);
        self.default_order = false;
        self
    }

    /// Drops every ordering, the model's default included.
    pub fn unordered(mut self) -> Self {
        self.order.clear();
        self.default_order = false;
        self
    }

    /// At most `n` rows.
    pub fn limit(mut self, n: u64) -> Self {
        self.limit = Some(i64::try_from(n).unwrap_or(i64::MAX));
        self
    }

    /// Skips the first `n` rows.
    pub fn offset(mut self, n: u64) -> Self {
        self.offset = Some(i64::try_from(n).unwrap_or(i64::MAX));
        self
    }

    /// Locks the selected rows `FOR UPDATE` (inside a transaction only).
    pub fn for_update(self) -> Self {
        self.row_lock(RowLock::Update)
    }

    /// Locks the selected rows `FOR NO KEY UPDATE`.
    pub fn for_no_key_update(self) -> Self {
        self.row_lock(RowLock::NoKeyUpdate)
    }

    /// Locks the selected rows `FOR SHARE`.
    pub fn for_share(self) -> Self {
        self.row_lock(RowLock::Share)
    }

    /// Locks the selected rows `FOR KEY SHARE`.
    pub fn for_key_share(self) -> Self {
        self.row_lock(RowLock::KeyShare)
    }

    /// Locks the selected rows with `strength`.
    pub fn row_lock(mut self, strength: RowLock) -> Self {
        let wait = self.lock.map(|(_, w)| w).unwrap_or_default();
        self.lock = Some((strength, wait));
        self
    }

    /// With a row lock: fail at once when a row is locked.
    pub fn nowait(mut self) -> Self {
        let strength = self.lock.map_or(RowLock::Update, |(s, _)| s);
        self.lock = Some((strength, LockWait::NoWait));
        self
    }

    /// With a row lock: skip rows another transaction has locked.
    pub fn skip_locked(mut self) -> Self {
        let strength = self.lock.map_or(RowLock::Update, |(s, _)| s);
        self.lock = Some((strength, LockWait::SkipLocked));
        self
    }

    /// The ordering terms in force: explicit ones, or the model's default.
    fn order_terms(&self) -> Vec<(ColRef, bool, Option<bool>)> {
        if !self.order.is_empty() || !self.default_order {
            return self
                .order
                .iter()
                .map(|t| (t.col, t.descending, t.nulls_first))
                .collect();
        }
        let meta = M::META;
        meta.ordering
            .iter()
            .filter_map(|o| {
                let index = meta.column_index(o.field)?;
                Some((
                    ColRef {
                        leaf: M::meta,
                        index,
                        path: Path::EMPTY,
                    },
                    o.descending,
                    None,
                ))
            })
            .collect()
    }

    /// Renders WHERE, ORDER BY, LIMIT, OFFSET into `r`; returns the clauses.
    pub(crate) fn render_tail(&self, r: &mut Renderer, with_order: bool) -> String {
        let mut tail = String::new();
        if !matches!(self.filter, Expr::True) {
            tail.push_str(" WHERE ");
            r.expr(&self.filter, &mut tail);
        }
        if with_order {
            let terms = self.order_terms();
            for (i, (col, desc, nulls)) in terms.iter().enumerate() {
                tail.push_str(if i == 0 { " ORDER BY " } else { ", " });
                let (c, _) = r.column(col);
                tail.push_str(&c);
                if *desc {
                    tail.push_str(" DESC");
                }
                match nulls {
                    Some(true) => tail.push_str(" NULLS FIRST"),
                    Some(false) => tail.push_str(" NULLS LAST"),
                    None => {}
                }
            }
        }
        if let Some(n) = self.limit {
            let p = r.bind(Arc::new(n));
            let _ = write!(tail, " LIMIT {p}");
        }
        if let Some(n) = self.offset {
            let p = r.bind(Arc::new(n));
            let _ = write!(tail, " OFFSET {p}");
        }
        tail
    }

    /// The `SELECT` this query runs: every column of `M` in metadata order.
    pub fn to_sql(&self) -> SqlText {
        let mut r = Renderer::new(M::META);
        let tail = self.render_tail(&mut r, true);
        let mut sql = String::from("SELECT ");
        push_columns(&mut sql, r.root_alias(), M::META);
        sql.push_str(" FROM ");
        sql.push_str(&r.table_list());
        sql.push_str(&tail);
        if let Some((strength, wait)) = self.lock {
            sql.push(' ');
            sql.push_str(strength.as_sql());
            if r.has_outer_join() {
                // PostgreSQL refuses FOR UPDATE on the nullable side of an
                // outer join; lock the base table only.
                sql.push_str(" OF ");
                sql.push_str(r.root_alias());
            }
            match wait {
                LockWait::Wait => {}
                LockWait::NoWait => sql.push_str(" NOWAIT"),
                LockWait::SkipLocked => sql.push_str(" SKIP LOCKED"),
            }
        }
        SqlText {
            sql,
            params: r.params,
        }
    }

    /// `SELECT count(*)` of the rows the query selects.
    pub(crate) fn count_sql(&self) -> SqlText {
        let mut r = Renderer::new(M::META);
        let sliced = self.limit.is_some() || self.offset.is_some();
        let tail = self.render_tail(&mut r, false);
        let sql = if sliced {
            format!(
                "SELECT count(*) FROM (SELECT 1 FROM {}{tail}) AS sub",
                r.table_list()
            )
        } else {
            format!("SELECT count(*) FROM {}{tail}", r.table_list())
        };
        SqlText {
            sql,
            params: r.params,
        }
    }

    /// `SELECT EXISTS (...)` of the query.
    pub(crate) fn exists_sql(&self) -> SqlText {
        let mut r = Renderer::new(M::META);
        let tail = self.render_tail(&mut r, false);
        SqlText {
            sql: format!("SELECT EXISTS (SELECT 1 FROM {}{tail})", r.table_list()),
            params: r.params,
        }
    }

    /// The WHERE clause selecting this query's rows for a bulk UPDATE or
    /// DELETE of the root table: the filter itself, or
    /// `pk IN (SELECT pk ...)` when joins or a slice are involved.
    pub(crate) fn target_rows(&self, r: &mut Renderer) -> String {
        let sliced = self.limit.is_some() || self.offset.is_some();
        let mut sub = Renderer::new(M::META);
        sub.params = std::mem::take(&mut r.params);
        let tail = self.render_tail(&mut sub, sliced);
        r.params = std::mem::take(&mut sub.params);
        if !sliced && !sub.has_joins() {
            return tail;
        }
        let mut pk = String::new();
        push_ident(&mut pk, M::META.pk().column);
        format!(
            " WHERE {pk} IN (SELECT {}.{pk} FROM {}{tail})",
            sub.root_alias(),
            sub.table_list()
        )
    }
}

/// Appends `"table"."col", ...` for every column of `meta`.
pub(crate) fn push_columns(out: &mut String, alias: &str, meta: &ModelMeta) {
    for (i, c) in meta.columns.iter().enumerate() {
        if i > 0 {
            out.push_str(", ");
        }
        out.push_str(alias);
        out.push('.');
        push_ident(out, c.column);
    }
}
