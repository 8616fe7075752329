//! Comparing one table present on both sides: columns, keys, checks,
//! foreign keys and indexes.

use super::{DiffOptions, Phases};
use crate::schema_model::{
    CheckDef, ColumnDef, DataType, ForeignKeyDef, IndexDef, KeyDef, Operation, TableDef,
};

pub(super) fn tables(old: &TableDef, new: &TableDef, options: DiffOptions, phases: &mut Phases) {
    let table = &new.name;
    for column in &old.columns {
        if new.column(&column.name).is_none() {
            phases.drop_columns.push(Operation::DropColumn {
                table: table.clone(),
                column: column.name.clone(),
            });
        }
    }
    for column in &new.columns {
        match old.column(&column.name) {
            None => phases.add_columns.push(Operation::AddColumn {
                table: table.clone(),
                column: column.clone(),
            }),
            Some(before) => columns(table, before, column, options, phases),
        }
    }
    primary_keys(old, new, options, phases);
    uniques(old, new, options, phases);
    checks(old, new, options, phases);
    foreign_keys(old, new, options, phases);
    indexes(old, new, options, phases);
}

fn columns(
    table: &str,
    old: &ColumnDef,
    new: &ColumnDef,
    options: DiffOptions,
    phases: &mut Phases,
) {
    let op = |f: &dyn Fn(String, String) -> Operation| f(table.to_owned(), new.name.clone());
    let out = &mut phases.alter_columns;
    if old.identity.is_some() && old.identity != new.identity {
        out.push(op(&|table, column| Operation::SetIdentity {
            table,
            column,
            identity: None,
        }));
    }
    if old.data_type != new.data_type {
        let change = old.data_type.change_to(&new.data_type);
        out.push(op(&|table, column| Operation::AlterType {
            table,
            column,
            to: new.data_type.clone(),
            change,
        }));
    }
    let same_default = match (&old.default, &new.default) {
        (Some(a), Some(b)) => {
            normalize_default(a, &old.data_type) == normalize_default(b, &new.data_type)
        }
        (a, b) => a.is_none() == b.is_none(),
    };
    if !same_default {
        out.push(op(&|table, column| Operation::SetDefault {
            table,
            column,
            default: new.default.clone(),
        }));
    }
    if let Some(identity) = new.identity.filter(|_| old.identity != new.identity) {
        out.push(op(&|table, column| Operation::SetIdentity {
            table,
            column,
            identity: Some(identity),
        }));
    }
    if old.nullable && !new.nullable && options.safe {
        // A validated `IS NOT NULL` check lets SET NOT NULL skip its scan.
        let check = CheckDef::new(
            crate::ddl::constraint_name(table, &[&new.name], "not_null"),
            format!("{} IS NOT NULL", crate::quote_ident(&new.name)),
        );
        let name = check.name.clone();
        out.push(Operation::AddCheck {
            table: table.to_owned(),
            check,
            not_valid: true,
        });
        out.push(Operation::ValidateConstraint {
            table: table.to_owned(),
            name: name.clone(),
        });
        out.push(op(&|table, column| Operation::SetNullable {
            table,
            column,
            nullable: false,
        }));
        out.push(Operation::DropConstraint {
            table: table.to_owned(),
            name,
        });
    } else if old.nullable != new.nullable {
        out.push(op(&|table, column| Operation::SetNullable {
            table,
            column,
            nullable: new.nullable,
        }));
    }
}

/// A default expression without the casts, parentheses and quoting
/// PostgreSQL adds when it stores one: `'0'::integer` and `0`, `('a'::text)`
/// and `'a'` compare equal.
pub(crate) fn normalize_default(expr: &str, data_type: &DataType) -> String {
    let mut s = expr.trim().to_owned();
    loop {
        let before = s.clone();
        if s.starts_with('(') && s.ends_with(')') && balanced(&s[1..s.len() - 1]) {
            s = s[1..s.len() - 1].trim().to_owned();
        }
        if let Some(cast) = trailing_cast(&s) {
            s.truncate(cast);
            s = s.trim().to_owned();
        }
        if s == before {
            break;
        }
    }
    if data_type.is_numeric() && s.len() >= 2 && s.starts_with('\'') && s.ends_with('\'') {
        let inner = &s[1..s.len() - 1];
        if inner.parse::<f64>().is_ok() {
            s = inner.to_owned();
        }
    }
    match s.to_ascii_lowercase().as_str() {
        "true" | "false" | "null" | "current_timestamp" | "now()" => s.to_ascii_lowercase(),
        _ => s,
    }
}

/// Where a `::type` cast at the end of `s` (outside quotes) starts.
fn trailing_cast(s: &str) -> Option<usize> {
    let mut in_quote = false;
    let mut last = None;
    let bytes = s.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'\'' => in_quote = !in_quote,
            b':' if !in_quote && bytes.get(i + 1) == Some(&b':') => {
                last = Some(i);
                i += 1;
            }
            b'(' | b')' if !in_quote => last = None,
            _ => {}
        }
        i += 1;
    }
    // Only a cast of the whole expression: the type name may contain
    // spaces and parentheses (`character varying(5)`), not operators.
    let cast = last?;
    let ty = &s[cast + 2..];
    ty.chars()
        .all(|c| c.is_alphanumeric() || matches!(c, ' ' | '_' | '"' | '[' | ']' | '(' | ')' | ','))
        .then_some(cast)
}

fn balanced(s: &str) -> bool {
    let mut depth = 0i32;
    let mut in_quote = false;
    for c in s.chars() {
        match c {
            '\'' => in_quote = !in_quote,
            '(' if !in_quote => depth += 1,
            ')' if !in_quote => {
                depth -= 1;
                if depth < 0 {
                    return false;
                }
            }
            _ => {}
        }
    }
    depth == 0
}

/// How two named lists differ: the pairs that only changed name, and what
/// is removed and added.
struct Matched<'a, T> {
    renamed: Vec<(&'a T, &'a T)>,
    removed: Vec<&'a T>,
    added: Vec<&'a T>,
}

fn match_named<'a, T>(
    old: &'a [T],
    new: &'a [T],
    name: impl Fn(&T) -> &str,
    same: impl Fn(&T, &T) -> bool,
) -> Matched<'a, T> {
    let mut out = Matched {
        renamed: Vec::new(),
        removed: Vec::new(),
        added: Vec::new(),
    };
    let mut unmatched_new: Vec<&T> = Vec::new();
    for n in new {
        match old.iter().find(|o| name(o) == name(n)) {
            Some(o) if same(o, n) => {}
            Some(o) => {
                out.removed.push(o);
                out.added.push(n);
            }
            None => unmatched_new.push(n),
        }
    }
    for o in old
        .iter()
        .filter(|o| !new.iter().any(|n| name(n) == name(o)))
    {
        match unmatched_new.iter().position(|n| same(o, n)) {
            Some(k) => out.renamed.push((o, unmatched_new.remove(k))),
            None => out.removed.push(o),
        }
    }
    out.added.extend(unmatched_new);
    out
}

fn rename_constraint(table: &str, from: &str, to: &str) -> Operation {
    Operation::RenameConstraint {
        table: table.to_owned(),
        from: from.to_owned(),
        to: to.to_owned(),
    }
}

fn drop_constraint(table: &str, name: &str) -> Operation {
    Operation::DropConstraint {
        table: table.to_owned(),
        name: name.to_owned(),
    }
}

fn primary_keys(old: &TableDef, new: &TableDef, options: DiffOptions, phases: &mut Phases) {
    let table = &new.name;
    let old_pk: Vec<KeyDef> = old.primary_key.iter().cloned().collect();
    let new_pk: Vec<KeyDef> = new.primary_key.iter().cloned().collect();
    let m = match_named(&old_pk, &new_pk, |k| &k.name, |a, b| a.columns == b.columns);
    for (o, n) in m.renamed {
        phases
            .renames
            .push(rename_constraint(table, &o.name, &n.name));
    }
    for o in m.removed {
        phases
            .drop_constraints
            .push(drop_constraint(table, &o.name));
    }
    for n in m.added {
        let add = Operation::AddPrimaryKey {
            table: table.clone(),
            key: n.clone(),
            using_index: options.safe,
        };
        if options.safe {
            let mut index = IndexDef::new(n.name.clone(), n.columns.clone());
            index.unique = true;
            phases.concurrent.push(Operation::CreateIndex {
                table: table.clone(),
                index,
                concurrently: true,
            });
            phases.concurrent.push(add);
        } else {
            phases.add_constraints.push(add);
        }
    }
}

fn uniques(old: &TableDef, new: &TableDef, options: DiffOptions, phases: &mut Phases) {
    let table = &new.name;
    let m = match_named(
        &old.uniques,
        &new.uniques,
        |k| &k.name,
        |a, b| a.columns == b.columns,
    );
    for (o, n) in m.renamed {
        phases
            .renames
            .push(rename_constraint(table, &o.name, &n.name));
    }
    for o in m.removed {
        phases
            .drop_constraints
            .push(drop_constraint(table, &o.name));
    }
    for n in m.added {
        if options.safe {
            let mut index = IndexDef::new(n.name.clone(), n.columns.clone());
            index.unique = true;
            phases.concurrent.push(Operation::CreateIndex {
                table: table.clone(),
                index,
                concurrently: true,
            });
        }
        let add = Operation::AddUnique {
            table: table.clone(),
            key: n.clone(),
            using_index: options.safe,
        };
        if options.safe {
            phases.concurrent.push(add);
        } else {
            phases.add_constraints.push(add);
        }
    }
}

fn checks(old: &TableDef, new: &TableDef, options: DiffOptions, phases: &mut Phases) {
    let table = &new.name;
    let squash = |e: &str| -> String {
        e.chars()
            .filter(|c| !c.is_whitespace() && *c != '(' && *c != ')' && *c != '"')
            .collect::<String>()
            .to_ascii_lowercase()
    };
    let m = match_named(
        &old.checks,
        &new.checks,
        |c| &c.name,
        |a, b| squash(&a.expression) == squash(&b.expression),
    );
    // A check with the same name is the same check (see `CheckDef`).
    let same_name = |c: &CheckDef, list: &[CheckDef]| list.iter().any(|x| x.name == c.name);
    for (o, n) in m.renamed {
        phases
            .renames
            .push(rename_constraint(table, &o.name, &n.name));
    }
    for o in m.removed.into_iter().filter(|o| !same_name(o, &new.checks)) {
        phases
            .drop_constraints
            .push(drop_constraint(table, &o.name));
    }
    for n in m.added.into_iter().filter(|n| !same_name(n, &old.checks)) {
        phases.add_constraints.push(Operation::AddCheck {
            table: table.clone(),
            check: n.clone(),
            not_valid: options.safe,
        });
        if options.safe {
            phases.add_constraints.push(Operation::ValidateConstraint {
                table: table.clone(),
                name: n.name.clone(),
            });
        }
    }
}

fn foreign_keys(old: &TableDef, new: &TableDef, options: DiffOptions, phases: &mut Phases) {
    let table = &new.name;
    let same = |a: &ForeignKeyDef, b: &ForeignKeyDef| {
        a.columns == b.columns
            && a.ref_table == b.ref_table
            && a.ref_columns == b.ref_columns
            && a.on_delete == b.on_delete
    };
    let m = match_named(&old.foreign_keys, &new.foreign_keys, |k| &k.name, same);
    for (o, n) in m.renamed {
        phases
            .renames
            .push(rename_constraint(table, &o.name, &n.name));
    }
    for o in m.removed {
        phases
            .drop_foreign_keys
            .push(drop_constraint(table, &o.name));
    }
    for n in m.added {
        phases.add_foreign_keys.push(Operation::AddForeignKey {
            table: table.clone(),
            key: n.clone(),
            not_valid: options.safe,
        });
        if options.safe {
            phases.add_foreign_keys.push(Operation::ValidateConstraint {
                table: table.clone(),
                name: n.name.clone(),
            });
        }
    }
}

fn indexes(old: &TableDef, new: &TableDef, options: DiffOptions, phases: &mut Phases) {
    let table = &new.name;
    let m = match_named(
        &old.indexes,
        &new.indexes,
        |i| &i.name,
        |a, b| a.columns == b.columns && a.unique == b.unique,
    );
    for (o, n) in m.renamed {
        phases.renames.push(Operation::RenameIndex {
            from: o.name.clone(),
            to: n.name.clone(),
        });
    }
    for o in m.removed {
        phases.drop_constraints.push(Operation::DropIndex {
            name: o.name.clone(),
            concurrently: false,
        });
    }
    for n in m.added {
        let op = Operation::CreateIndex {
            table: table.clone(),
            index: n.clone(),
            concurrently: options.safe,
        };
        if options.safe {
            phases.concurrent.push(op);
        } else {
            phases.add_indexes.push(op);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_compare_without_casts() {
        let t = DataType::Integer;
        assert_eq!(normalize_default("'0'::integer", &t), "0");
        assert_eq!(normalize_default("(0)", &t), "0");
        assert_eq!(
            normalize_default("'draft'::character varying", &DataType::Text),
            "'draft'"
        );
        assert_eq!(normalize_default("TRUE", &DataType::Boolean), "true");
        assert_eq!(normalize_default("'a::b'", &DataType::Text), "'a::b'");
    }
}
