use orm_core::prelude::*;

#[derive(Model)]
#[orm = "post"]
struct Post {
    #[orm(primary_key, auto)]
    id: i64,
}

fn main() {}
