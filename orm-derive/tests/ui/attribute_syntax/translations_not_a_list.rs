use orm_core::prelude::*;

#[derive(Model)]
#[orm(translations = "des")]
struct Post {
    #[orm(primary_key, auto)]
    id: i64,
    text: String,
}

fn main() {}
