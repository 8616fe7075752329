use orm_core::prelude::*;

#[derive(Model)]
#[orm(tabel = "tags")]
struct Tag {
    #[orm(primary_key, auto)]
    id: i64,
}

fn main() {}
