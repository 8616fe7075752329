use orm_core::prelude::*;

#[derive(Model)]
struct Tag {
    #[orm(primary_key, auto)]
    id: i64,
    name: String,
    #[orm(column = "name")]
    title: String,
}

fn main() {}
