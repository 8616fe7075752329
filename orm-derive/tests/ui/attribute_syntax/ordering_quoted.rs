use orm_core::prelude::*;

#[derive(Model)]
#[orm(ordering("title"))]
struct Post {
    #[orm(primary_key, auto)]
    id: i64,
    title: String,
}

fn main() {}
