use orm_core::prelude::*;

#[derive(Model)]
struct Post {
    #[orm(pk)]
    id: i64,
}

fn main() {}
