//! Explicit joins: [`Join`] handles, their ON clauses ([`JoinOn`]) and how
//! a query renders them.
//!
//! A join is identified by a handle, not by a name: `Join::left::<Phone>()`
//! takes a fresh identity, its columns ([`JoinColumn`]) remember it, and the
//! query gives each join its alias when it renders (`"j1"`, `"j2"`, ... in
//! the order the joins were added, or the caller's alias, quoted). Rendering
//! the same query twice yields the same SQL text, so statements stay
//! cacheable.

use std::marker::PhantomData;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use crate::handle::Column;
use crate::model::Model;
use crate::query::expr::{Expr, Filter, Op, Test};
use crate::query::join_column::{ColumnRef, JoinColumn};
use crate::query::operand::{JoinedCol, Marker, Operand};

/// The join target of a [`Join`] made from a table name
/// ([`Join::left_table`], [`Join::inner_table`]) rather than a model: a
/// junction table, or any table the models do not describe. Its columns
/// are named with [`Join::col`].
#[derive(Debug)]
pub enum Table {}

pub(crate) mod sealed {
    /// Implemented only in this crate.
    pub trait Sealed {}
}

/// The kind of a join, at the type level: [`Inner`] or [`Left`]. It
/// decides what a joined column decodes to.
pub trait JoinKind: sealed::Sealed + Send + Sync + 'static {
    /// What a column of Rust type `U` of the joined table decodes to:
    /// `U` for an INNER JOIN, `Option<U>` for a LEFT JOIN (no joined row
    /// reads `None`).
    type Value<U>;
    /// True for `LEFT JOIN`.
    const LEFT: bool;
}

/// `INNER JOIN`: rows without a match are dropped.
#[derive(Debug)]
pub enum Inner {}

/// `LEFT JOIN`: every row of the query is kept; without a match the joined
/// columns read `None`.
#[derive(Debug)]
pub enum Left {}

impl sealed::Sealed for Inner {}
impl sealed::Sealed for Left {}

impl JoinKind for Inner {
    type Value<U> = U;
    const LEFT: bool = false;
}

impl JoinKind for Left {
    type Value<U> = Option<U>;
    const LEFT: bool = true;
}

static NEXT_JOIN: AtomicU64 = AtomicU64::new(1);

/// A table joined explicitly into a query on model `M`: the model `T` (or
/// [`Table`] for a table named by string), joined as `K` ([`Inner`] or
/// [`Left`]).
///
/// Build the handle, take its columns ([`Join::column`] for a model's
/// typed columns, [`Join::col`] for any column by name), say how it
/// attaches ([`Join::on`], [`Join::on_filter`]) and add it with
/// [`Query::join`](crate::Query::join). Its columns can then be compared in ON clauses of later
/// joins, in [`Query::filter`](crate::Query::filter), and selected into a typed tuple with
/// [`Query::select_extra`](crate::Query::select_extra).
///
/// Every name (table, alias, column) is quoted by
/// [`quote_ident`](crate::quote_ident); every value is a bound parameter.
///
/// ```
/// use orm_core::prelude::*;
///
/// #[derive(Model, Debug, Clone)]
/// #[orm(table = "crm_phone")]
/// pub struct Phone {
///     #[orm(primary_key, auto)]
///     pub id: i64,
///     pub number: String,
/// }
///
/// #[derive(Model, Debug, Clone)]
/// #[orm(table = "crm_contact")]
/// pub struct Contact {
///     #[orm(primary_key, auto)]
///     pub id: i64,
///     pub name: String,
///     pub phones: ManyToMany<Phone>,
/// }
///
/// # fn main() -> orm_core::Result<()> {
/// // The junction table and its columns come from the metadata.
/// let junction = Contact::PHONES
///     .meta()
///     .junction()
///     .ok_or_else(|| orm_core::Error::invalid_input("no junction"))?;
/// let link = Join::left_table(junction.table);
/// let phone = Join::left::<Phone>();
/// let listing = Contact::objects()
///     .join(link.on(link.col::<i64>(junction.source_column), Contact::ID))
///     .join(
///         phone
///             .on(phone.column(Phone::ID), link.col::<i64>(junction.target_column))
///             // stays in the ON clause: contacts without such a phone remain
///             .and(phone.column(Phone::NUMBER).starts_with("+44")),
///     )
///     .select_extra(phone.column(Phone::NUMBER));
/// assert_eq!(
///     listing.to_sql()?.sql,
///     r#"SELECT "crm_contact"."id", "crm_contact"."name", "j2"."number" FROM "crm_contact" LEFT JOIN "crm_contact_phones" AS "j1" ON "j1"."contact_id" = "crm_contact"."id" LEFT JOIN "crm_phone" AS "j2" ON "j2"."id" = "j1"."phone_id" AND "j2"."number" LIKE $1"#
/// );
///
/// // Run it: one statement, every contact at least once, with its number
/// // or None.
/// async fn print(db: &impl Executor, listing: &orm_core::ExtraQuery<Contact, Option<String>>)
///     -> orm_core::Result<()> {
///     for (contact, number) in listing.all(db).await? {
///         println!("{}: {}", contact.name, number.as_deref().unwrap_or("-"));
///     }
///     Ok(())
/// }
/// # Ok(())
/// # }
/// ```
pub struct Join<M, T = Table, K = Inner> {
    id: u64,
    table: Arc<str>,
    alias: Option<Arc<str>>,
    _marker: Marker<M, T, K>,
}

impl<M, T, K> Clone for Join<M, T, K> {
    fn clone(&self) -> Self {
        Join {
            id: self.id,
            table: Arc::clone(&self.table),
            alias: self.alias.clone(),
            _marker: PhantomData,
        }
    }
}

impl<M, T, K: JoinKind> std::fmt::Debug for Join<M, T, K> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Join")
            .field("table", &self.table)
            .field("alias", &self.alias)
            .field("left", &K::LEFT)
            .finish()
    }
}

impl<M> Join<M> {
    fn with_table<T, K>(table: &str) -> Join<M, T, K> {
        Join {
            id: NEXT_JOIN.fetch_add(1, Ordering::Relaxed),
            table: Arc::from(table),
            alias: None,
            _marker: PhantomData,
        }
    }

    /// `INNER JOIN` of model `T`'s table.
    pub fn inner<T: Model>() -> Join<M, T, Inner> {
        Join::with_table(T::META.table)
    }

    /// `LEFT JOIN` of model `T`'s table: its columns decode to `Option`.
    pub fn left<T: Model>() -> Join<M, T, Left> {
        Join::with_table(T::META.table)
    }

    /// `INNER JOIN` of the table named `table` (quoted, never spliced).
    pub fn inner_table(table: &str) -> Join<M, Table, Inner> {
        Join::with_table(table)
    }

    /// `LEFT JOIN` of the table named `table` (quoted, never spliced): e.g.
    /// a many-to-many junction, `Contact::PHONES.meta().junction()`.
    pub fn left_table(table: &str) -> Join<M, Table, Left> {
        Join::with_table(table)
    }
}

impl<M, T, K> Join<M, T, K> {
    /// Names the join `alias` (quoted) instead of the automatic `"j<n>"`.
    /// Aliases must differ from each other and from the query's table;
    /// `T<n>`, `tr<n>` and names starting with `__orm` are reserved for the
    /// ORM's own joins. Breaking either rule makes the query fail with
    /// [`Error::is_invalid_input`](crate::Error::is_invalid_input) before
    /// anything is sent.
    pub fn alias(mut self, alias: &str) -> Self {
        self.alias = Some(Arc::from(alias));
        self
    }

    /// The column named `name` of the joined table (quoted when rendered),
    /// holding values of type `U`; selected, it decodes to
    /// `K::Value<U>` (`Option<U>` for a LEFT JOIN).
    pub fn col<U>(&self, name: &str) -> JoinColumn<M, U, K> {
        JoinColumn::new(JoinedCol {
            join: self.id,
            name: Arc::from(name),
            problem: None,
        })
    }

    /// Joins where column `a` equals column `b`: `ON a = b`. Either may be
    /// a column of this join, of an earlier join, or of the query's model
    /// (`Contact::ID`, also through foreign keys). Add more conditions with
    /// [`JoinOn::on`] and [`JoinOn::and`].
    pub fn on(&self, a: impl Into<ColumnRef<M>>, b: impl Into<ColumnRef<M>>) -> JoinOn<M>
    where
        K: JoinKind,
    {
        self.on_filter(equal(a.into(), b.into()))
    }

    /// Joins where `condition` holds: any filter on the query's model and
    /// the joins' columns, values bound as parameters
    /// (`Filter::all([])` for `ON TRUE`).
    pub fn on_filter(&self, condition: Filter<M>) -> JoinOn<M>
    where
        K: JoinKind,
    {
        JoinOn {
            spec: JoinSpec {
                id: self.id,
                table: Arc::clone(&self.table),
                alias: self.alias.clone(),
                left: K::LEFT,
                on: condition.expr,
            },
            _marker: PhantomData,
        }
    }
}

impl<M, T: Model, K> Join<M, T, K> {
    /// The joined model's column `column` (e.g. `Phone::NUMBER`); selected,
    /// it decodes to `K::Value<U>` (`Option<U>` for a LEFT JOIN). A column
    /// reached through a foreign key or translated is refused when the
    /// query renders.
    pub fn column<U>(&self, column: Column<T, U>) -> JoinColumn<M, U, K> {
        let problem = if column.depth() > 0 || column.translated {
            Some("a joined model's column must be its own (no foreign key path, not translated)")
        } else {
            None
        };
        JoinColumn::new(JoinedCol {
            join: self.id,
            name: Arc::from(column.meta().column),
            problem,
        })
    }
}

/// `a = b` as a filter.
fn equal<M>(a: ColumnRef<M>, b: ColumnRef<M>) -> Filter<M> {
    Filter::new(Expr::Test(
        Box::new(a.operand),
        Test::Column(Op::Eq, Box::new(b.operand)),
    ))
}

/// A join with its ON clause, ready for [`Query::join`](crate::Query::join).
pub struct JoinOn<M> {
    pub(crate) spec: JoinSpec,
    _marker: PhantomData<fn() -> M>,
}

impl<M> Clone for JoinOn<M> {
    fn clone(&self) -> Self {
        JoinOn {
            spec: self.spec.clone(),
            _marker: PhantomData,
        }
    }
}

impl<M> std::fmt::Debug for JoinOn<M> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("JoinOn")
            .field("table", &self.spec.table)
            .field("alias", &self.spec.alias)
            .field("left", &self.spec.left)
            .finish_non_exhaustive()
    }
}

impl<M> JoinOn<M> {
    /// Also requires column `a` to equal column `b` (`AND a = b`).
    pub fn on(self, a: impl Into<ColumnRef<M>>, b: impl Into<ColumnRef<M>>) -> Self {
        self.and(equal(a.into(), b.into()))
    }

    /// Also requires `condition` (`AND ...`), in the ON clause: for a LEFT
    /// JOIN it decides which rows are joined, never which rows of the
    /// query are returned.
    pub fn and(mut self, condition: Filter<M>) -> Self {
        let on = std::mem::replace(&mut self.spec.on, Expr::True);
        self.spec.on = Filter::<M>::new(on).and(condition).expr;
        self
    }
}

/// A join without its static types, as a query keeps it.
#[derive(Clone)]
pub(crate) struct JoinSpec {
    pub(crate) id: u64,
    pub(crate) table: Arc<str>,
    pub(crate) alias: Option<Arc<str>>,
    pub(crate) left: bool,
    pub(crate) on: Expr,
}

/// True for the aliases the ORM names its own joins with: `T<n>`, `tr<n>`
/// and anything starting with `__orm`.
pub(crate) fn is_reserved_alias(alias: &str) -> bool {
    let numbered = |prefix: &str| {
        alias
            .strip_prefix(prefix)
            .is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
    };
    numbered("T") || numbered("tr") || alias.starts_with("__orm")
}

/// The explicit joins of a query and the extra columns it selects.
#[derive(Clone, Default)]
pub(crate) struct ExplicitJoins {
    pub(crate) joins: Vec<JoinSpec>,
    pub(crate) select: Vec<Operand>,
}
