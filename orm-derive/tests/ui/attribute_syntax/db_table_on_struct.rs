use orm_core::prelude::*;

#[derive(Model)]
#[orm(db_table = "posts")]
struct Post {
    #[orm(primary_key, auto)]
    id: i64,
}

fn main() {}
