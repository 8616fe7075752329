use orm_core::prelude::*;

#[derive(Model)]
struct Post {
    #[orm(primary_key, skip)]
    id: i64,
}

fn main() {}
