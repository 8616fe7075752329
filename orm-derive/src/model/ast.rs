//! The validated model of a `#[derive(Model)]` input.

use proc_macro2::TokenStream;
use quote::ToTokens;
use syn::{Ident, Type};

use super::attr;
use super::ctxt::Ctxt;

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

/// What a field is, read from its type and attributes.
pub(crate) enum FieldKind<'a> {
    /// A column; `value` is the type with any `Option` removed.
    Column {
        nullable: bool,
        value: &'a Type,
        foreign_key: Option<ForeignKeyType<'a>>,
    },
    /// `ManyToMany<T>`.
    ManyToMany { target: &'a Type },
    /// `Reverse<T>`: the rows of `T` whose foreign key `via` points here.
    Reverse { target: &'a Type },
    /// `#[orm(skip)]`: not persisted.
    Skip,
}

/// `ForeignKey<T>` or `ForeignKey<T, K>`.
pub(crate) struct ForeignKeyType<'a> {
    pub(crate) target: &'a Type,
    pub(crate) key: Option<&'a Type>,
}

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
        let kind = if attrs.skip.is_some() {
            FieldKind::Skip
        } else if let Some(args) = generic_args(ty, "ManyToMany") {
            match args.as_slice() {
                [target] => FieldKind::ManyToMany { target },
                _ => {
                    cx.error_spanned_by(ty, "expected `ManyToMany<Target>`");
                    return None;
                }
            }
        } else if let Some(args) = generic_args(ty, "Reverse") {
            match args.as_slice() {
                [target] => FieldKind::Reverse { target },
                _ => {
                    cx.error_spanned_by(ty, "expected `Reverse<Source>`");
                    return None;
                }
            }
        } else {
            let (nullable, value) = match generic_args(ty, "Option").as_deref() {
                Some([inner]) => (true, *inner),
                _ => (false, ty),
            };
            if nullable && generic_args(value, "ManyToMany").is_some() {
                cx.error_spanned_by(
                    ty,
                    "a many-to-many field cannot be an `Option`: an unrelated object has an empty `ManyToMany<T>`",
                );
                return None;
            }
            if nullable && generic_args(value, "Option").is_some() {
                cx.error_spanned_by(
                    ty,
                    "`Option<Option<T>>` cannot be stored: a column has one NULL; use `Option<T>`",
                );
                return None;
            }
            let foreign_key = match generic_args(value, "ForeignKey").as_deref() {
                Some([target]) => Some(ForeignKeyType { target, key: None }),
                Some([target, key]) => Some(ForeignKeyType {
                    target,
                    key: Some(*key),
                }),
                Some(_) => {
                    cx.error_spanned_by(
                        ty,
                        "expected `ForeignKey<Target>` or `ForeignKey<Target, KeyType>`",
                    );
                    return None;
                }
                None => None,
            };
            FieldKind::Column {
                nullable,
                value,
                foreign_key,
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
                foreign_key: Some(_),
                ..
            } => format!("{name}_id"),
            _ => name,
        }
    }

    /// The field name as a string (without `r#`).
    pub(crate) fn name(&self) -> String {
        let name = self.ident.to_string();
        name.strip_prefix("r#").unwrap_or(&name).to_owned()
    }

    pub(crate) fn is_text(&self) -> bool {
        match &self.kind {
            FieldKind::Column {
                value,
                foreign_key: None,
                ..
            } => last_ident_is(value, "String"),
            FieldKind::Column {
                foreign_key: Some(fk),
                ..
            } => fk.key.is_some_and(|k| last_ident_is(k, "String")),
            _ => false,
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

fn last_ident_is(ty: &Type, name: &str) -> bool {
    matches!(ty, Type::Path(p) if p.path.segments.last().is_some_and(|s| s.ident == name))
}

/// The last identifier of a type path, snake_cased (`crm::Phone` -> `phone`).
pub(crate) fn type_snake_name(ty: &Type) -> Option<String> {
    let Type::Path(p) = ty else { return None };
    p.path
        .segments
        .last()
        .map(|s| snake_case(&s.ident.to_string()))
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
