use orm_core::prelude::*;

#[derive(Model)]
#[orm(check = "")]
struct Post {
    #[orm(primary_key, auto)]
    id: i64,
    price: i32,
}

fn main() {}
