use orm_core::prelude::*;

#[derive(Model)]
struct Post {
    #[orm(primary_key, auto)]
    id: i64,
    #[orm(default = 0)]
    views: i32,
}

fn main() {}
