use orm_core::prelude::*;

#[derive(Model)]
struct User {
    #[orm(primary_key, auto)]
    id: i64,
    name: String,
}

type Users = ManyToMany<User>;

#[derive(Model)]
struct Post {
    #[orm(primary_key, auto)]
    id: i64,
    #[orm(many_to_many)]
    users: Users,
}

fn main() {}
