//! Compile-fail and compile-pass cases for `#[derive(Model)]`.
//!
//! Regenerate the expected output with
//! `TRYBUILD=overwrite cargo test -p orm-derive --test ui`, then read every
//! changed `.stderr`: each message must be clear and sit on the offending
//! token.

#[test]
fn ui() {
    let t = trybuild::TestCases::new();
    t.pass("tests/ui/pass/*.rs");
    t.compile_fail("tests/ui/*.rs");
}
