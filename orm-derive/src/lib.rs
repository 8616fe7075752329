//! Procedural macros for the ORM: `#[derive(Model)]` (re-exported from
//! `orm_core`) and `#[orm_postgres::test]` (re-exported from
//! `orm_postgres`). Use them through those crates.

#![warn(missing_docs)]

mod test_attr;

use proc_macro::TokenStream;

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
