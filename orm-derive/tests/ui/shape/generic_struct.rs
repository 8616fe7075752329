use orm_core::prelude::*;

#[derive(Model)]
struct Wrapper<T> {
    #[orm(primary_key, auto)]
    id: i64,
    value: T,
}

fn main() {}
