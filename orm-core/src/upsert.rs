//! Inserts that meet a unique constraint: [`OnConflict`],
//! [`Model::upsert`], [`Model::upsert_many`], and the race-free
//! [`Model::get_or_create`] and [`Model::update_or_create`] built on them.

use std::marker::PhantomData;

use crate::crud::{insert_columns, returning};
use crate::executor::Executor;
use crate::ir::{self, Insert, InsertSource, Name, Statement};
use crate::meta::ModelMeta;
use crate::model::Model;
use crate::model::decode_value;
use crate::query::{Columns, Operand};
use crate::render::postgres::render_with_slots;
use crate::value::Value;
use crate::{Error, Result};

/// Which rows conflict.
#[derive(Clone, Debug)]
enum Target {
    Columns(Vec<&'static str>),
    Constraint(String),
}

/// What a conflicting row gets.
#[derive(Clone, Debug)]
enum Action {
    Nothing,
    /// These columns take the proposed row's values (`EXCLUDED`).
    Update(Vec<&'static str>),
}

/// The conflict clause of an upsert: `ON CONFLICT (columns)` or `ON
/// CONFLICT ON CONSTRAINT name`, then `DO NOTHING` or `DO UPDATE`.
///
/// ```
/// # use orm_core::prelude::*;
/// # use orm_core::OnConflict;
/// # #[derive(Model, Debug)] #[orm(table = "crm_contact")]
/// # struct Contact { #[orm(primary_key, auto)] id: i64, #[orm(unique)] email: String, name: String }
/// // INSERT ... ON CONFLICT ("email") DO UPDATE SET "name" = "excluded"."name"
/// let on_email = OnConflict::columns(Contact::EMAIL).do_update(Contact::NAME);
/// # let _ = on_email;
/// ```
pub struct OnConflict<M> {
    /// The target, or why the given columns cannot be one.
    target: std::result::Result<Target, String>,
    action: std::result::Result<Action, String>,
    _marker: PhantomData<fn() -> M>,
}

impl<M> Clone for OnConflict<M> {
    fn clone(&self) -> Self {
        OnConflict {
            target: self.target.clone(),
            action: self.action.clone(),
            _marker: PhantomData,
        }
    }
}

impl<M> std::fmt::Debug for OnConflict<M> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("OnConflict")
            .field("target", &self.target)
            .field("action", &self.action)
            .finish()
    }
}

/// The column names of `columns`: plain columns of `M` only.
fn column_names<M: Model>(columns: Vec<Operand>) -> std::result::Result<Vec<&'static str>, String> {
    columns
        .iter()
        .map(|o| {
            o.own_column(M::META).ok_or_else(|| {
                format!(
                    "`{}` is not a column of {}: a conflict clause names the model's own columns",
                    o.name(),
                    M::META.name
                )
            })
        })
        .collect()
}

impl<M: Model> OnConflict<M> {
    /// `ON CONFLICT (columns)`: the columns of a unique constraint or
    /// index (`#[orm(unique)]`, `unique_together`).
    pub fn columns(columns: impl Columns<M>) -> Self {
        OnConflict {
            target: column_names::<M>(columns.__operands()).map(Target::Columns),
            action: Ok(Action::Nothing),
            _marker: PhantomData,
        }
    }

    /// `ON CONFLICT ON CONSTRAINT "name"`.
    pub fn constraint(name: &str) -> Self {
        OnConflict {
            target: Ok(Target::Constraint(name.to_owned())),
            action: Ok(Action::Nothing),
            _marker: PhantomData,
        }
    }

    /// `DO NOTHING`: a conflicting row is left as it is (the default).
    pub fn do_nothing(mut self) -> Self {
        self.action = Ok(Action::Nothing);
        self
    }

    /// `DO UPDATE SET c = EXCLUDED.c` for each of `columns`: the stored
    /// row takes these values of the proposed one.
    pub fn do_update(mut self, columns: impl Columns<M>) -> Self {
        self.action = column_names::<M>(columns.__operands()).map(Action::Update);
        self
    }

    /// `DO UPDATE` of every column an insert writes (the key and the
    /// conflict columns excepted).
    pub fn do_update_all(mut self) -> Self {
        let target = match &self.target {
            Ok(Target::Columns(c)) => c.clone(),
            _ => Vec::new(),
        };
        let columns = M::META
            .columns
            .iter()
            .filter(|c| c.is_updatable() && !c.auto && !c.primary_key)
            .map(|c| c.column)
            .filter(|c| !target.contains(c))
            .collect();
        self.action = Ok(Action::Update(columns));
        self
    }

    /// The IR clause.
    fn clause(&self) -> Result<ir::OnConflict> {
        let target = self.target.clone().map_err(Error::invalid_input)?;
        let action = self.action.clone().map_err(Error::invalid_input)?;
        let set = |columns: Vec<&'static str>| -> Result<Vec<(Name, ir::Expr)>> {
            if columns.is_empty() {
                return Err(Error::invalid_input(
                    "`do_update` needs at least one column to update",
                ));
            }
            Ok(columns
                .into_iter()
                .map(|c| (Name::Borrowed(c), ir::Expr::column("excluded", c)))
                .collect())
        };
        let names = |columns: Vec<&'static str>| columns.into_iter().map(Name::Borrowed).collect();
        Ok(match (target, action) {
            (Target::Columns(c), Action::Nothing) => ir::OnConflict::DoNothing { target: names(c) },
            (Target::Columns(c), Action::Update(u)) => ir::OnConflict::DoUpdate {
                target: names(c),
                set: set(u)?,
            },
            (Target::Constraint(name), Action::Nothing) => ir::OnConflict::DoNothingOnConstraint {
                constraint: Name::Owned(name),
            },
            (Target::Constraint(name), Action::Update(u)) => ir::OnConflict::DoUpdateOnConstraint {
                constraint: Name::Owned(name),
                set: set(u)?,
            },
        })
    }
}

/// At most this many parameters go in one statement (PostgreSQL's limit
/// is 65535; tokio-postgres's 32767).
const MAX_PARAMS: usize = 32_767;

/// The most rows one upsert statement carries.
const MAX_ROWS_PER_UPSERT: usize = 1_024;

/// `INSERT ... VALUES (..), (..) ON CONFLICT ... RETURNING <columns>,
/// "xmax" = 0` of `objects` (the last item says whether the row was
/// inserted rather than updated), and its parameters.
fn upsert_piece<M: Model>(
    meta: &ModelMeta,
    columns: &[usize],
    objects: &[M],
    on_conflict: ir::OnConflict,
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
                if meta.columns[i].auto && !object.has_key() {
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
    let mut returning = returning(meta);
    returning.push(ir::Expr::bare("xmax").equals(ir::Expr::Int(0)));
    let insert = Insert {
        table: Name::Borrowed(meta.table),
        columns: columns
            .iter()
            .map(|&i| Name::Borrowed(meta.columns[i].column))
            .collect(),
        source,
        on_conflict: Some(on_conflict),
        returning,
    };
    let sql = render_with_slots(&Statement::Insert(Box::new(insert)), params.len()).sql;
    (sql, params)
}

/// Upserts `objects`; returns, per returned row, whether it was inserted,
/// and reads the rows back into the objects when every row is returned
/// (`DO UPDATE`).
pub(crate) async fn upsert_many<M: Model>(
    exec: &impl Executor,
    objects: &mut [M],
    on_conflict: &OnConflict<M>,
) -> Result<u64> {
    for object in objects.iter() {
        object.validate()?;
    }
    let clause = on_conflict.clause()?;
    if objects.is_empty() {
        return Ok(0);
    }
    let every_row = matches!(
        clause,
        ir::OnConflict::DoUpdate { .. } | ir::OnConflict::DoUpdateOnConstraint { .. }
    );
    let meta = M::META;
    let mut columns = insert_columns(meta, objects.iter().any(Model::has_key));
    if columns.is_empty() && meta.pk().auto {
        // Nothing to write but the identity: `VALUES (DEFAULT), ...`.
        columns.push(meta.primary_key);
    }
    let flag = meta.columns.len();
    let chunk_rows = (MAX_PARAMS / columns.len().max(1)).clamp(1, MAX_ROWS_PER_UPSERT);
    let mut inserted = 0;
    for chunk in objects.chunks_mut(chunk_rows) {
        let (sql, params) = upsert_piece(meta, &columns, chunk, clause.clone());
        let rows = exec.query(&sql, &params).await?;
        drop(params);
        for row in &rows {
            if decode_value::<bool, _>(row, flag).map_err(|e| Error::decode("xmax", e))? {
                inserted += 1;
            }
        }
        if every_row {
            if rows.len() != chunk.len() {
                return Err(Error::invalid_input(format!(
                    "upsert into {} returned {} rows for {} objects (the same key twice in one \
                     call?)",
                    meta.table,
                    rows.len(),
                    chunk.len()
                )));
            }
            for (object, row) in chunk.iter_mut().zip(&rows) {
                object.assign(row, 0)?;
            }
        } else if let [object] = chunk {
            if let Some(row) = rows.first() {
                object.assign(row, 0)?;
            }
        }
    }
    Ok(inserted)
}

/// The stored row whose `columns` equal `object`'s, read into it.
async fn read_back<M: Model>(
    exec: &impl Executor,
    object: &mut M,
    columns: &[&'static str],
) -> Result<bool> {
    let meta = M::META;
    let mut values = object.values();
    let mut params: Vec<Value> = Vec::new();
    let mut conditions = Vec::new();
    for name in columns {
        let Some(i) = meta.columns.iter().position(|c| c.column == *name) else {
            continue;
        };
        conditions.push(ir::Expr::bare(*name).equals(ir::Expr::Slot(params.len())));
        params.push(std::mem::replace(&mut values[i], Value::Null));
    }
    let mut select = ir::Select::from(
        ir::Source::table(meta.table),
        returning(meta)
            .into_iter()
            .map(ir::SelectItem::expr)
            .collect(),
    );
    select.filter = Some(ir::Expr::And(conditions));
    let sql = render_with_slots(&Statement::Select(Box::new(select)), params.len()).sql;
    let rows = exec.query(&sql, &params).await?;
    match rows.first() {
        Some(row) => object.assign(row, 0).map(|()| true),
        None => Ok(false),
    }
}

/// How often `get_or_create` retries when the conflicting row is deleted
/// between its insert and its read.
const GET_OR_CREATE_ATTEMPTS: usize = 3;

pub(crate) async fn get_or_create<M: Model>(
    exec: &impl Executor,
    object: &mut M,
    columns: Vec<Operand>,
) -> Result<bool> {
    let names = column_names::<M>(columns).map_err(Error::invalid_input)?;
    let on_conflict = OnConflict::<M> {
        target: Ok(Target::Columns(names.clone())),
        action: Ok(Action::Nothing),
        _marker: PhantomData,
    };
    for _ in 0..GET_OR_CREATE_ATTEMPTS {
        if upsert_many(exec, std::slice::from_mut(object), &on_conflict).await? == 1 {
            return Ok(true);
        }
        if read_back(exec, object, &names).await? {
            return Ok(false);
        }
    }
    Err(Error::not_found(M::META.name))
}
