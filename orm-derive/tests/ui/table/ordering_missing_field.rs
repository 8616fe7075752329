use orm_core::prelude::*;

#[derive(Model)]
#[orm(ordering(name, -nope))]
struct Tag {
    #[orm(primary_key, auto)]
    id: i64,
    name: String,
}

fn main() {}
