use orm_core::prelude::*;

#[derive(Model)]
struct Tag {
    #[orm(primary_key, auto)]
    id: i64,
    #[orm(max_length = 0)]
    name: String,
}

fn main() {}
