use orm_core::prelude::*;

#[derive(Model)]
#[orm(index(title, title))]
struct Post {
    #[orm(primary_key, auto)]
    id: i64,
    title: String,
}

fn main() {}
