//! Database names derived from test paths.

/// A valid, stable database name for `path` (a test's module path and name):
/// `<prefix>_<readable tail>_<hash>`, at most 63 bytes, lowercase ASCII.
pub(crate) fn database_name(prefix: &str, path: &str) -> String {
    let readable: String = path
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_ascii_lowercase()
            } else {
                '_'
            }
        })
        .collect();
    let readable = readable
        .split('_')
        .filter(|s| !s.is_empty())
        .collect::<Vec<_>>()
        .join("_");
    let budget = 63 - prefix.len() - 2 - 8;
    let tail = &readable[readable.len().saturating_sub(budget)..];
    let tail = tail.trim_start_matches('_');
    format!("{prefix}_{tail}_{:08x}", fnv1a(path) as u32)
}

/// FNV-1a: stable across runs and Rust versions, unlike `DefaultHasher`.
pub(crate) fn fnv1a(s: &str) -> u64 {
    crate::advisory::fnv1a_64(s.as_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_short_stable_and_distinct() {
        let a = database_name("orm_t", "integration::harness::parallel_a");
        let b = database_name("orm_t", "integration::harness::parallel_b");
        assert_ne!(a, b);
        assert!(
            a.starts_with("orm_t_integration_harness_parallel_a_"),
            "{a}"
        );
        let long = database_name("orm_t", &"very_long_module_name::".repeat(10));
        assert!(long.len() <= 63, "{long}");
        assert_eq!(
            a,
            database_name("orm_t", "integration::harness::parallel_a")
        );
    }
}
