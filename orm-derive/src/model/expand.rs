//! Code generation from a checked [`ModelDef`](super::ast::ModelDef).
//!
//! The output sits in `const _: () = { use <crate>::__private as __orm; ... };`
//! and names runtime items only as `__orm::Item`: one path to override
//! (`#[orm(crate = "...")]`), and one error, on that `use`, when it is wrong.

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
    let krate = &model.attrs.krate;
    quote! {
        #[doc(hidden)]
        #[allow(non_upper_case_globals, clippy::all)]
        const _: () = {
            use #krate::__private as __orm;
            use __orm::FieldKindDefault as _;
            #asserts
            #meta
            #model_impl
            #handles
        };
    }
}
