//! Names of generated constraints and indexes, kept within PostgreSQL's
//! identifier limit.

/// PostgreSQL truncates longer identifiers (`NAMEDATALEN - 1` bytes).
const MAX_IDENT: usize = 63;

/// `<table>_<col>_<col>_<suffix>`, e.g. `crm_contact_name_key`. A name
/// longer than 63 bytes is shortened and given a hash of the full name, so
/// that two long names never collapse into one.
pub(crate) fn constraint_name(table: &str, columns: &[&str], suffix: &str) -> String {
    let mut name = String::from(table);
    for column in columns {
        name.push('_');
        name.push_str(column);
    }
    name.push('_');
    name.push_str(suffix);
    if name.len() <= MAX_IDENT {
        return name;
    }
    let tail = format!("_{:08x}_{suffix}", fnv1a(&name));
    let mut keep = MAX_IDENT.saturating_sub(tail.len());
    while !name.is_char_boundary(keep) {
        keep -= 1;
    }
    name.truncate(keep);
    name.push_str(&tail);
    name
}

/// The 32-bit FNV-1a hash: small, stable across builds and platforms.
fn fnv1a(text: &str) -> u32 {
    text.bytes().fold(0x811c_9dc5, |hash, byte| {
        (hash ^ u32::from(byte)).wrapping_mul(0x0100_0193)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_names_are_joined() {
        assert_eq!(
            constraint_name("crm_contact_phones", &["contact_id", "phone_id"], "uniq"),
            "crm_contact_phones_contact_id_phone_id_uniq"
        );
    }

    #[test]
    fn long_names_are_shortened_and_stay_distinct() {
        let table = "a_rather_long_table_name_for_an_application_module";
        let a = constraint_name(table, &["first_long_column_name"], "fkey");
        let b = constraint_name(table, &["first_long_column_name_2"], "fkey");
        assert!(a.len() <= MAX_IDENT && b.len() <= MAX_IDENT, "{a} {b}");
        assert!(
            a.ends_with("_fkey") && a.starts_with("a_rather_long"),
            "{a}"
        );
        assert_ne!(a, b);
        let multibyte = constraint_name(&"ä".repeat(40), &["c"], "key");
        assert!(multibyte.len() <= MAX_IDENT, "{multibyte}");
    }
}
