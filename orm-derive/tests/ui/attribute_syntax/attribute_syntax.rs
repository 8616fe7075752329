use orm_core::prelude::*;

#[derive(Model)]
struct Tag {
    #[orm(primary_key, auto)]
    id: i64,
    #[orm]
    name: String,
    #[orm = "x"]
    code: String,
}

fn main() {}
