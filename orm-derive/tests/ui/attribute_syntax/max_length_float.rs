use orm_core::prelude::*;

#[derive(Model)]
struct Post {
    #[orm(primary_key, auto)]
    id: i64,
    #[orm(max_length = 2.5)]
    title: String,
}

fn main() {}
