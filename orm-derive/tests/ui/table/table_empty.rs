use orm_core::prelude::*;

#[derive(Model)]
#[orm(table = "")]
struct Tag {
    #[orm(primary_key, auto)]
    id: i64,
}

fn main() {}
