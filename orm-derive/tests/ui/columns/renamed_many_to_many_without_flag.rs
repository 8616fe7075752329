use orm_core::prelude::*;
use orm_core::ManyToMany as M2m;

#[derive(Model)]
struct User {
    #[orm(primary_key, auto)]
    id: i64,
    name: String,
}

#[derive(Model)]
struct Post {
    #[orm(primary_key, auto)]
    id: i64,
    users: M2m<User>,
}

fn main() {}
