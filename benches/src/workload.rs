//! The workloads, after the diesel project's `diesel_bench`, and the sizes
//! each runs at.

use std::fmt;

/// One kind of work every contender does.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Workload {
    /// Load N users (`hair_color` NULL) as structs.
    Trivial,
    /// `users LEFT JOIN posts WHERE hair_color = 'black'` as (User, Option<Post>).
    Medium,
    /// 100 users x 10 posts x 10 comments: users with posts with comments.
    Associations,
    /// One multi-row INSERT of N users.
    Insert,
    /// Load 10 000 users into an empty table, by any means the library has.
    BulkLoad,
    /// 1 000 contacts x 3 phones x 2 addresses (many-to-many through
    /// junction tables): every contact with its phones and addresses.
    Crm,
    /// N pages with four translated label fields, read in `ru` (30 % of the
    /// `ru` texts missing).
    Translations,
    /// The same pages read with the fallback chain `ru`, then `en`.
    TranslationsChain,
}

impl Workload {
    /// Every workload, in report order.
    pub(crate) const ALL: [Workload; 8] = [
        Workload::Trivial,
        Workload::Medium,
        Workload::Associations,
        Workload::Insert,
        Workload::BulkLoad,
        Workload::Crm,
        Workload::Translations,
        Workload::TranslationsChain,
    ];

    /// The sizes the full run measures; the smoke run takes the first.
    pub(crate) fn sizes(self) -> &'static [usize] {
        match self {
            Workload::Trivial | Workload::Medium => &[1, 10, 100, 1_000, 10_000],
            Workload::Associations => &[100],
            Workload::Insert => &[1, 10, 25, 50, 100],
            Workload::BulkLoad => &[10_000],
            Workload::Crm => &[1_000],
            Workload::Translations | Workload::TranslationsChain => &[LOOP_PAGES, 10_000],
        }
    }

    /// True for the `diesel_bench` workloads, which every contender runs
    /// once per case; the others compare several variants (strategies,
    /// shapes, loops) of the contenders that can express them.
    pub(crate) fn is_diesel_bench(self) -> bool {
        !matches!(
            self,
            Workload::Crm | Workload::Translations | Workload::TranslationsChain
        )
    }

    /// A short identifier, used in the report and on the command line.
    pub(crate) fn key(self) -> &'static str {
        match self {
            Workload::Trivial => "trivial",
            Workload::Medium => "medium",
            Workload::Associations => "associations",
            Workload::Insert => "insert",
            Workload::BulkLoad => "bulk_load",
            Workload::Crm => "crm",
            Workload::Translations => "translations",
            Workload::TranslationsChain => "translations_chain",
        }
    }

    /// What one iteration does, for the report.
    pub(crate) fn description(self) -> &'static str {
        match self {
            Workload::Trivial => "load all N users as structs",
            Workload::Medium => {
                "N users (half with hair_color 'black'), `users LEFT JOIN posts ON users.id = \
                 posts.user_id WHERE hair_color = 'black'` as (User, Option<Post>)"
            }
            Workload::Associations => {
                "100 users x 10 posts x 10 comments: load users, their posts, the posts' comments"
            }
            Workload::Insert => "one multi-row INSERT of N users",
            Workload::BulkLoad => "load 10 000 users into an empty table",
            Workload::Crm => {
                "1 000 contacts x 3 phones x 2 addresses, both many-to-many through junction \
                 tables: load every contact with its phones and addresses"
            }
            Workload::Translations => {
                "N pages with four nullable label foreign keys (content, keywords, description, \
                 title); every label has an `en` text, 30 % have no `ru` row: load every page \
                 with its four `ru` texts (missing ones NULL)"
            }
            Workload::TranslationsChain => {
                "the same pages with the fallback chain `ru`, then `en`: per field the first \
                 language with a text"
            }
        }
    }

    /// True when an iteration writes, so the table is emptied between
    /// blocks (insert) or before every iteration (bulk load), outside the
    /// timed region.
    pub(crate) fn writes(self) -> bool {
        matches!(self, Workload::Insert | Workload::BulkLoad)
    }
}

impl fmt::Display for Workload {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.key())
    }
}

/// The page count at which the per-field translation loop runs (one
/// statement per page and field: 4 x 10 000 at the full size is not run).
pub(crate) const LOOP_PAGES: usize = 200;

/// A user to insert; every contender turns these into its own types inside
/// the timed region.
#[derive(Debug, Clone)]
pub(crate) struct NewUser {
    pub(crate) name: String,
    pub(crate) hair_color: Option<String>,
}

/// The `n` users the insert and bulk-load workloads write:
/// `name = 'User {i}'`, `hair_color` 'black' for even `i`, NULL otherwise.
pub(crate) fn new_users(n: usize) -> Vec<NewUser> {
    (0..n)
        .map(|i| NewUser {
            name: format!("User {i}"),
            hair_color: (i % 2 == 0).then(|| "black".to_owned()),
        })
        .collect()
}
