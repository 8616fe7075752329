use orm_core::prelude::*;

#[derive(Model)]
#[orm(table = "a", table = "b")]
struct Post {
    #[orm(primary_key, auto)]
    id: i64,
}

fn main() {}
