//! "Did you mean" hints for names checked by [`Schema::new`](super::Schema::new).

/// ` (did you mean `x`?)` when one of `candidates` is close to `name`, or
/// ` (`name` is the column of field `f`; name the field)` when `name` is a
/// column rather than a field name; empty otherwise.
pub(super) fn did_you_mean<'a>(
    name: &str,
    candidates: impl IntoIterator<Item = (&'a str, &'a str)>,
) -> String {
    let mut best: Option<(usize, &str)> = None;
    for (field, column) in candidates {
        if column == name && field != name {
            return format!(" (`{name}` is the column of field `{field}`; name the field)");
        }
        let d = edit_distance(name, field);
        if d <= 2 && d * 3 <= field.len().max(name.len()) + 1 && best.is_none_or(|(b, _)| d < b) {
            best = Some((d, field));
        }
    }
    best.map(|(_, f)| format!(" (did you mean `{f}`?)"))
        .unwrap_or_default()
}

/// Levenshtein distance.
pub(crate) fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut cur = vec![i + 1];
        for (j, cb) in b.iter().enumerate() {
            let cost = usize::from(ca != *cb);
            let best = (prev[j] + cost).min(prev[j + 1] + 1).min(cur[j] + 1);
            cur.push(best);
        }
        prev = cur;
    }
    prev.last().copied().unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::did_you_mean;

    #[test]
    fn hints() {
        let fields = [("author", "author_id"), ("title", "title")];
        assert_eq!(did_you_mean("autor", fields), " (did you mean `author`?)");
        assert_eq!(
            did_you_mean("author_id", fields),
            " (`author_id` is the column of field `author`; name the field)"
        );
        assert_eq!(did_you_mean("zzz", fields), "");
    }
}
