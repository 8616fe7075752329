use orm_core::prelude::*;

#[derive(Model)]
struct User {
    #[orm(primary_key, auto)]
    id: i64,
    name: String,
}

#[derive(Model)]
#[orm(ordering(author_id))]
struct Post {
    #[orm(primary_key, auto)]
    id: i64,
    author: ForeignKey<User>,
}

fn main() {}
