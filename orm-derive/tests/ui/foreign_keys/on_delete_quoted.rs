use orm_core::prelude::*;

#[derive(Model)]
struct Author {
    #[orm(primary_key, auto)]
    id: i64,
}

#[derive(Model)]
struct Book {
    #[orm(primary_key, auto)]
    id: i64,
    #[orm(on_delete = "Cascade")]
    author: ForeignKey<Author>,
}

fn main() {}
