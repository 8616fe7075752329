use orm_core::prelude::*;

#[derive(Model)]
#[orm(unique_together(a, nope))]
struct Tag {
    #[orm(primary_key, auto)]
    id: i64,
    a: String,
}

fn main() {}
