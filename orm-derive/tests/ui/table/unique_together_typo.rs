use orm_core::prelude::*;

#[derive(Model)]
#[orm(unique_together(title, slgu))]
struct Post {
    #[orm(primary_key, auto)]
    id: i64,
    title: String,
    slug: String,
}

fn main() {}
