//! Reverse relations: each foreign key and many-to-many field seen from the
//! model it points at, and the check that their names do not clash.

use super::{ReverseRelation, ReverseVia, position};
use crate::meta::ModelMeta;

/// The visible reverse relations of each model (aligned with `models`) and
/// the name clashes found.
pub(super) fn collect(models: &[&'static ModelMeta]) -> (Vec<Vec<ReverseRelation>>, Vec<String>) {
    let mut reverse: Vec<Vec<ReverseRelation>> = vec![Vec::new(); models.len()];
    for &source in models {
        for (index, column, fk) in source.foreign_keys() {
            let via = ReverseVia::ForeignKey { index, column };
            push(
                models,
                &mut reverse,
                source,
                (fk.target)(),
                fk.related_name,
                via,
            );
        }
        for (index, field) in source.many_to_many.iter().enumerate() {
            if field.symmetrical {
                continue;
            }
            let via = ReverseVia::ManyToMany { index, field };
            push(
                models,
                &mut reverse,
                source,
                (field.target)(),
                field.related_name,
                via,
            );
        }
    }
    let mut problems = Vec::new();
    for (target, relations) in models.iter().zip(&reverse) {
        for (i, relation) in relations.iter().enumerate() {
            let origin = describe(relation);
            if let Some(earlier) = relations[..i].iter().find(|r| r.name == relation.name) {
                problems.push(format!(
                    "reverse name `{}` on `{}` is used by both `{}` and `{origin}`; give one a different `related_name` (or `related_name = \"+\"` to hide it)",
                    relation.name,
                    target.name,
                    describe(earlier),
                ));
            }
            let is_field = target.columns.iter().any(|c| c.field == relation.name)
                || target.many_to_many.iter().any(|m| m.field == relation.name);
            if is_field {
                problems.push(format!(
                    "reverse name `{}` of `{origin}` clashes with the field `{}.{}`; give it a different `related_name`",
                    relation.name, target.name, relation.name,
                ));
            }
        }
    }
    (reverse, problems)
}

fn push(
    models: &[&'static ModelMeta],
    reverse: &mut [Vec<ReverseRelation>],
    source: &'static ModelMeta,
    target: &ModelMeta,
    related_name: Option<&'static str>,
    via: ReverseVia,
) {
    let name = match related_name {
        Some(name) if name.ends_with('+') => return,
        Some(name) => name.to_owned(),
        None => format!("{}_set", snake_case(source.name)),
    };
    // An unregistered target is reported by `verify`.
    if let Some(list) = position(models, target).and_then(|i| reverse.get_mut(i)) {
        list.push(ReverseRelation { name, source, via });
    }
}

fn describe(relation: &ReverseRelation) -> String {
    let field = match relation.via {
        ReverseVia::ForeignKey { column, .. } => column.field,
        ReverseVia::ManyToMany { field, .. } => field.field,
    };
    format!("{}.{field}", relation.source.name)
}

/// `ContactRelationship` -> `contact_relationship`, `HTTPLog` -> `http_log`.
pub(crate) fn snake_case(name: &str) -> String {
    let chars: Vec<char> = name.chars().collect();
    let mut out = String::with_capacity(name.len() + 4);
    for (i, &c) in chars.iter().enumerate() {
        if c.is_uppercase() {
            let prev = i.checked_sub(1).and_then(|p| chars.get(p));
            let next = chars.get(i + 1);
            let boundary = match prev {
                None => false,
                Some(p) if *p == '_' => false,
                Some(p) if p.is_lowercase() || p.is_ascii_digit() => true,
                Some(p) => p.is_uppercase() && next.is_some_and(|n| n.is_lowercase()),
            };
            if boundary {
                out.push('_');
            }
            out.extend(c.to_lowercase());
        } else {
            out.push(c);
        }
    }
    out
}
