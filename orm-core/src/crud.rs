//! Writing and reading single objects: insert, insert_many, update,
//! delete, refresh, get. Values are validated before anything is sent.

use crate::executor::Executor;
use crate::handle::Column;
use crate::ir::{self, Insert, InsertSource, Name, Statement};
use crate::meta::{DefaultOn, ModelMeta};
use crate::model::Model;
use crate::query::{Lookup, Query, SqlText};
use crate::render::postgres::render_with_slots;
use crate::value::{ToValue, Value};
use crate::{Error, Result};

/// The most rows one statement of [`Model::insert_many`] carries (one
/// array parameter per column, so the parameter limit never applies).
const MAX_ROWS_PER_INSERT: usize = 10_000;

/// `RETURNING` every column of `meta`.
pub(crate) fn returning(meta: &ModelMeta) -> Vec<ir::Expr> {
    meta.columns
        .iter()
        .map(|c| ir::Expr::bare(c.column))
        .collect()
}

/// `"pk" = $slot`.
fn key_condition(meta: &ModelMeta, slot: usize) -> ir::Expr {
    ir::Expr::bare(meta.pk().column).equals(ir::Expr::Slot(slot))
}

/// `WITH "__orm_raw" AS (<sql>) SELECT <meta's columns> FROM "__orm_raw"`:
/// the caller's statement, its columns read by name.
pub(crate) fn raw_select(meta: &ModelMeta, sql: &str) -> SqlText {
    let raw = Name::Borrowed("__orm_raw");
    let mut select = ir::Select::from(
        ir::Source::table(raw.clone()),
        meta.columns
            .iter()
            .map(|c| ir::SelectItem::expr(ir::Expr::bare(c.column)))
            .collect(),
    );
    select.with = vec![ir::Cte {
        name: raw,
        statement: Statement::Raw(sql.into()),
    }];
    render(Statement::Select(Box::new(select)), 0)
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

/// The columns an insert writes: every writable column, and the `auto`
/// key only for objects that carry one already (`with_key`).
pub(crate) fn insert_columns(meta: &ModelMeta, with_key: bool) -> Vec<usize> {
    // A column the database fills (`db_default`, `auto_now_add`,
    // `auto_now`) is left out, so its default applies; RETURNING reads it.
    meta.columns
        .iter()
        .enumerate()
        .filter(|(_, c)| {
            !c.read_only
                && c.default_on == DefaultOn::Never
                && (!c.auto || (c.primary_key && with_key))
        })
        .map(|(i, _)| i)
        .collect()
}

pub(crate) async fn insert<M: Model>(object: &mut M, exec: &impl Executor) -> Result<()> {
    insert_many(exec, std::slice::from_mut(object)).await
}

/// Inserts `objects`, reading back every column. Objects with and without
/// an `auto` key go in separate statements (the key column is written
/// only for the first); each group is sent as chunks of at most
/// [`MAX_ROWS_PER_INSERT`] rows, ONE statement per chunk with one array
/// parameter per column (`INSERT ... SELECT * FROM unnest($1::type[],
/// ...)`), so a table has one INSERT shape whatever the batch size.
pub(crate) async fn insert_many<M: Model>(exec: &impl Executor, objects: &mut [M]) -> Result<()> {
    for object in objects.iter() {
        object.validate()?;
    }
    let meta = M::META;
    let auto = meta.pk().auto;
    for with_key in [true, false] {
        let mut group: Vec<&mut M> = objects
            .iter_mut()
            .filter(|o| !auto || o.has_key() == with_key)
            .collect();
        if group.is_empty() || (!auto && !with_key) {
            continue;
        }
        let columns = insert_columns(meta, with_key || !auto);
        for chunk in group.chunks_mut(MAX_ROWS_PER_INSERT) {
            insert_chunk(exec, meta, &columns, chunk).await?;
        }
    }
    Ok(())
}

/// One INSERT of `chunk`, keys and filled columns read back in order.
async fn insert_chunk<M: Model>(
    exec: &impl Executor,
    meta: &ModelMeta,
    columns: &[usize],
    chunk: &mut [&mut M],
) -> Result<()> {
    let (source, params) = if columns.is_empty() {
        // Nothing to write but the identity.
        if chunk.len() == 1 {
            (InsertSource::DefaultValues, Vec::new())
        } else {
            let rows = chunk.iter().map(|_| vec![ir::Expr::Default]).collect();
            (InsertSource::Values(rows), Vec::new())
        }
    } else {
        let mut arrays: Vec<Vec<Value>> = columns
            .iter()
            .map(|_| Vec::with_capacity(chunk.len()))
            .collect();
        for object in chunk.iter() {
            let mut values = object.values();
            for (array, &i) in arrays.iter_mut().zip(columns) {
                array.push(std::mem::replace(&mut values[i], Value::Null));
            }
        }
        let casts = columns
            .iter()
            .enumerate()
            .map(|(slot, &i)| ir::Expr::Slot(slot).cast(meta.columns[i].sql_type, true))
            .collect();
        let select = ir::Select::from(
            ir::Source::Function {
                call: ir::Expr::call(ir::Func::Unnest, casts),
                alias: Name::Borrowed("u"),
                columns: Vec::new(),
            },
            vec![ir::SelectItem::expr(ir::Expr::Star)],
        );
        let params = arrays.into_iter().map(Value::Array).collect();
        (InsertSource::Select(Box::new(select)), params)
    };
    let with_columns = if columns.is_empty() && chunk.len() > 1 {
        vec![Name::Borrowed(meta.pk().column)]
    } else {
        columns
            .iter()
            .map(|&i| Name::Borrowed(meta.columns[i].column))
            .collect()
    };
    let insert = Insert {
        table: Name::Borrowed(meta.table),
        columns: with_columns,
        source,
        on_conflict: None,
        returning: returning(meta),
    };
    let params: Vec<Value> = params;
    let sql = render(Statement::Insert(Box::new(insert)), params.len()).sql;
    let rows = exec.query(&sql, &params).await?;
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
    Ok(())
}

pub(crate) async fn update<M: Model>(object: &mut M, exec: &impl Executor) -> Result<()> {
    require_key(object, "update")?;
    object.validate()?;
    let meta = M::META;
    let mut values = object.values();
    let mut params: Vec<Value> = Vec::new();
    let mut set = Vec::new();
    for (i, c) in meta.columns.iter().enumerate() {
        if !c.is_updatable() || c.auto {
            continue;
        }
        if c.default_on == DefaultOn::InsertAndUpdate {
            set.push((Name::Borrowed(c.column), ir::Expr::Default));
            continue;
        }
        set.push((Name::Borrowed(c.column), ir::Expr::Slot(params.len())));
        params.push(std::mem::replace(&mut values[i], Value::Null));
    }
    if set.is_empty() {
        return refresh(object, exec).await;
    }
    let filter = Some(key_condition(meta, params.len()));
    params.push(std::mem::replace(
        &mut values[meta.primary_key],
        Value::Null,
    ));
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
