use orm_core::prelude::*;

#[derive(Model)]
struct Post<'a> {
    #[orm(primary_key, auto)]
    id: i64,
    title: &'a str,
}

fn main() {}
