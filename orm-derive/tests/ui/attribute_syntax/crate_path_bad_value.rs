use orm_core::prelude::*;

#[derive(Model)]
#[orm(crate = "not a path")]
struct Tag {
    #[orm(primary_key, auto)]
    id: i64,
}

#[derive(Model)]
#[orm(crate = orm_core)]
struct Label {
    #[orm(primary_key, auto)]
    id: i64,
}

fn main() {}
