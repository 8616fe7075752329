use orm_core::prelude::*;

#[derive(Model)]
#[orm(check, check(name = "a", sql = "id > 0", sql = "id < 9"), check(nme = "b", sql = "true"))]
struct Tag {
    #[orm(primary_key, auto)]
    id: i64,
}

fn main() {}
