//! `#[orm::test]` (also reachable as `#[orm::test]`).

use proc_macro2::TokenStream;
use quote::quote;
use syn::spanned::Spanned;

pub(crate) fn expand(args: TokenStream, item: TokenStream) -> syn::Result<TokenStream> {
    if !args.is_empty() {
        return Err(syn::Error::new(
            args.span(),
            "#[orm::test] takes no arguments",
        ));
    }
    let mut func: syn::ItemFn = syn::parse2(item)?;
    if func.sig.asyncness.is_none() {
        return Err(syn::Error::new(
            func.sig.fn_token.span,
            "#[orm::test] goes on an `async fn name(db: Db)`",
        ));
    }
    if func.sig.inputs.len() != 1 {
        return Err(syn::Error::new(
            func.sig.inputs.span(),
            "#[orm::test] functions take exactly one argument: `db: Db`",
        ));
    }
    let name = func.sig.ident.clone();
    let outer_attrs: Vec<_> = std::mem::take(&mut func.attrs);
    let krate = crate::crate_path::for_test();
    func.vis = syn::Visibility::Inherited;
    Ok(quote! {
        #[::core::prelude::v1::test]
        #(#outer_attrs)*
        fn #name() {
            #func
            #krate::testing::run_test(
                ::core::concat!(::core::module_path!(), "::", ::core::stringify!(#name)),
                #name,
            );
        }
    })
}
