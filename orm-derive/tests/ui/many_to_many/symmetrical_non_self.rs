use orm_core::prelude::*;

#[derive(Model)]
struct Group {
    #[orm(primary_key, auto)]
    id: i64,
}

#[derive(Model)]
struct Person {
    #[orm(primary_key, auto)]
    id: i64,
    #[orm(symmetrical)]
    groups: ManyToMany<Group>,
}

fn main() {}
