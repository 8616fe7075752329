//! Writing and asking many-to-many relations through their handle:
//! `Contact::PHONES.add(&db, &ann, &phone)`. Every call is one statement,
//! so each is atomic on its own; symmetric relations write and delete both
//! directions in that one statement.

use crate::executor::Executor;
use crate::handle::ManyToManyField;
use crate::ir::{
    self, Cte, Delete, Func, Insert, InsertSource, Name, OnConflict, OrderItem, Select, SelectItem,
    Source, Statement,
};
use crate::meta::Junction;
use crate::model::{Model, decode_value};
use crate::query::{Assignment, Expr, Filter, Param, SqlText, Value, param};
use crate::render::postgres::render_with_slots;
use crate::value::ToValue;
use crate::{Error, Result};

/// Objects given as the targets of a many-to-many call: `&obj`,
/// `[&a, &b]`, `&[obj]`, `&Vec<obj>` or `Vec<&obj>`.
pub trait Targets<'a, T: Model> {
    /// The targets' keys.
    ///
    /// # Errors
    /// [`Error::is_invalid_input`] when a target was not saved yet.
    fn keys(self) -> Result<Vec<T::Key>>;
}

fn key_of<T: Model>(object: &T) -> Result<T::Key> {
    if object.has_key() {
        Ok(object.key().clone())
    } else {
        Err(Error::invalid_input(format!(
            "cannot relate an unsaved {}: insert it first",
            T::META.name
        )))
    }
}

impl<'a, T: Model> Targets<'a, T> for &'a T {
    fn keys(self) -> Result<Vec<T::Key>> {
        Ok(vec![key_of(self)?])
    }
}

impl<'a, T: Model> Targets<'a, T> for &'a [T] {
    fn keys(self) -> Result<Vec<T::Key>> {
        self.iter().map(key_of).collect()
    }
}

impl<'a, T: Model> Targets<'a, T> for &'a Vec<T> {
    fn keys(self) -> Result<Vec<T::Key>> {
        self.iter().map(key_of).collect()
    }
}

impl<'a, T: Model> Targets<'a, T> for Vec<&'a T> {
    fn keys(self) -> Result<Vec<T::Key>> {
        self.into_iter().map(key_of).collect()
    }
}

impl<'a, T: Model, const N: usize> Targets<'a, T> for [&'a T; N] {
    fn keys(self) -> Result<Vec<T::Key>> {
        self.into_iter().map(key_of).collect()
    }
}

/// The resolved names a statement needs.
struct Names {
    table: &'static str,
    source: &'static str,
    target: &'static str,
    source_type: &'static str,
    target_type: &'static str,
}

impl Names {
    fn source(&self) -> ir::Expr {
        ir::Expr::bare(self.source)
    }

    fn target(&self) -> ir::Expr {
        ir::Expr::bare(self.target)
    }
}

/// `SELECT DISTINCT <items> FROM <from> ORDER BY 1, 2`: the pairs to
/// insert, in a fixed order so concurrent writers do not deadlock.
fn distinct_pairs(items: Vec<SelectItem>, from: Source) -> Select {
    let mut select = Select::from(from, items);
    select.distinct = true;
    select.order = vec![
        OrderItem::asc(ir::Expr::Int(1)),
        OrderItem::asc(ir::Expr::Int(2)),
    ];
    select
}

/// `unnest(<arrays>) AS "u"(<columns>)`.
fn unnest(arrays: Vec<ir::Expr>, columns: &[&'static str]) -> Source {
    Source::Function {
        call: ir::Expr::call(Func::Unnest, arrays),
        alias: Name::Borrowed("u"),
        columns: columns.iter().map(|c| Name::Borrowed(*c)).collect(),
    }
}

fn col(table: &'static str, column: &'static str) -> SelectItem {
    SelectItem::expr(ir::Expr::column(table, column))
}

fn render(statement: Statement, slots: usize) -> SqlText {
    render_with_slots(&statement, slots)
}

impl<M: Model, T: Model> ManyToManyField<M, T> {
    fn junction_names(&self) -> Result<Names> {
        let meta = self.meta();
        let Junction {
            table,
            source_column,
            target_column,
        } = meta.junction().ok_or_else(|| {
            Error::schema(vec![format!(
                "{}.{}: the through model lacks the named source or target field",
                M::META.name,
                meta.field
            )])
        })?;
        Ok(Names {
            table,
            source: source_column,
            target: target_column,
            source_type: M::META.pk().sql_type,
            target_type: T::META.pk().sql_type,
        })
    }

    fn symmetrical(&self) -> bool {
        self.meta().symmetrical
    }

    /// Relates `source` to every target; pairs already present are left
    /// alone (idempotent). On a symmetric relation both directions are
    /// written; a self-link is one row.
    ///
    /// # Errors
    /// [`Error::is_invalid_input`] for an unsaved object (nothing written);
    /// [`Error::is_foreign_key_violation`] for a key with no row (nothing
    /// written).
    pub async fn add<'a>(
        &self,
        exec: &impl Executor,
        source: &M,
        targets: impl Targets<'a, T>,
    ) -> Result<u64>
    where
        T: 'a,
    {
        let targets = targets.keys()?;
        let sources = vec![key_of(source)?; targets.len()];
        self.write(exec, sources, targets, Vec::new()).await
    }

    /// Relates every (source, target) pair, for any number of sources, in
    /// ONE statement (the keys travel as two array parameters); pairs
    /// already present are left alone. On a symmetric relation both
    /// directions are written. Seeding fifty books with their authors is
    /// one round trip:
    /// `Book::AUTHORS.add_pairs(&db, books.iter().zip(&authors))`.
    ///
    /// # Errors
    /// As for [`add`](Self::add): an unsaved object or a key with no row,
    /// and then nothing is written.
    pub async fn add_pairs<'a>(
        &self,
        exec: &impl Executor,
        pairs: impl IntoIterator<Item = (&'a M, &'a T)>,
    ) -> Result<u64>
    where
        M: 'a,
        T: 'a,
    {
        let mut sources = Vec::new();
        let mut targets = Vec::new();
        for (source, target) in pairs {
            sources.push(key_of(source)?);
            targets.push(key_of(target)?);
        }
        self.write(exec, sources, targets, Vec::new()).await
    }

    /// Like [`add`](Self::add), also setting the through model's own
    /// columns on every row written: `Contact::CONTACTS.add_with(&db, &ann,
    /// &bob, [ContactRelationship::SINCE.set(2020)])`.
    ///
    /// # Errors
    /// As for [`add`](Self::add); [`Error::is_invalid_input`] when the
    /// assignments are not for this relation's through model.
    pub async fn add_with<'a, Th: Model>(
        &self,
        exec: &impl Executor,
        source: &M,
        targets: impl Targets<'a, T>,
        values: impl IntoIterator<Item = Assignment<Th>>,
    ) -> Result<u64>
    where
        T: 'a,
    {
        let extra = self.through_values("add_with", values)?;
        let targets = targets.keys()?;
        let sources = vec![key_of(source)?; targets.len()];
        self.write(exec, sources, targets, extra).await
    }

    /// The through model's column values of `add_with`/`set_with`, checked
    /// to belong to this relation's through model.
    fn through_values<Th: Model>(
        &self,
        call: &str,
        values: impl IntoIterator<Item = Assignment<Th>>,
    ) -> Result<Vec<(&'static str, Param)>> {
        let through = self.meta().through();
        if !through.is_some_and(|t| t.is(Th::META)) {
            return Err(Error::invalid_input(format!(
                "{}.{} has no through model {}; `{call}` sets columns of the relation's through model",
                M::META.name,
                self.meta().field,
                Th::META.name
            )));
        }
        let mut extra = Vec::new();
        for a in values {
            let column = a.col.meta().column;
            extra.push((column, a.into_value()?));
        }
        Ok(extra)
    }

    /// Inserts the pairs `(sources[i], targets[i])`.
    async fn write(
        &self,
        exec: &impl Executor,
        sources: Vec<M::Key>,
        targets: Vec<T::Key>,
        extra: Vec<(&'static str, Param)>,
    ) -> Result<u64> {
        if targets.is_empty() {
            return Ok(0);
        }
        let n = self.junction_names()?;
        let sources: Param = param(Value::array(sources));
        let targets: Param = param(Value::array(targets));
        let arrays = || {
            vec![
                ir::Expr::Param(sources.clone()).cast(n.source_type, true),
                ir::Expr::Param(targets.clone()).cast(n.target_type, true),
            ]
        };
        let pairs = if self.symmetrical() {
            // Both directions; DISTINCT folds a self-link into one row.
            let direction = |a: &'static str, b: &'static str| {
                Select::from(
                    unnest(arrays(), &["s", "t"]),
                    vec![
                        SelectItem::expr(ir::Expr::bare(a)),
                        SelectItem::expr(ir::Expr::bare(b)),
                    ],
                )
            };
            distinct_pairs(
                vec![col("p", "s"), col("p", "t")],
                Source::UnionAll {
                    parts: vec![direction("s", "t"), direction("t", "s")],
                    alias: Name::Borrowed("p"),
                },
            )
        } else {
            distinct_pairs(
                vec![col("u", "s"), col("u", "t")],
                unnest(arrays(), &["s", "t"]),
            )
        };
        let mut columns = vec![Name::Borrowed(n.source), Name::Borrowed(n.target)];
        let mut items = vec![col("q", "s"), col("q", "t")];
        for (column, value) in extra {
            columns.push(Name::Borrowed(column));
            items.push(SelectItem::expr(ir::Expr::Param(value)));
        }
        let insert = Insert {
            table: Name::Borrowed(n.table),
            columns,
            source: InsertSource::Select(Box::new(Select::from(
                Source::Subquery {
                    query: Box::new(pairs),
                    alias: Name::Borrowed("q"),
                },
                items,
            ))),
            on_conflict: Some(OnConflict::DoNothing { target: Vec::new() }),
            returning: Vec::new(),
        };
        let sql = render(Statement::Insert(Box::new(insert)), 0);
        exec.execute(&sql.sql, &sql.params).await
    }

    /// Removes the pairs (`source`, target) (and on a symmetric relation
    /// the reverse pairs); returns how many rows were deleted.
    ///
    /// # Errors
    /// [`Error::is_invalid_input`] for an unsaved object.
    pub async fn remove<'a>(
        &self,
        exec: &impl Executor,
        source: &M,
        targets: impl Targets<'a, T>,
    ) -> Result<u64>
    where
        T: 'a,
    {
        let source_key = key_of(source)?;
        let targets = targets.keys()?;
        let n = self.junction_names()?;
        let one_way = |s: ir::Expr, g: ir::Expr| {
            ir::Expr::And(vec![s.equals(ir::Expr::Slot(0)), g.any(ir::Expr::Slot(1))])
        };
        let mut filter = one_way(n.source(), n.target());
        if self.symmetrical() {
            filter = ir::Expr::Or(vec![filter, one_way(n.target(), n.source())]);
        }
        let delete = Delete {
            table: Name::Borrowed(n.table),
            filter: Some(filter),
            returning: Vec::new(),
        };
        let sql = render(Statement::Delete(Box::new(delete)), 2).sql;
        exec.execute(&sql, &[source_key.into_value(), Value::array(targets)])
            .await
    }

    /// Makes the targets of `source` exactly `targets`: adds the missing,
    /// removes the extra, in ONE statement, so a failure (a key with no
    /// row) leaves the old set intact.
    ///
    /// # Errors
    /// As for [`add`](Self::add).
    pub async fn set<'a>(
        &self,
        exec: &impl Executor,
        source: &M,
        targets: impl Targets<'a, T>,
    ) -> Result<()>
    where
        T: 'a,
    {
        self.replace(exec, source, targets.keys()?, Vec::new())
            .await
    }

    /// Like [`set`](Self::set), also setting the through model's own columns
    /// on every pair it adds (pairs already present keep theirs), so a
    /// through model with NOT NULL columns can be set:
    /// `Contact::CONTACTS.set_with(&db, &ann, [&bob, &cleo],
    /// [ContactRelationship::SINCE.set(2020)])`. One statement, atomic.
    ///
    /// # Errors
    /// As for [`set`](Self::set); [`Error::is_invalid_input`] when the
    /// assignments are not for this relation's through model (nothing is
    /// changed).
    pub async fn set_with<'a, Th: Model>(
        &self,
        exec: &impl Executor,
        source: &M,
        targets: impl Targets<'a, T>,
        values: impl IntoIterator<Item = Assignment<Th>>,
    ) -> Result<()>
    where
        T: 'a,
    {
        let extra = self.through_values("set_with", values)?;
        self.replace(exec, source, targets.keys()?, extra).await
    }

    /// The statement of `set` and `set_with`: delete the pairs not in
    /// `targets`, insert the missing ones with the `extra` column values.
    async fn replace(
        &self,
        exec: &impl Executor,
        source: &M,
        targets: Vec<T::Key>,
        extra: Vec<(&'static str, Param)>,
    ) -> Result<()> {
        let source_key = key_of(source)?;
        let n = self.junction_names()?;
        let (st, tt) = (n.source_type, n.target_type);
        let keep = |s: ir::Expr, g: ir::Expr| {
            ir::Expr::And(vec![
                s.equals(ir::Expr::Slot(0)),
                ir::Expr::Not(Box::new(g.any(ir::Expr::Slot(1)))),
            ])
        };
        let mut gone = keep(n.source(), n.target());
        let source = || ir::Expr::Slot(0).cast(st, false);
        let target_list = || unnest(vec![ir::Expr::Slot(1).cast(tt, true)], &["t"]);
        let mut insert_pairs = if self.symmetrical() {
            gone = ir::Expr::Or(vec![gone, keep(n.target(), n.source())]);
            distinct_pairs(
                vec![col("p", "s"), col("p", "t")],
                Source::UnionAll {
                    parts: vec![
                        Select::from(
                            target_list(),
                            vec![SelectItem::aliased(source(), "s"), col("u", "t")],
                        ),
                        Select::from(
                            target_list(),
                            vec![col("u", "t"), SelectItem::expr(source())],
                        ),
                    ],
                    alias: Name::Borrowed("p"),
                },
            )
        } else {
            distinct_pairs(
                vec![SelectItem::expr(source()), col("u", "t")],
                target_list(),
            )
        };
        let mut columns = vec![Name::Borrowed(n.source), Name::Borrowed(n.target)];
        for (column, value) in &extra {
            columns.push(Name::Borrowed(*column));
            insert_pairs
                .items
                .push(SelectItem::expr(ir::Expr::Param(value.clone())));
        }
        let count_of = |cte: &'static str| {
            SelectItem::expr(ir::Expr::Subquery(Box::new(Select::from(
                Source::table(cte),
                vec![SelectItem::expr(ir::Expr::count_all())],
            ))))
        };
        let select = Select {
            with: vec![
                Cte {
                    name: Name::Borrowed("gone"),
                    statement: Statement::Delete(Box::new(Delete {
                        table: Name::Borrowed(n.table),
                        filter: Some(gone),
                        returning: vec![ir::Expr::Int(1)],
                    })),
                },
                Cte {
                    name: Name::Borrowed("added"),
                    statement: Statement::Insert(Box::new(Insert {
                        table: Name::Borrowed(n.table),
                        columns,
                        source: InsertSource::Select(Box::new(insert_pairs)),
                        on_conflict: Some(OnConflict::DoNothing { target: Vec::new() }),
                        returning: vec![ir::Expr::Int(1)],
                    })),
                },
            ],
            items: vec![count_of("gone"), count_of("added")],
            ..Select::default()
        };
        let rendered = render(Statement::Select(Box::new(select)), 2);
        let mut params = vec![source_key.into_value(), Value::array(targets)];
        params.extend(rendered.params);
        exec.query(&rendered.sql, &params).await?;
        Ok(())
    }

    /// Removes every target of `source` (both directions on a symmetric
    /// relation); returns how many rows were deleted.
    ///
    /// # Errors
    /// [`Error::is_invalid_input`] for an unsaved object.
    pub async fn clear(&self, exec: &impl Executor, source: &M) -> Result<u64> {
        let source_key = key_of(source)?;
        let n = self.junction_names()?;
        let mut filter = n.source().equals(ir::Expr::Slot(0));
        if self.symmetrical() {
            filter = ir::Expr::Or(vec![filter, n.target().equals(ir::Expr::Slot(0))]);
        }
        let delete = Delete {
            table: Name::Borrowed(n.table),
            filter: Some(filter),
            returning: Vec::new(),
        };
        let sql = render(Statement::Delete(Box::new(delete)), 1).sql;
        exec.execute(&sql, &[source_key.into_value()]).await
    }

    /// True when `source` is related to `target`.
    ///
    /// # Errors
    /// [`Error::is_invalid_input`] for an unsaved object.
    pub async fn contains(&self, exec: &impl Executor, source: &M, target: &T) -> Result<bool> {
        let (sk, tk) = (key_of(source)?, key_of(target)?);
        let n = self.junction_names()?;
        let mut pair = Select::from(
            Source::table(n.table),
            vec![SelectItem::expr(ir::Expr::Int(1))],
        );
        pair.filter = Some(ir::Expr::And(vec![
            n.source().equals(ir::Expr::Slot(0)),
            n.target().equals(ir::Expr::Slot(1)),
        ]));
        let select = Select {
            items: vec![SelectItem::expr(ir::Expr::Exists(Box::new(pair)))],
            ..Select::default()
        };
        let sql = render(Statement::Select(Box::new(select)), 2).sql;
        let rows = exec
            .query(&sql, &[sk.into_value(), tk.into_value()])
            .await?;
        match rows.first() {
            Some(row) => decode_value(row, 0).map_err(|e| Error::decode("exists", e)),
            None => Ok(false),
        }
    }

    /// How many targets `source` has.
    ///
    /// # Errors
    /// [`Error::is_invalid_input`] for an unsaved object.
    pub async fn count(&self, exec: &impl Executor, source: &M) -> Result<u64> {
        let sk = key_of(source)?;
        let n = self.junction_names()?;
        let mut select = Select::from(
            Source::table(n.table),
            vec![SelectItem::expr(ir::Expr::count_all())],
        );
        select.filter = Some(n.source().equals(ir::Expr::Slot(0)));
        let sql = render(Statement::Select(Box::new(select)), 1).sql;
        let rows = exec.query(&sql, &[sk.into_value()]).await?;
        let count: i64 = match rows.first() {
            Some(row) => decode_value(row, 0).map_err(|e| Error::decode("count", e))?,
            None => 0,
        };
        Ok(u64::try_from(count).unwrap_or(0))
    }

    /// A filter on `M`: the rows related to `target` ("who lists Bob as a
    /// contact": `Contact::CONTACTS.has(&bob)`).
    ///
    /// # Errors
    /// [`Error::is_invalid_input`] for an unsaved object.
    pub fn has(&self, target: &T) -> Result<Filter<M>> {
        let key: Param = param(key_of(target)?);
        let junction = self.junction_names()?;
        Ok(Filter::new(Expr::Junction {
            table: junction.table,
            outer: junction.source,
            matched: junction.target,
            model: M::meta,
            value: key,
        }))
    }

    /// A filter on `T`: the rows `source` is related to (the reverse side:
    /// `Contact::PHONES.of(&ann)` selects Ann's phones).
    ///
    /// # Errors
    /// [`Error::is_invalid_input`] for an unsaved object.
    pub fn of(&self, source: &M) -> Result<Filter<T>> {
        let key: Param = param(key_of(source)?);
        let junction = self.junction_names()?;
        Ok(Filter::new(Expr::Junction {
            table: junction.table,
            outer: junction.target,
            matched: junction.source,
            model: T::meta,
            value: key,
        }))
    }
}
