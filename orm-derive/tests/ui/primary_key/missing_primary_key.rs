use orm_core::prelude::*;

#[derive(Model)]
struct Tag {
    id: i64,
    name: String,
}

fn main() {}
