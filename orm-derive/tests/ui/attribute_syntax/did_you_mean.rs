use orm_core::prelude::*;

#[derive(Model)]
struct Tag {
    #[orm(primary_kye, auto)]
    id: i64,
    #[orm(db_column = "label", max_lenght = 5)]
    name: String,
}

fn main() {}
