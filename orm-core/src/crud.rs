//! Writing and reading single objects: insert, insert_many, update,
//! delete, refresh, get. Values are validated before anything is sent.

use crate::executor::{Executor, Statement as PipelinedStatement};
use crate::handle::Column;
use crate::ir::{self, Insert, InsertSource, Name, Statement};
use crate::meta::{DefaultOn, ModelMeta};
use crate::model::Model;
use crate::query::{Lookup, Query, SqlText};
use crate::render::postgres::render_with_slots;
use crate::value::{ToValue, Value};
use crate::{Error, Result};

/// tokio-postgres sends at most this many parameters in one statement.
pub const MAX_PARAMS: usize = 32_767;

/// The most rows one round trip of [`Model::insert_many`] carries.
const MAX_ROWS_PER_INSERT: usize = 1_024;

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
    if columns.is_empty() && objects.len() > 1 {
        return Err(Error::invalid_input(format!(
            "{} has no writable column; insert its rows one at a time",
            meta.name
        )));
    }
    let per_row = columns.len().max(1);
    let chunk_rows = (MAX_PARAMS / per_row).clamp(1, MAX_ROWS_PER_INSERT);
    for chunk in objects.chunks_mut(chunk_rows) {
        // One statement per power-of-two piece, all pieces pipelined in one
        // round trip: a connection prepares at most a handful of INSERT
        // shapes per table instead of one per batch size.
        let pieces = pieces(chunk.len(), chunk_rows);
        let mut texts = Vec::with_capacity(pieces.len());
        let mut params: Vec<Vec<Value>> = Vec::with_capacity(pieces.len());
        let mut start = 0;
        for &len in &pieces {
            let (sql, piece_params) = insert_piece(meta, &columns, &chunk[start..start + len]);
            texts.push(sql);
            params.push(piece_params);
            start += len;
        }
        let mut statements: Vec<PipelinedStatement<'_>> = texts
            .iter()
            .zip(&params)
            .map(|(sql, params)| PipelinedStatement { sql, params })
            .collect();
        // Several pieces outside a transaction: BEGIN ... COMMIT in the same
        // round trip keeps the chunk all-or-nothing, as one statement was.
        let wrap = statements.len() > 1 && !exec.in_transaction();
        if wrap {
            let bare = |sql| PipelinedStatement { sql, params: &[] };
            statements.insert(0, bare("BEGIN"));
            statements.push(bare("COMMIT"));
        }
        let results = exec.query_pipelined(&statements).await?;
        drop(statements);
        drop(params);
        let skip = usize::from(wrap);
        let rows: Vec<_> = results.into_iter().skip(skip).flatten().collect();
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

/// Splits `len` rows into pieces whose sizes are powers of two no larger
/// than `max`, largest first: 150 rows are 128 + 16 + 4 + 2.
fn pieces(mut len: usize, max: usize) -> Vec<usize> {
    let largest = if max.is_power_of_two() {
        max
    } else {
        max.next_power_of_two() / 2
    };
    let mut out = Vec::new();
    let mut size = largest;
    while len > 0 && size > 0 {
        while len >= size {
            out.push(size);
            len -= size;
        }
        size /= 2;
    }
    out
}

/// The `INSERT ... RETURNING` of `objects` and its parameters.
fn insert_piece<M: Model>(
    meta: &ModelMeta,
    columns: &[usize],
    objects: &[M],
) -> (String, Vec<Value>) {
    let mut params: Vec<Value> = Vec::with_capacity(objects.len() * columns.len());
    let source = if columns.is_empty() {
        InsertSource::DefaultValues
    } else {
        let mut rows = Vec::with_capacity(objects.len());
        for object in objects {
            let mut values = object.values();
            let mut row = Vec::with_capacity(columns.len());
            for &i in columns {
                let column = &meta.columns[i];
                if (column.auto && !object.has_key()) || column.default_on != DefaultOn::Never {
                    // Filled by the database; RETURNING reads it back.
                    row.push(ir::Expr::Default);
                } else {
                    row.push(ir::Expr::Slot(params.len()));
                    params.push(std::mem::replace(&mut values[i], Value::Null));
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
    (sql, params)
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

#[cfg(test)]
mod tests {
    use super::pieces;

    #[test]
    fn batches_split_into_power_of_two_pieces() {
        assert_eq!(pieces(150, 1024), vec![128, 16, 4, 2]);
        assert_eq!(pieces(1, 1024), vec![1]);
        assert_eq!(pieces(1024, 1024), vec![1024]);
        assert_eq!(pieces(10, 6), vec![4, 4, 2]);
        let shapes: std::collections::BTreeSet<usize> =
            (1..=1024).flat_map(|n| pieces(n, 1024)).collect();
        assert_eq!(shapes.len(), 11);
    }
}
