use orm_core::prelude::*;
use orm_core::ForeignKey as Fk;

struct Author;

#[derive(Model)]
struct Book {
    #[orm(primary_key, auto)]
    id: i64,
    author: Fk<Author>,
}

fn main() {}
