use orm_core::prelude::*;

#[derive(Model)]
#[orm(table = "a")]
#[orm(table = "b")]
struct Tag {
    #[orm(primary_key, auto)]
    id: i64,
    #[orm(max_length = 10, max_length = 20)]
    name: String,
}

fn main() {}
