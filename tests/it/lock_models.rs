//! One-column models for the lock tests.

use orm::prelude::*;

#[derive(Model, Debug, Clone, PartialEq)]
#[orm(table = "lock_target")]
pub struct Target {
    #[orm(primary_key)]
    pub id: i64,
}

#[derive(Model, Debug, Clone, PartialEq)]
#[orm(table = "lock_other")]
pub struct Other {
    #[orm(primary_key)]
    pub id: i64,
}

#[derive(Model, Debug, Clone, PartialEq)]
#[orm(table = "tag")]
pub struct Tag {
    #[orm(primary_key)]
    pub id: i64,
}

/// `CREATE TABLE` for a model of this file.
pub fn create_sql<M: Model>() -> String {
    format!("CREATE TABLE \"{}\" (id bigint PRIMARY KEY)", M::META.table)
}
