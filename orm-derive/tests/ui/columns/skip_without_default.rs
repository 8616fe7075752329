use orm_core::prelude::*;

struct Cache;

#[derive(Model)]
struct Tag {
    #[orm(primary_key, auto)]
    id: i64,
    #[orm(skip)]
    cache: Cache,
}

fn main() {}
