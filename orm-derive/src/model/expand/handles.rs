//! Typed handles as associated constants: `Contact::NAME`,
//! `Page::PARENT`, `Contact::PHONES`.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use crate::model::ast::{FieldKind, ModelDef};

pub(super) fn expand(model: &ModelDef<'_>) -> TokenStream {
    let ident = model.ident;
    let mut consts = Vec::new();
    for (index, field) in model.columns().enumerate() {
        let FieldKind::Column {
            value, foreign_key, ..
        } = &field.kind
        else {
            continue;
        };
        let name = format_ident!("{}", field.handle_name());
        let doc = format!("The `{}` column (`{}`).", field.name(), field.column_name());
        let item = match foreign_key {
            Some(fk) => {
                let target = fk.target;
                let key = match fk.key {
                    Some(k) => quote!(#k),
                    None => quote!(<#target as __orm::Model>::Key),
                };
                quote! {
                    #[doc = #doc]
                    pub const #name: __orm::ForeignKeyField<#ident, #target, #key> =
                        __orm::ForeignKeyField::__new(#index);
                }
            }
            None => quote! {
                #[doc = #doc]
                pub const #name: __orm::Column<#ident, #value> = __orm::Column::__new(#index);
            },
        };
        consts.push(item);
    }
    for (index, field) in model.many_to_many().enumerate() {
        let FieldKind::ManyToMany { target } = &field.kind else {
            continue;
        };
        let name = format_ident!("{}", field.handle_name());
        let doc = format!("The `{}` many-to-many relation.", field.name());
        consts.push(quote! {
            #[doc = #doc]
            pub const #name: __orm::ManyToManyField<#ident, #target> =
                __orm::ManyToManyField::__new(#index);
        });
    }
    for (index, field) in model.reverse().enumerate() {
        let FieldKind::Reverse { target } = &field.kind else {
            continue;
        };
        let name = format_ident!("{}", field.name().to_uppercase());
        let doc = format!("The `{}` reverse foreign key collection.", field.name());
        consts.push(quote! {
            #[doc = #doc]
            pub const #name: __orm::ReverseField<#ident, #target> =
                __orm::ReverseField::__new(#index);
        });
    }
    quote! {
        #[automatically_derived]
        impl #ident {
            #(#consts)*
        }
    }
}
