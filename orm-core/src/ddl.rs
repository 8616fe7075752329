//! DDL rendering: `CREATE TABLE`, constraints and indexes for a verified
//! set of models, in foreign key order, every identifier quoted.

mod names;
#[cfg(test)]
mod tests;

use crate::ident::push_ident;
use crate::meta::{ColumnMeta, ForeignKeyMeta, JunctionMeta, ModelMeta, OnDelete};
use crate::schema::position;

use names::constraint_name;

/// The statements creating every managed table, the foreign keys closing a
/// cycle, and every automatic junction table, in that order.
pub(crate) fn create_statements(models: &[&'static ModelMeta]) -> Vec<String> {
    let plan = Plan::new(models);
    let mut out = Vec::new();
    for (i, model) in plan.tables(models) {
        let deferred: Vec<usize> = plan
            .deferred
            .iter()
            .filter(|(m, _)| *m == i)
            .map(|(_, c)| *c)
            .collect();
        out.push(create_table(model, &deferred));
        out.extend(model_indexes(model));
    }
    for &(m, c) in &plan.deferred {
        let Some((model, column, fk)) = models.get(m).and_then(|model| {
            let column = model.columns.get(c)?;
            Some((model, column, column.foreign_key.as_ref()?))
        }) else {
            continue;
        };
        out.push(add_foreign_key(model, column, fk));
    }
    for (_, model) in plan.tables(models) {
        for field in model.many_to_many {
            if let JunctionMeta::Auto {
                table,
                source_column,
                target_column,
            } = field.junction
            {
                let target = (field.target)();
                out.push(create_junction(
                    table,
                    (source_column, model),
                    (target_column, target),
                ));
                let index = constraint_name(table, &[target_column], "idx");
                out.push(create_index(&index, table, &[target_column]));
            }
        }
    }
    out
}

/// `DROP TABLE IF EXISTS ... CASCADE` for every automatic junction table,
/// then for every managed model in the reverse of the creation order.
pub(crate) fn drop_statements(models: &[&'static ModelMeta]) -> Vec<String> {
    let plan = Plan::new(models);
    let tables: Vec<_> = plan.tables(models).map(|(_, m)| m).collect();
    let junctions: Vec<&str> = tables
        .iter()
        .flat_map(|m| m.many_to_many)
        .filter_map(|f| match f.junction {
            JunctionMeta::Auto { table, .. } => Some(table),
            JunctionMeta::Through { .. } => None,
        })
        .collect();
    let all = junctions
        .into_iter()
        .rev()
        .chain(tables.iter().rev().map(|m| m.table));
    all.map(|table| {
        let mut sql = String::from("DROP TABLE IF EXISTS ");
        push_ident(&mut sql, table);
        sql.push_str(" CASCADE");
        sql
    })
    .collect()
}

/// The creation order of the managed models and the foreign keys left out
/// of `CREATE TABLE` because they close a cycle.
struct Plan {
    /// Indexes into the models, dependencies first.
    order: Vec<usize>,
    /// `(model, column)` of each foreign key added by `ALTER TABLE`.
    deferred: Vec<(usize, usize)>,
}

impl Plan {
    /// A depth-first walk in registration order: a model is created after the
    /// managed models its foreign keys reference; a foreign key reaching a
    /// model still being walked closes a cycle and is deferred. A foreign key
    /// of a model to itself stays inline.
    fn new(models: &[&'static ModelMeta]) -> Plan {
        let mut plan = Plan {
            order: Vec::new(),
            deferred: Vec::new(),
        };
        let mut state = vec![Visit::New; models.len()];
        for i in 0..models.len() {
            plan.visit(models, &mut state, i);
        }
        plan
    }

    fn visit(&mut self, models: &[&'static ModelMeta], state: &mut [Visit], i: usize) {
        let Some(model) = models.get(i).filter(|m| m.managed) else {
            return;
        };
        if state.get(i) != Some(&Visit::New) {
            return;
        }
        state[i] = Visit::Open;
        for (c, _, fk) in model.foreign_keys() {
            let target = (fk.target)();
            let Some(t) = position(models, target).filter(|&t| t != i && target.managed) else {
                continue;
            };
            match state.get(t) {
                Some(Visit::New) => self.visit(models, state, t),
                Some(Visit::Open) => self.deferred.push((i, c)),
                _ => {}
            }
        }
        state[i] = Visit::Done;
        self.order.push(i);
    }

    fn tables<'a>(
        &'a self,
        models: &'a [&'static ModelMeta],
    ) -> impl DoubleEndedIterator<Item = (usize, &'static ModelMeta)> + 'a {
        self.order
            .iter()
            .filter_map(|&i| models.get(i).map(|m| (i, *m)))
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Visit {
    New,
    Open,
    Done,
}

/// `CREATE TABLE IF NOT EXISTS` with columns and named constraints; the
/// foreign keys of the columns at `deferred` are left out.
fn create_table(model: &ModelMeta, deferred: &[usize]) -> String {
    let table = model.table;
    let mut lines = Vec::new();
    for (i, column) in model.columns.iter().enumerate() {
        lines.push(column_definition(column, i == model.primary_key));
    }
    for (i, column) in model.columns.iter().enumerate() {
        if column.unique && i != model.primary_key {
            let name = constraint_name(table, &[column.column], "key");
            lines.push(unique(&name, &[column.column]));
        }
    }
    for group in model.unique_together {
        let columns = field_columns(model, group);
        let name = constraint_name(table, &columns, "uniq");
        lines.push(unique(&name, &columns));
    }
    if let Some(t) = &model.translations {
        // Translation upserts target UNIQUE (label, language).
        let pair = [t.label_field, t.language_field];
        let declared = model
            .unique_together
            .iter()
            .any(|g| g.len() == 2 && pair.iter().all(|f| g.contains(f)));
        if !declared {
            let columns = field_columns(model, &pair);
            let name = constraint_name(table, &columns, "uniq");
            lines.push(unique(&name, &columns));
        }
    }
    for (i, column, fk) in model.foreign_keys() {
        if !deferred.contains(&i) {
            lines.push(foreign_key(table, column, fk));
        }
    }
    for check in model.checks {
        let mut line = String::from("CONSTRAINT ");
        push_ident(&mut line, check.name);
        line.push_str(" CHECK (");
        line.push_str(check.sql);
        line.push(')');
        lines.push(line);
    }
    wrap_create(table, &lines)
}

fn column_definition(column: &ColumnMeta, primary_key: bool) -> String {
    let mut sql = String::new();
    push_ident(&mut sql, column.column);
    sql.push(' ');
    sql.push_str(column.sql_type);
    if column.auto {
        sql.push_str(" GENERATED BY DEFAULT AS IDENTITY");
    }
    if primary_key {
        sql.push_str(" PRIMARY KEY");
    } else if !column.nullable {
        sql.push_str(" NOT NULL");
    }
    if let Some(default) = column.default {
        sql.push_str(" DEFAULT ");
        sql.push_str(default);
    }
    sql
}

fn wrap_create(table: &str, lines: &[String]) -> String {
    let mut sql = String::from("CREATE TABLE IF NOT EXISTS ");
    push_ident(&mut sql, table);
    sql.push_str(" (\n    ");
    sql.push_str(&lines.join(",\n    "));
    sql.push_str("\n)");
    sql
}

fn unique(name: &str, columns: &[&str]) -> String {
    let mut sql = String::from("CONSTRAINT ");
    push_ident(&mut sql, name);
    sql.push_str(" UNIQUE ");
    push_column_list(&mut sql, columns);
    sql
}

/// `CONSTRAINT "<table>_<col>_fkey" FOREIGN KEY (...) REFERENCES ...`.
fn foreign_key(table: &str, column: &ColumnMeta, fk: &ForeignKeyMeta) -> String {
    let target = (fk.target)();
    let referenced = fk.target_column().map_or(target.pk().column, |c| c.column);
    references(
        table,
        column.column,
        (target.table, referenced),
        fk.on_delete,
    )
}

fn references(table: &str, column: &str, to: (&str, &str), on_delete: OnDelete) -> String {
    let mut sql = String::from("CONSTRAINT ");
    push_ident(&mut sql, &constraint_name(table, &[column], "fkey"));
    sql.push_str(" FOREIGN KEY ");
    push_column_list(&mut sql, &[column]);
    sql.push_str(" REFERENCES ");
    push_ident(&mut sql, to.0);
    sql.push(' ');
    push_column_list(&mut sql, &[to.1]);
    sql.push_str(" ON DELETE ");
    sql.push_str(on_delete.as_sql());
    sql
}

/// Adds a foreign key that closes a cycle. Dropping it first (in the same
/// statement) keeps the DDL idempotent without quoting a name as a literal.
fn add_foreign_key(model: &ModelMeta, column: &ColumnMeta, fk: &ForeignKeyMeta) -> String {
    let mut sql = String::from("ALTER TABLE ");
    push_ident(&mut sql, model.table);
    sql.push_str(" DROP CONSTRAINT IF EXISTS ");
    push_ident(
        &mut sql,
        &constraint_name(model.table, &[column.column], "fkey"),
    );
    sql.push_str(", ADD ");
    sql.push_str(&foreign_key(model.table, column, fk));
    sql
}

/// The indexes of `indexed` columns, of foreign key columns (unless unique
/// or the primary key, which have an index already) and of `index(...)`
/// groups.
fn model_indexes(model: &ModelMeta) -> Vec<String> {
    let table = model.table;
    let mut out = Vec::new();
    for (i, column) in model.columns.iter().enumerate() {
        let wanted = column.indexed || column.foreign_key.is_some();
        if wanted && !column.unique && i != model.primary_key {
            let name = constraint_name(table, &[column.column], "idx");
            out.push(create_index(&name, table, &[column.column]));
        }
    }
    for group in model.indexes {
        let columns = field_columns(model, group);
        let name = constraint_name(table, &columns, "idx");
        out.push(create_index(&name, table, &columns));
    }
    out
}

fn create_index(name: &str, table: &str, columns: &[&str]) -> String {
    let mut sql = String::from("CREATE INDEX IF NOT EXISTS ");
    push_ident(&mut sql, name);
    sql.push_str(" ON ");
    push_ident(&mut sql, table);
    sql.push(' ');
    push_column_list(&mut sql, columns);
    sql
}

/// An automatic junction table: an identity key, two cascading foreign keys
/// typed like the keys they reference, and a unique pair (whose index also
/// serves lookups by the source column).
fn create_junction(table: &str, source: (&str, &ModelMeta), target: (&str, &ModelMeta)) -> String {
    let mut id = String::new();
    push_ident(&mut id, "id");
    id.push_str(" bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY");
    let mut lines = vec![id];
    for (column, model) in [source, target] {
        let mut line = String::new();
        push_ident(&mut line, column);
        line.push(' ');
        line.push_str(reference_type(model.pk().sql_type));
        line.push_str(" NOT NULL");
        lines.push(line);
    }
    let pair = [source.0, target.0];
    lines.push(unique(&constraint_name(table, &pair, "uniq"), &pair));
    for (column, model) in [source, target] {
        let to = (model.table, model.pk().column);
        lines.push(references(table, column, to, OnDelete::Cascade));
    }
    wrap_create(table, &lines)
}

/// The type of a column referencing a key of type `sql_type`: a serial
/// type's underlying integer, otherwise the same type.
fn reference_type(sql_type: &str) -> &str {
    match sql_type.to_ascii_lowercase().as_str() {
        "serial" | "serial4" => "integer",
        "bigserial" | "serial8" => "bigint",
        "smallserial" | "serial2" => "smallint",
        _ => sql_type,
    }
}

/// The column names of the fields in `group` (verified to exist).
fn field_columns(model: &ModelMeta, group: &[&str]) -> Vec<&'static str> {
    group
        .iter()
        .filter_map(|f| model.column_by_field(f).map(|c| c.column))
        .collect()
}

fn push_column_list(sql: &mut String, columns: &[&str]) {
    sql.push('(');
    for (i, column) in columns.iter().enumerate() {
        if i > 0 {
            sql.push_str(", ");
        }
        push_ident(sql, column);
    }
    sql.push(')');
}
