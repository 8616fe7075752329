use orm_core::prelude::*;

#[derive(Model)]
struct User {
    #[orm(primary_key, auto)]
    id: i64,
    name: String,
}

#[derive(Model)]
#[orm(unique_together(title, users))]
struct Post {
    #[orm(primary_key, auto)]
    id: i64,
    title: String,
    users: ManyToMany<User>,
}

fn main() {}
