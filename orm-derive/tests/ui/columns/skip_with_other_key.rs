use orm_core::prelude::*;

#[derive(Model)]
struct Tag {
    #[orm(primary_key, auto)]
    id: i64,
    #[orm(skip, max_length = 10)]
    scratch: String,
}

fn main() {}
