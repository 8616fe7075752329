//! `#[orm::test]` (also reachable as `#[orm::test]`).

use proc_macro2::TokenStream;
use quote::quote;
use syn::spanned::Spanned;

/// `pool_size = N`, the one argument the attribute takes.
fn pool_size(args: TokenStream) -> syn::Result<Option<syn::LitInt>> {
    if args.is_empty() {
        return Ok(None);
    }
    let wrong = |span| {
        syn::Error::new(
            span,
            "#[orm::test] takes one optional argument; the correct format looks like \
             `#[orm::test(pool_size = 20)]`",
        )
    };
    let arg: syn::MetaNameValue = syn::parse2(args.clone()).map_err(|_| wrong(args.span()))?;
    if !arg.path.is_ident("pool_size") {
        return Err(wrong(arg.path.span()));
    }
    match arg.value {
        syn::Expr::Lit(syn::ExprLit {
            lit: syn::Lit::Int(n),
            ..
        }) => Ok(Some(n)),
        other => Err(wrong(other.span())),
    }
}

pub(crate) fn expand(args: TokenStream, item: TokenStream) -> syn::Result<TokenStream> {
    let pool_size = pool_size(args)?;
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
    let run = match pool_size {
        Some(n) => quote!(#krate::testing::run_test_with_pool_size(
            ::core::concat!(::core::module_path!(), "::", ::core::stringify!(#name)),
            #n,
            #name,
        )),
        None => quote!(#krate::testing::run_test(
            ::core::concat!(::core::module_path!(), "::", ::core::stringify!(#name)),
            #name,
        )),
    };
    Ok(quote! {
        #[::core::prelude::v1::test]
        #(#outer_attrs)*
        fn #name() {
            #func
            #run;
        }
    })
}
