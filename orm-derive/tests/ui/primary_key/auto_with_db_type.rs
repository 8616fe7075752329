use orm_core::prelude::*;

#[derive(Model)]
struct Post {
    #[orm(primary_key, auto, db_type = "serial")]
    id: i32,
}

fn main() {}
