//! Statements a backend runs for operations of its own (table locks,
//! savepoints, translation writes), built as IR and written by the one
//! writer, so no backend assembles SQL text. Reached through
//! `__private::sql`; not a stable API.

use crate::ir::{
    self, Insert, InsertSource, LockTable, Name, OnConflict, RowLockClause, Select, SelectItem,
    Source, Statement, Update,
};
use crate::meta::{ColumnMeta, ModelMeta};
use crate::query::{LockWait, RowLock};
use crate::render::postgres::{self, render_with_slots};

pub use crate::render::postgres::SavepointOp;

/// `LOCK TABLE "a", "b" IN <mode> MODE [NOWAIT]`; `mode` is the lock
/// mode's SQL spelling (a constant of the backend's `LockMode`).
pub fn lock_table(tables: &[&'static str], mode: &'static str, nowait: bool) -> String {
    let statement = Statement::LockTable(LockTable {
        tables: tables.iter().map(|t| Name::Borrowed(*t)).collect(),
        mode,
        nowait,
    });
    postgres::render(&statement).sql
}

/// `SAVEPOINT "name"` and its release and rollback.
pub fn savepoint(op: SavepointOp, name: &str) -> String {
    postgres::savepoint(op, name)
}

/// The four statements of setting one translated text: lock the row and
/// read its label key, create a label, point the row at it, and upsert the
/// text. Parameters are `$1`, `$2`, ... as documented on each.
#[derive(Debug)]
pub struct TranslationWrite {
    /// `SELECT "<fk>" FROM "<table>" WHERE "<pk>" = $1 FOR UPDATE`.
    pub lock_row: String,
    /// `INSERT INTO "<label>" DEFAULT VALUES RETURNING "<label pk>"`.
    pub create_label: String,
    /// `UPDATE "<table>" SET "<fk>" = $1 WHERE "<pk>" = $2`.
    pub point_at_label: String,
    /// `INSERT INTO "<translations>" (label, language, text) VALUES ($1,
    /// $2, $3) ON CONFLICT (label, language) DO UPDATE SET text =
    /// excluded.text`.
    pub upsert: String,
}

/// The statements that set the text of label key `fk` of `model`.
pub fn translation_write(
    model: &'static ModelMeta,
    fk: &'static ColumnMeta,
    label: &'static ModelMeta,
    translations: &'static ModelMeta,
    columns: [&'static ColumnMeta; 3],
) -> TranslationWrite {
    let [label_col, language_col, text_col] = columns;
    let by_key = |slot| Some(ir::Expr::bare(model.pk().column).equals(ir::Expr::Slot(slot)));
    let mut lock_row = Select::from(
        Source::table(model.table),
        vec![SelectItem::expr(ir::Expr::bare(fk.column))],
    );
    lock_row.filter = by_key(0);
    lock_row.lock = Some(RowLockClause {
        strength: RowLock::Update,
        of: None,
        wait: LockWait::Wait,
    });
    let create_label = Insert {
        table: Name::Borrowed(label.table),
        columns: Vec::new(),
        source: InsertSource::DefaultValues,
        on_conflict: None,
        returning: vec![ir::Expr::bare(label.pk().column)],
    };
    let point_at_label = Update {
        table: Name::Borrowed(model.table),
        set: vec![(Name::Borrowed(fk.column), ir::Expr::Slot(0))],
        filter: by_key(1),
        returning: Vec::new(),
    };
    let upsert = Insert {
        table: Name::Borrowed(translations.table),
        columns: vec![
            Name::Borrowed(label_col.column),
            Name::Borrowed(language_col.column),
            Name::Borrowed(text_col.column),
        ],
        source: InsertSource::Values(vec![vec![
            ir::Expr::Slot(0),
            ir::Expr::Slot(1),
            ir::Expr::Slot(2),
        ]]),
        on_conflict: Some(OnConflict::DoUpdate {
            target: vec![
                Name::Borrowed(label_col.column),
                Name::Borrowed(language_col.column),
            ],
            set: vec![(
                Name::Borrowed(text_col.column),
                ir::Expr::column("excluded", text_col.column),
            )],
        }),
        returning: Vec::new(),
    };
    let render = |s: Statement, slots| render_with_slots(&s, slots).sql;
    TranslationWrite {
        lock_row: render(Statement::Select(Box::new(lock_row)), 1),
        create_label: render(Statement::Insert(Box::new(create_label)), 0),
        point_at_label: render(Statement::Update(Box::new(point_at_label)), 2),
        upsert: render(Statement::Insert(Box::new(upsert)), 3),
    }
}

/// `CREATE DATABASE "name" TEMPLATE template0 ENCODING 'UTF8'` (the test
/// harness's fresh databases).
pub fn create_database(name: &str) -> String {
    postgres::database(postgres::DatabaseOp::Create, name)
}

/// `DROP DATABASE IF EXISTS "name" WITH (FORCE)`.
pub fn drop_database(name: &str) -> String {
    postgres::database(postgres::DatabaseOp::Drop, name)
}

/// `CREATE TEMP TABLE "name" (...)` of `(column, SQL type, default)`s,
/// written by the DDL writer (for `schema.check`'s probes).
pub fn temp_table(name: &str, columns: &[(&str, &str, Option<&str>)]) -> String {
    crate::ddl::temp_table(name, columns)
}

/// `ALTER TABLE "table" ADD CONSTRAINT "name" CHECK (condition)`, written
/// by the DDL writer.
pub fn add_check(table: &str, name: &str, condition: &str) -> String {
    crate::ddl::add_check(table, name, condition)
}
