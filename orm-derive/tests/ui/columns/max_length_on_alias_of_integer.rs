use orm_core::prelude::*;

type Code = i32;

#[derive(Model)]
struct Post {
    #[orm(primary_key, auto)]
    id: i64,
    #[orm(max_length = 5)]
    code: Code,
}

fn main() {}
