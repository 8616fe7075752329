//! [`CheckSchema::check`]: the schema's DDL tried on a real server inside a
//! transaction that is rolled back, every problem reported with the model
//! and field it came from.

use std::future::Future;

use orm_core::__private::sql;
use orm_core::{ColumnMeta, Error, Executor, ModelMeta, Result, Schema, quote_ident};

use crate::{Db, Transaction};

/// The scratch table probes are created as (a temporary table, dropped with
/// the rolled-back transaction).
const PROBE: &str = "__orm_schema_check";

/// Checks a [`Schema`] against a real PostgreSQL server.
///
/// [`Schema::new`] checks what metadata can show; SQL written verbatim in a
/// model (`db_type`, `default`, `check`) is only judged by PostgreSQL. This
/// runs it there, without changing anything.
pub trait CheckSchema {
    /// Runs every verbatim SQL fragment of the schema (each column's type
    /// and default, each check constraint) and then the schema's whole DDL
    /// ([`Schema::sql`]) in one transaction that is always rolled back, and
    /// reports every problem at once, each with the model and field (or
    /// check) it came from. Use it in a test, so that a bad `check` is found
    /// there and not in a deploy.
    ///
    /// ```no_run
    /// use orm_core::prelude::*;
    /// use orm_postgres::{CheckSchema, Db};
    ///
    /// #[derive(Model)]
    /// #[orm(check = "price >= 0")]
    /// struct Product {
    ///     #[orm(primary_key, auto)]
    ///     id: i64,
    ///     price: i32,
    /// }
    ///
    /// # async fn demo(db: &Db) -> orm_core::Result<()> {
    /// Schema::new([Product::META])?.check(db).await?;
    /// # Ok(()) }
    /// ```
    ///
    /// # Errors
    /// [`Error::is_schema`] with one entry of [`Error::schema_problems`] per
    /// problem; a connection error when the server could not be reached.
    fn check(&self, db: &Db) -> impl Future<Output = Result<()>> + Send;
}

impl CheckSchema for Schema {
    async fn check(&self, db: &Db) -> Result<()> {
        let mut tx = db.begin().await?;
        let mut problems = Vec::new();
        let mut blamed: Vec<&str> = Vec::new();
        for &model in self.models() {
            let before = problems.len();
            fragments(&mut tx, model, &mut problems).await?;
            if problems.len() > before {
                blamed.push(model.table);
            }
        }
        // What the fragments do not explain: names, foreign keys, indexes.
        // A statement touching a table that already failed is skipped, so
        // one mistake is reported once.
        for statement in self.sql().split(";\n").filter(|s| !s.trim().is_empty()) {
            let tables = tables_in(self, statement);
            if tables.iter().any(|t| blamed.contains(&t.table)) {
                continue;
            }
            if let Err(err) = attempt(&mut tx, &[statement]).await? {
                let origin = tables
                    .first()
                    .map_or_else(|| "the schema".to_owned(), |m| format!("`{}`", m.name));
                let first_line = statement.lines().next().unwrap_or(statement);
                problems.push(format!("{origin}: `{first_line}` failed: {err}"));
                blamed.extend(tables.iter().map(|t| t.table));
            }
        }
        tx.rollback().await?;
        if problems.is_empty() {
            Ok(())
        } else {
            Err(Error::schema(problems))
        }
    }
}

/// Each column's type and default, then each check, on a scratch table.
async fn fragments(
    tx: &mut Transaction<'_>,
    model: &ModelMeta,
    problems: &mut Vec<String>,
) -> Result<()> {
    let name = model.name;
    let mut good: Vec<&ColumnMeta> = Vec::new();
    for column in model.columns {
        let field = column.field;
        if let Err(err) = attempt(tx, &[&probe_table(&[column], false)]).await? {
            problems.push(format!(
                "`{name}.{field}`: column type `{}` is rejected: {err}",
                column.sql_type
            ));
            continue;
        }
        if let Some(default) = column.default {
            if let Err(err) = attempt(tx, &[&probe_table(&[column], true)]).await? {
                problems.push(format!(
                    "`{name}.{field}`: default `{default}` is rejected: {err}"
                ));
            }
        }
        good.push(column);
    }
    for (i, check) in model.checks.iter().enumerate() {
        let add = sql::add_check(PROBE, &format!("check_{i}"), check.sql);
        if let Err(err) = attempt(tx, &[&probe_table(&good, false), &add]).await? {
            problems.push(format!(
                "`{name}`: check `{}` (`{}`) is rejected: {err}",
                check.name, check.sql
            ));
        }
    }
    Ok(())
}

/// `CREATE TEMP TABLE` of the scratch table with `columns`' names and types,
/// and their defaults when `defaults`.
fn probe_table(columns: &[&ColumnMeta], defaults: bool) -> String {
    let columns: Vec<(&str, &str, Option<&str>)> = columns
        .iter()
        .map(|c| (c.column, c.sql_type, c.default.filter(|_| defaults)))
        .collect();
    sql::temp_table(PROBE, &columns)
}

/// Runs `statements` in a savepoint that is always rolled back:
/// `Ok(Err(e))` when the database rejected one, `Err` when the savepoint
/// itself failed.
async fn attempt(
    tx: &mut Transaction<'_>,
    statements: &[&str],
) -> Result<std::result::Result<(), Error>> {
    let sp = tx.savepoint().await?;
    let mut outcome = Ok(());
    for sql in statements {
        if let Err(err) = sp.execute(sql, &[]).await {
            outcome = Err(err);
            break;
        }
    }
    sp.rollback().await?;
    Ok(outcome)
}

/// The registered models whose table `statement` names, in the order the
/// statement names them.
fn tables_in(schema: &Schema, statement: &str) -> Vec<&'static ModelMeta> {
    let mut found: Vec<(usize, &'static ModelMeta)> = schema
        .models()
        .iter()
        .filter_map(|&m| statement.find(&quote_ident(m.table)).map(|at| (at, m)))
        .collect();
    found.sort_by_key(|(at, _)| *at);
    found.into_iter().map(|(_, m)| m).collect()
}
