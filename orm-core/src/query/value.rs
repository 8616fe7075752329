//! Bound values: everything a caller gives the query travels as a
//! parameter, never as SQL text.

use std::sync::Arc;

pub use crate::value::Value;

/// A bound value as the IR holds it: shared, so that one value used twice
/// in a statement is bound once (the writer compares identities) and cloning
/// a query does not copy its values.
pub(crate) type Param = Arc<Value>;

/// A value as an IR parameter.
pub(crate) fn param(value: impl crate::value::ToValue) -> Param {
    Arc::new(value.into_value())
}

/// Escapes `%`, `_` and `\` so `text` matches itself inside a `LIKE`
/// pattern (PostgreSQL's default escape character is `\`).
pub fn escape_like(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    for ch in text.chars() {
        if matches!(ch, '%' | '_' | '\\') {
            out.push('\\');
        }
        out.push(ch);
    }
    out
}

/// Where a text must match inside a `LIKE` pattern.
#[derive(Clone, Copy)]
pub(crate) enum LikeShape {
    Contains,
    StartsWith,
    EndsWith,
    Exact,
}

/// The escaped `LIKE` pattern matching `text` in `shape`; the one place
/// lookups build patterns.
pub(crate) fn like_pattern(shape: LikeShape, text: &str) -> String {
    let escaped = escape_like(text);
    match shape {
        LikeShape::Contains => format!("%{escaped}%"),
        LikeShape::StartsWith => format!("{escaped}%"),
        LikeShape::EndsWith => format!("%{escaped}"),
        LikeShape::Exact => escaped,
    }
}

#[cfg(test)]
mod tests {
    use super::escape_like;

    #[test]
    fn escapes_wildcards_and_backslash() {
        assert_eq!(escape_like(r"50%_off\"), r"50\%\_off\\");
        assert_eq!(escape_like("plain"), "plain");
    }
}
