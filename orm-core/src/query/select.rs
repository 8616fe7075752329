//! [`Query`]: the builder and its SQL.

use std::marker::PhantomData;
use std::sync::Arc;

use crate::handle::{ForeignKeyField, Path};
use crate::model::Model;
use crate::query::expr::{Expr, Filter};
use crate::query::join::{ExplicitJoins, JoinOn};
use crate::query::lock::{LockWait, RowLock};
use crate::query::operand::Operand;
use crate::query::order::{OrderSpec, OrderTerm, default_order};
use crate::query::value::Value;
use crate::query::values::Columns;
use crate::relation::{Prefetch, PrefetchOp};
use crate::translation::{Fallback, Languages, TranslationSpec};

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
    /// `SELECT DISTINCT`.
    pub(crate) distinct: bool,
    /// `SELECT DISTINCT ON (...)`.
    pub(crate) distinct_on: Vec<Operand>,
    /// `GROUP BY` of a values query.
    pub(crate) group_by: Vec<Operand>,
    /// `HAVING` of a values query.
    pub(crate) having: Expr,
    /// Keyset pagination's starting row.
    pub(crate) keyset: Option<crate::query::page::Keyset>,
    /// A tree restriction (`descendants_of`, `ancestors_of`).
    pub(crate) tree: Option<crate::query::tree::TreeSpec>,
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
            distinct: self.distinct,
            distinct_on: self.distinct_on.clone(),
            group_by: self.group_by.clone(),
            having: self.having.clone(),
            keyset: self.keyset.clone(),
            tree: self.tree.clone(),
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
            distinct: false,
            distinct_on: Vec::new(),
            group_by: Vec::new(),
            having: Expr::True,
            keyset: None,
            tree: None,
            _marker: PhantomData,
        }
    }

    /// Keeps the rows matching `filter` (ANDed with earlier filters).
    pub fn filter(mut self, filter: Filter<M>) -> Self {
        self.filter = Filter::<M>::new(self.filter).and(filter).expr;
        self
    }

    /// `SELECT DISTINCT`: drops duplicate rows (an explicit join or a
    /// relation filter can repeat an object; in [`Query::values`], equal
    /// tuples).
    pub fn distinct(mut self) -> Self {
        self.distinct = true;
        self
    }

    /// `SELECT DISTINCT ON (columns)`: keeps the first row of each group of
    /// rows with equal `columns`, "first" by the ordering, which must start
    /// with the same columns (PostgreSQL's rule): the newest row per key
    /// is `.distinct_on(K).order_by(K.asc()).order_by(T.desc())`.
    pub fn distinct_on(mut self, columns: impl Columns<M>) -> Self {
        self.distinct_on = columns.__operands();
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
        let terms = if !self.order.is_empty() || !self.default_order {
            self.order.iter().map(|t| t.spec.clone()).collect()
        } else {
            default_order::<M>()
        };
        self.with_key_order(terms)
    }

    /// Adds an explicit join (built with [`Join`](crate::Join)): `INNER
    /// JOIN` or `LEFT JOIN`, in the order added (a join the ORM adds for a
    /// foreign key path its ON clause uses comes just before it). Every
    /// statement of the query (`all`, `count`, `exists`, `update`,
    /// `delete`) includes it.
    ///
    /// Conditions on a LEFT-joined table belong in its ON clause
    /// ([`JoinOn::and`](crate::JoinOn::and)): in [`Query::filter`] they
    /// would drop the rows without a match, turning the LEFT JOIN into an
    /// INNER JOIN. A join that matches several rows repeats the row of `M`
    /// once per match.
    pub fn join(mut self, join: JoinOn<M>) -> Self {
        self.explicit.joins.push(join.spec);
        self
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
