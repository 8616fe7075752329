use orm_core::prelude::*;

#[derive(Model)]
#[orm(table, managed)]
struct Tag {
    #[orm(primary_key, auto)]
    id: i64,
    #[orm(column)]
    name: String,
}

fn main() {}
