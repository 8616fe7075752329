//! [`Query`]: the builder and its SQL.

use std::fmt::Write as _;
use std::marker::PhantomData;
use std::sync::Arc;

use crate::Result;
use crate::handle::{ForeignKeyField, Path};
use crate::ident::push_ident;
use crate::meta::ModelMeta;
use crate::model::Model;
use crate::query::filter::{ColRef, Expr, Filter};
use crate::query::join::ExplicitJoins;
use crate::query::lock::{LockWait, RowLock};
use crate::query::order::OrderTerm;
use crate::query::order_spec::{OrderSpec, default_order, order_list};
use crate::query::render::Renderer;
use crate::query::value::Value;
use crate::relation::{JoinPlan, Prefetch, PrefetchOp, RelatedPlan, Strategy};
use crate::translation::{Fallback, Languages, TranslationCtx, TranslationSpec, is_label_key};

/// A query on model `M`, from `M::objects()`. Builder methods take and
/// return the query; nothing runs until an executing method (`all`,
/// `first`, `one`, `count`, `exists`, `update`, `delete`) is awaited.
///
/// ```no_run
/// # use orm_core::prelude::*;
/// # #[derive(Model, Debug)] #[orm(table = "crm_phone")]
/// # struct Phone { #[orm(primary_key, auto)] id: i64, number: String }
/// # #[derive(Model, Debug)] #[orm(table = "crm_contact")]
/// # struct Contact { #[orm(primary_key, auto)] id: i64, name: String, phones: ManyToMany<Phone> }
/// # async fn demo(db: &impl Executor) -> orm_core::Result<()> {
/// let contacts = Contact::objects()
///     .filter(Contact::NAME.starts_with("A"))
///     .exclude(Contact::ID.is_in([1, 2]))
///     .order_by(Contact::NAME.asc())
///     .limit(50)
///     .all(db)
///     .await?;
/// # Ok(()) }
/// ```
pub struct Query<M> {
    pub(crate) filter: Expr,
    pub(crate) order: Vec<OrderTerm<M>>,
    pub(crate) default_order: bool,
    pub(crate) limit: Option<i64>,
    pub(crate) offset: Option<i64>,
    pub(crate) lock: Option<(RowLock, LockWait)>,
    pub(crate) related: Vec<Path>,
    pub(crate) prefetch: Vec<Arc<dyn PrefetchOp<M>>>,
    pub(crate) translation: TranslationSpec,
    /// Explicit joins and the extra columns selected from them.
    pub(crate) explicit: ExplicitJoins,
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
            related: self.related.clone(),
            prefetch: self.prefetch.clone(),
            translation: self.translation.clone(),
            explicit: self.explicit.clone(),
            _marker: PhantomData,
        }
    }
}

impl<M: Model> std::fmt::Debug for Query<M> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.to_sql() {
            Ok(sql) => f
                .debug_struct("Query")
                .field("sql", &sql.sql)
                .field("params", &sql.params)
                .finish(),
            Err(e) => f.debug_struct("Query").field("error", &e).finish(),
        }
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
            related: Vec::new(),
            prefetch: Vec::new(),
            translation: TranslationSpec {
                languages: Vec::new(),
                fallback: Fallback::DEFAULT,
                only: None,
                except: Vec::new(),
                model: None,
            },
            explicit: ExplicitJoins::default(),
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

    /// Loads the object a foreign key points at in the same query (a JOIN:
    /// INNER for a NOT NULL key, LEFT for a nullable one). Reach it with
    /// `object.field.loaded()`. Chain keys for several levels:
    /// `select_related(Page::PARENT.then_key(Page::PARENT))` loads the
    /// parent and the grandparent.
    pub fn select_related<T: Model, K>(mut self, key: ForeignKeyField<M, T, K>) -> Self {
        self.related.push(key.path_to_target());
        self
    }

    /// Loads a collection (`ManyToMany` or `Reverse` field) of every
    /// object the query returns, without one query per object; see
    /// [`Prefetch`] for filters, ordering, per-parent limits, strategies
    /// and nesting. Reach it with `object.field.loaded()`.
    pub fn prefetch<T: Model>(mut self, prefetch: impl Into<Prefetch<M, T>>) -> Self {
        self.prefetch.push(Arc::new(prefetch.into()));
        self
    }

    /// Loads the text of every label foreign key (every key to a label
    /// model with translations) in `languages`: one language (`"ru"`) or a
    /// fallback chain (`["ru", "en"]`: per field, the first language with a
    /// text). One LEFT JOIN of the translations table per field (per
    /// language with [`Fallback::Coalesce`]), the language in its ON clause
    /// and bound once as a parameter, so rows without a translation are
    /// still returned and read `Ok(None)`. Read the text with
    /// `page.translation(Page::TITLE)?` or `page.title.text()?`; filter and
    /// order with `Page::TITLE.translated()`.
    pub fn translated(mut self, languages: impl Languages) -> Self {
        self.translation.languages = languages.into_languages();
        self
    }

    /// Like [`Query::translated`], naming the translations model `T`
    /// (needed when the label model has no `Reverse` field to it).
    pub fn translated_via<T: Model>(mut self, languages: impl Languages) -> Self {
        self.translation.model = Some(T::meta);
        self.translated(languages)
    }

    /// Translates only these fields (default: all label keys).
    pub fn translated_only<T: Model, K>(
        mut self,
        fields: impl IntoIterator<Item = ForeignKeyField<M, T, K>>,
    ) -> Self {
        self.translation.only = Some(fields.into_iter().map(|f| f.meta_index()).collect());
        self
    }

    /// Translates every label key except these fields.
    pub fn translated_except<T: Model, K>(
        mut self,
        fields: impl IntoIterator<Item = ForeignKeyField<M, T, K>>,
    ) -> Self {
        self.translation.except = fields.into_iter().map(|f| f.meta_index()).collect();
        self
    }

    /// Chooses how a fallback chain is resolved (default:
    /// [`Fallback::DEFAULT`]).
    pub fn fallback(mut self, fallback: Fallback) -> Self {
        self.translation.fallback = fallback;
        self
    }

    /// A renderer for this query (translation and explicit joins included).
    pub(crate) fn renderer(&self) -> Result<Renderer> {
        self.renderer_after(Vec::new())
    }

    /// A renderer whose parameters continue after `params` (bound first,
    /// e.g. an UPDATE's SET values).
    fn renderer_after(&self, params: Vec<Value>) -> Result<Renderer> {
        let mut r = Renderer::new(M::META);
        r.params = params;
        if !self.translation.languages.is_empty() {
            r.translation = Some(TranslationCtx::new(M::META, &self.translation)?);
        }
        self.explicit.render(&mut r);
        Ok(r)
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
    pub(crate) fn order_terms(&self) -> Vec<OrderSpec> {
        if !self.order.is_empty() || !self.default_order {
            return self.order.iter().map(OrderSpec::from).collect();
        }
        default_order::<M>()
    }

    /// Renders WHERE, ORDER BY, LIMIT, OFFSET into `r`; returns the clauses.
    pub(crate) fn render_tail(&self, r: &mut Renderer, with_order: bool) -> String {
        let parts = self.render_parts(r, with_order);
        format!("{}{}{}", parts.where_sql, parts.order_by(), parts.slice_sql)
    }

    fn render_parts(&self, r: &mut Renderer, with_order: bool) -> TailParts {
        let mut where_sql = String::new();
        if !matches!(self.filter, Expr::True) {
            where_sql.push_str(" WHERE ");
            r.expr(&self.filter, &mut where_sql);
        }
        let order = if with_order {
            order_list(r, &self.order_terms())
        } else {
            String::new()
        };
        let mut slice_sql = String::new();
        if let Some(n) = self.limit {
            let p = r.bind(Value::I64(n));
            let _ = write!(slice_sql, " LIMIT {p}");
        }
        if let Some(n) = self.offset {
            let p = r.bind(Value::I64(n));
            let _ = write!(slice_sql, " OFFSET {p}");
        }
        TailParts {
            where_sql,
            order,
            slice_sql,
        }
    }

    fn lock_sql(&self, r: &Renderer) -> String {
        let mut sql = String::new();
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
        sql
    }

    /// The `SELECT` this query runs: every column of `M` in metadata order,
    /// then the columns of `select_related` models and of LATERAL or
    /// joined collections.
    ///
    /// # Errors
    /// A prefetched relation's metadata is inconsistent (a through model
    /// lacking its named fields).
    pub fn to_sql(&self) -> Result<SqlText> {
        Ok(self.plan()?.sql)
    }

    /// Renders the statement and the positions needed to decode its rows.
    pub(crate) fn plan(&self) -> Result<Plan> {
        let mut r = self.renderer()?;
        let parts = self.render_parts(&mut r, true);
        let mut select = String::from("SELECT ");
        push_columns(&mut select, r.root_alias(), M::META);
        let mut offset = M::META.columns.len() + self.explicit.render_select(&mut r, &mut select);
        let mut related = RelatedPlan::new(&self.related);
        offset = related.select(&mut r, &mut select, offset);
        let mut texts = Vec::new();
        if let Some(label) = r.translation.as_ref().map(|t| t.label) {
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
                select.push_str(", ");
                select.push_str(&r.column(&col).0);
            }
        }
        let mut lateral = Vec::new();
        for (i, op) in self.prefetch.iter().enumerate() {
            if op.strategy() == Strategy::Lateral {
                select.push_str(", ");
                select.push_str(&op.lateral(&mut r, i)?);
                lateral.push((i, offset));
                offset += op.width();
            }
        }
        let joined: Vec<usize> = (0..self.prefetch.len())
            .filter(|&i| self.prefetch[i].strategy() == Strategy::Join)
            .collect();
        let lock = self.lock_sql(&r);
        r.check()?;
        if joined.is_empty() {
            let sql = format!(
                "{select} FROM {}{}{}{}{lock}",
                r.table_list(),
                parts.where_sql,
                parts.order_by(),
                parts.slice_sql
            );
            return Ok(Plan {
                sql: SqlText {
                    sql,
                    params: r.params,
                },
                related,
                texts,
                lateral,
                join: None,
            });
        }
        // Join strategy: the parent query (sliced, so LIMIT counts parents)
        // becomes a subquery aliased like the root table; the collections
        // are LEFT JOINed to it and rows regrouped by the parent's position.
        let root = r.root_alias().to_owned();
        let mut pk = String::new();
        push_ident(&mut pk, M::META.pk().column);
        let _ = write!(
            select,
            ", {root}.{pk} AS \"__orm_key\", row_number() OVER ({}) AS \"__orm_pos\"",
            parts.order_by().trim_start()
        );
        let inner = format!(
            "{select} FROM {}{}{}{}{lock}",
            r.table_list(),
            parts.where_sql,
            parts.order_by(),
            parts.slice_sql
        );
        let key_offset = offset;
        let pos_offset = offset + 1;
        offset += 2;
        let mut outer = Renderer::new(M::META);
        outer.take_params(&mut r);
        let parent_key = format!("{root}.\"__orm_key\"");
        let mut lists = String::new();
        let mut order = format!("{root}.\"__orm_pos\"");
        let mut ops = Vec::new();
        for i in joined {
            let list = self.prefetch[i].join(&mut outer, i, &parent_key)?;
            lists.push_str(", ");
            lists.push_str(&list);
            let _ = write!(order, ", \"__orm_c{i}\".\"__orm_rank\"");
            ops.push((i, offset));
            offset += self.prefetch[i].width();
        }
        let sql = format!(
            "SELECT {root}.*{lists} FROM ({inner}) AS {root}{} ORDER BY {order}",
            outer.joins_clause()
        );
        Ok(Plan {
            sql: SqlText {
                sql,
                params: outer.params,
            },
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
        let mut r = self.renderer()?;
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
        r.check()?;
        Ok(SqlText {
            sql,
            params: r.params,
        })
    }

    /// `SELECT EXISTS (...)` of the query.
    pub(crate) fn exists_sql(&self) -> Result<SqlText> {
        let mut r = self.renderer()?;
        let tail = self.render_tail(&mut r, false);
        r.check()?;
        Ok(SqlText {
            sql: format!("SELECT EXISTS (SELECT 1 FROM {}{tail})", r.table_list()),
            params: r.params,
        })
    }

    /// The WHERE clause selecting this query's rows for a bulk UPDATE or
    /// DELETE of the root table: the filter itself, or
    /// `pk IN (SELECT pk ...)` when joins or a slice are involved.
    pub(crate) fn target_rows(&self, r: &mut Renderer) -> Result<String> {
        let sliced = self.limit.is_some() || self.offset.is_some();
        let mut sub = self.renderer_after(std::mem::take(&mut r.params))?;
        let tail = self.render_tail(&mut sub, sliced);
        r.params = std::mem::take(&mut sub.params);
        sub.check()?;
        if !sliced && !sub.has_joins() {
            return Ok(tail);
        }
        let mut pk = String::new();
        push_ident(&mut pk, M::META.pk().column);
        Ok(format!(
            " WHERE {pk} IN (SELECT {}.{pk} FROM {}{tail})",
            sub.root_alias(),
            sub.table_list()
        ))
    }
}

/// The clauses after FROM, rendered separately.
struct TailParts {
    where_sql: String,
    order: String,
    slice_sql: String,
}

impl TailParts {
    fn order_by(&self) -> String {
        if self.order.is_empty() {
            String::new()
        } else {
            format!(" ORDER BY {}", self.order)
        }
    }
}

/// A rendered SELECT and where each part of a row starts.
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
