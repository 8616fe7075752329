//! `impl Model`: decoding, values, validation, relation storage.

use proc_macro2::TokenStream;
use quote::{quote, quote_spanned};
use syn::spanned::Spanned;

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
                    quote_spanned!(ty.span()=> !<#ty as ::orm_core::AutoKey>::is_unset(&self.#fi))
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
    let mut m2m_index = 0usize;
    let mut set_many = Vec::new();
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
                let (decode, param) = if field.attrs.db_type.is_none() {
                    (
                        quote_spanned!(ty.span()=> <#ty as ::orm_core::ColumnType>::__decode),
                        quote_spanned!(ty.span()=> <#ty as ::orm_core::ColumnType>::__param(&self.#fi)),
                    )
                } else {
                    (
                        quote_spanned!(ty.span()=> ::orm_core::__private::decode_column::<#ty>),
                        quote_spanned!(ty.span()=> ::orm_core::__private::sql_param::<#ty>(&self.#fi)),
                    )
                };
                decode_fields.push(quote! {
                    #fi: #decode(row, start + #i, &__ORM_META.columns[#i])?
                });
                assigns.push(quote! {
                    self.#fi = #decode(row, start + #i, &__ORM_META.columns[#i])?;
                });
                values.push(param);
                if field.attrs.db_type.is_none() || field.attrs.max_length.is_some() {
                    validations.push(quote_spanned! {ty.span()=>
                        <#ty as ::orm_core::ColumnType>::validate(&self.#fi, &__ORM_META.columns[#i])?;
                    });
                }
                if field.attrs.auto.is_some() && field.attrs.primary_key.is_none() {
                    auto_checks.push(quote_spanned! {ty.span()=>
                        let _ = <#ty as ::orm_core::AutoKey>::is_unset;
                    });
                }
            }
            FieldKind::ManyToMany { target } => {
                let relation = format!("{name}.{}", field.name());
                decode_fields.push(quote!(#fi: ::orm_core::ManyToMany::unloaded(#relation)));
                let i = m2m_index;
                m2m_index += 1;
                set_many.push(quote! {
                    #i => match items.downcast::<::std::vec::Vec<#target>>() {
                        ::core::result::Result::Ok(v) => { self.#fi.set_loaded(*v); true }
                        ::core::result::Result::Err(_) => false,
                    },
                });
            }
            FieldKind::Skip => {
                let ty = field.ty;
                decode_fields.push(quote_spanned! {ty.span()=>
                    #fi: <#ty as ::core::default::Default>::default()
                });
            }
        }
    }
    quote! {
        #[automatically_derived]
        impl ::orm_core::Model for #ident {
            const META: &'static ::orm_core::ModelMeta = &__ORM_META;
            type Key = #key_ty;

            fn key(&self) -> &Self::Key {
                &self.#key_field
            }

            fn has_key(&self) -> bool {
                #has_key
            }

            fn decode(row: &::orm_core::__private::Row, start: usize) -> ::orm_core::Result<Self> {
                ::core::result::Result::Ok(#ident { #(#decode_fields,)* })
            }

            fn assign(&mut self, row: &::orm_core::__private::Row, start: usize) -> ::orm_core::Result<()> {
                #(#assigns)*
                ::core::result::Result::Ok(())
            }

            fn values(&self) -> ::std::vec::Vec<::orm_core::Param<'_>> {
                ::std::vec![#(#values),*]
            }

            fn validate(&self) -> ::orm_core::Result<()> {
                #(#auto_checks)*
                #(#validations)*
                ::core::result::Result::Ok(())
            }

            fn __set_many(
                &mut self,
                index: usize,
                items: ::std::boxed::Box<dyn ::core::any::Any + ::core::marker::Send>,
            ) -> bool {
                #[allow(unused_variables)]
                let items = items;
                match index {
                    #(#set_many)*
                    _ => false,
                }
            }
        }
    }
}
