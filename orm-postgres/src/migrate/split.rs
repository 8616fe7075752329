//! Splitting SQL text into statements at top-level semicolons, outside
//! quotes, comments and dollar-quoted bodies.

/// The statements of `sql`, trimmed, without their `;` and without empty
/// ones (a statement of only comments is kept out too).
pub(crate) fn statements(sql: &str) -> Vec<String> {
    let bytes = sql.as_bytes();
    let mut out = Vec::new();
    let mut start = 0;
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'\'' | b'"' => i = skip_quoted(bytes, i, bytes[i]),
            b'-' if bytes.get(i + 1) == Some(&b'-') => {
                i = bytes[i..]
                    .iter()
                    .position(|&b| b == b'\n')
                    .map_or(bytes.len(), |p| i + p);
            }
            b'/' if bytes.get(i + 1) == Some(&b'*') => {
                i = sql[i + 2..]
                    .find("*/")
                    .map_or(bytes.len(), |p| i + 2 + p + 2);
            }
            b'$' => i = skip_dollar(sql, i),
            b';' => {
                push(&mut out, &sql[start..i]);
                i += 1;
                start = i;
            }
            _ => i += 1,
        }
    }
    push(&mut out, &sql[start.min(sql.len())..]);
    out
}

fn push(out: &mut Vec<String>, statement: &str) {
    let meaningful = statements_without_comments(statement);
    if !meaningful.trim().is_empty() {
        out.push(statement.trim().to_owned());
    }
}

/// `statement` with `--` comment lines removed (to tell an empty one).
fn statements_without_comments(statement: &str) -> String {
    statement
        .lines()
        .filter(|l| !l.trim_start().starts_with("--"))
        .collect::<Vec<_>>()
        .join("\n")
}

/// The index after the quote closing the one at `i` (a doubled quote is
/// part of the text).
fn skip_quoted(bytes: &[u8], i: usize, quote: u8) -> usize {
    let mut j = i + 1;
    while j < bytes.len() {
        if bytes[j] == quote {
            if bytes.get(j + 1) == Some(&quote) {
                j += 2;
                continue;
            }
            return j + 1;
        }
        j += 1;
    }
    bytes.len()
}

/// After a `$tag$ ... $tag$` body starting at `i`, or `i + 1` when the `$`
/// starts no tag (e.g. a `$1` parameter).
fn skip_dollar(sql: &str, i: usize) -> usize {
    let rest = &sql[i + 1..];
    let Some(end) = rest.find('$') else {
        return i + 1;
    };
    let tag = &rest[..end];
    if !tag.chars().all(|c| c.is_alphanumeric() || c == '_')
        || tag.starts_with(|c: char| c.is_ascii_digit())
    {
        return i + 1;
    }
    let delimiter = &sql[i..i + end + 2];
    let body = i + delimiter.len();
    sql[body..]
        .find(delimiter)
        .map_or(sql.len(), |p| body + p + delimiter.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_outside_quotes_comments_and_bodies() {
        let sql = "-- header; not a statement\nCREATE TABLE \"a;b\" (x text DEFAULT ';');\n\
                   /* ; */ SELECT $$;$$, $f$ ; $f$, $1;\n\n-- trailing comment\n";
        assert_eq!(
            statements(sql),
            [
                "-- header; not a statement\nCREATE TABLE \"a;b\" (x text DEFAULT ';')",
                "/* ; */ SELECT $$;$$, $f$ ; $f$, $1",
            ]
        );
        assert!(statements("  ;; -- only\n").is_empty());
    }
}
