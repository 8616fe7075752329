use orm_core::prelude::*;

#[derive(Model)]
#[orm(check(name = "price_ok", sql = "price >= 0"), check(name = "price_ok", sql = "price < 100"))]
struct Post {
    #[orm(primary_key, auto)]
    id: i64,
    price: i32,
}

fn main() {}
