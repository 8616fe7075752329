use orm_core::prelude::*;

struct Author;

#[derive(Model)]
struct Book {
    #[orm(primary_key, auto)]
    id: i64,
    author: ForeignKey<Author>,
}

fn main() {}
