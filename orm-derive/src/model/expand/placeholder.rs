//! The stand-in `impl Model` emitted next to the errors of a rejected
//! input, so that only the real errors are shown.

use proc_macro2::TokenStream;
use quote::quote;

/// An `impl Model` with empty metadata for a non-generic struct; nothing for
/// other items. It is only ever compiled next to a `compile_error!`, so its
/// method bodies never run.
pub(crate) fn placeholder(input: &syn::DeriveInput, krate: &syn::Path) -> TokenStream {
    if !input.generics.params.is_empty() || !matches!(input.data, syn::Data::Struct(_)) {
        return TokenStream::new();
    }
    let ident = &input.ident;
    let name = ident.to_string();
    quote! {
        #[doc(hidden)]
        #[allow(unused_variables, unreachable_code, clippy::all)]
        const _: () = {
            use #krate::__private as __orm;
            static __ORM_META: __orm::ModelMeta = __orm::ModelMeta {
                name: #name,
                table: #name,
                columns: &[],
                primary_key: 0,
                many_to_many: &[],
                reverse: &[],
                unique_together: &[],
                indexes: &[],
                checks: &[],
                ordering: &[],
                managed: false,
                translations: ::core::option::Option::None,
            };

            #[automatically_derived]
            impl __orm::ModelNames for #ident {
                const JUNCTION_COLUMN: &'static str = #name;
                fn __meta() -> &'static __orm::ModelMeta {
                    &__ORM_META
                }
            }

            #[automatically_derived]
            impl __orm::Model for #ident {
                const META: &'static __orm::ModelMeta = &__ORM_META;
                type Key = i64;

                fn key(&self) -> &Self::Key {
                    ::core::unreachable!()
                }

                fn has_key(&self) -> bool {
                    false
                }

                fn decode<__R: __orm::Row + ?::core::marker::Sized>(row: &__R, start: usize) -> __orm::Result<Self> {
                    ::core::unreachable!()
                }

                fn assign<__R: __orm::Row + ?::core::marker::Sized>(&mut self, row: &__R, start: usize) -> __orm::Result<()> {
                    ::core::unreachable!()
                }

                fn values(&self) -> ::std::vec::Vec<__orm::Value> {
                    ::std::vec::Vec::new()
                }

                fn validate(&self) -> __orm::Result<()> {
                    ::core::unreachable!()
                }

                fn __set_related(
                    &mut self,
                    column: usize,
                    object: ::std::boxed::Box<dyn ::core::any::Any + ::core::marker::Send>,
                ) -> bool {
                    false
                }

                fn __set_translation(
                    &mut self,
                    column: usize,
                    text: ::core::option::Option<::std::string::String>,
                ) -> bool {
                    false
                }

                fn __translation(&self, column: usize) -> __orm::Result<::core::option::Option<&str>> {
                    ::core::unreachable!()
                }

                fn __decode_arrays<__R: __orm::Row + ?::core::marker::Sized>(
                    row: &__R,
                    start: usize,
                ) -> __orm::Result<::std::vec::Vec<Self>> {
                    ::core::unreachable!()
                }
            }
        };
    }
}
