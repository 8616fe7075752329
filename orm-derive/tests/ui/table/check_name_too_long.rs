use orm_core::prelude::*;

#[derive(Model)]
#[orm(check(name = "a_very_long_check_name_that_goes_on_and_on_past_the_postgres_limit", sql = "price >= 0"))]
struct Post {
    #[orm(primary_key, auto)]
    id: i64,
    price: i32,
}

fn main() {}
