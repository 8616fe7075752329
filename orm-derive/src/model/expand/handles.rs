//! Typed handles as associated constants: `Contact::NAME`,
//! `Page::PARENT`, `Contact::PHONES`.

use proc_macro2::TokenStream;
use quote::{format_ident, quote, quote_spanned};
use syn::spanned::Spanned;

use super::kind;
use crate::model::ast::{FieldDef, FieldKind, ModelDef, Seen};

pub(super) fn expand(model: &ModelDef<'_>) -> TokenStream {
    let ident = model.ident;
    let mut consts = Vec::new();
    for (index, field) in model.columns().enumerate() {
        let FieldKind::Column { value, seen, .. } = &field.kind else {
            continue;
        };
        let name = format_ident!("{}", field.handle_name());
        let ty = field.ty;
        let item = match seen {
            Seen::Plain => {
                let doc = format!("The `{}` column (`{}`).", field.name(), field.column_name());
                quote! {
                    #[doc = #doc]
                    pub const #name: __orm::Column<#ident, #value> = __orm::Column::__new(#index);
                }
            }
            // `ForeignKeyField` for a foreign key, `Column` otherwise: the
            // type decides, whatever it is called.
            Seen::ForeignKey(_) | Seen::Unknown => {
                let doc = format!("The `{}` field's column.", field.name());
                let select = kind::select(ty);
                let handle = quote!(<#select as __orm::ColumnHandle<#ident, #ty, #value, #index>>);
                quote! {
                    #[doc = #doc]
                    pub const #name: #handle::Handle = #handle::HANDLE;
                }
            }
        };
        consts.push(item);
    }
    for (index, field) in model.many_to_many().enumerate() {
        let FieldKind::ManyToMany { target } = &field.kind else {
            continue;
        };
        let name = format_ident!("{}", field.handle_name());
        let doc = format!("The `{}` many-to-many relation.", field.name());
        let set = collection_setter(field, target);
        consts.push(quote! {
            #[doc = #doc]
            pub const #name: __orm::ManyToManyField<#ident, #target> =
                __orm::ManyToManyField::__new(#index, #set);
        });
    }
    for (index, field) in model.reverse().enumerate() {
        let FieldKind::Reverse { target } = &field.kind else {
            continue;
        };
        let name = format_ident!("{}", field.name().to_uppercase());
        let doc = format!("The `{}` reverse foreign key collection.", field.name());
        let set = collection_setter(field, target);
        consts.push(quote! {
            #[doc = #doc]
            pub const #name: __orm::ReverseField<#ident, #target> =
                __orm::ReverseField::__new(#index, #set);
        });
    }
    quote! {
        #[automatically_derived]
        impl #ident {
            #(#consts)*
        }
    }
}

/// The typed setter a collection handle carries: stores loaded items in
/// the field through its `Collection` impl (no downcasting).
fn collection_setter(field: &FieldDef<'_>, target: &syn::Type) -> TokenStream {
    let fi = field.ident;
    let ty = field.ty;
    let collection = quote_spanned!(ty.span()=> <#ty as __orm::Collection<#target>>);
    quote! {
        |object: &mut Self, items: ::std::vec::Vec<#target>| {
            #collection::set_loaded(&mut object.#fi, items)
        }
    }
}
