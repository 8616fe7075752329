use orm_core::prelude::*;

#[derive(Model)]
struct Tag {
    #[orm(primary_key, auto)]
    id: i64,
    #[orm(through = Tag, source = a, target = b)]
    name: String,
}

fn main() {}
