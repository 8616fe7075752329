//! The contenders: one module each, all behind the same [`Contender`] trait,
//! each on one connection of its own, all on the same multi-thread tokio
//! runtime.
//!
//! - [`floor`]: hand-written tokio-postgres, statements prepared once
//!   before any timing (ratio 1.00 by definition).
//! - the floor's buffered variant (last): the same statements, rows
//!   collected before decoding, as `diesel_bench` writes it; diagnostic.
//! - [`orm`]: this ORM, through its public API (`#[derive(Model)]`,
//!   `objects()`, `prefetch`, `insert_many`).
//! - [`sea_orm`], [`sqlx`], [`diesel_async`]: the peers, written the way
//!   their documentation teaches.

mod diesel_async;
mod floor;
mod orm;
mod sea_orm;
mod sqlx;

use std::collections::HashMap;
use std::hash::Hash;
use std::time::Duration;

use crate::BenchResult;
use crate::check::Check;
use crate::connection::ConnectionFacts;
use crate::report::CaseResult;
use crate::workload::{NewUser, Workload};

/// The work every contender does. Each method is one timed iteration: it
/// runs the statements, builds the library's own structs, and fingerprints
/// them (see [`crate::check`]).
pub(crate) trait Contender {
    /// Work done before a workload's warm-up, outside any timing (the floor
    /// prepares its INSERT of `size` rows here).
    async fn prepare(&mut self, workload: Workload, size: usize) -> BenchResult<()> {
        let _ = (workload, size);
        Ok(())
    }

    /// Loads every user as a struct.
    async fn trivial(&mut self) -> BenchResult<Check>;

    /// Loads `users LEFT JOIN posts ... WHERE hair_color = 'black'` as
    /// (User, Option<Post>).
    async fn medium(&mut self) -> BenchResult<Check>;

    /// Loads every user with its posts, each with its comments.
    async fn associations(&mut self) -> BenchResult<Check>;

    /// Inserts `users` with one multi-row INSERT.
    async fn insert(&mut self, users: &[NewUser]) -> BenchResult<Check>;

    /// Loads `users` (10 000 of them) into the empty table.
    async fn bulk_load(&mut self, users: &[NewUser]) -> BenchResult<Check>;

    /// The variants this contender runs of a workload that is not one of
    /// `diesel_bench`'s ([`Workload::is_diesel_bench`]) at `size`: one
    /// [`Variant`] each, a skipped one with the reason. Default: it cannot
    /// express the workload.
    fn variants(&self, workload: Workload, size: usize) -> Vec<Variant> {
        let _ = (workload, size);
        Vec::new()
    }

    /// Loads every contact with its phones and addresses, as `variant`
    /// (an index into [`Contender::variants`]).
    async fn crm(&mut self, variant: usize) -> BenchResult<Check> {
        let _ = variant;
        Err("crm: not written for this contender".into())
    }

    /// Loads every page with its four translated texts in `ru` (or, when
    /// `chain`, `ru` falling back to `en`), as `variant`.
    async fn translations(&mut self, variant: usize, chain: bool) -> BenchResult<Check> {
        let _ = (variant, chain);
        Err("translations: not written for this contender".into())
    }
}

/// One way a contender runs a workload: its label in the report, and the
/// reason when it is not run at this size (shown as "n/a").
#[derive(Debug, Clone, Copy)]
pub(crate) struct Variant {
    pub(crate) label: &'static str,
    pub(crate) skip: Option<&'static str>,
}

impl Variant {
    /// A variant that runs.
    pub(crate) const fn run(label: &'static str) -> Variant {
        Variant { label, skip: None }
    }

    /// A variant that does not run here, and why.
    pub(crate) const fn skip(label: &'static str, why: &'static str) -> Variant {
        Variant {
            label,
            skip: Some(why),
        }
    }
}

/// The shape the associations workload loads: users, each with its posts,
/// each with its comments.
pub(crate) type UsersWithPosts<U, P, C> = Vec<(U, Vec<(P, Vec<C>)>)>;

/// Every contender, for static dispatch.
pub(crate) enum AnyContender {
    Floor(floor::Floor),
    FloorBuffered(floor::Floor),
    Orm(orm::Orm),
    SeaOrm(sea_orm::SeaOrm),
    Sqlx(sqlx::Sqlx),
    DieselAsync(diesel_async::DieselAsync),
}

macro_rules! dispatch {
    ($self:ident, $c:ident => $body:expr) => {
        match $self {
            AnyContender::Floor($c) => $body,
            AnyContender::FloorBuffered($c) => $body,
            AnyContender::Orm($c) => $body,
            AnyContender::SeaOrm($c) => $body,
            AnyContender::Sqlx($c) => $body,
            AnyContender::DieselAsync($c) => $body,
        }
    };
}

impl AnyContender {
    /// The name in the report.
    pub(crate) fn name(&self) -> &'static str {
        match self {
            AnyContender::Floor(_) => floor::NAME,
            AnyContender::FloorBuffered(_) => floor::BUFFERED_NAME,
            AnyContender::Orm(_) => orm::NAME,
            AnyContender::SeaOrm(_) => sea_orm::NAME,
            AnyContender::Sqlx(_) => sqlx::NAME,
            AnyContender::DieselAsync(_) => diesel_async::NAME,
        }
    }

    /// How the contender does the bulk load, for the report.
    pub(crate) fn bulk_method(&self) -> &'static str {
        match self {
            AnyContender::Floor(_) | AnyContender::FloorBuffered(_) => floor::BULK_METHOD,
            AnyContender::Orm(_) => orm::BULK_METHOD,
            AnyContender::SeaOrm(_) => sea_orm::BULK_METHOD,
            AnyContender::Sqlx(_) => sqlx::BULK_METHOD,
            AnyContender::DieselAsync(_) => diesel_async::BULK_METHOD,
        }
    }

    /// See [`Contender::prepare`].
    pub(crate) async fn prepare(&mut self, workload: Workload, size: usize) -> BenchResult<()> {
        dispatch!(self, c => c.prepare(workload, size).await)
    }

    /// Why this contender has no lane in `workload`.
    pub(crate) fn not_applicable(&self, workload: Workload) -> &'static str {
        match (self, workload) {
            (AnyContender::Sqlx(_) | AnyContender::DieselAsync(_), Workload::Crm) => {
                "not written: not a contender of issue 4's crm benchmark"
            }
            (AnyContender::SeaOrm(_), _) => {
                "no translation lookups: four aliased joins of one table with the language in \
                 ON need raw SQL"
            }
            _ => "not written: not a contender of issue 6's translations benchmark",
        }
    }

    /// Runs one iteration of `workload` as `variant`; `users` is the input
    /// of the write workloads.
    pub(crate) async fn run(
        &mut self,
        workload: Workload,
        variant: usize,
        users: &[NewUser],
    ) -> BenchResult<Check> {
        let check = match workload {
            Workload::Trivial => dispatch!(self, c => c.trivial().await),
            Workload::Medium => dispatch!(self, c => c.medium().await),
            Workload::Associations => dispatch!(self, c => c.associations().await),
            Workload::Insert => dispatch!(self, c => c.insert(users).await),
            Workload::BulkLoad => dispatch!(self, c => c.bulk_load(users).await),
            Workload::Crm => dispatch!(self, c => c.crm(variant).await),
            Workload::Translations => dispatch!(self, c => c.translations(variant, false).await),
            Workload::TranslationsChain => {
                dispatch!(self, c => c.translations(variant, true).await)
            }
        }?;
        Ok(check.seal())
    }
}

/// The SQL of the ORM's single-statement queries (`--print-sql`).
pub(crate) fn orm_sql_shapes() -> orm_core::Result<Vec<(&'static str, String)>> {
    orm::sql_shapes()
}

/// The name of the floor's buffered, diagnostic variant.
pub(crate) fn buffered_floor_name() -> &'static str {
    floor::BUFFERED_NAME
}

/// Connects every contender, the floor first.
pub(crate) async fn connect_all(facts: &ConnectionFacts) -> BenchResult<Vec<AnyContender>> {
    Ok(vec![
        AnyContender::Floor(floor::Floor::connect(facts, false).await?),
        AnyContender::Orm(orm::Orm::connect(facts).await?),
        AnyContender::SeaOrm(sea_orm::SeaOrm::connect(facts).await?),
        AnyContender::Sqlx(sqlx::Sqlx::connect(facts).await?),
        AnyContender::DieselAsync(diesel_async::DieselAsync::connect(facts).await?),
        AnyContender::FloorBuffered(floor::Floor::connect(facts, true).await?),
    ])
}

/// Groups `children` under their parents, in parent order: the stitching
/// step of a hand-written prefetch (one query per level, then a hash join in
/// memory). Children whose key matches no parent are dropped.
pub(crate) fn group_by_parent<K, C>(
    parent_keys: impl ExactSizeIterator<Item = K>,
    children: Vec<C>,
    key_of: impl Fn(&C) -> K,
) -> Vec<Vec<C>>
where
    K: Eq + Hash,
{
    let mut index = HashMap::with_capacity(parent_keys.len());
    let mut groups: Vec<Vec<C>> = Vec::with_capacity(parent_keys.len());
    for (i, key) in parent_keys.enumerate() {
        index.insert(key, i);
        groups.push(Vec::new());
    }
    for child in children {
        if let Some(&i) = index.get(&key_of(&child)) {
            groups[i].push(child);
        }
    }
    groups
}

/// `INSERT INTO users (name, hair_color) VALUES ($1, $2), ($3, $4), ...`
pub(crate) fn multi_row_insert(rows: usize) -> String {
    let mut sql = String::from("INSERT INTO users (name, hair_color) VALUES ");
    for i in 0..rows {
        if i > 0 {
            sql.push_str(", ");
        }
        sql.push_str(&format!("(${}, ${})", 2 * i + 1, 2 * i + 2));
    }
    sql
}

/// One measured (or n/a) column of a case: which contender, which of its
/// variants, under what label.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Lane {
    pub(crate) contender: usize,
    pub(crate) variant: usize,
    pub(crate) label: &'static str,
    pub(crate) skip: Option<&'static str>,
}

/// The lanes of `workload` at `size`: for `diesel_bench`'s workloads, one
/// per contender; for the others, every variant of every contender, and
/// one "n/a" lane for each contender that cannot express the workload.
/// The floor's first lane comes first.
pub(crate) fn lanes(contenders: &[AnyContender], workload: Workload, size: usize) -> Vec<Lane> {
    let mut out = Vec::new();
    for (i, c) in contenders.iter().enumerate() {
        if workload.is_diesel_bench() {
            out.push(Lane {
                contender: i,
                variant: 0,
                label: c.name(),
                skip: None,
            });
            continue;
        }
        let variants = dispatch!(c, x => x.variants(workload, size));
        if variants.is_empty() {
            out.push(Lane {
                contender: i,
                variant: 0,
                label: c.name(),
                skip: Some(c.not_applicable(workload)),
            });
        }
        for (v, variant) in variants.into_iter().enumerate() {
            out.push(Lane {
                contender: i,
                variant: v,
                label: variant.label,
                skip: variant.skip,
            });
        }
    }
    out
}

/// The issue targets of a variant workload, judged on its measured cases,
/// one line each, for the report.
pub(crate) fn targets(workload: Workload, cases: &[&&CaseResult]) -> Vec<String> {
    let ratio = |a: Option<Duration>, b: Option<Duration>| match (a, b) {
        (Some(a), Some(b)) if !b.is_zero() => Some(a.as_secs_f64() / b.as_secs_f64()),
        _ => None,
    };
    let verdict = |ok: bool| if ok { "met" } else { "**missed**" };
    let mut out = Vec::new();
    for case in cases {
        let floor = Some(case.floor());
        match workload {
            Workload::Crm => {
                let default = orm::crm_default();
                let d = case.median_of(default);
                if let Some(r) = ratio(d, floor) {
                    out.push(format!(
                        "Issue 4 target, the default strategy within 1.2x of the best \
                         hand-written SQL: {default} (`Strategy::DEFAULT`) is {r:.2}x the floor: {}.",
                        verdict(r <= 1.2)
                    ));
                }
                if let Some(r) = ratio(case.median_of(orm::CRM_LOOP), d) {
                    out.push(format!(
                        "At least 50x faster than the N+1 loop: the loop takes {r:.0}x the \
                         default's time: {}.",
                        verdict(r >= 50.0)
                    ));
                }
                if let Some(r) = ratio(case.median_of(sea_orm::CRM), d) {
                    out.push(format!(
                        "Faster than SeaORM's loader: SeaORM takes {r:.2}x the default's time: {}.",
                        verdict(r > 1.0)
                    ));
                }
                let fastest = case
                    .lanes
                    .iter()
                    .filter(|(l, _)| l.contender == 1 && l.label != orm::CRM_LOOP)
                    .filter_map(|(l, s)| s.as_ref().map(|s| (l.label, s.median)))
                    .min_by_key(|(_, m)| *m);
                if let Some((label, median)) = fastest {
                    out.push(format!(
                        "Fastest ORM strategy for this shape: {label} ({}).",
                        crate::report::format_duration(median)
                    ));
                }
            }
            Workload::Translations => {
                if let Some(r) = ratio(case.median_of(orm::TR_RU), floor) {
                    out.push(format!(
                        "Issue 6 target at {} pages, within 1.1x of the floor: {} is {r:.2}x: {}.",
                        case.size,
                        orm::TR_RU,
                        verdict(r <= 1.1)
                    ));
                }
                if let Some(r) = ratio(case.median_of(orm::TR_LOOP), case.median_of(orm::TR_RU)) {
                    out.push(format!(
                        "At {} pages the per-field loop takes {r:.0}x the time of the one \
                         translated query.",
                        case.size
                    ));
                }
            }
            Workload::TranslationsChain => {
                let default = if orm_core::Fallback::DEFAULT == orm_core::Fallback::Lateral {
                    orm::TR_LATERAL
                } else {
                    orm::TR_COALESCE
                };
                if let Some(r) = ratio(case.median_of(default), floor) {
                    out.push(format!(
                        "Issue 6 target at {} pages, within 1.1x of the floor: the default \
                         shape ({default}, `Fallback::DEFAULT`) is {r:.2}x: {}.",
                        case.size,
                        verdict(r <= 1.1)
                    ));
                }
                if let Some(r) = ratio(
                    case.median_of(orm::TR_LATERAL),
                    case.median_of(orm::TR_COALESCE),
                ) {
                    out.push(format!(
                        "At {} pages `Fallback::Lateral` takes {r:.2}x the time of \
                         `Fallback::Coalesce`.",
                        case.size
                    ));
                }
            }
            _ => {}
        }
    }
    out
}
