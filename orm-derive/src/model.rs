//! `#[derive(Model)]`: parse (`attr`, `ast`), check, expand.

mod ast;
mod attr;
mod check;
mod ctxt;
mod expand;
mod symbol;

use proc_macro2::TokenStream;

pub(crate) fn derive(input: &syn::DeriveInput) -> syn::Result<TokenStream> {
    let cx = ctxt::Ctxt::new();
    let Some(model) = ast::ModelDef::from_ast(&cx, input) else {
        return Err(cx.check().err().unwrap_or_else(|| {
            syn::Error::new_spanned(&input.ident, "cannot derive Model for this item")
        }));
    };
    check::check(&cx, &model);
    cx.check()?;
    Ok(expand::expand(&model))
}
