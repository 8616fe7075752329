use orm_core::prelude::*;

#[derive(Model)]
struct Tag {
    #[orm(primary_key, auto)]
    id: i64,
    #[orm(max_length = -5)]
    name: String,
    #[orm(max_length = 20000000)]
    body: String,
}

fn main() {}
