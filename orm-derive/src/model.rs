//! `#[derive(Model)]`: parse (`attr`, `ast`), check, expand.

mod ast;
mod attr;
mod check;
mod ctxt;
mod expand;
mod symbol;

use proc_macro2::TokenStream;

/// The derive's output: the generated code, or every error found plus a
/// placeholder `impl Model` so that other models referring to this one do
/// not report a cascade of "is not a model" errors.
pub(crate) fn derive(input: &syn::DeriveInput) -> TokenStream {
    let cx = ctxt::Ctxt::new();
    let attrs = attr::Container::from_ast(&cx, input);
    let krate = attrs.krate.clone();
    let model = ast::ModelDef::from_ast(&cx, input, attrs);
    if let Some(model) = &model {
        check::check(&cx, model);
    }
    let deferred = cx.is_deferred();
    match (cx.check(), model) {
        (Ok(()), Some(model)) if !deferred => expand::expand(&model),
        (Ok(()), _) if deferred => expand::placeholder(input, &krate),
        (result, _) => {
            let error = result.err().unwrap_or_else(|| {
                syn::Error::new_spanned(&input.ident, "cannot derive Model for this item")
            });
            let mut out = error.into_compile_error();
            out.extend(expand::placeholder(input, &krate));
            out
        }
    }
}
