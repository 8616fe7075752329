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

/// Edit distance counting a swap of two neighbours as one edit (optimal
/// string alignment), for "did you mean" hints: `slgu` is one edit from
/// `slug`.
pub(super) fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let mut d = vec![vec![0usize; b.len() + 1]; a.len() + 1];
    for (i, row) in d.iter_mut().enumerate() {
        row[0] = i;
    }
    for (j, cell) in d[0].iter_mut().enumerate() {
        *cell = j;
    }
    for i in 1..=a.len() {
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut best = (d[i - 1][j] + 1)
                .min(d[i][j - 1] + 1)
                .min(d[i - 1][j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                best = best.min(d[i - 2][j - 2] + 1);
            }
            d[i][j] = best;
        }
    }
    d[a.len()][b.len()]
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
