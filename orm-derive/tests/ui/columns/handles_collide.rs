use orm_core::prelude::*;

#[allow(non_snake_case)]
#[derive(Model)]
struct Post {
    #[orm(primary_key, auto)]
    id: i64,
    name: String,
    NAME: String,
}

fn main() {}
