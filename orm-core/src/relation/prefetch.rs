//! `prefetch`: loading collections (many-to-many, reverse foreign keys).

use std::any::Any;
use std::collections::HashMap;
use std::future::Future;
use std::marker::PhantomData;
use std::pin::Pin;
use std::sync::Arc;

use crate::backend::{Row, RowSet};
use crate::executor::DynExecutor;
use crate::handle::{ManyToManyField, ReverseField};
use crate::ir::{self, OrderItem, SelectItem};
use crate::model::Model;
use crate::query::{Expr, Filter, OrderTerm, Param, Scope, SqlText, Value, param};
use crate::relation::link::Link;
use crate::render::postgres;
use crate::{Error, Result};

/// A boxed future, for recursion through models of different types.
pub(crate) type BoxFuture<'a, T> = Pin<Box<dyn Future<Output = T> + Send + 'a>>;

/// Type-erased per-parent groups of loaded children (`Vec<Vec<T>>`).
pub(crate) type Groups = Box<dyn Any + Send>;

/// How a collection is loaded. All strategies return identical results.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Strategy {
    /// One extra query per relation, `WHERE key = ANY($1)` with one array
    /// parameter; sibling relations are pipelined in one round trip.
    Batched,
    /// The parent query LEFT JOINs the children; rows are grouped back into
    /// parents. LIMIT/OFFSET still count parents.
    Join,
    /// One `LEFT JOIN LATERAL` per relation aggregating the children into
    /// arrays: one row per parent, no cartesian product, and the natural
    /// home of per-parent limits.
    Lateral,
}

impl Strategy {
    /// The strategy used when none is chosen: the one the benchmark in
    /// `docs/BENCHMARKS.md` measured fastest for the shape.
    pub const DEFAULT: Strategy = Strategy::Batched;
}

#[derive(Debug, Clone, Copy)]
enum Relation {
    ManyToMany(usize),
    Reverse(usize),
}

/// What to load for one collection of `M` holding `T`s: which relation,
/// which children (filter), in what order, how many per parent, how, and
/// what to load for the children in turn.
///
/// `query.prefetch(Contact::PHONES)` loads every phone; configure with
/// [`Prefetch::of`]:
///
/// ```
/// # use orm_core::prelude::*;
/// # #[derive(Model, Debug)] #[orm(table = "crm_phone")]
/// # struct Phone { #[orm(primary_key, auto)] id: i64, number: String }
/// # #[derive(Model, Debug)] #[orm(table = "crm_contact")]
/// # struct Contact { #[orm(primary_key, auto)] id: i64, name: String, phones: ManyToMany<Phone> }
/// let query = Contact::objects().prefetch(
///     Prefetch::of(Contact::PHONES)
///         .filter(Phone::NUMBER.starts_with("+44"))
///         .order_by(Phone::NUMBER.asc())
///         .limit(3)
///         .strategy(Strategy::Lateral),
/// );
/// assert!(query.to_sql()?.sql.contains("LEFT JOIN LATERAL"));
/// # Ok::<(), orm_core::Error>(())
/// ```
pub struct Prefetch<M, T> {
    relation: Relation,
    /// Stores a parent's loaded children in its field.
    set: fn(&mut M, Vec<T>),
    filter: Expr,
    order: Vec<OrderTerm<T>>,
    limit: Option<i64>,
    strategy: Option<Strategy>,
    nested: Vec<Arc<dyn PrefetchOp<T>>>,
    _parent: PhantomData<fn() -> M>,
}

impl<M, T> std::fmt::Debug for Prefetch<M, T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Prefetch")
            .field("relation", &self.relation)
            .field("limit", &self.limit)
            .field("strategy", &self.strategy)
            .field("nested", &self.nested.len())
            .finish()
    }
}

impl<M: Model, T: Model> From<ManyToManyField<M, T>> for Prefetch<M, T> {
    fn from(field: ManyToManyField<M, T>) -> Self {
        Prefetch::new(Relation::ManyToMany(field.index), field.set)
    }
}

impl<M: Model, T: Model> From<ReverseField<M, T>> for Prefetch<M, T> {
    fn from(field: ReverseField<M, T>) -> Self {
        Prefetch::new(Relation::Reverse(field.index), field.set)
    }
}

impl<M: Model, T: Model> Prefetch<M, T> {
    fn new(relation: Relation, set: fn(&mut M, Vec<T>)) -> Self {
        Prefetch {
            relation,
            set,
            filter: Expr::True,
            order: Vec::new(),
            limit: None,
            strategy: None,
            nested: Vec::new(),
            _parent: PhantomData,
        }
    }

    /// Starts configuring the loading of `relation` (a `ManyToMany` or
    /// `Reverse` handle).
    pub fn of(relation: impl Into<Prefetch<M, T>>) -> Self {
        relation.into()
    }

    /// Loads only the children matching `filter`. The condition goes into
    /// the child query (or the join's ON side), never the parent's WHERE:
    /// parents without matching children are still returned.
    pub fn filter(mut self, filter: Filter<T>) -> Self {
        self.filter = Filter::<T>::new(self.filter).and(filter).expr;
        self
    }

    /// Orders each parent's children (default: `T`'s default ordering).
    pub fn order_by(mut self, term: OrderTerm<T>) -> Self {
        self.order.push(term);
        self
    }

    /// At most `n` children per parent (the first `n` in the child order).
    pub fn limit(mut self, n: u64) -> Self {
        self.limit = Some(i64::try_from(n).unwrap_or(i64::MAX));
        self
    }

    /// Chooses how the collection is loaded (default: [`Strategy::DEFAULT`]).
    pub fn strategy(mut self, strategy: Strategy) -> Self {
        self.strategy = Some(strategy);
        self
    }

    /// Also loads a collection of the children (nested prefetch).
    pub fn prefetch<U: Model>(mut self, nested: impl Into<Prefetch<T, U>>) -> Self {
        self.nested.push(Arc::new(nested.into()));
        self
    }

    pub(crate) fn per_parent_limit(&self) -> Option<i64> {
        self.limit
    }

    fn link(&self) -> Result<Link> {
        match self.relation {
            Relation::ManyToMany(i) => Link::many_to_many(M::META, i),
            Relation::Reverse(i) => Link::reverse(M::META, i),
        }
    }

    fn relation_name(&self) -> String {
        match self.relation {
            Relation::ManyToMany(i) => M::META.many_to_many.get(i).map(|m| m.field),
            Relation::Reverse(i) => M::META.reverse.get(i).map(|m| m.field),
        }
        .map_or_else(
            || M::META.name.to_owned(),
            |f| format!("{}.{f}", M::META.name),
        )
    }

    /// The child ordering: explicit terms, else `T`'s default ordering.
    pub(crate) fn order_terms(&self) -> Vec<crate::query::OrderSpec> {
        if self.order.is_empty() {
            crate::query::default_order::<T>()
        } else {
            self.order.iter().map(|t| t.spec.clone()).collect()
        }
    }

    /// The child filter and ordering, built in `s` (rooted at `T`).
    pub(crate) fn child_parts(&self, s: &mut Scope) -> (Option<ir::Expr>, Vec<OrderItem>) {
        let filter = match &self.filter {
            Expr::True => None,
            f => Some(s.expr(f)),
        };
        let order = s.order(&self.order_terms());
        (filter, order)
    }

    fn store(&self, parent: &mut M, children: Vec<T>) -> Result<()> {
        (self.set)(parent, children);
        Ok(())
    }

    /// Loads the children's own collections, then stores each group in its
    /// parent.
    async fn finish(
        &self,
        exec: &dyn DynExecutor,
        parents: &mut [M],
        groups: Vec<Vec<T>>,
    ) -> Result<()> {
        if self.nested.is_empty() {
            for (parent, children) in parents.iter_mut().zip(groups) {
                self.store(parent, children)?;
            }
            return Ok(());
        }
        let lengths: Vec<usize> = groups.iter().map(Vec::len).collect();
        let mut flat: Vec<T> = Vec::with_capacity(lengths.iter().sum());
        flat.extend(groups.into_iter().flatten());
        load_batched(exec, &mut flat, &self.nested).await?;
        for op in &self.nested {
            if op.strategy() != Strategy::Batched {
                // Join and lateral children of children load batched:
                // the children are not fetched by a query of their own.
                op.load_as_batched(exec, &mut flat).await?;
            }
        }
        let mut rest = flat.into_iter();
        for (parent, len) in parents.iter_mut().zip(lengths) {
            let children: Vec<T> = rest.by_ref().take(len).collect();
            self.store(parent, children)?;
        }
        Ok(())
    }
}

/// One prefetch, with the child type erased, as a query keeps it.
pub(crate) trait PrefetchOp<M>: Send + Sync {
    /// The strategy in force.
    fn strategy(&self) -> Strategy;

    /// Batched: the child statement for the parents' keys (one array).
    fn batched_sql(&self, keys: Param) -> Result<SqlText>;

    /// Batched: decodes the child rows, loads nested collections, stores
    /// the children in their parents.
    fn load_batched<'a>(
        &'a self,
        exec: &'a dyn DynExecutor,
        parents: &'a mut [M],
        rows: RowSet,
    ) -> BoxFuture<'a, Result<()>>;

    /// Runs this prefetch batched on parents loaded by other means.
    fn load_as_batched<'a>(
        &'a self,
        exec: &'a dyn DynExecutor,
        parents: &'a mut [M],
    ) -> BoxFuture<'a, Result<()>>;

    /// Lateral: adds the LATERAL join to `r` and returns the select list.
    fn lateral(&self, s: &mut Scope, n: usize) -> Result<Vec<SelectItem>>;

    /// Join: adds the LEFT JOIN of the children to `r` (whose root is the
    /// wrapped parent query) and returns the select list.
    fn join(&self, s: &mut Scope, n: usize, parent_key: &ir::Expr) -> Result<Vec<SelectItem>>;

    /// How many columns the lateral or join select list has.
    fn width(&self) -> usize;

    /// Empty groups for `parents` parents.
    fn new_groups(&self, parents: usize) -> Groups;

    /// Lateral: decodes the children of one parent row.
    fn decode_lateral(&self, row: &dyn Row, offset: usize, groups: &mut Groups) -> Result<()>;

    /// Join: decodes the child on a joined row into the last group;
    /// `new_parent` starts a new group.
    fn decode_joined(
        &self,
        row: &dyn Row,
        offset: usize,
        groups: &mut Groups,
        new_parent: bool,
    ) -> Result<()>;

    /// Lateral and join: loads nested collections and stores the groups.
    fn finish_groups<'a>(
        &'a self,
        exec: &'a dyn DynExecutor,
        parents: &'a mut [M],
        groups: Groups,
    ) -> BoxFuture<'a, Result<()>>;
}

fn groups_mut<T: 'static>(groups: &mut Groups) -> Result<&mut Vec<Vec<T>>> {
    groups
        .downcast_mut::<Vec<Vec<T>>>()
        .ok_or_else(|| Error::invalid_input("prefetch groups of another type"))
}

impl<M: Model, T: Model> PrefetchOp<M> for Prefetch<M, T> {
    fn strategy(&self) -> Strategy {
        self.strategy.unwrap_or(Strategy::DEFAULT)
    }

    fn batched_sql(&self, keys: Param) -> Result<SqlText> {
        let select = crate::relation::batched::child_select(self, &self.link()?, keys, self.limit)?;
        Ok(postgres::render_select(&select))
    }

    fn load_batched<'a>(
        &'a self,
        exec: &'a dyn DynExecutor,
        parents: &'a mut [M],
        rows: RowSet,
    ) -> BoxFuture<'a, Result<()>> {
        Box::pin(async move {
            let mut groups: Vec<Vec<T>> = (0..parents.len()).map(|_| Vec::new()).collect();
            if !rows.is_empty() {
                let index = ParentIndex::new(parents);
                let key_meta = M::META.pk();
                for row in rows.iter() {
                    let key: M::Key = crate::model::decode_column(row, 0, key_meta)?;
                    for i in index.positions(&key) {
                        groups[i].push(T::decode(row, 1)?);
                    }
                }
            }
            self.finish(exec, parents, groups).await
        })
    }

    fn load_as_batched<'a>(
        &'a self,
        exec: &'a dyn DynExecutor,
        parents: &'a mut [M],
    ) -> BoxFuture<'a, Result<()>> {
        Box::pin(async move {
            if parents.is_empty() {
                return Ok(());
            }
            let keys: Vec<M::Key> = unique_keys(parents);
            let sql = self.batched_sql(param(Value::array(keys)))?;
            let mut results = exec.pipelined(std::slice::from_ref(&sql)).await?;
            let rows = results.pop().unwrap_or_default();
            self.load_batched(exec, parents, rows).await
        })
    }

    fn lateral(&self, s: &mut Scope, n: usize) -> Result<Vec<SelectItem>> {
        crate::relation::lateral::lateral_items(self, &self.link()?, s, n, self.limit)
    }

    fn join(&self, s: &mut Scope, n: usize, parent_key: &ir::Expr) -> Result<Vec<SelectItem>> {
        crate::relation::join::join_items(self, &self.link()?, s, n, parent_key)
    }

    fn width(&self) -> usize {
        T::META.columns.len()
    }

    fn new_groups(&self, parents: usize) -> Groups {
        Box::new(Vec::<Vec<T>>::with_capacity(parents))
    }

    fn decode_lateral(&self, row: &dyn Row, offset: usize, groups: &mut Groups) -> Result<()> {
        let children = T::__decode_arrays(row, offset)?;
        groups_mut::<T>(groups)?.push(children);
        Ok(())
    }

    fn decode_joined(
        &self,
        row: &dyn Row,
        offset: usize,
        groups: &mut Groups,
        new_parent: bool,
    ) -> Result<()> {
        let groups = groups_mut::<T>(groups)?;
        if new_parent || groups.is_empty() {
            groups.push(Vec::new());
        }
        let pk = offset + T::META.primary_key;
        if !crate::model::is_present(row, pk) {
            return Ok(());
        }
        let child = T::decode(row, offset)?;
        if let Some(group) = groups.last_mut() {
            // Two joined collections multiply rows; keep each child once.
            if !group.iter().any(|c| c.key() == child.key()) {
                group.push(child);
            }
        }
        Ok(())
    }

    fn finish_groups<'a>(
        &'a self,
        exec: &'a dyn DynExecutor,
        parents: &'a mut [M],
        mut groups: Groups,
    ) -> BoxFuture<'a, Result<()>> {
        Box::pin(async move {
            let groups = std::mem::take(groups_mut::<T>(&mut groups)?);
            if groups.len() != parents.len() {
                return Err(Error::invalid_input(format!(
                    "prefetch of {} decoded {} groups for {} parents",
                    self.relation_name(),
                    groups.len(),
                    parents.len()
                )));
            }
            self.finish(exec, parents, groups).await
        })
    }
}

/// Where each parent key sits among the parents, without an allocation per
/// parent: the first position in a map, further positions of the same key
/// (a child shared by several parents at a nested level) chained in `next`.
struct ParentIndex<'a, K> {
    first: HashMap<&'a K, usize>,
    next: Vec<usize>,
}

impl<'a, K: Eq + std::hash::Hash> ParentIndex<'a, K> {
    fn new<M: Model<Key = K>>(parents: &'a [M]) -> Self {
        let mut first = HashMap::with_capacity(parents.len());
        let mut next = vec![usize::MAX; parents.len()];
        let mut last: Vec<usize> = Vec::new();
        for (i, p) in parents.iter().enumerate() {
            match first.get(p.key()) {
                None => {
                    first.insert(p.key(), i);
                }
                Some(&head) => {
                    // Append to the chain (keeps parent order); `last`
                    // remembers each chain's tail.
                    if last.is_empty() {
                        last = (0..parents.len()).collect();
                    }
                    let tail = last[head];
                    next[tail] = i;
                    last[head] = i;
                }
            }
        }
        ParentIndex { first, next }
    }

    /// Every position of `key` among the parents, in order.
    fn positions(&self, key: &K) -> impl Iterator<Item = usize> + '_ {
        let mut at = self.first.get(key).copied();
        std::iter::from_fn(move || {
            let here = at?;
            at = self.next.get(here).copied().filter(|&n| n != usize::MAX);
            Some(here)
        })
    }
}

fn unique_keys<M: Model>(parents: &[M]) -> Vec<M::Key> {
    let mut seen = std::collections::HashSet::with_capacity(parents.len());
    let mut keys = Vec::with_capacity(parents.len());
    for p in parents {
        if seen.insert(p.key()) {
            keys.push(p.key().clone());
        }
    }
    keys
}

/// Loads every batched prefetch of `ops` into `parents`: the child
/// statements of all of them are sent together (one round trip), then each
/// one's nested prefetches run.
pub(crate) fn load_batched<'a, M: Model>(
    exec: &'a dyn DynExecutor,
    parents: &'a mut [M],
    ops: &'a [Arc<dyn PrefetchOp<M>>],
) -> BoxFuture<'a, Result<()>> {
    Box::pin(async move {
        let batched: Vec<&Arc<dyn PrefetchOp<M>>> = ops
            .iter()
            .filter(|o| o.strategy() == Strategy::Batched)
            .collect();
        if batched.is_empty() || parents.is_empty() {
            return Ok(());
        }
        let keys = param(Value::array(unique_keys(parents)));
        let statements = batched
            .iter()
            .map(|op| op.batched_sql(keys.clone()))
            .collect::<Result<Vec<_>>>()?;
        let results = exec.pipelined(&statements).await?;
        for (op, rows) in batched.into_iter().zip(results) {
            op.load_batched(exec, parents, rows).await?;
        }
        Ok(())
    })
}
