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
    author: ForeignKey<Author, i64, String>,
    editors: ManyToMany<Author, Author>,
}

fn main() {}
