//! Code generation from a checked [`ModelDef`](super::ast::ModelDef).

mod assert;
mod handles;
mod kind;
mod meta;
mod model_impl;
mod placeholder;

pub(crate) use placeholder::placeholder;

use proc_macro2::TokenStream;
use quote::quote;

use super::ast::ModelDef;

pub(crate) fn expand(model: &ModelDef<'_>) -> TokenStream {
    let meta = meta::expand(model);
    let model_impl = model_impl::expand(model);
    let handles = handles::expand(model);
    let asserts = assert::expand(model);
    quote! {
        #[doc(hidden)]
        #[allow(non_upper_case_globals, clippy::all)]
        const _: () = {
            use ::orm_core::__private::FieldKindDefault as _;
            #asserts
            #meta
            #model_impl
            #handles
        };
    }
}
