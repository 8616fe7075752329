//! The rules that span models, checked once when a [`Schema`](super::Schema)
//! is built. Every rule appends to one list so that all problems are
//! reported together.

use super::suggest::did_you_mean;
use super::{position, same_model};
use crate::meta::{
    ColumnMeta, ForeignKeyMeta, JunctionMeta, ManyToManyMeta, ModelMeta, OnDelete, ReverseMeta,
};

/// Every problem found in `models` (excluding reverse name clashes, see
/// `reverse::collect`).
pub(super) fn verify(models: &[&'static ModelMeta]) -> Vec<String> {
    let mut problems = Vec::new();
    tables(models, &mut problems);
    for &model in models {
        columns(model, &mut problems);
        for (_, column, fk) in model.foreign_keys() {
            foreign_key(models, model, column.field, fk, &mut problems);
        }
        for field in model.many_to_many {
            many_to_many(models, model, field, &mut problems);
        }
        for field in model.reverse {
            reverse(models, model, field, &mut problems);
        }
        field_groups(model, &mut problems);
    }
    problems
}

/// No two tables, automatic junctions included, share a name.
fn tables(models: &[&'static ModelMeta], problems: &mut Vec<String>) {
    let mut seen: Vec<(&str, String)> = Vec::new();
    for model in models {
        let mut owned = vec![(model.table, model.name.to_owned())];
        for field in model.many_to_many {
            if let JunctionMeta::Auto { table, .. } = field.junction {
                owned.push((
                    table,
                    format!("the junction of `{}.{}`", model.name, field.field),
                ));
            }
        }
        for (table, owner) in owned {
            match seen.iter().find(|(t, _)| *t == table) {
                Some((_, first)) => problems.push(format!(
                    "table `{table}` is used by both {} and {}",
                    quote_owner(first),
                    quote_owner(&owner)
                )),
                None => seen.push((table, owner)),
            }
        }
    }
}

fn quote_owner(owner: &str) -> String {
    if owner.starts_with("the junction") {
        owner.to_owned()
    } else {
        format!("`{owner}`")
    }
}

/// The primary key index is valid, and column and field names are unique.
fn columns(model: &ModelMeta, problems: &mut Vec<String>) {
    let name = model.name;
    match model.columns.get(model.primary_key) {
        None => problems.push(format!(
            "`{name}`: primary_key index {} is out of range ({} columns)",
            model.primary_key,
            model.columns.len()
        )),
        Some(pk) if !pk.primary_key => problems.push(format!(
            "`{name}`: column `{}` at the primary_key index is not marked primary_key",
            pk.column
        )),
        Some(pk) if pk.nullable => problems.push(format!(
            "`{name}.{}`: a primary key cannot be nullable (its type is an `Option`)",
            pk.field
        )),
        Some(_) => {}
    }
    for (i, column) in model.columns.iter().enumerate() {
        if column.primary_key && i != model.primary_key {
            problems.push(format!(
                "`{name}.{}` is marked primary_key but the primary key is another column",
                column.field
            ));
        }
        if model.columns[..i].iter().any(|c| c.column == column.column) {
            problems.push(format!(
                "`{name}`: column `{}` appears twice",
                column.column
            ));
        }
    }
    let fields = model
        .columns
        .iter()
        .map(|c| c.field)
        .chain(model.many_to_many.iter().map(|m| m.field));
    let mut seen: Vec<&str> = Vec::new();
    for field in fields {
        if seen.contains(&field) {
            problems.push(format!("`{name}`: field `{field}` appears twice"));
        } else {
            seen.push(field);
        }
    }
}

/// The target is registered, `to_field` is unique, `SetNull` is nullable.
fn foreign_key(
    models: &[&'static ModelMeta],
    model: &ModelMeta,
    field: &str,
    fk: &ForeignKeyMeta,
    problems: &mut Vec<String>,
) {
    let origin = format!("{}.{field}", model.name);
    let target = (fk.target)();
    if position(models, target).is_none() {
        problems.push(not_registered(&origin, "foreign key target", target));
        return;
    }
    if let Some(to_field) = fk.to_field {
        match target.column_by_field(to_field) {
            None => problems.push(format!(
                "`{origin}`: to_field `{to_field}` is not a column field of `{}`{}",
                target.name,
                did_you_mean(to_field, fields_and_columns(target))
            )),
            Some(c) if !c.unique && !c.primary_key => problems.push(format!(
                "`{origin}`: to_field `{}.{to_field}` is not unique; mark it `unique` or reference the primary key",
                target.name
            )),
            Some(_) => {}
        }
    }
    if let (Some(column), Some(referenced)) = (model.column_by_field(field), fk.target_column()) {
        if type_family(column.sql_type) != type_family(referenced.sql_type) {
            problems.push(format!(
                "`{origin}`: the column is `{}` but references `{}.{}`, a `{}` column; give the key type of the referenced field (`ForeignKey<{}, K>`)",
                column.sql_type, target.name, referenced.field, referenced.sql_type, target.name
            ));
        }
    }
    let nullable = model.column_by_field(field).is_some_and(|c| c.nullable);
    if fk.on_delete == OnDelete::SetNull && !nullable {
        problems.push(format!(
            "`{origin}`: on_delete = SetNull needs a nullable column (an `Option` field)"
        ));
    }
}

/// The target and through model are registered, the through model's named
/// fields are foreign keys to the right models, `symmetrical` is only used
/// on a self-relation, an automatic junction has two distinct columns.
fn many_to_many(
    models: &[&'static ModelMeta],
    model: &ModelMeta,
    field: &ManyToManyMeta,
    problems: &mut Vec<String>,
) {
    let origin = format!("{}.{}", model.name, field.field);
    let target = (field.target)();
    let target_ok = position(models, target).is_some();
    if !target_ok {
        problems.push(not_registered(&origin, "many-to-many target", target));
    }
    if field.symmetrical && !same_model(model, target) {
        problems.push(format!(
            "`{origin}`: symmetrical is only allowed on a relation of `{}` to itself, not to `{}`",
            model.name, target.name
        ));
    }
    match &field.junction {
        JunctionMeta::Auto {
            source_column,
            target_column,
            ..
        } => {
            if source_column == target_column {
                problems.push(format!(
                    "`{origin}`: the junction's source and target columns are both `{source_column}`"
                ));
            }
        }
        JunctionMeta::Through {
            model: through,
            source_field,
            target_field,
        } => {
            let through = through();
            if position(models, through).is_none() {
                problems.push(not_registered(&origin, "through model", through));
                return;
            }
            if source_field == target_field {
                problems.push(format!(
                    "`{origin}`: source and target are the same field `{source_field}` of `{}`",
                    through.name
                ));
            }
            through_field(&origin, through, "source", source_field, model, problems);
            if target_ok {
                through_field(&origin, through, "target", target_field, target, problems);
            }
            unique_pair(&origin, through, source_field, target_field, problems);
        }
    }
}

/// `add` is idempotent (`ON CONFLICT DO NOTHING`) only when a pair cannot
/// be stored twice: the through model needs a unique constraint within
/// (source, target). Adding one behind the author's back would change a
/// table they declared (and could not be done for an unmanaged one), so
/// the schema is rejected with the line to add.
fn unique_pair(
    origin: &str,
    through: &ModelMeta,
    source: &str,
    target: &str,
    problems: &mut Vec<String>,
) {
    let pair = [source, target];
    if pair.iter().any(|f| through.column_by_field(f).is_none()) {
        return; // reported as a missing field
    }
    let single = through
        .columns
        .iter()
        .any(|c| (c.unique || c.primary_key) && pair.contains(&c.field));
    let group = through
        .unique_together
        .iter()
        .any(|g| !g.is_empty() && g.iter().all(|f| pair.contains(f)));
    if source != target && !single && !group {
        problems.push(format!(
            "`{origin}`: through model `{}` has no unique constraint on ({source}, {target}), so adding a pair twice would store it twice; add `#[orm(unique_together({source}, {target}))]` to `{}`",
            through.name, through.name
        ));
    }
}

/// A `Reverse` field's `via` is a foreign key of the source model that
/// points at the model declaring the field.
fn reverse(
    models: &[&'static ModelMeta],
    model: &ModelMeta,
    field: &ReverseMeta,
    problems: &mut Vec<String>,
) {
    let origin = format!("{}.{}", model.name, field.field);
    let source = (field.source)();
    if position(models, source).is_none() {
        problems.push(not_registered(&origin, "reverse source", source));
        return;
    }
    let via = field.source_field;
    match source.column_by_field(via) {
        None => problems.push(format!(
            "`{origin}`: via `{via}` is not a field of `{}`{}",
            source.name,
            did_you_mean(via, fields_and_columns(source))
        )),
        Some(column) => match &column.foreign_key {
            None => problems.push(format!(
                "`{origin}`: via `{}.{via}` is not a foreign key; name the `ForeignKey<{}>` field of `{}`",
                source.name, model.name, source.name
            )),
            Some(fk) => {
                let points_at = (fk.target)();
                if !same_model(points_at, model) {
                    problems.push(format!(
                        "`{origin}`: via `{}.{via}` points at `{}`, not `{}`",
                        source.name, points_at.name, model.name
                    ));
                }
            }
        },
    }
}

/// (field, column) of every column of `model`, for hints.
fn fields_and_columns(model: &ModelMeta) -> impl Iterator<Item = (&'static str, &'static str)> {
    model
        .columns
        .iter()
        .map(|c: &ColumnMeta| (c.field, c.column))
}

/// The kind of value a SQL type holds, so that a foreign key and the
/// column it references can be compared: PostgreSQL refuses a constraint
/// between, say, `bigint` and `text`.
fn type_family(sql_type: &str) -> String {
    let t = sql_type.trim().to_ascii_lowercase();
    let base = t.split('(').next().unwrap_or(&t).trim().to_owned();
    match base.as_str() {
        "smallint" | "integer" | "int" | "bigint" | "int2" | "int4" | "int8" => "integer".into(),
        "text" | "varchar" | "character varying" | "char" | "character" | "bpchar" | "citext" => {
            "text".into()
        }
        _ => base,
    }
}

/// `through.field` exists and is a foreign key to `expected`.
fn through_field(
    origin: &str,
    through: &ModelMeta,
    role: &str,
    field: &str,
    expected: &ModelMeta,
    problems: &mut Vec<String>,
) {
    let through_name = through.name;
    let Some(column) = through.column_by_field(field) else {
        problems.push(format!(
            "`{origin}`: through model `{through_name}` has no field `{field}` (the {role})"
        ));
        return;
    };
    match &column.foreign_key {
        None => problems.push(format!(
            "`{origin}`: `{through_name}.{field}` (the {role}) is not a foreign key"
        )),
        Some(fk) => {
            let points_at = (fk.target)();
            if !same_model(points_at, expected) {
                problems.push(format!(
                    "`{origin}`: `{through_name}.{field}` (the {role}) points at `{}`, not `{}`",
                    points_at.name, expected.name
                ));
            }
        }
    }
}

/// `unique_together`, `index`, `ordering` and `translations` name existing
/// column fields.
fn field_groups(model: &ModelMeta, problems: &mut Vec<String>) {
    let mut check = |what: &str, field: &str| {
        if model.column_by_field(field).is_none() {
            problems.push(format!(
                "`{}`: {what} names `{field}`, which is not a column field{}",
                model.name,
                did_you_mean(field, fields_and_columns(model))
            ));
        }
    };
    for group in model.unique_together {
        group.iter().for_each(|f| check("unique_together", f));
    }
    for group in model.indexes {
        group.iter().for_each(|f| check("index", f));
    }
    for term in model.ordering {
        check("ordering", term.field);
    }
    if let Some(t) = &model.translations {
        check("translations", t.label_field);
        check("translations", t.language_field);
        check("translations", t.text_field);
    }
    let empty = model.unique_together.iter().any(|g| g.is_empty())
        || model.indexes.iter().any(|g| g.is_empty());
    if empty {
        problems.push(format!(
            "`{}`: a unique_together or index group is empty",
            model.name
        ));
    }
}

fn not_registered(origin: &str, what: &str, target: &ModelMeta) -> String {
    format!(
        "`{origin}`: {what} `{}` (table `{}`) is not registered in the schema",
        target.name, target.table
    )
}
