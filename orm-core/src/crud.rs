//! Writing and reading single objects: insert, insert_many, update,
//! delete, refresh, get. Values are validated before anything is sent.

use crate::executor::{Executor, Param};
use crate::handle::Column;
use crate::ir::{self, Insert, InsertSource, Name, Statement};
use crate::meta::ModelMeta;
use crate::model::Model;
use crate::query::{Lookup, Query, SqlText};
use crate::render::postgres::render_with_slots;
use crate::{Error, Result};

/// tokio-postgres sends at most this many parameters in one statement.
pub const MAX_PARAMS: usize = 32_767;

/// The most rows one `INSERT` of [`Model::insert_many`] carries.
const MAX_ROWS_PER_INSERT: usize = 1_000;

/// `RETURNING` every column of `meta`.
fn returning(meta: &ModelMeta) -> Vec<ir::Expr> {
    meta.columns
        .iter()
        .map(|c| ir::Expr::bare(c.column))
        .collect()
}

/// `"pk" = $slot`.
fn key_condition(meta: &ModelMeta, slot: usize) -> ir::Expr {
    ir::Expr::bare(meta.pk().column).equals(ir::Expr::Slot(slot))
}

/// Renders a statement whose values are all the caller's parameters.
fn render(statement: Statement, slots: usize) -> SqlText {
    render_with_slots(&statement, slots)
}

fn require_key<M: Model>(object: &M, action: &str) -> Result<()> {
    if object.has_key() {
        Ok(())
    } else {
        Err(Error::invalid_input(format!(
            "cannot {action} an unsaved {}: insert it first",
            M::META.name
        )))
    }
}

fn pk_filter<M: Model>(key: &M::Key) -> Query<M> {
    let column: Column<M, M::Key> = Column::__new(M::META.primary_key);
    Query::new().filter(column.eq(key.clone()))
}

/// The columns an insert of these objects writes: every writable column,
/// and an `auto` key only when some object carries one already.
fn insert_columns<M: Model>(objects: &[M]) -> Vec<usize> {
    let any_key = objects.iter().any(Model::has_key);
    let meta = M::META;
    let columns: Vec<usize> = meta
        .columns
        .iter()
        .enumerate()
        .filter(|(_, c)| !c.read_only && (!c.auto || (c.primary_key && any_key)))
        .map(|(i, _)| i)
        .collect();
    if columns.is_empty() && meta.pk().auto {
        // Nothing to write but the identity: `VALUES (DEFAULT), (DEFAULT)`.
        return vec![meta.primary_key];
    }
    columns
}

pub(crate) async fn insert<M: Model>(object: &mut M, exec: &impl Executor) -> Result<()> {
    insert_many(exec, std::slice::from_mut(object)).await
}

pub(crate) async fn insert_many<M: Model>(exec: &impl Executor, objects: &mut [M]) -> Result<()> {
    for object in objects.iter() {
        object.validate()?;
    }
    if objects.is_empty() {
        return Ok(());
    }
    let meta = M::META;
    let columns = insert_columns(objects);
    let per_row = columns.len().max(1);
    let chunk_rows = (MAX_PARAMS / per_row).clamp(1, MAX_ROWS_PER_INSERT);
    for chunk in objects.chunks_mut(chunk_rows) {
        let mut params: Vec<Param<'_>> = Vec::with_capacity(chunk.len() * columns.len());
        let source = if columns.is_empty() {
            if chunk.len() > 1 {
                return Err(Error::invalid_input(format!(
                    "{} has no writable column; insert its rows one at a time",
                    meta.name
                )));
            }
            InsertSource::DefaultValues
        } else {
            let mut rows = Vec::with_capacity(chunk.len());
            for object in chunk.iter() {
                let values = object.values();
                let mut row = Vec::with_capacity(columns.len());
                for &i in &columns {
                    if meta.columns[i].auto && !object.has_key() {
                        row.push(ir::Expr::Default);
                    } else {
                        row.push(ir::Expr::Slot(params.len()));
                        params.push(values[i]);
                    }
                }
                rows.push(row);
            }
            InsertSource::Values(rows)
        };
        let insert = Insert {
            table: Name::Borrowed(meta.table),
            columns: columns
                .iter()
                .map(|&i| Name::Borrowed(meta.columns[i].column))
                .collect(),
            source,
            on_conflict: None,
            returning: returning(meta),
        };
        let sql = render(Statement::Insert(Box::new(insert)), params.len()).sql;
        let rows = exec.query(&sql, &params).await?;
        drop(params);
        if rows.len() != chunk.len() {
            return Err(Error::invalid_input(format!(
                "insert into {} returned {} rows for {} objects",
                meta.table,
                rows.len(),
                chunk.len()
            )));
        }
        for (object, row) in chunk.iter_mut().zip(&rows) {
            object.assign(row, 0)?;
        }
    }
    Ok(())
}

pub(crate) async fn update<M: Model>(object: &mut M, exec: &impl Executor) -> Result<()> {
    require_key(object, "update")?;
    object.validate()?;
    let meta = M::META;
    let values = object.values();
    let mut params: Vec<Param<'_>> = Vec::new();
    let mut set = Vec::new();
    for (i, c) in meta.columns.iter().enumerate() {
        if !c.is_updatable() || c.auto {
            continue;
        }
        set.push((Name::Borrowed(c.column), ir::Expr::Slot(params.len())));
        params.push(values[i]);
    }
    if params.is_empty() {
        return refresh(object, exec).await;
    }
    let filter = Some(key_condition(meta, params.len()));
    params.push(values[meta.primary_key]);
    let update = ir::Update {
        table: Name::Borrowed(meta.table),
        set,
        filter,
        returning: returning(meta),
    };
    let sql = render(Statement::Update(Box::new(update)), params.len()).sql;
    let rows = exec.query(&sql, &params).await?;
    drop(params);
    drop(values);
    match rows.first() {
        Some(row) => object.assign(row, 0),
        None => Err(Error::not_found(meta.name)),
    }
}

pub(crate) async fn delete<M: Model>(object: &M, exec: &impl Executor) -> Result<()> {
    require_key(object, "delete")?;
    let meta = M::META;
    let delete = ir::Delete {
        table: Name::Borrowed(meta.table),
        filter: Some(key_condition(meta, 0)),
        returning: Vec::new(),
    };
    let sql = render(Statement::Delete(Box::new(delete)), 1).sql;
    let n = exec.execute(&sql, &[object.key() as Param<'_>]).await?;
    if n == 0 {
        return Err(Error::not_found(meta.name));
    }
    Ok(())
}

pub(crate) async fn refresh<M: Model>(object: &mut M, exec: &impl Executor) -> Result<()> {
    require_key(object, "refresh")?;
    let sql = pk_filter::<M>(object.key()).unordered().to_sql()?;
    let rows = exec
        .query(&sql.sql, &crate::query::as_params(&sql.params))
        .await?;
    match rows.first() {
        Some(row) => object.assign(row, 0),
        None => Err(Error::not_found(M::META.name)),
    }
}

pub(crate) async fn get<M: Model>(exec: &impl Executor, key: M::Key) -> Result<M> {
    pk_filter::<M>(&key).unordered().one(exec).await
}
