//! Rules that span fields, checked before any code is generated.

use std::collections::HashMap;

use syn::Ident;

use super::ast::{self, FieldKind, ModelDef};
use super::ctxt::Ctxt;
use super::symbol::*;

pub(crate) fn check(cx: &Ctxt, model: &ModelDef<'_>) {
    primary_key(cx, model);
    field_kinds(cx, model);
    many_to_many(cx, model);
    names_exist(cx, model);
    unique_columns(cx, model);
    handle_names(cx, model);
    related_names(cx, model);
    identifier_lengths(cx, model);
    identifier_characters(cx, model);
    check_names(cx, model);
}

fn primary_key(cx: &Ctxt, model: &ModelDef<'_>) {
    let keys: Vec<_> = model
        .fields
        .iter()
        .filter_map(|f| f.attrs.primary_key.as_ref().map(|t| (f, t)))
        .collect();
    // A misspelt key (`primary_kye`) was reported already; "no primary
    // key" would only repeat it.
    let misspelt = model.fields.iter().any(|f| {
        f.attrs
            .rejected
            .iter()
            .any(|k| !FIELD_KEYS.contains(&k.as_str()))
    });
    match keys.as_slice() {
        [] if misspelt => {}
        [] => cx.error_spanned_by(
            model.ident,
            "a model needs a primary key: mark one field `#[orm(primary_key)]` (with `auto` for an identity column)",
        ),
        [(field, _)] => {
            if let FieldKind::Column {
                spelled_option,
                value,
                ..
            } = field.kind
            {
                if spelled_option && field.attrs.auto.is_some() {
                    cx.error_spanned_by(
                        field.ty,
                        "an `auto` primary key is a plain integer, not an `Option`: write `i64` (an object not saved yet has key 0)",
                    );
                } else if spelled_option {
                    cx.error_spanned_by(field.ty, "a primary key cannot be an `Option`");
                } else if ast::last_ident_is(value, "f32") || ast::last_ident_is(value, "f64") {
                    cx.error_spanned_by(
                        field.ty,
                        "a primary key is compared for equality and hashed, which a float cannot be (NaN is not equal to itself); use an integer, a `String` or a `Uuid`",
                    );
                }
            }
        }
        [_, rest @ ..] => {
            for (_, tokens) in rest {
                cx.error_spanned_by(
                    tokens,
                    "a model has one primary key; use `unique_together(...)` for other unique groups",
                );
            }
        }
    }
}

/// Attributes that only apply to some kinds of field.
fn field_kinds(cx: &Ctxt, model: &ModelDef<'_>) {
    for field in &model.fields {
        let given = field.attrs.given();
        let not_for = |keys: &[&str], what: &str| {
            for (key, tokens) in &given {
                if keys.contains(key) {
                    cx.error_spanned_by(tokens, format!("`{key}` does not apply to {what}"));
                }
            }
        };
        match &field.kind {
            FieldKind::Skip => {
                for (key, tokens) in &given {
                    cx.error_spanned_by(
                        tokens,
                        format!("`{key}` has no effect on a `skip` field, which is not a column"),
                    );
                }
            }
            FieldKind::ManyToMany { .. } => not_for(
                &[
                    PRIMARY_KEY,
                    AUTO,
                    COLUMN,
                    UNIQUE,
                    INDEX,
                    DEFAULT,
                    MAX_LENGTH,
                    DB_TYPE,
                    READ_ONLY,
                    TO_FIELD,
                    ON_DELETE,
                    VIA,
                    RENAMED_FROM,
                ],
                "a `ManyToMany` field, which is not a column",
            ),
            FieldKind::Reverse { .. } => {
                not_for(
                    &[
                        PRIMARY_KEY,
                        AUTO,
                        COLUMN,
                        UNIQUE,
                        INDEX,
                        DEFAULT,
                        MAX_LENGTH,
                        DB_TYPE,
                        READ_ONLY,
                        TO_FIELD,
                        ON_DELETE,
                        RELATED_NAME,
                        DB_TABLE,
                        THROUGH,
                        SOURCE,
                        TARGET,
                        SYMMETRICAL,
                        MANY_TO_MANY,
                        RENAMED_FROM,
                    ],
                    "a `Reverse` field, which is not a column",
                );
                if field.attrs.via.is_none() && !field.attrs.rejected.iter().any(|k| k == VIA) {
                    cx.error_spanned_by(
                        field.ty,
                        "a `Reverse` field names the source model's foreign key: `#[orm(via = from_contact)]`",
                    );
                }
            }
            FieldKind::Column { spelled_option, .. } => {
                not_for(
                    &[
                        DB_TABLE,
                        THROUGH,
                        SOURCE,
                        TARGET,
                        SYMMETRICAL,
                        VIA,
                        MANY_TO_MANY,
                    ],
                    "a column; it belongs on a `ManyToMany` or `Reverse` field",
                );
                // Where the spelling settles whether the field is a foreign
                // key, say so on the attribute; otherwise the generated
                // code asserts it once the type is known (`expand/assert`).
                if field.seen_plain() {
                    not_for(
                        &[TO_FIELD, ON_DELETE, RELATED_NAME],
                        "a plain column; it belongs on a `ForeignKey` field",
                    );
                }
                if field.seen_foreign_key() {
                    not_for(&[AUTO], "a `ForeignKey`");
                }
                if let Some((tokens, _)) = &field.attrs.max_length {
                    if field.seen_text() == Some(false) {
                        cx.error_spanned_by(
                            tokens,
                            "`max_length` applies to `String` fields (a text column checked before each write)",
                        );
                    }
                }
                if let (Some((_, action)), None) = (&field.attrs.on_delete, &field.attrs.default) {
                    if action == "SetDefault" {
                        cx.error_spanned_by(
                            action,
                            "`on_delete = SetDefault` sets the column to its default, and this field has none: add `default = \"...\"` (or choose another action)",
                        );
                    }
                }
                if let Some((_, action)) = &field.attrs.on_delete {
                    if action == "SetNull" && field.seen_foreign_key() && !spelled_option {
                        cx.error_spanned_by(
                            action,
                            "`on_delete = SetNull` needs a nullable column: make the field an `Option<ForeignKey<...>>`",
                        );
                    }
                }
                if let (Some(auto), Some(_)) = (&field.attrs.auto, &field.attrs.default) {
                    cx.error_spanned_by(
                        auto,
                        "an `auto` column is filled by its identity sequence; drop `default`",
                    );
                }
                if let (Some((tokens, _)), Some(_)) =
                    (&field.attrs.db_default, &field.attrs.default)
                {
                    cx.error_spanned_by(
                        tokens,
                        "`db_default` is the column's default already; drop `default`",
                    );
                }
                let filled = [&field.attrs.auto_now_add, &field.attrs.auto_now]
                    .into_iter()
                    .flatten()
                    .chain(field.attrs.db_default.as_ref().map(|(t, _)| t));
                let filled: Vec<_> = filled.collect();
                if filled.len() > 1 {
                    cx.error_spanned_by(
                        filled[1],
                        "choose one of `db_default`, `auto_now_add` and `auto_now`",
                    );
                }
                if let (Some(tokens), true) = (
                    filled.first(),
                    field.attrs.auto.is_some() || field.attrs.read_only.is_some(),
                ) {
                    cx.error_spanned_by(
                        tokens,
                        "an `auto` or `read_only` column is never written; drop the database default flag",
                    );
                }
                if let (Some(_), Some((tokens, _))) = (&field.attrs.auto, &field.attrs.db_type) {
                    cx.error_spanned_by(
                        tokens,
                        "an `auto` column is an identity integer; drop `db_type`",
                    );
                }
            }
        }
    }
}

fn many_to_many(cx: &Ctxt, model: &ModelDef<'_>) {
    for field in model.many_to_many() {
        let FieldKind::ManyToMany { target } = field.kind else {
            continue;
        };
        let a = &field.attrs;
        if let Some(tokens) = &a.symmetrical {
            if !model.is_self(target) {
                cx.error_spanned_by(
                    tokens,
                    "`symmetrical` applies only to a relation of a model to itself",
                );
            }
        }
        let rejected = |key: &str| a.rejected.iter().any(|k| k == key);
        match (&a.through, &a.source, &a.target) {
            (Some(_), Some(_), Some(_)) | (None, None, None) => {}
            _ if rejected(THROUGH) || rejected(SOURCE) || rejected(TARGET) => {}
            (Some((tokens, _)), _, _) => cx.error_spanned_by(
                tokens,
                "`through` needs `source` and `target`: the through model's foreign keys to this model and to the target, e.g. `#[orm(through = Membership, source = person, target = group)]`",
            ),
            (None, source, target) => {
                for (tokens, _) in source.iter().chain(target.iter()) {
                    cx.error_spanned_by(tokens, "`source` and `target` go with `through = Model`");
                }
            }
        }
        if let (Some((_, source)), Some((_, target_field))) = (&a.source, &a.target) {
            if source == target_field {
                cx.error_spanned_by(
                    target_field,
                    "`source` and `target` name the same field; they are the through model's two different foreign keys (to this model and to the target)",
                );
            }
        }
        if let (Some(_), Some((tokens, _))) = (&a.through, &a.db_table) {
            cx.error_spanned_by(
                tokens,
                "`db_table` names an automatic junction table; a `through` model has its own table",
            );
        }
    }
}

fn names_exist(cx: &Ctxt, model: &ModelDef<'_>) {
    let column_field = |ident: &Ident, what: &str| match model.field(ident) {
        Some(f) if matches!(f.kind, FieldKind::Column { .. }) => {}
        Some(_) => cx.error_spanned_by(
            ident,
            format!("`{ident}` is not a column, so it cannot be used in {what}"),
        ),
        None => cx.error_spanned_by(
            ident,
            format!(
                "no field named `{ident}` in this model (used in {what}){}",
                field_hint(model, ident)
            ),
        ),
    };
    for group in &model.attrs.unique_together {
        if group.len() < 2 {
            if let Some(first) = group.first() {
                cx.error_spanned_by(
                    first,
                    "unique_together needs at least two fields; use `#[orm(unique)]` on one field",
                );
            }
        }
        for ident in group {
            column_field(ident, "unique_together");
        }
        repeated(cx, group.iter(), "unique_together");
    }
    for group in &model.attrs.indexes {
        for ident in group {
            column_field(ident, "index");
        }
        repeated(cx, group.iter(), "index");
    }
    if let Some((_, terms)) = &model.attrs.ordering {
        for (ident, _) in terms {
            column_field(ident, "ordering");
        }
        repeated(cx, terms.iter().map(|(i, _)| i), "ordering");
    }
    if let Some((_, t)) = &model.attrs.translations {
        for ident in [&t.label, &t.language, &t.text] {
            column_field(ident, "translations");
        }
        if let Some(label) = model.field(&t.label) {
            if label.seen_plain() {
                cx.error_spanned_by(
                    &t.label,
                    "the translations `label` must be a `ForeignKey` to the label model",
                );
            }
        }
    }
}

/// "did you mean `x`?" for a misspelt field, or which field a column name
/// belongs to (`author_id` is the column of field `author`).
fn field_hint(model: &ModelDef<'_>, ident: &Ident) -> String {
    let name = ident.to_string();
    if let Some(f) = model
        .columns()
        .find(|f| f.column_name() == name || f.foreign_key_column_name() == name && !f.seen_plain())
    {
        return format!(
            "; `{name}` is the column of field `{}`: name the field",
            f.name()
        );
    }
    model
        .fields
        .iter()
        .map(|f| (super::attr::edit_distance(&name, &f.name()), f.name()))
        .filter(|(d, f)| *d <= 2 && d * 3 <= f.len().max(name.len()) + 1)
        .min()
        .map(|(_, f)| format!(" (did you mean `{f}`?)"))
        .unwrap_or_default()
}

/// A field named twice in one list.
fn repeated<'i>(cx: &Ctxt, idents: impl Iterator<Item = &'i Ident>, what: &str) {
    let mut seen: Vec<&Ident> = Vec::new();
    for ident in idents {
        if seen.contains(&ident) {
            cx.error_spanned_by(ident, format!("`{ident}` appears twice in {what}"));
        } else {
            seen.push(ident);
        }
    }
}

/// No two fields map to one column; the error sits on the second field's
/// `column = "..."` when it has one, else on its name.
fn unique_columns(cx: &Ctxt, model: &ModelDef<'_>) {
    let mut seen: HashMap<String, &Ident> = HashMap::new();
    for field in model.columns() {
        let name = field.column_name();
        if let Some(first) = seen.get(&name) {
            let message = format!("column `{name}` is already used by field `{first}`");
            match &field.attrs.column {
                Some((_, lit)) => cx.error_spanned_by(lit, message),
                None => cx.error_spanned_by(field.ident, message),
            }
        } else {
            seen.insert(name, field.ident);
        }
    }
}

/// The associated constants the derive emits (`Contact::NAME`) are unique
/// and do not hide `Model::META`.
fn handle_names(cx: &Ctxt, model: &ModelDef<'_>) {
    let mut seen: HashMap<String, &Ident> = HashMap::new();
    for field in model.columns().chain(model.many_to_many()) {
        let handle = field.handle_name();
        if handle == "META" {
            cx.error_spanned_by(
                field.ident,
                "a field named `meta` would generate the handle `Self::META`, hiding `Model::META`; rename the field and keep the column with `#[orm(column = \"meta\")]`",
            );
        } else if let Some(first) = seen.get(&handle) {
            cx.error_spanned_by(
                field.ident,
                format!(
                    "fields `{first}` and `{}` would both generate the handle `{handle}`",
                    field.ident
                ),
            );
        } else {
            seen.insert(handle, field.ident);
        }
    }
}

/// A reverse relation is reached by its name (`schema.reverse_relations`),
/// so it must read as a field name, or be `"+"` to hide it.
fn related_names(cx: &Ctxt, model: &ModelDef<'_>) {
    for field in &model.fields {
        let Some((_, lit)) = &field.attrs.related_name else {
            continue;
        };
        let name = lit.value();
        let mut chars = name.chars();
        let valid = name == "+"
            || (chars
                .next()
                .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
                && chars.all(|c| c.is_ascii_alphanumeric() || c == '_'));
        if !valid {
            cx.error_spanned_by(
                lit,
                format!(
                    "`related_name` must be a field-like name such as `\"children\"`, or `\"+\"` to hide the reverse relation; `{name}` is neither"
                ),
            );
        }
    }
}

/// PostgreSQL silently truncates identifiers longer than 63 bytes, which
/// can make two names collide; refuse them here.
fn identifier_lengths(cx: &Ctxt, model: &ModelDef<'_>) {
    let too_long = |name: &str, what: &str| {
        (name.len() > MAX_IDENTIFIER).then(|| {
            format!(
                "{what} `{name}` is {} bytes long; PostgreSQL truncates names past {MAX_IDENTIFIER} bytes",
                name.len()
            )
        })
    };
    if let Some(message) = too_long(&model.table, "table name") {
        match &model.attrs.table {
            Some((_, lit)) => cx.error_spanned_by(lit, message),
            None => cx.error_spanned_by(
                model.ident,
                format!("{message}; set a shorter one with `#[orm(table = \"...\")]`"),
            ),
        }
    }
    for field in model.columns() {
        if let Some(message) = too_long(&field.column_name(), "column name") {
            match &field.attrs.column {
                Some((_, lit)) => cx.error_spanned_by(lit, message),
                None => cx.error_spanned_by(
                    field.ident,
                    format!("{message}; set a shorter one with `#[orm(column = \"...\")]`"),
                ),
            }
        }
    }
    for field in model.many_to_many() {
        if field.attrs.through.is_some() {
            continue;
        }
        let table = field.junction_table(model);
        if let Some(message) = too_long(&table, "junction table name") {
            match &field.attrs.db_table {
                Some((_, lit)) => cx.error_spanned_by(lit, message),
                None => cx.error_spanned_by(
                    field.ident,
                    format!("{message}; set a shorter one with `#[orm(db_table = \"...\")]`"),
                ),
            }
        }
    }
    for check in &model.attrs.checks {
        if let Some(name) = &check.name {
            if let Some(message) = too_long(&name.value(), "check constraint name") {
                cx.error_spanned_by(name, message);
            }
        }
    }
}

/// PostgreSQL's `NAMEDATALEN - 1`.
const MAX_IDENTIFIER: usize = 63;

/// A dot or a double quote in a table or column name is kept literally by
/// the quoting (`"public.users"` is one name, not a schema and a table), so
/// it is almost always a mistake.
fn identifier_characters(cx: &Ctxt, model: &ModelDef<'_>) {
    let lits = model
        .attrs
        .table
        .iter()
        .map(|(_, lit)| (lit, "table"))
        .chain(
            model
                .fields
                .iter()
                .filter_map(|f| f.attrs.column.as_ref().map(|(_, lit)| (lit, "column"))),
        )
        .chain(
            model
                .fields
                .iter()
                .filter_map(|f| f.attrs.db_table.as_ref().map(|(_, lit)| (lit, "db_table"))),
        );
    for (lit, what) in lits {
        let name = lit.value();
        if name.contains('.') {
            cx.error_spanned_by(
                lit,
                format!(
                    "`{what}` names one identifier and `{name}` would be taken literally, dot included; a schema is set with the connection's `search_path`, not in the name"
                ),
            );
        } else if name.contains('"') {
            cx.error_spanned_by(
                lit,
                format!("`{what}` is quoted by the ORM; write the bare name, without `\"`"),
            );
        }
    }
}

/// Two checks with the same name would make `CREATE TABLE` fail.
fn check_names(cx: &Ctxt, model: &ModelDef<'_>) {
    let mut seen: Vec<String> = Vec::new();
    for check in &model.attrs.checks {
        if let Some(name) = &check.name {
            let value = name.value();
            if seen.contains(&value) {
                cx.error_spanned_by(name, format!("two checks are named `{value}`"));
            } else {
                seen.push(value);
            }
        }
    }
}
