use orm_core::prelude::*;

#[derive(Model)]
struct Post {
    #[orm(primary_key, auto)]
    id: i64,
    #[orm(column = "post.title")]
    title: String,
}

fn main() {}
