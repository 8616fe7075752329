use orm_core::prelude::*;

#[derive(Model)]
#[orm(unique_together(a), unique_together(a, "b"), unique_together(a, a), index())]
struct Tag {
    #[orm(primary_key, auto)]
    id: i64,
    a: String,
    b: String,
}

fn main() {}
