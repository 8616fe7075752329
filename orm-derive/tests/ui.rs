//! Compile-fail and compile-pass cases for `#[derive(Model)]`, one folder
//! per kind of mistake a model author makes (see `docs/models.md`,
//! "Common mistakes").
//!
//! Regenerate the expected output with
//! `TRYBUILD=overwrite cargo test -p orm-derive --test ui`, then read every
//! changed `.stderr`: one mistake gives one error, on the offending token,
//! with no private path (`__private`) in it.

/// The folders of compile-fail cases, by what the author got wrong.
const MISTAKES: &[&str] = &[
    "shape",            // the item is not a plain struct with named fields
    "attribute_syntax", // a key misspelt, misplaced, repeated, or given the wrong kind of value
    "primary_key",      // no key, two keys, a nullable key, `auto` on a non-integer
    "columns",          // a type that cannot be stored, conflicting column options, clashing names
    "foreign_keys", // a target that is not a model, key types that differ, actions that cannot work
    "many_to_many", // through/source/target misused, a collection of a non-model
    "reverse",      // `Reverse<T>` without `via`, or with options it cannot use
    "table",        // struct-level options naming fields that do not fit
];

#[test]
fn ui() {
    let t = trybuild::TestCases::new();
    t.pass("tests/ui/pass/*.rs");
    for folder in MISTAKES {
        t.compile_fail(format!("tests/ui/{folder}/*.rs"));
    }
}
