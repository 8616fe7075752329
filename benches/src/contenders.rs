//! The contenders: one module each, all behind the same [`Contender`] trait,
//! each on one connection of its own, all on the same multi-thread tokio
//! runtime.
//!
//! - [`floor`]: hand-written tokio-postgres, statements prepared once
//!   before any timing (ratio 1.00 by definition).
//! - the floor's buffered variant (last): the same statements, rows
//!   collected before decoding, as `diesel_bench` writes it; diagnostic.
//! - [`orm`]: this ORM. Its query API is being written; until it lands the
//!   module runs the workloads on `orm_postgres::Db` with raw rows, and says
//!   so in its name. Swapping in the derive API means editing that module
//!   only.
//! - [`sea_orm`], [`sqlx`], [`diesel_async`]: the peers, written the way
//!   their documentation teaches.

mod diesel_async;
mod floor;
mod orm;
mod sea_orm;
mod sqlx;

use std::collections::HashMap;
use std::hash::Hash;

use crate::BenchResult;
use crate::check::Check;
use crate::connection::ConnectionFacts;
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

    /// Runs one iteration of `workload`; `users` is the input of the write
    /// workloads.
    pub(crate) async fn run(
        &mut self,
        workload: Workload,
        users: &[NewUser],
    ) -> BenchResult<Check> {
        let check = match workload {
            Workload::Trivial => dispatch!(self, c => c.trivial().await),
            Workload::Medium => dispatch!(self, c => c.medium().await),
            Workload::Associations => dispatch!(self, c => c.associations().await),
            Workload::Insert => dispatch!(self, c => c.insert(users).await),
            Workload::BulkLoad => dispatch!(self, c => c.bulk_load(users).await),
        }?;
        Ok(check.seal())
    }
}

/// The name this ORM's contender reports under (see [`orm`]).
pub(crate) fn orm_name() -> &'static str {
    orm::NAME
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
