//! Procedural macros for the ORM: `#[derive(Model)]` and `#[orm::test]`.
//! Use them through the `orm` crate (`use orm::prelude::*;`).
//!
//! Generated code names the runtime only as `<crate>::__private::Item`,
//! where `<crate>` is `#[orm(crate = "...")]` or the default found in the
//! caller's manifest (see `crate_path.rs`).

#![warn(missing_docs)]

mod crate_path;
mod model;
mod test_attr;
#[cfg(test)]
mod tests;

use proc_macro::TokenStream;

/// `#[derive(Model)]`: use it through `orm_core` (`use orm_core::prelude::*;`),
/// whose re-export documents every attribute.
///
#[proc_macro_derive(Model, attributes(orm))]
pub fn derive_model(input: TokenStream) -> TokenStream {
    let input = syn::parse_macro_input!(input as syn::DeriveInput);
    model::derive(&input).into()
}

/// Runs an `async fn name(db: Db)` as a test on its own fresh database.
///
/// Use it through `orm_postgres`: `#[orm_postgres::test]`. The test may
/// return `()` or a `Result<(), E>`; an `Err` fails the test.
#[proc_macro_attribute]
pub fn test(args: TokenStream, item: TokenStream) -> TokenStream {
    test_attr::expand(args.into(), item.into())
        .unwrap_or_else(syn::Error::into_compile_error)
        .into()
}
