use orm_core::prelude::*;

#[derive(Model)]
struct Post {
    #[orm(primary_key, auto)]
    id: i64,
    #[orm(max_length = 5)]
    views: Option<i32>,
}

fn main() {}
