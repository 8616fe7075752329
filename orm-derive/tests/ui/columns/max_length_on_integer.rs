use orm_core::prelude::*;

#[derive(Model)]
struct Tag {
    #[orm(primary_key, auto)]
    id: i64,
    #[orm(max_length = 10)]
    rank: i32,
}

fn main() {}
