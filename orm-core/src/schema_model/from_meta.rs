//! Building a [`SchemaModel`] from the metadata of verified models: the one
//! place that decides which tables, constraints and indexes a set of models
//! needs and what they are called.

use super::{
    CheckDef, ColumnDef, DataType, ForeignKeyDef, Identity, IndexDef, JunctionDef, KeyDef,
    SchemaModel, TableDef,
};
use crate::ddl::constraint_name;
use crate::meta::{ColumnMeta, JunctionMeta, ModelMeta, OnDelete};

/// The tables of `models` (unmanaged ones included, marked so), then the
/// automatic junction tables of their many-to-many fields.
pub(super) fn build(models: &[&'static ModelMeta]) -> SchemaModel {
    let mut tables: Vec<TableDef> = models.iter().map(|m| model_table(m)).collect();
    for model in models.iter().filter(|m| m.managed) {
        for field in model.many_to_many {
            if let JunctionMeta::Auto {
                table,
                source_column,
                target_column,
            } = field.junction
            {
                let target = (field.target)();
                tables.push(junction_table(
                    table,
                    (source_column, model),
                    (target_column, target),
                ));
            }
        }
    }
    SchemaModel { tables }
}

fn model_table(model: &ModelMeta) -> TableDef {
    let name = model.table;
    let mut table = TableDef::new(name);
    table.model = Some(model.name.to_owned());
    table.managed = model.managed;
    table.renamed_from = model_renamed_from(model);
    table.columns = model.columns.iter().map(column).collect();
    table.primary_key = Some(KeyDef::new(
        constraint_name(name, &[], "pkey"),
        vec![model.pk().column.to_owned()],
    ));
    for (i, c) in model.columns.iter().enumerate() {
        if c.unique && i != model.primary_key {
            let key = KeyDef::new(
                constraint_name(name, &[c.column], "key"),
                owned(&[c.column]),
            );
            table.uniques.push(key);
        }
    }
    for group in model.unique_together {
        table.uniques.push(unique_group(model, group));
    }
    if let Some(t) = &model.translations {
        // Translation upserts target UNIQUE (label, language).
        let pair = [t.label_field, t.language_field];
        let declared = model
            .unique_together
            .iter()
            .any(|g| g.len() == 2 && pair.iter().all(|f| g.contains(f)));
        if !declared {
            table.uniques.push(unique_group(model, &pair));
        }
    }
    for (_, c, fk) in model.foreign_keys() {
        let target = (fk.target)();
        let referenced = fk.target_column().map_or(target.pk().column, |t| t.column);
        table.foreign_keys.push(ForeignKeyDef::new(
            constraint_name(name, &[c.column], "fkey"),
            owned(&[c.column]),
            target.table,
            owned(&[referenced]),
            fk.on_delete,
        ));
    }
    for check in model.checks {
        table.checks.push(CheckDef::new(check.name, check.sql));
    }
    for (i, c) in model.columns.iter().enumerate() {
        let wanted = c.indexed || c.foreign_key.is_some();
        if wanted && !c.unique && i != model.primary_key {
            let index = IndexDef::new(
                constraint_name(name, &[c.column], "idx"),
                owned(&[c.column]),
            );
            table.indexes.push(index);
        }
    }
    for group in model.indexes {
        let columns = field_columns(model, group);
        let index_name = constraint_name(name, &columns, "idx");
        table
            .indexes
            .push(IndexDef::new(index_name, owned(&columns)));
    }
    table
}

/// The model's former table name.
fn model_renamed_from(model: &ModelMeta) -> Option<String> {
    model.renamed_from.map(str::to_owned)
}

fn column(c: &ColumnMeta) -> ColumnDef {
    let (data_type, serial) = column_type(c.sql_type);
    let mut def = ColumnDef::new(c.column, data_type);
    def.field = Some(c.field.to_owned());
    def.nullable = c.nullable && !c.primary_key;
    def.default = c.default.map(str::to_owned);
    def.identity = (c.auto || serial).then_some(Identity::ByDefault);
    def.renamed_from = c.renamed_from.map(str::to_owned);
    def
}

/// The logical type of `sql_type`; a `serial` type becomes its integer
/// with an identity (which fills it the same way).
fn column_type(sql_type: &str) -> (DataType, bool) {
    match sql_type.trim().to_ascii_lowercase().as_str() {
        "serial" | "serial4" => (DataType::Integer, true),
        "bigserial" | "serial8" => (DataType::BigInt, true),
        "smallserial" | "serial2" => (DataType::SmallInt, true),
        _ => (DataType::from_postgres(sql_type), false),
    }
}

fn unique_group(model: &ModelMeta, group: &[&str]) -> KeyDef {
    let columns = field_columns(model, group);
    KeyDef::new(
        constraint_name(model.table, &columns, "uniq"),
        owned(&columns),
    )
}

/// An automatic junction table: an identity key, two cascading foreign keys
/// typed like the keys they reference, a unique pair (whose index also
/// serves lookups by the source column) and an index on the target column.
fn junction_table(name: &str, source: (&str, &ModelMeta), target: (&str, &ModelMeta)) -> TableDef {
    let mut table = TableDef::new(name);
    table.junction = Some(JunctionDef {
        source_column: source.0.to_owned(),
        target_column: target.0.to_owned(),
    });
    let mut id = ColumnDef::new("id", DataType::BigInt);
    id.identity = Some(Identity::ByDefault);
    table.columns.push(id);
    table.primary_key = Some(KeyDef::new(
        constraint_name(name, &[], "pkey"),
        owned(&["id"]),
    ));
    for (column, model) in [source, target] {
        let (data_type, _) = column_type(model.pk().sql_type);
        table.columns.push(ColumnDef::new(column, data_type));
    }
    let pair = [source.0, target.0];
    table.uniques.push(KeyDef::new(
        constraint_name(name, &pair, "uniq"),
        owned(&pair),
    ));
    for (column, model) in [source, target] {
        table.foreign_keys.push(ForeignKeyDef::new(
            constraint_name(name, &[column], "fkey"),
            owned(&[column]),
            model.table,
            owned(&[model.pk().column]),
            OnDelete::Cascade,
        ));
    }
    table.indexes.push(IndexDef::new(
        constraint_name(name, &[target.0], "idx"),
        owned(&[target.0]),
    ));
    table
}

/// The column names of the fields in `group` (verified to exist).
fn field_columns(model: &ModelMeta, group: &[&str]) -> Vec<&'static str> {
    group
        .iter()
        .filter_map(|f| model.column_by_field(f).map(|c| c.column))
        .collect()
}

fn owned(names: &[&str]) -> Vec<String> {
    names.iter().map(|n| (*n).to_owned()).collect()
}
