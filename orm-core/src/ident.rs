//! Quoting of SQL identifiers: the one function every table, column and
//! alias name goes through.

/// Appends `name` to `out` as a quoted PostgreSQL identifier.
///
/// Double quotes inside the name are doubled, so any string is safe to
/// splice: `my"table` becomes `"my""table"`.
pub fn push_ident(out: &mut String, name: &str) {
    out.reserve(name.len() + 2);
    out.push('"');
    for ch in name.chars() {
        if ch == '"' {
            out.push('"');
        }
        out.push(ch);
    }
    out.push('"');
}

/// Returns `name` as a quoted PostgreSQL identifier; see [`push_ident`].
///
/// ```
/// assert_eq!(orm_core::quote_ident("order"), "\"order\"");
/// assert_eq!(orm_core::quote_ident("a\"b"), "\"a\"\"b\"");
/// ```
pub fn quote_ident(name: &str) -> String {
    let mut out = String::with_capacity(name.len() + 2);
    push_ident(&mut out, name);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn doubles_embedded_quotes() {
        assert_eq!(
            quote_ident(r#"x"; DROP TABLE t; --"#),
            r#""x""; DROP TABLE t; --""#
        );
        assert_eq!(quote_ident(""), r#""""#);
    }
}
