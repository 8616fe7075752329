use orm_core::prelude::*;

#[derive(Model)]
#[orm(primary_key)]
struct Tag {
    #[orm(primary_key, auto)]
    id: i64,
}

fn main() {}
