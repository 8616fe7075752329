use orm_core::prelude::*;

#[derive(Model)]
struct Post {
    #[orm(primary_key, auto)]
    id: i64,
    title: Option<Option<String>>,
}

fn main() {}
