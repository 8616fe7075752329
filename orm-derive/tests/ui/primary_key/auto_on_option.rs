use orm_core::prelude::*;

#[derive(Model)]
struct Post {
    #[orm(primary_key, auto)]
    id: Option<i64>,
}

fn main() {}
