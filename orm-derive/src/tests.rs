//! Expansion snapshots: what `#[derive(Model)]` generates for a few
//! models, pretty-printed and compared with the files in
//! `src/tests/expansions/`, so a change to generated code shows in review
//! (diesel_derives' `src/tests` pattern). After an intended change, run
//! `ORM_UPDATE_EXPANSIONS=1 cargo test -p orm-derive --lib` and read the
//! diff of the `.rs` files.

#![allow(clippy::panic, reason = "a failing snapshot test panics")]

use std::path::PathBuf;

use proc_macro2::TokenStream;
use quote::quote;

fn expansion(input: TokenStream) -> String {
    let input: syn::DeriveInput = match syn::parse2(input) {
        Ok(input) => input,
        Err(e) => return format!("// input does not parse: {e}\n"),
    };
    let output = crate::model::derive(&input);
    match syn::parse2::<syn::File>(output.clone()) {
        Ok(file) => prettyplease::unparse(&file),
        Err(e) => format!("// output does not parse as items: {e}\n{output}\n"),
    }
}

fn assert_expansion(name: &str, input: TokenStream) {
    let actual = expansion(input);
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("src/tests/expansions")
        .join(format!("{name}.rs"));
    if std::env::var_os("ORM_UPDATE_EXPANSIONS").is_some() {
        if let Err(e) = std::fs::write(&path, &actual) {
            panic!("cannot write {}: {e}", path.display());
        }
        return;
    }
    let expected = std::fs::read_to_string(&path).unwrap_or_default();
    if expected != actual {
        let first = expected
            .lines()
            .zip(actual.lines())
            .position(|(e, a)| e != a)
            .unwrap_or_else(|| expected.lines().count().min(actual.lines().count()));
        panic!(
            "the expansion of `{name}` changed (first difference at line {}); if intended, run \
             ORM_UPDATE_EXPANSIONS=1 cargo test -p orm-derive --lib and review {}\n\
             ---- actual ----\n{actual}",
            first + 1,
            path.display()
        );
    }
}

#[test]
fn plain_columns() {
    assert_expansion(
        "plain_columns",
        quote! {
            #[orm(table = "crm_phone", ordering(-number), check(name = "number_not_empty", sql = "number <> ''"))]
            pub struct Phone {
                #[orm(primary_key, auto)]
                pub id: i64,
                #[orm(max_length = 32, unique)]
                pub number: String,
                pub note: Option<String>,
                #[orm(db_type = "inet", read_only, default = "'127.0.0.1'")]
                pub address: std::net::IpAddr,
                #[orm(skip)]
                pub cache: Vec<u8>,
            }
        },
    );
}

#[test]
fn foreign_keys() {
    assert_expansion(
        "foreign_keys",
        quote! {
            #[orm(index(author, title))]
            pub struct Book {
                #[orm(primary_key, auto)]
                pub id: i64,
                pub title: String,
                #[orm(on_delete = Cascade, related_name = "books")]
                pub author: ForeignKey<User>,
                #[orm(on_delete = SetNull)]
                pub editor: Option<Fk<User>>,
                #[orm(to_field = "code")]
                pub country: CountryRef,
            }
        },
    );
}

#[test]
fn collections() {
    assert_expansion(
        "collections",
        quote! {
            pub struct Contact {
                #[orm(primary_key, auto)]
                pub id: i64,
                pub phones: ManyToMany<Phone>,
                #[orm(through = ContactRelationship, source = from_contact, target = to_contact, symmetrical, related_name = "+")]
                pub contacts: ManyToMany<Contact>,
                #[orm(many_to_many, db_table = "contact_tags")]
                pub tags: M2m<Tag>,
                #[orm(via = contact)]
                pub notes: Reverse<Note>,
            }
        },
    );
}

#[test]
fn rejected_input() {
    assert_expansion(
        "rejected_input",
        quote! {
            pub struct Broken {
                #[orm(primary_kye)]
                pub id: i64,
            }
        },
    );
}
