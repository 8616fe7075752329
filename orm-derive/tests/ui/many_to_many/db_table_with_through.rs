use orm_core::prelude::*;

#[derive(Model)]
struct Person {
    #[orm(primary_key, auto)]
    id: i64,
    #[orm(through = Friendship, source = from_person, target = to_person, db_table = "friends")]
    friends: ManyToMany<Person>,
}

#[derive(Model)]
struct Friendship {
    #[orm(primary_key, auto)]
    id: i64,
    from_person: ForeignKey<Person>,
    to_person: ForeignKey<Person>,
}

fn main() {}
