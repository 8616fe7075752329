//! The PostgreSQL DDL writer: the one place that turns the schema model and
//! its operations into SQL text, every identifier quoted by
//! [`push_ident`]. `create_all`, migrations and `sqlmigrate` all write
//! through it.

mod names;
mod pg_type;
#[cfg(test)]
mod tests;

use crate::ident::push_ident;
use crate::schema_model::order::CreationPlan;
use crate::schema_model::{
    CheckDef, ColumnDef, ForeignKeyDef, Identity, IndexDef, KeyDef, Operation, SchemaModel,
    TableDef,
};

pub(crate) use names::constraint_name;

/// How statements are written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Mode {
    /// Exactly the change (migrations).
    Plain,
    /// Harmless to run twice (`create_all`): `IF NOT EXISTS`, and a
    /// constraint added after creation is dropped first if it exists.
    Idempotent,
}

/// The statements creating every managed table in foreign key order, each
/// followed by its indexes, then the foreign keys closing a cycle.
pub(crate) fn create_statements(model: &SchemaModel) -> Vec<String> {
    let plan = CreationPlan::new(&model.tables, |t| t.managed);
    let mut out = Vec::new();
    for &i in &plan.order {
        let Some(table) = model.tables.get(i) else {
            continue;
        };
        let mut inline = table.clone();
        inline.foreign_keys = table
            .foreign_keys
            .iter()
            .enumerate()
            .filter(|(k, _)| !plan.is_deferred(i, *k))
            .map(|(_, fk)| fk.clone())
            .collect();
        out.push(create_table(&inline, Mode::Idempotent));
        for index in &table.indexes {
            out.push(create_index(&table.name, index, false, Mode::Idempotent));
        }
    }
    for &(i, k) in &plan.deferred {
        if let Some((table, fk)) = model
            .tables
            .get(i)
            .and_then(|t| Some((t, t.foreign_keys.get(k)?)))
        {
            let op = Operation::AddForeignKey {
                table: table.name.clone(),
                key: fk.clone(),
                not_valid: false,
            };
            out.push(operation_sql(&op, Mode::Idempotent));
        }
    }
    out
}

/// `DROP TABLE IF EXISTS ... CASCADE` for every managed table, in the
/// reverse of the creation order.
pub(crate) fn drop_statements(model: &SchemaModel) -> Vec<String> {
    let plan = CreationPlan::new(&model.tables, |t| t.managed);
    plan.order
        .iter()
        .rev()
        .filter_map(|&i| model.tables.get(i))
        .map(|table| {
            let mut sql = String::from("DROP TABLE IF EXISTS ");
            push_ident(&mut sql, &table.name);
            sql.push_str(" CASCADE");
            sql
        })
        .collect()
}

/// The one statement of `op`.
pub(crate) fn operation_sql(op: &Operation, mode: Mode) -> String {
    let mut sql = String::new();
    match op {
        Operation::CreateTable(table) => return create_table(table, mode),
        Operation::DropTable { table } => {
            sql.push_str("DROP TABLE ");
            push_ident(&mut sql, table);
        }
        Operation::RenameTable { from, to } => {
            alter_table(&mut sql, from);
            sql.push_str("RENAME TO ");
            push_ident(&mut sql, to);
        }
        Operation::AddColumn { table, column } => {
            alter_table(&mut sql, table);
            sql.push_str("ADD COLUMN ");
            sql.push_str(&column_definition(column, false));
        }
        Operation::DropColumn { table, column } => {
            alter_table(&mut sql, table);
            sql.push_str("DROP COLUMN ");
            push_ident(&mut sql, column);
        }
        Operation::RenameColumn { table, from, to } => {
            alter_table(&mut sql, table);
            sql.push_str("RENAME COLUMN ");
            push_ident(&mut sql, from);
            sql.push_str(" TO ");
            push_ident(&mut sql, to);
        }
        Operation::AlterType {
            table, column, to, ..
        } => {
            alter_column(&mut sql, table, column);
            let name = to.to_postgres();
            sql.push_str("TYPE ");
            sql.push_str(&name);
            sql.push_str(" USING ");
            push_ident(&mut sql, column);
            sql.push_str("::");
            sql.push_str(&name);
        }
        Operation::SetNullable {
            table,
            column,
            nullable,
        } => {
            alter_column(&mut sql, table, column);
            sql.push_str(if *nullable {
                "DROP NOT NULL"
            } else {
                "SET NOT NULL"
            });
        }
        Operation::SetDefault {
            table,
            column,
            default,
        } => {
            alter_column(&mut sql, table, column);
            match default {
                Some(d) => {
                    sql.push_str("SET DEFAULT ");
                    sql.push_str(d);
                }
                None => sql.push_str("DROP DEFAULT"),
            }
        }
        Operation::SetIdentity {
            table,
            column,
            identity,
        } => {
            alter_column(&mut sql, table, column);
            match identity {
                Some(i) => {
                    sql.push_str("ADD ");
                    sql.push_str(identity_sql(*i));
                }
                None => sql.push_str("DROP IDENTITY IF EXISTS"),
            }
        }
        Operation::AddPrimaryKey {
            table,
            key,
            using_index,
        } => add_key(&mut sql, table, key, *using_index, "PRIMARY KEY"),
        Operation::AddUnique {
            table,
            key,
            using_index,
        } => add_key(&mut sql, table, key, *using_index, "UNIQUE"),
        Operation::AddForeignKey {
            table,
            key,
            not_valid,
        } => {
            alter_table(&mut sql, table);
            if mode == Mode::Idempotent {
                // Dropping first keeps the DDL idempotent without quoting a
                // name as a literal.
                sql.push_str("DROP CONSTRAINT IF EXISTS ");
                push_ident(&mut sql, &key.name);
                sql.push_str(", ");
            }
            sql.push_str("ADD ");
            sql.push_str(&foreign_key(key));
            if *not_valid {
                sql.push_str(" NOT VALID");
            }
        }
        Operation::AddCheck {
            table,
            check,
            not_valid,
        } => {
            alter_table(&mut sql, table);
            sql.push_str("ADD ");
            sql.push_str(&check_constraint(check));
            if *not_valid {
                sql.push_str(" NOT VALID");
            }
        }
        Operation::ValidateConstraint { table, name } => {
            alter_table(&mut sql, table);
            sql.push_str("VALIDATE CONSTRAINT ");
            push_ident(&mut sql, name);
        }
        Operation::DropConstraint { table, name } => {
            alter_table(&mut sql, table);
            sql.push_str("DROP CONSTRAINT ");
            push_ident(&mut sql, name);
        }
        Operation::RenameConstraint { table, from, to } => {
            alter_table(&mut sql, table);
            sql.push_str("RENAME CONSTRAINT ");
            push_ident(&mut sql, from);
            sql.push_str(" TO ");
            push_ident(&mut sql, to);
        }
        Operation::CreateIndex {
            table,
            index,
            concurrently,
        } => return create_index(table, index, *concurrently, mode),
        Operation::DropIndex { name, concurrently } => {
            sql.push_str("DROP INDEX ");
            if *concurrently {
                sql.push_str("CONCURRENTLY ");
            }
            push_ident(&mut sql, name);
        }
        Operation::RenameIndex { from, to } => {
            sql.push_str("ALTER INDEX ");
            push_ident(&mut sql, from);
            sql.push_str(" RENAME TO ");
            push_ident(&mut sql, to);
        }
    }
    sql
}

fn alter_table(sql: &mut String, table: &str) {
    sql.push_str("ALTER TABLE ");
    push_ident(sql, table);
    sql.push(' ');
}

fn alter_column(sql: &mut String, table: &str, column: &str) {
    alter_table(sql, table);
    sql.push_str("ALTER COLUMN ");
    push_ident(sql, column);
    sql.push(' ');
}

/// `CREATE TABLE` with columns and named constraints. A one-column primary
/// key with PostgreSQL's own name (`<table>_pkey`) is written inline.
fn create_table(table: &TableDef, mode: Mode) -> String {
    let inline_pk = table
        .primary_key
        .as_ref()
        .and_then(|k| match k.columns.as_slice() {
            [column] if k.name == format!("{}_pkey", table.name) => Some(column.as_str()),
            _ => None,
        });
    let mut lines = Vec::new();
    for column in &table.columns {
        lines.push(column_definition(
            column,
            inline_pk == Some(column.name.as_str()),
        ));
    }
    if let Some(key) = table.primary_key.as_ref().filter(|_| inline_pk.is_none()) {
        lines.push(key_constraint(key, "PRIMARY KEY"));
    }
    for key in &table.uniques {
        lines.push(key_constraint(key, "UNIQUE"));
    }
    for fk in &table.foreign_keys {
        lines.push(foreign_key(fk));
    }
    for check in &table.checks {
        lines.push(check_constraint(check));
    }
    let mut sql = String::from(match mode {
        Mode::Plain => "CREATE TABLE ",
        Mode::Idempotent => "CREATE TABLE IF NOT EXISTS ",
    });
    push_ident(&mut sql, &table.name);
    sql.push_str(" (\n    ");
    sql.push_str(&lines.join(",\n    "));
    sql.push_str("\n)");
    sql
}

fn identity_sql(identity: Identity) -> &'static str {
    match identity {
        Identity::ByDefault => "GENERATED BY DEFAULT AS IDENTITY",
        Identity::Always => "GENERATED ALWAYS AS IDENTITY",
    }
}

fn column_definition(column: &ColumnDef, primary_key: bool) -> String {
    let mut sql = String::new();
    push_ident(&mut sql, &column.name);
    sql.push(' ');
    sql.push_str(&column.data_type.to_postgres());
    if let Some(identity) = column.identity {
        sql.push(' ');
        sql.push_str(identity_sql(identity));
    }
    if primary_key {
        sql.push_str(" PRIMARY KEY");
    } else if !column.nullable {
        sql.push_str(" NOT NULL");
    }
    if let Some(default) = &column.default {
        sql.push_str(" DEFAULT ");
        sql.push_str(default);
    }
    sql
}

fn key_constraint(key: &KeyDef, kind: &str) -> String {
    let mut sql = String::from("CONSTRAINT ");
    push_ident(&mut sql, &key.name);
    sql.push(' ');
    sql.push_str(kind);
    sql.push(' ');
    push_column_list(&mut sql, &key.columns);
    sql
}

/// `CONSTRAINT "<name>" FOREIGN KEY (...) REFERENCES ... ON DELETE ...`.
fn foreign_key(fk: &ForeignKeyDef) -> String {
    let mut sql = String::from("CONSTRAINT ");
    push_ident(&mut sql, &fk.name);
    sql.push_str(" FOREIGN KEY ");
    push_column_list(&mut sql, &fk.columns);
    sql.push_str(" REFERENCES ");
    push_ident(&mut sql, &fk.ref_table);
    sql.push(' ');
    push_column_list(&mut sql, &fk.ref_columns);
    sql.push_str(" ON DELETE ");
    sql.push_str(fk.on_delete.as_sql());
    sql
}

fn check_constraint(check: &CheckDef) -> String {
    let mut sql = String::from("CONSTRAINT ");
    push_ident(&mut sql, &check.name);
    sql.push_str(" CHECK (");
    sql.push_str(&check.expression);
    sql.push(')');
    sql
}

fn create_index(table: &str, index: &IndexDef, concurrently: bool, mode: Mode) -> String {
    let mut sql = String::from("CREATE ");
    if index.unique {
        sql.push_str("UNIQUE ");
    }
    sql.push_str("INDEX ");
    if concurrently {
        sql.push_str("CONCURRENTLY ");
    }
    if mode == Mode::Idempotent {
        sql.push_str("IF NOT EXISTS ");
    }
    push_ident(&mut sql, &index.name);
    sql.push_str(" ON ");
    push_ident(&mut sql, table);
    sql.push(' ');
    push_column_list(&mut sql, &index.columns);
    sql
}

fn push_column_list(sql: &mut String, columns: &[String]) {
    sql.push('(');
    for (i, column) in columns.iter().enumerate() {
        if i > 0 {
            sql.push_str(", ");
        }
        push_ident(sql, column);
    }
    sql.push(')');
}

/// `CREATE TEMP TABLE "name" ("col" type [DEFAULT expr], ...)`: the scratch
/// table `schema.check` probes column types and defaults with. Types and
/// defaults are the model's own SQL fragments, written as declared.
pub(crate) fn temp_table(name: &str, columns: &[(&str, &str, Option<&str>)]) -> String {
    let mut sql = String::from("CREATE TEMP TABLE ");
    push_ident(&mut sql, name);
    sql.push_str(" (");
    for (i, (column, sql_type, default)) in columns.iter().enumerate() {
        if i > 0 {
            sql.push_str(", ");
        }
        push_ident(&mut sql, column);
        sql.push(' ');
        sql.push_str(sql_type);
        if let Some(default) = default {
            sql.push_str(" DEFAULT ");
            sql.push_str(default);
        }
    }
    sql.push(')');
    sql
}

/// `ALTER TABLE "table" ADD CONSTRAINT "name" CHECK (condition)`.
pub(crate) fn add_check(table: &str, name: &str, condition: &str) -> String {
    let mut sql = String::from("ALTER TABLE ");
    push_ident(&mut sql, table);
    sql.push_str(" ADD CONSTRAINT ");
    push_ident(&mut sql, name);
    sql.push_str(" CHECK (");
    sql.push_str(condition);
    sql.push(')');
    sql
}

/// `ALTER TABLE "t" ADD <kind> (...)`, or `ADD CONSTRAINT "k" <kind> USING
/// INDEX "k"` adopting the index built beforehand under the same name.
fn add_key(sql: &mut String, table: &str, key: &KeyDef, using_index: bool, kind: &str) {
    alter_table(sql, table);
    sql.push_str("ADD ");
    if using_index {
        sql.push_str("CONSTRAINT ");
        push_ident(sql, &key.name);
        sql.push(' ');
        sql.push_str(kind);
        sql.push_str(" USING INDEX ");
        push_ident(sql, &key.name);
    } else {
        sql.push_str(&key_constraint(key, kind));
    }
}
