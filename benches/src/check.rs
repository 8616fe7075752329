//! What an iteration returns: a row count and an order-independent
//! fingerprint of the loaded values, so the smoke run can prove every
//! contender loaded the same data into the same shape.
//!
//! Every contender computes it from its own structs with the same functions,
//! so the (small, equal) cost sits inside every timed region alike.

use std::hint::black_box;

/// A row count and a wrapping sum of per-row fingerprints.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct Check {
    /// Rows loaded (users, joined rows, comments) or written.
    pub(crate) rows: u64,
    /// Order-independent sum of the rows' fingerprints.
    pub(crate) sum: i64,
}

impl Check {
    /// Adds one row with fingerprint `value`.
    pub(crate) fn add(&mut self, value: i64) {
        self.rows += 1;
        self.sum = self.sum.wrapping_add(value);
    }

    /// A check that only counts rows (the answer of an INSERT).
    pub(crate) fn written(rows: u64) -> Check {
        Check { rows, sum: 0 }
    }

    /// Hides the value from the optimiser, like criterion's `black_box`.
    pub(crate) fn seal(self) -> Check {
        black_box(self)
    }
}

/// The fingerprint of a user row.
pub(crate) fn user(id: i32, name: &str, hair_color: Option<&str>) -> i64 {
    i64::from(id) * 1_000_003 + name.len() as i64 * 31 + hair_color.map_or(7, |h| h.len() as i64)
}

/// The fingerprint of a post row.
pub(crate) fn post(id: i32, user_id: i32, title: &str, body: Option<&str>) -> i64 {
    i64::from(id) * 1_009
        + i64::from(user_id) * 17
        + title.len() as i64
        + body.map_or(3, |b| b.len() as i64)
}

/// The fingerprint of a comment reached through user -> post -> comment:
/// it changes if a comment hangs under the wrong post or a post under the
/// wrong user.
pub(crate) fn nested_comment(user_id: i32, post_id: i32, comment_id: i32, text: &str) -> i64 {
    i64::from(user_id) * 1_000_003
        + i64::from(post_id) * 1_009
        + i64::from(comment_id)
        + text.len() as i64
}

/// The fingerprint of a text: its length and first byte.
fn text(t: &str) -> i64 {
    t.len() as i64 * 257 + t.bytes().next().map_or(0, i64::from)
}

/// The fingerprint of a contact row.
pub(crate) fn contact(id: i64, name: &str) -> i64 {
    id * 1_000_003 + text(name)
}

/// The fingerprint of a phone reached through its contact.
pub(crate) fn contact_phone(contact_id: i64, phone_id: i64, number: &str) -> i64 {
    contact_id * 1_000_003 + phone_id * 1_009 + text(number)
}

/// The fingerprint of an address reached through its contact.
pub(crate) fn contact_address(
    contact_id: i64,
    address_id: i64,
    street: &str,
    city: Option<&str>,
) -> i64 {
    contact_id * 1_000_033 + address_id * 2_003 + text(street) * 3 + city.map_or(11, text)
}

/// The fingerprint of a page with its four translated texts (content,
/// keywords, description, title; `None` when missing): it changes when a
/// text lands on the wrong field or comes from the wrong language.
pub(crate) fn page(id: i64, code: &str, texts: [Option<&str>; 4]) -> i64 {
    let mut sum = id * 1_000_003 + text(code);
    for (k, t) in texts.iter().enumerate() {
        sum = sum.wrapping_add((k as i64 + 1) * 100_003 * t.map_or(13, text));
    }
    sum
}
