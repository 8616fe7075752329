use orm_core::prelude::*;

#[derive(Model)]
struct Tag {
    #[orm(primary_key)]
    code: Option<String>,
}

fn main() {}
