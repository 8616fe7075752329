//! Where generated code finds the runtime.
//!
//! `#[orm(crate = "path")]` wins (serde's `#[serde(crate = ...)]`, for
//! crates that re-export the ORM). Otherwise the caller's manifest is read
//! (through `proc-macro-crate`) for the crate it depends on:
//!
//! 1. the facade `orm`, under whatever name the caller gave it;
//! 2. else the crate below the facade that holds the item: `orm-core` for
//!    `#[derive(Model)]`, `orm-postgres` for the test attribute, so the
//!    workspace's own crates, their unit tests and doctests, and the
//!    benchmark workspace, which sit below the facade, keep working;
//! 3. else `::orm`, which is also the answer when no manifest can be read
//!    (a build system other than cargo).
//!
//! A path found in the manifest is absolute (`::name`). When the manifest is
//! the crate's own (its doctests), `::name` names the library under test;
//! code inside the library itself needs `extern crate self as name;` in its
//! root, as orm-core declares for its unit tests.

use proc_macro_crate::{FoundCrate, crate_name};
use proc_macro2::Span;

/// The facade's package name.
const FACADE: &str = "orm";

/// The default runtime path for `#[derive(Model)]`.
pub(crate) fn for_model() -> syn::Path {
    find(&[FACADE, "orm-core"])
}

/// The default runtime path for the test attribute.
pub(crate) fn for_test() -> syn::Path {
    find(&[FACADE, "orm-postgres"])
}

fn find(packages: &[&str]) -> syn::Path {
    let name = packages
        .iter()
        .find_map(|package| match crate_name(package) {
            Ok(FoundCrate::Name(name)) => Some(name),
            Ok(FoundCrate::Itself) => Some(package.replace('-', "_")),
            Err(_) => None,
        })
        .unwrap_or_else(|| FACADE.to_owned());
    let ident = syn::Ident::new(&name, Span::call_site());
    syn::parse_quote!(::#ident)
}
