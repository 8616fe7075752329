//! Writing and reading single objects: insert, insert_many, update,
//! delete, refresh, get. Values are validated before anything is sent.

use std::fmt::Write as _;

use crate::executor::Executor;
use crate::handle::Path;
use crate::ident::push_ident;
use crate::meta::{ColumnMeta, ModelMeta};
use crate::model::Model;
use crate::query::{ColRef, Expr, Filter, Op, Query, Value};
use crate::value::ToValue;
use crate::{Error, Result};

/// tokio-postgres sends at most this many parameters in one statement.
pub const MAX_PARAMS: usize = 32_767;

/// The most rows one `INSERT` of [`Model::insert_many`] carries.
const MAX_ROWS_PER_INSERT: usize = 1_000;

fn column_list(out: &mut String, columns: &[&ColumnMeta]) {
    for (i, c) in columns.iter().enumerate() {
        if i > 0 {
            out.push_str(", ");
        }
        push_ident(out, c.column);
    }
}

fn returning(out: &mut String, meta: &ModelMeta) {
    out.push_str(" RETURNING ");
    let all: Vec<&ColumnMeta> = meta.columns.iter().collect();
    column_list(out, &all);
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
    let col = ColRef {
        leaf: M::meta,
        index: M::META.primary_key,
        path: Path::EMPTY,
        translated: false,
    };
    let value: Value = key.to_value();
    Query::new().filter(Filter::new(Expr::Compare(col, Op::Eq, value)))
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
        let mut sql = String::from("INSERT INTO ");
        push_ident(&mut sql, meta.table);
        let mut params: Vec<Value> = Vec::with_capacity(chunk.len() * columns.len());
        if columns.is_empty() {
            if chunk.len() > 1 {
                return Err(Error::invalid_input(format!(
                    "{} has no writable column; insert its rows one at a time",
                    meta.name
                )));
            }
            sql.push_str(" DEFAULT VALUES");
        } else {
            sql.push_str(" (");
            let cols: Vec<&ColumnMeta> = columns.iter().map(|&i| &meta.columns[i]).collect();
            column_list(&mut sql, &cols);
            sql.push_str(") VALUES ");
            for (row, object) in chunk.iter().enumerate() {
                sql.push_str(if row == 0 { "(" } else { ", (" });
                let mut values = object.values();
                for (k, &i) in columns.iter().enumerate() {
                    if k > 0 {
                        sql.push_str(", ");
                    }
                    if meta.columns[i].auto && !object.has_key() {
                        sql.push_str("DEFAULT");
                    } else {
                        params.push(std::mem::replace(&mut values[i], Value::Null));
                        let _ = write!(sql, "${}", params.len());
                    }
                }
                sql.push(')');
            }
        }
        returning(&mut sql, meta);
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
    let mut values = object.values();
    let mut sql = String::from("UPDATE ");
    push_ident(&mut sql, meta.table);
    sql.push_str(" SET ");
    let mut params: Vec<Value> = Vec::new();
    for (i, c) in meta.columns.iter().enumerate() {
        if !c.is_updatable() || c.auto {
            continue;
        }
        if !params.is_empty() {
            sql.push_str(", ");
        }
        push_ident(&mut sql, c.column);
        params.push(std::mem::replace(&mut values[i], Value::Null));
        let _ = write!(sql, " = ${}", params.len());
    }
    if params.is_empty() {
        return refresh(object, exec).await;
    }
    sql.push_str(" WHERE ");
    push_ident(&mut sql, meta.pk().column);
    params.push(std::mem::replace(
        &mut values[meta.primary_key],
        Value::Null,
    ));
    let _ = write!(sql, " = ${}", params.len());
    returning(&mut sql, meta);
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
    let mut sql = String::from("DELETE FROM ");
    push_ident(&mut sql, meta.table);
    sql.push_str(" WHERE ");
    push_ident(&mut sql, meta.pk().column);
    sql.push_str(" = $1");
    let n = exec.execute(&sql, &[object.key().to_value()]).await?;
    if n == 0 {
        return Err(Error::not_found(meta.name));
    }
    Ok(())
}

pub(crate) async fn refresh<M: Model>(object: &mut M, exec: &impl Executor) -> Result<()> {
    require_key(object, "refresh")?;
    let sql = pk_filter::<M>(object.key()).unordered().to_sql()?;
    let rows = exec.query(&sql.sql, &sql.params).await?;
    match rows.first() {
        Some(row) => object.assign(row, 0),
        None => Err(Error::not_found(M::META.name)),
    }
}

pub(crate) async fn get<M: Model>(exec: &impl Executor, key: M::Key) -> Result<M> {
    pk_filter::<M>(&key).unordered().one(exec).await
}
