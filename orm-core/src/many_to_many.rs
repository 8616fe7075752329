//! Writing and asking many-to-many relations through their handle:
//! `Contact::PHONES.add(&db, &ann, &phone)`. Every call is one statement,
//! so each is atomic on its own; symmetric relations write and delete both
//! directions in that one statement.

use std::fmt::Write as _;

use crate::executor::Executor;
use crate::handle::ManyToManyField;
use crate::ident::{push_ident, quote_ident};
use crate::meta::Junction;
use crate::model::{Model, decode_value};
use crate::query::{Assignment, Expr, Filter, Value};
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
    table: String,
    source: String,
    target: String,
    source_type: &'static str,
    target_type: &'static str,
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
            table: quote_ident(table),
            source: quote_ident(source_column),
            target: quote_ident(target_column),
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
        self.write(exec, source, targets.keys()?, Vec::new()).await
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
        let through = self.meta().through();
        if !through.is_some_and(|t| t.is(Th::META)) {
            return Err(Error::invalid_input(format!(
                "{}.{} has no through model {}; `add_with` sets columns of the relation's through model",
                M::META.name,
                self.meta().field,
                Th::META.name
            )));
        }
        let mut extra = Vec::new();
        for a in values {
            extra.push((a.col.meta().column, a.value?));
        }
        self.write(exec, source, targets.keys()?, extra).await
    }

    async fn write(
        &self,
        exec: &impl Executor,
        source: &M,
        targets: Vec<T::Key>,
        extra: Vec<(&'static str, Value)>,
    ) -> Result<u64> {
        let source_key = key_of(source)?;
        if targets.is_empty() {
            return Ok(0);
        }
        let n = self.junction_names()?;
        let (sources, targets): (Vec<M::Key>, Vec<T::Key>) =
            (vec![source_key; targets.len()], targets);
        let mut params: Vec<Value> = vec![Value::array(sources), Value::array(targets)];
        let mut sql = format!("INSERT INTO {} ({}, {}", n.table, n.source, n.target);
        for (column, _) in &extra {
            sql.push_str(", ");
            push_ident(&mut sql, column);
        }
        let pairs = if self.symmetrical() {
            // Both directions; DISTINCT folds a self-link into one row, and
            // a fixed order keeps concurrent writers from deadlocking.
            format!(
                "SELECT DISTINCT p.s, p.t FROM (SELECT s, t FROM unnest($1::{st}[], $2::{tt}[]) AS u(s, t) \
                 UNION ALL SELECT t, s FROM unnest($1::{st}[], $2::{tt}[]) AS u(s, t)) AS p ORDER BY 1, 2",
                st = n.source_type,
                tt = n.target_type
            )
        } else {
            format!(
                "SELECT DISTINCT u.s, u.t FROM unnest($1::{}[], $2::{}[]) AS u(s, t) ORDER BY 1, 2",
                n.source_type, n.target_type
            )
        };
        sql.push_str(") SELECT q.s, q.t");
        for (_, value) in extra {
            params.push(value);
            let _ = write!(sql, ", ${}", params.len());
        }
        let _ = write!(sql, " FROM ({pairs}) AS q ON CONFLICT DO NOTHING");
        exec.execute(&sql, &params).await
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
        let mut sql = format!(
            "DELETE FROM {t} WHERE ({s} = $1 AND {g} = ANY($2))",
            t = n.table,
            s = n.source,
            g = n.target
        );
        if self.symmetrical() {
            let _ = write!(
                sql,
                " OR ({g} = $1 AND {s} = ANY($2))",
                s = n.source,
                g = n.target
            );
        }
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
        let source_key = key_of(source)?;
        let targets = targets.keys()?;
        let n = self.junction_names()?;
        let (t, s, g) = (&n.table, &n.source, &n.target);
        let (st, tt) = (n.source_type, n.target_type);
        let mut sql =
            format!("WITH gone AS (DELETE FROM {t} WHERE ({s} = $1 AND NOT ({g} = ANY($2)))");
        let insert_pairs = if self.symmetrical() {
            let _ = write!(sql, " OR ({g} = $1 AND NOT ({s} = ANY($2)))");
            format!(
                "SELECT DISTINCT p.s, p.t FROM (SELECT $1::{st} AS s, u.t FROM unnest($2::{tt}[]) AS u(t) \
                 UNION ALL SELECT u.t, $1::{st} FROM unnest($2::{tt}[]) AS u(t)) AS p ORDER BY 1, 2"
            )
        } else {
            format!("SELECT DISTINCT $1::{st}, u.t FROM unnest($2::{tt}[]) AS u(t) ORDER BY 1, 2")
        };
        let _ = write!(
            sql,
            " RETURNING 1), added AS (INSERT INTO {t} ({s}, {g}) {insert_pairs} ON CONFLICT DO NOTHING RETURNING 1) \
             SELECT (SELECT count(*) FROM gone), (SELECT count(*) FROM added)"
        );
        exec.query(&sql, &[source_key.into_value(), Value::array(targets)])
            .await?;
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
        let mut sql = format!("DELETE FROM {} WHERE {} = $1", n.table, n.source);
        if self.symmetrical() {
            let _ = write!(sql, " OR {} = $1", n.target);
        }
        exec.execute(&sql, &[source_key.into_value()]).await
    }

    /// True when `source` is related to `target`.
    ///
    /// # Errors
    /// [`Error::is_invalid_input`] for an unsaved object.
    pub async fn contains(&self, exec: &impl Executor, source: &M, target: &T) -> Result<bool> {
        let (sk, tk) = (key_of(source)?, key_of(target)?);
        let n = self.junction_names()?;
        let sql = format!(
            "SELECT EXISTS (SELECT 1 FROM {} WHERE {} = $1 AND {} = $2)",
            n.table, n.source, n.target
        );
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
        let sql = format!("SELECT count(*) FROM {} WHERE {} = $1", n.table, n.source);
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
        let key = key_of(target)?.into_value();
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
        let key = key_of(source)?.into_value();
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
