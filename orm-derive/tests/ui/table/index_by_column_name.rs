use orm_core::prelude::*;

#[derive(Model)]
struct User {
    #[orm(primary_key, auto)]
    id: i64,
    name: String,
}

#[derive(Model)]
#[orm(index(author_id, title))]
struct Post {
    #[orm(primary_key, auto)]
    id: i64,
    author: ForeignKey<User>,
    title: String,
}

fn main() {}
