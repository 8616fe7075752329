//! The validated model of a `#[derive(Model)]` input.

use proc_macro2::TokenStream;
use quote::ToTokens;
use syn::{Ident, Type};

use super::attr;
use super::ctxt::Ctxt;
use super::symbol::{MANY_TO_MANY, VIA};

/// A struct deriving `Model`.
pub(crate) struct ModelDef<'a> {
    pub(crate) ident: &'a Ident,
    pub(crate) table: String,
    pub(crate) attrs: attr::Container,
    pub(crate) fields: Vec<FieldDef<'a>>,
}

/// One field of the struct.
pub(crate) struct FieldDef<'a> {
    pub(crate) ident: &'a Ident,
    pub(crate) ty: &'a Type,
    pub(crate) attrs: attr::Field,
    pub(crate) kind: FieldKind<'a>,
}

/// What a field is. Column or collection is a question of layout the
/// macro must answer itself: a collection is a field typed `ManyToMany<T>`
/// or `Reverse<T>`, or one marked `#[orm(many_to_many)]` or `#[orm(via =
/// ...)]`, and the generated code makes the compiler confirm it. Everything
/// else about a column (foreign key or not, nullable or not) is asked of its
/// type by the generated code; [`Seen`] only serves early diagnostics.
pub(crate) enum FieldKind<'a> {
    /// A column; `value` is the type with a written `Option` removed.
    Column {
        /// The type is written `Option<...>`.
        spelled_option: bool,
        value: &'a Type,
        seen: Seen<'a>,
    },
    /// A many-to-many collection of `target`.
    ManyToMany { target: &'a Type },
    /// A reverse foreign key collection: the rows of `target` whose
    /// foreign key `via` points here.
    Reverse { target: &'a Type },
    /// `#[orm(skip)]`: not persisted.
    Skip,
}

/// What the spelling of a column's type shows. The generated code never
/// relies on it; the macro uses it to report a mistake early, on the
/// attribute, where the spelling settles the question.
pub(crate) enum Seen<'a> {
    /// A type written as one of the plain column types (`String`, `i64`,
    /// ...): certainly not a foreign key.
    Plain,
    /// Written `ForeignKey<T>` or `ForeignKey<T, K>`.
    ForeignKey(ForeignKeyType<'a>),
    /// Any other spelling (a renamed import, an alias, a feature type):
    /// only the compiler knows, so checks become constant assertions.
    Unknown,
}

/// `ForeignKey<T>` or `ForeignKey<T, K>`.
pub(crate) struct ForeignKeyType<'a> {
    pub(crate) key: Option<&'a Type>,
}

/// Type names that are certainly plain columns when written bare.
const PLAIN_TYPES: &[&str] = &[
    "i8", "i16", "i32", "i64", "u32", "f32", "f64", "bool", "String", "Vec",
];

impl<'a> ModelDef<'a> {
    pub(crate) fn from_ast(
        cx: &Ctxt,
        input: &'a syn::DeriveInput,
        attrs: attr::Container,
    ) -> Option<Self> {
        if !input.generics.params.is_empty() {
            cx.error_spanned_by(
                &input.generics,
                "#[derive(Model)] does not support generic structs: a model maps to one table",
            );
        }
        let named = match &input.data {
            syn::Data::Struct(syn::DataStruct {
                fields: syn::Fields::Named(named),
                ..
            }) => named,
            syn::Data::Struct(s) => {
                let message = "#[derive(Model)] needs a struct with named fields, one per column";
                match &s.fields {
                    syn::Fields::Unit => cx.error_spanned_by(&input.ident, message),
                    fields => cx.error_spanned_by(fields, message),
                }
                return None;
            }
            syn::Data::Enum(e) => {
                cx.error_spanned_by(e.enum_token, "#[derive(Model)] works on structs, not enums");
                return None;
            }
            syn::Data::Union(u) => {
                cx.error_spanned_by(
                    u.union_token,
                    "#[derive(Model)] works on structs, not unions",
                );
                return None;
            }
        };
        let fields = named
            .named
            .iter()
            .filter_map(|f| FieldDef::from_ast(cx, f))
            .collect();
        let table = attrs
            .table
            .as_ref()
            .map(|(_, s)| s.value())
            .unwrap_or_else(|| snake_case(&input.ident.to_string()));
        Some(ModelDef {
            ident: &input.ident,
            table,
            attrs,
            fields,
        })
    }

    /// The persisted columns, in declaration order.
    pub(crate) fn columns(&self) -> impl Iterator<Item = &FieldDef<'a>> {
        self.fields
            .iter()
            .filter(|f| matches!(f.kind, FieldKind::Column { .. }))
    }

    /// The many-to-many fields, in declaration order.
    pub(crate) fn many_to_many(&self) -> impl Iterator<Item = &FieldDef<'a>> {
        self.fields
            .iter()
            .filter(|f| matches!(f.kind, FieldKind::ManyToMany { .. }))
    }

    /// The reverse foreign key collections, in declaration order.
    pub(crate) fn reverse(&self) -> impl Iterator<Item = &FieldDef<'a>> {
        self.fields
            .iter()
            .filter(|f| matches!(f.kind, FieldKind::Reverse { .. }))
    }

    /// The field named `name`.
    pub(crate) fn field(&self, name: &Ident) -> Option<&FieldDef<'a>> {
        self.fields.iter().find(|f| f.ident == name)
    }

    /// True when `ty` names this model (`Self` or its own name).
    pub(crate) fn is_self(&self, ty: &Type) -> bool {
        match ty {
            Type::Path(p) if p.qself.is_none() => p
                .path
                .segments
                .last()
                .is_some_and(|s| s.ident == "Self" || s.ident == *self.ident),
            _ => false,
        }
    }

    /// snake_case of the struct name, used in default junction columns.
    pub(crate) fn snake_name(&self) -> String {
        snake_case(&self.ident.to_string())
    }
}

impl<'a> FieldDef<'a> {
    fn from_ast(cx: &Ctxt, field: &'a syn::Field) -> Option<Self> {
        let ident = field.ident.as_ref()?;
        let attrs = attr::Field::from_ast(cx, field);
        let ty = &field.ty;
        let marked_collection = attrs.many_to_many.is_some() || attrs.via.is_some();
        let kind = if attrs.skip.is_some() {
            FieldKind::Skip
        } else if let Some(args) = generic_args(ty, "ManyToMany") {
            let target = single_target(cx, ty, &args, "ManyToMany<Target>")?;
            if attrs.via.is_some() {
                FieldKind::Reverse { target }
            } else {
                FieldKind::ManyToMany { target }
            }
        } else if let Some(args) = generic_args(ty, "Reverse") {
            FieldKind::Reverse {
                target: single_target(cx, ty, &args, "Reverse<Source>")?,
            }
        } else if marked_collection && generic_args(ty, "Option").is_none() {
            // A collection under another name: its target is the type's
            // one argument, and the generated code checks that the type is
            // a `ManyToMany` of it.
            let args = last_segment_args(ty).unwrap_or_default();
            let [target] = args.as_slice() else {
                let key = if attrs.via.is_some() {
                    VIA
                } else {
                    MANY_TO_MANY
                };
                cx.error_spanned_by(
                    ty,
                    format!("`{key}` marks a collection field, written `ManyToMany<Target>` or `Reverse<Source>` (a renamed import works; a type alias without its argument does not)"),
                );
                return None;
            };
            if attrs.via.is_some() {
                FieldKind::Reverse { target }
            } else {
                FieldKind::ManyToMany { target }
            }
        } else {
            let (spelled_option, value) = match generic_args(ty, "Option").as_deref() {
                Some([inner]) => (true, *inner),
                _ => (false, ty),
            };
            if spelled_option && generic_args(value, "ManyToMany").is_some() {
                cx.error_spanned_by(
                    ty,
                    "a many-to-many field cannot be an `Option`: an unrelated object has an empty `ManyToMany<T>`",
                );
                return None;
            }
            if spelled_option && generic_args(value, "Reverse").is_some() {
                cx.error_spanned_by(
                    ty,
                    "a `Reverse` field cannot be an `Option`: an object nothing points at has an empty `Reverse<T>`",
                );
                return None;
            }
            if spelled_option && generic_args(value, "Option").is_some() {
                cx.error_spanned_by(
                    ty,
                    "`Option<Option<T>>` cannot be stored: a column has one NULL; use `Option<T>`",
                );
                return None;
            }
            let seen = match generic_args(value, "ForeignKey").as_deref() {
                Some([_]) => Seen::ForeignKey(ForeignKeyType { key: None }),
                Some([_, key]) => Seen::ForeignKey(ForeignKeyType { key: Some(*key) }),
                Some(_) => {
                    // The compiler reports the wrong number of arguments
                    // on the field itself.
                    cx.defer_to_compiler();
                    return None;
                }
                None if PLAIN_TYPES.iter().any(|n| last_ident_is(value, n)) => Seen::Plain,
                None => Seen::Unknown,
            };
            FieldKind::Column {
                spelled_option,
                value,
                seen,
            }
        };
        Some(FieldDef {
            ident,
            ty,
            attrs,
            kind,
        })
    }

    /// The column name: `column = "..."`, `<field>_id` for a foreign key,
    /// else the field name.
    pub(crate) fn column_name(&self) -> String {
        if let Some((_, c)) = &self.attrs.column {
            return c.value();
        }
        let name = self.ident.to_string();
        let name = name.strip_prefix("r#").unwrap_or(&name).to_owned();
        match &self.kind {
            FieldKind::Column {
                seen: Seen::ForeignKey(_),
                ..
            } => format!("{name}_id"),
            _ => name,
        }
    }

    /// The column name when the type turns out to be a foreign key:
    /// `column = "..."`, else `<field>_id`.
    pub(crate) fn foreign_key_column_name(&self) -> String {
        match &self.attrs.column {
            Some((_, c)) => c.value(),
            None => format!("{}_id", self.name()),
        }
    }

    /// The column name when the type turns out not to be a foreign key.
    pub(crate) fn plain_column_name(&self) -> String {
        match &self.attrs.column {
            Some((_, c)) => c.value(),
            None => self.name(),
        }
    }

    /// True when the spelling shows a foreign key.
    pub(crate) fn seen_foreign_key(&self) -> bool {
        matches!(
            self.kind,
            FieldKind::Column {
                seen: Seen::ForeignKey(_),
                ..
            }
        )
    }

    /// True when the spelling shows a plain column.
    pub(crate) fn seen_plain(&self) -> bool {
        matches!(
            self.kind,
            FieldKind::Column {
                seen: Seen::Plain,
                ..
            }
        )
    }

    /// The field name as a string (without `r#`).
    pub(crate) fn name(&self) -> String {
        let name = self.ident.to_string();
        name.strip_prefix("r#").unwrap_or(&name).to_owned()
    }

    /// Whether the spelling shows a text column: `Some(false)` for a plain
    /// non-text type, `None` when only the compiler knows.
    pub(crate) fn seen_text(&self) -> Option<bool> {
        match &self.kind {
            FieldKind::Column {
                value,
                seen: Seen::Plain,
                ..
            } => Some(last_ident_is(value, "String")),
            FieldKind::Column {
                seen: Seen::ForeignKey(fk),
                ..
            } => match fk.key {
                Some(k) if last_ident_is(k, "String") => Some(true),
                Some(k) if PLAIN_TYPES.iter().any(|n| last_ident_is(k, n)) => Some(false),
                _ => None,
            },
            _ => None,
        }
    }

    /// The associated constant naming this field's handle (`NAME`).
    pub(crate) fn handle_name(&self) -> String {
        self.name().to_uppercase()
    }

    /// The automatic junction table of a many-to-many field:
    /// `db_table = "..."`, else `<table>_<field>`.
    pub(crate) fn junction_table(&self, model: &ModelDef<'_>) -> String {
        match &self.attrs.db_table {
            Some((_, s)) => s.value(),
            None => format!("{}_{}", model.table, self.name()),
        }
    }

    pub(crate) fn tokens(&self) -> TokenStream {
        self.ident.to_token_stream()
    }
}

/// The target of a collection type with exactly one argument.
fn single_target<'t>(cx: &Ctxt, ty: &'t Type, args: &[&'t Type], form: &str) -> Option<&'t Type> {
    match args {
        [target] => Some(target),
        _ => {
            // `ManyToMany<A, B>` or `Reverse<A, B>`: the compiler reports
            // the wrong number of arguments on the field itself.
            let _ = (ty, form);
            cx.defer_to_compiler();
            None
        }
    }
}

/// The type arguments of the last path segment of `ty`, whatever its name.
fn last_segment_args(ty: &Type) -> Option<Vec<&Type>> {
    let Type::Path(p) = ty else { return None };
    let name = p.path.segments.last()?.ident.to_string();
    generic_args(ty, &name)
}

/// The generic arguments of `ty` when its last path segment is `name`.
pub(crate) fn generic_args<'t>(ty: &'t Type, name: &str) -> Option<Vec<&'t Type>> {
    let Type::Path(p) = ty else { return None };
    if p.qself.is_some() {
        return None;
    }
    let seg = p.path.segments.last()?;
    if seg.ident != name {
        return None;
    }
    match &seg.arguments {
        syn::PathArguments::AngleBracketed(args) => Some(
            args.args
                .iter()
                .filter_map(|a| match a {
                    syn::GenericArgument::Type(t) => Some(t),
                    _ => None,
                })
                .collect(),
        ),
        _ => Some(Vec::new()),
    }
}

pub(crate) fn last_ident_is(ty: &Type, name: &str) -> bool {
    matches!(ty, Type::Path(p) if p.path.segments.last().is_some_and(|s| s.ident == name))
}

/// `ContactRelationship` -> `contact_relationship`.
pub(crate) fn snake_case(name: &str) -> String {
    let mut out = String::with_capacity(name.len() + 4);
    let chars: Vec<char> = name.chars().collect();
    for (i, &c) in chars.iter().enumerate() {
        if c.is_uppercase() {
            let prev_lower =
                i > 0 && (chars[i - 1].is_lowercase() || chars[i - 1].is_ascii_digit());
            let next_lower = chars.get(i + 1).is_some_and(|n| n.is_lowercase());
            if i > 0 && (prev_lower || (next_lower && chars[i - 1].is_uppercase())) {
                out.push('_');
            }
            out.extend(c.to_lowercase());
        } else {
            out.push(c);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::snake_case;

    #[test]
    fn snake_cases() {
        assert_eq!(snake_case("ContactRelationship"), "contact_relationship");
        assert_eq!(snake_case("Phone"), "phone");
        assert_eq!(snake_case("HTTPLog"), "http_log");
        assert_eq!(snake_case("Page2Label"), "page2_label");
    }
}
