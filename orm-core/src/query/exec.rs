//! Running a [`Query`].

use crate::backend::Row;

use crate::executor::{DynExecutor, Executor};
use crate::model::{Model, decode_value};
use crate::query::plan::Plan;
use crate::query::select::Query;
use crate::query::update::Assignment;
use crate::relation::{Groups, load_batched};
use crate::{Error, Result};

/// How many rows `one` fetches to tell "several" from "one".
const ONE_PROBE: u64 = 21;

impl<M: Model> Query<M> {
    fn check_lock(&self, exec: &impl Executor) -> Result<()> {
        match self.lock {
            Some((strength, _)) if !exec.in_transaction() => Err(Error::not_in_transaction(
                format!("a `{}` query", strength.as_sql()),
            )),
            _ => Ok(()),
        }
    }

    /// Decodes one parent row: the model, its translated texts, its
    /// `select_related` objects and its LATERAL collections.
    fn decode_parent<R: Row>(&self, plan: &Plan, row: &R, lateral: &mut [Groups]) -> Result<M> {
        let mut parent = M::decode(row, 0)?;
        for slot in plan.texts.iter().filter(|t| t.path.is_none()) {
            let text: Option<String> =
                decode_value(row, slot.offset).map_err(|e| Error::decode("translation", e))?;
            parent.__set_translation(slot.column, text);
        }
        let row: &dyn Row = row;
        plan.related.attach(row, &mut parent, &plan.texts)?;
        for ((i, offset), groups) in plan.lateral.iter().zip(lateral.iter_mut()) {
            self.prefetch[*i].decode_lateral(row, *offset, groups)?;
        }
        Ok(parent)
    }

    async fn fetch(&self, exec: &impl Executor) -> Result<Vec<M>> {
        Ok(self.fetch_with(exec, |_| Ok(())).await?.0)
    }

    /// Runs the query; `extra` also decodes each object's row into an `X`
    /// (the values of `select_extra`), returned in the same order.
    pub(crate) async fn fetch_with<X: Send>(
        &self,
        exec: &impl Executor,
        mut extra: impl FnMut(&dyn Row) -> Result<X> + Send,
    ) -> Result<(Vec<M>, Vec<X>)> {
        self.check_lock(exec)?;
        let plan = self.plan()?;
        let dyn_exec: &dyn DynExecutor = exec;
        let mut parents = Vec::new();
        let mut extras = Vec::new();
        let mut lateral: Vec<Groups> = plan
            .lateral
            .iter()
            .map(|(i, _)| self.prefetch[*i].new_groups(0))
            .collect();
        let mut joined: Vec<Groups> = match &plan.join {
            Some(join) => join
                .ops
                .iter()
                .map(|(i, _)| self.prefetch[*i].new_groups(0))
                .collect(),
            None => Vec::new(),
        };
        let mut last: Option<i64> = None;
        // Rows are decoded as they arrive, never buffered as a whole.
        exec.query_each(&plan.sql.sql, &plan.sql.params, |row| {
            let new_parent = match &plan.join {
                None => true,
                Some(join) => {
                    let pos: i64 = decode_value(&row, join.pos_offset)
                        .map_err(|e| Error::decode("__orm_pos", e))?;
                    let new = last != Some(pos);
                    last = Some(pos);
                    new
                }
            };
            if new_parent {
                parents.push(self.decode_parent(&plan, &row, &mut lateral)?);
                extras.push(extra(&row)?);
            }
            if let Some(join) = &plan.join {
                for ((i, offset), groups) in join.ops.iter().zip(joined.iter_mut()) {
                    self.prefetch[*i].decode_joined(&row, *offset, groups, new_parent)?;
                }
            }
            Ok(())
        })
        .await?;
        for ((i, _), groups) in plan.lateral.iter().zip(lateral) {
            self.prefetch[*i]
                .finish_groups(dyn_exec, &mut parents, groups)
                .await?;
        }
        if let Some(join) = &plan.join {
            for ((i, _), groups) in join.ops.iter().zip(joined) {
                self.prefetch[*i]
                    .finish_groups(dyn_exec, &mut parents, groups)
                    .await?;
            }
        }
        load_batched(dyn_exec, &mut parents, &self.prefetch).await?;
        Ok((parents, extras))
    }

    /// Runs the query and returns every row.
    ///
    /// # Errors
    /// The database failed, a row did not decode, or a row-locking query ran
    /// outside a transaction ([`Error::is_not_in_transaction`]).
    pub async fn all(&self, exec: &impl Executor) -> Result<Vec<M>> {
        self.fetch(exec).await
    }

    /// The first row, if any (`LIMIT 1`).
    ///
    /// # Errors
    /// As for [`Query::all`].
    pub async fn first(&self, exec: &impl Executor) -> Result<Option<M>> {
        let query = self.clone().limit(1);
        Ok(query.fetch(exec).await?.into_iter().next())
    }

    /// Exactly one row.
    ///
    /// # Errors
    /// [`Error::is_not_found`] when none matched,
    /// [`Error::is_multiple_returned`] when several did; else as for
    /// [`Query::all`].
    pub async fn one(&self, exec: &impl Executor) -> Result<M> {
        let query = match self.limit {
            Some(n) if n < ONE_PROBE as i64 => self.clone(),
            _ => self.clone().limit(ONE_PROBE),
        };
        let mut rows = query.fetch(exec).await?;
        match rows.len() {
            0 => Err(Error::not_found(M::META.name)),
            1 => rows.pop().ok_or_else(|| Error::not_found(M::META.name)),
            n => Err(Error::multiple_returned(M::META.name, n)),
        }
    }

    /// How many rows the query selects.
    ///
    /// # Errors
    /// The database failed.
    pub async fn count(&self, exec: &impl Executor) -> Result<u64> {
        let sql = self.count_sql()?;
        let rows = exec.query(&sql.sql, &sql.params).await?;
        let n: i64 = match rows.first() {
            Some(row) => decode_value(row, 0).map_err(|e| Error::decode("count", e))?,
            None => 0,
        };
        Ok(u64::try_from(n).unwrap_or(0))
    }

    /// True when the query selects at least one row.
    ///
    /// # Errors
    /// The database failed.
    pub async fn exists(&self, exec: &impl Executor) -> Result<bool> {
        let sql = self.exists_sql()?;
        let rows = exec.query(&sql.sql, &sql.params).await?;
        match rows.first() {
            Some(row) => decode_value(row, 0).map_err(|e| Error::decode("exists", e)),
            None => Ok(false),
        }
    }

    /// Updates every selected row in one statement; returns how many
    /// changed.
    ///
    /// # Errors
    /// An assignment was invalid (nothing is sent), or the database failed.
    pub async fn update(
        &self,
        exec: &impl Executor,
        assignments: impl IntoIterator<Item = Assignment<M>>,
    ) -> Result<u64> {
        let sql = self.update_sql(assignments)?;
        exec.execute(&sql.sql, &sql.params).await
    }

    /// Deletes every selected row in one statement; returns how many.
    ///
    /// # Errors
    /// The database failed (e.g. a foreign key still references a row).
    pub async fn delete(&self, exec: &impl Executor) -> Result<u64> {
        let sql = self.delete_sql()?;
        exec.execute(&sql.sql, &sql.params).await
    }
}
