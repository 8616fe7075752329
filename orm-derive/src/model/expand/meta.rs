//! The `'static` `ModelMeta` of a model.

use proc_macro2::TokenStream;
use quote::{quote, quote_spanned};
use syn::spanned::Spanned;

use super::kind;
use crate::model::ast::{FieldDef, FieldKind, ModelDef};

pub(super) fn expand(model: &ModelDef<'_>) -> TokenStream {
    let name = model.ident.to_string();
    let table = &model.table;
    let columns: Vec<_> = model.columns().map(column).collect();
    let primary_key = model
        .columns()
        .position(|f| f.attrs.primary_key.is_some())
        .unwrap_or(0);
    let many_to_many: Vec<_> = model
        .many_to_many()
        .map(|f| many_to_many(model, f))
        .collect();
    let reverse: Vec<_> = model.reverse().map(reverse).collect();
    let field_lists = |groups: &[Vec<syn::Ident>]| -> Vec<TokenStream> {
        groups
            .iter()
            .map(|g| {
                let names = g.iter().map(|i| i.to_string());
                quote!(&[#(#names),*])
            })
            .collect()
    };
    let unique_together = field_lists(&model.attrs.unique_together);
    let indexes = field_lists(&model.attrs.indexes);
    let checks = model.attrs.checks.iter().enumerate().map(|(i, c)| {
        let name = c
            .name
            .as_ref()
            .map(|n| n.value())
            .unwrap_or_else(|| format!("{table}_check_{}", i + 1));
        let sql = &c.sql;
        quote!(__orm::CheckMeta { name: #name, sql: #sql })
    });
    let ordering = model
        .attrs
        .ordering
        .iter()
        .flat_map(|(_, terms)| terms)
        .map(|(f, desc)| {
            let f = f.to_string();
            quote!(__orm::OrderingMeta { field: #f, descending: #desc })
        });
    let managed = model.attrs.managed;
    let renamed_from = opt_str(model.attrs.renamed_from.as_ref().map(|(_, s)| s.value()));
    let translations = match &model.attrs.translations {
        Some((_, t)) => {
            let (label, language, text) = (
                t.label.to_string(),
                t.language.to_string(),
                t.text.to_string(),
            );
            quote!(::core::option::Option::Some(__orm::TranslationsMeta {
                label_field: #label, language_field: #language, text_field: #text,
            }))
        }
        None => quote!(::core::option::Option::None),
    };
    let ident = model.ident;
    let junction_column = format!("{}_id", model.snake_name());
    quote! {
        #[automatically_derived]
        impl __orm::ModelNames for #ident {
            const JUNCTION_COLUMN: &'static str = #junction_column;
            fn __meta() -> &'static __orm::ModelMeta {
                &__ORM_META
            }
        }
        static __ORM_META: __orm::ModelMeta = __orm::ModelMeta {
            name: #name,
            table: #table,
            columns: &[#(#columns),*],
            primary_key: #primary_key,
            many_to_many: &[#(#many_to_many),*],
            reverse: &[#(#reverse),*],
            unique_together: &[#(#unique_together),*],
            indexes: &[#(#indexes),*],
            checks: &[#(#checks),*],
            ordering: &[#(#ordering),*],
            managed: #managed,
            translations: #translations,
            renamed_from: #renamed_from,
        };
    }
}

fn opt_str(value: Option<String>) -> TokenStream {
    match value {
        Some(v) => quote!(::core::option::Option::Some(#v)),
        None => quote!(::core::option::Option::None),
    }
}

fn column(field: &FieldDef<'_>) -> TokenStream {
    let a = &field.attrs;
    let ty = field.ty;
    let field_name = field.name();
    let sql_type = match (&a.db_type, &a.max_length) {
        (Some((_, t)), _) => quote!(#t),
        (None, Some((_, n))) => {
            let t = format!("varchar({n})");
            quote!(#t)
        }
        (None, None) => {
            quote_spanned!(ty.span()=> <#ty as __orm::ColumnType>::SQL_TYPE)
        }
    };
    let primary_key = a.primary_key.is_some();
    let auto = a.auto.is_some();
    let unique = a.unique.is_some();
    let indexed = a.index.is_some();
    let read_only = a.read_only.is_some();
    // `db_default`, `auto_now_add` and `auto_now` are DDL defaults too
    // (`now()` unless one is given), which writes send as `DEFAULT`.
    let filled = a.db_default.is_some() || a.auto_now_add.is_some() || a.auto_now.is_some();
    let default = opt_str(
        a.db_default
            .as_ref()
            .or(a.default.as_ref())
            .map(|(_, s)| s.value())
            .or_else(|| filled.then(|| "now()".to_owned())),
    );
    let renamed_from = opt_str(a.renamed_from.as_ref().map(|(_, s)| s.value()));
    let default_on = if a.auto_now.is_some() {
        quote!(__orm::DefaultOn::InsertAndUpdate)
    } else if filled {
        quote!(__orm::DefaultOn::Insert)
    } else {
        quote!(__orm::DefaultOn::Never)
    };
    let max_length = match &a.max_length {
        Some((_, n)) => quote!(::core::option::Option::Some(#n)),
        None => quote!(::core::option::Option::None),
    };
    let nullable = kind::probe(ty, "NULLABLE");
    // Whether the field is a foreign key is asked of its type, so a renamed
    // import or an alias of `ForeignKey` gives the same metadata.
    let (column, foreign_key) = if field.seen_plain() {
        let column = field.plain_column_name();
        (quote!(#column), quote!(::core::option::Option::None))
    } else {
        let (fk_column, plain_column) =
            (field.foreign_key_column_name(), field.plain_column_name());
        let is_fk = kind::probe(ty, "IS_FOREIGN_KEY");
        let target = kind::probe(ty, "FOREIGN_KEY");
        let to_field = opt_str(a.to_field.as_ref().map(|(_, s)| s.value()));
        let on_delete = match &a.on_delete {
            Some((_, ident)) => quote!(__orm::OnDelete::#ident),
            None => quote!(__orm::OnDelete::NoAction),
        };
        let related_name = opt_str(a.related_name.as_ref().map(|(_, s)| s.value()));
        (
            quote!(if #is_fk { #fk_column } else { #plain_column }),
            quote!(match #target {
                ::core::option::Option::Some(target) => {
                    ::core::option::Option::Some(__orm::ForeignKeyMeta {
                        target,
                        to_field: #to_field,
                        on_delete: #on_delete,
                        related_name: #related_name,
                    })
                }
                ::core::option::Option::None => ::core::option::Option::None,
            }),
        )
    };
    quote! {
        __orm::ColumnMeta {
            field: #field_name,
            column: #column,
            sql_type: #sql_type,
            nullable: #nullable,
            primary_key: #primary_key,
            auto: #auto,
            unique: #unique,
            indexed: #indexed,
            default: #default,
            max_length: #max_length,
            read_only: #read_only,
            default_on: #default_on,
            foreign_key: #foreign_key,
            renamed_from: #renamed_from,
        }
    }
}

fn many_to_many(model: &ModelDef<'_>, field: &FieldDef<'_>) -> TokenStream {
    let FieldKind::ManyToMany { target } = &field.kind else {
        return TokenStream::new();
    };
    let a = &field.attrs;
    let field_name = field.name();
    let junction = match (&a.through, &a.source, &a.target) {
        (Some((_, through)), Some((_, source)), Some((_, target_field))) => {
            let (source, target_field) = (source.to_string(), target_field.to_string());
            let through_meta = quote_spanned!(through.span()=> <#through as __orm::Model>::meta);
            quote!(__orm::JunctionMeta::Through {
                model: #through_meta,
                source_field: #source,
                target_field: #target_field,
            })
        }
        _ => {
            let table = field.junction_table(model);
            let own = model.snake_name();
            let (source, target_col) = if model.is_self(target) {
                (format!("from_{own}_id"), {
                    let to = format!("to_{own}_id");
                    quote!(#to)
                })
            } else {
                // The target's own derive names its column, however the
                // target is written here.
                (
                    format!("{own}_id"),
                    quote_spanned!(target.span()=> <#target as __orm::ModelNames>::JUNCTION_COLUMN),
                )
            };
            quote!(__orm::JunctionMeta::Auto {
                table: #table,
                source_column: #source,
                target_column: #target_col,
            })
        }
    };
    let symmetrical = a.symmetrical.is_some();
    let related_name = opt_str(a.related_name.as_ref().map(|(_, s)| s.value()));
    let target_meta = quote_spanned!(target.span()=> __orm::model_meta::<#target>);
    quote! {
        __orm::ManyToManyMeta {
            field: #field_name,
            target: #target_meta,
            junction: #junction,
            symmetrical: #symmetrical,
            related_name: #related_name,
        }
    }
}

fn reverse(field: &FieldDef<'_>) -> TokenStream {
    let FieldKind::Reverse { target } = &field.kind else {
        return TokenStream::new();
    };
    let field_name = field.name();
    let via = field
        .attrs
        .via
        .as_ref()
        .map(|(_, i)| i.to_string())
        .unwrap_or_default();
    quote! {
        __orm::ReverseMeta {
            field: #field_name,
            source: <#target as __orm::Model>::meta,
            source_field: #via,
        }
    }
}
