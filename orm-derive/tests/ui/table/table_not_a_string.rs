use orm_core::prelude::*;

#[derive(Model)]
#[orm(table = 5)]
struct Tag {
    #[orm(primary_key, auto)]
    id: i64,
}

fn main() {}
