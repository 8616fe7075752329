use orm_core::prelude::*;

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
    #[orm(through = User, source = a, target = b, symmetrical)]
    users: ManyToMany<User>,
}

fn main() {}
