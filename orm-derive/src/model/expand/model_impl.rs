//! `impl Model`: decoding, values, validation, relation storage.

use proc_macro2::TokenStream;
use quote::{quote, quote_spanned};
use syn::spanned::Spanned;

use super::kind;
use crate::model::ast::{FieldKind, ModelDef};

pub(super) fn expand(model: &ModelDef<'_>) -> TokenStream {
    let ident = model.ident;
    let name = ident.to_string();
    let pk = model.columns().find(|f| f.attrs.primary_key.is_some());
    let (key_ty, key_field, has_key) = match pk {
        Some(f) => {
            let ty = match &f.kind {
                FieldKind::Column { value, .. } => *value,
                _ => f.ty,
            };
            let fi = f.tokens();
            let has_key = match &f.attrs.auto {
                Some(_) => {
                    quote_spanned!(ty.span()=> !<#ty as __orm::AutoKey>::is_unset(&self.#fi))
                }
                None => quote!(true),
            };
            (quote!(#ty), fi, has_key)
        }
        None => return TokenStream::new(),
    };

    let mut decode_fields = Vec::new();
    let mut assigns = Vec::new();
    let mut values = Vec::new();
    let mut validations = Vec::new();
    let mut column_index = 0usize;
    let mut set_related = Vec::new();
    let mut set_translation = Vec::new();
    let mut get_translation = Vec::new();
    let mut array_lets = Vec::new();
    let mut array_fields = Vec::new();
    let mut auto_checks = Vec::new();
    for field in &model.fields {
        let fi = field.tokens();
        match &field.kind {
            FieldKind::Column { .. } => {
                let i = column_index;
                column_index += 1;
                let ty = field.ty;
                // Without `db_type` the field must be a `ColumnType`. Every
                // use is the same `<T as ColumnType>` path on the field's
                // type, so an unsupported type fails with one error (rustc
                // merges identical ones) carrying that trait's message.
                let (decode, param, decode_array) = if field.attrs.db_type.is_none() {
                    (
                        quote_spanned!(ty.span()=> <#ty as __orm::ColumnType>::__decode),
                        quote_spanned!(ty.span()=> <#ty as __orm::ColumnType>::__param(&self.#fi)),
                        quote_spanned!(ty.span()=> <#ty as __orm::ColumnType>::__decode_array),
                    )
                } else {
                    (
                        quote_spanned!(ty.span()=> <#ty as __orm::DbTypeValue>::decode_db),
                        quote_spanned!(ty.span()=> <#ty as __orm::DbTypeValue>::param_db(&self.#fi)),
                        quote_spanned!(ty.span()=> <#ty as __orm::DbTypeValue>::decode_db_array),
                    )
                };
                decode_fields.push(quote! {
                    #fi: #decode(row, start + #i, &__ORM_META.columns[#i])?
                });
                assigns.push(quote! {
                    self.#fi = #decode(row, start + #i, &__ORM_META.columns[#i])?;
                });
                let it = quote::format_ident!("__orm_c{}", i);
                array_lets.push(quote! {
                    let #it: ::std::vec::Vec<#ty> = #decode_array(row, start + #i, &__ORM_META.columns[#i])?;
                    if #it.len() != __orm_len {
                        return ::core::result::Result::Err(__orm::ragged_arrays(&__ORM_META.columns[#i]));
                    }
                    let mut #it = #it.into_iter();
                });
                array_fields.push(quote! {
                    #fi: __orm::next_item(&mut #it, &__ORM_META.columns[#i])?
                });
                if !field.seen_plain() {
                    // Relation loading stores into a foreign key; the type
                    // decides whether the field is one.
                    let slot = kind::select(ty);
                    let slot = quote!(<#slot as __orm::ColumnSlot<#ty>>);
                    set_translation.push(quote! {
                        #i => #slot::set_translation(&mut self.#fi, text),
                    });
                    get_translation.push(quote! {
                        #i => #slot::translation(&self.#fi),
                    });
                    set_related.push(quote! {
                        #i => #slot::set_related(&mut self.#fi, object),
                    });
                }
                values.push(param);
                if field.attrs.db_type.is_none() || field.attrs.max_length.is_some() {
                    validations.push(quote_spanned! {ty.span()=>
                        <#ty as __orm::ColumnType>::validate(&self.#fi, &__ORM_META.columns[#i])?;
                    });
                }
                if field.attrs.auto.is_some() && field.attrs.primary_key.is_none() {
                    auto_checks.push(quote_spanned! {ty.span()=>
                        let _ = <#ty as __orm::AutoKey>::is_unset;
                    });
                }
            }
            FieldKind::ManyToMany { target } | FieldKind::Reverse { target } => {
                // Both are collections stored in a `ManyToMany<T>`; their
                // handles carry a typed setter (`handles.rs`).
                let relation = format!("{name}.{}", field.name());
                let ty = field.ty;
                let collection = quote_spanned!(ty.span()=> <#ty as __orm::Collection<#target>>);
                decode_fields.push(quote!(#fi: #collection::unloaded(#relation)));
                array_fields.push(quote!(#fi: #collection::unloaded(#relation)));
                // Loaded through the handle's setter; named here so the
                // field counts as used.
                validations.push(quote!(let _ = &self.#fi;));
            }
            FieldKind::Skip => {
                let ty = field.ty;
                decode_fields.push(quote_spanned! {ty.span()=>
                    #fi: <#ty as ::core::default::Default>::default()
                });
                array_fields.push(quote_spanned! {ty.span()=>
                    #fi: <#ty as ::core::default::Default>::default()
                });
            }
        }
    }
    quote! {
        #[automatically_derived]
        impl __orm::Model for #ident {
            const META: &'static __orm::ModelMeta = &__ORM_META;
            type Key = #key_ty;

            fn key(&self) -> &Self::Key {
                &self.#key_field
            }

            fn has_key(&self) -> bool {
                #has_key
            }

            fn decode<__R: __orm::Row + ?::core::marker::Sized>(row: &__R, start: usize) -> __orm::Result<Self> {
                ::core::result::Result::Ok(#ident { #(#decode_fields,)* })
            }

            fn assign<__R: __orm::Row + ?::core::marker::Sized>(&mut self, row: &__R, start: usize) -> __orm::Result<()> {
                #(#assigns)*
                ::core::result::Result::Ok(())
            }

            fn values(&self) -> ::std::vec::Vec<__orm::Value> {
                ::std::vec![#(#values),*]
            }

            fn validate(&self) -> __orm::Result<()> {
                #(#auto_checks)*
                #(#validations)*
                ::core::result::Result::Ok(())
            }

            fn __set_related(
                &mut self,
                column: usize,
                object: ::std::boxed::Box<dyn ::core::any::Any + ::core::marker::Send>,
            ) -> bool {
                #[allow(unused_variables)]
                let object = object;
                match column {
                    #(#set_related)*
                    _ => false,
                }
            }

            fn __set_translation(&mut self, column: usize, text: ::core::option::Option<::std::string::String>) -> bool {
                #[allow(unused_variables)]
                let text = text;
                match column {
                    #(#set_translation)*
                    _ => false,
                }
            }

            fn __translation(&self, column: usize) -> __orm::Result<::core::option::Option<&str>> {
                match column {
                    #(#get_translation)*
                    _ => ::core::result::Result::Err(__orm::Error::invalid_input(
                        "this field is not a foreign key to a translated label",
                    )),
                }
            }

            fn __decode_arrays<__R: __orm::Row + ?::core::marker::Sized>(
                row: &__R,
                start: usize,
            ) -> __orm::Result<::std::vec::Vec<Self>> {
                let __orm_len = __orm::array_len(row, start, &__ORM_META.columns[0])?;
                #(#array_lets)*
                let mut out = ::std::vec::Vec::with_capacity(__orm_len);
                for _ in 0..__orm_len {
                    out.push(#ident { #(#array_fields,)* });
                }
                ::core::result::Result::Ok(out)
            }
        }
    }
}
