use orm_core::prelude::*;

#[derive(Model)]
#[orm(unique_together = "a, b")]
struct Post {
    #[orm(primary_key, auto)]
    id: i64,
    a: i32,
    b: i32,
}

fn main() {}
