use orm_core::prelude::*;

#[derive(Model)]
struct User {
    #[orm(primary_key, auto)]
    id: i64,
    name: String,
}

#[derive(Model)]
#[orm(ordering(users))]
struct Post {
    #[orm(primary_key, auto)]
    id: i64,
    users: ManyToMany<User>,
}

fn main() {}
