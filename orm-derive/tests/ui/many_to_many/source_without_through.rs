use orm_core::prelude::*;

#[derive(Model)]
struct Person {
    #[orm(primary_key, auto)]
    id: i64,
    #[orm(source = from_person, target = to_person)]
    friends: ManyToMany<Person>,
}

fn main() {}
