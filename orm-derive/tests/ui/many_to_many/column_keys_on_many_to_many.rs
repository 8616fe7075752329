use orm_core::prelude::*;

#[derive(Model)]
struct Tag {
    #[orm(primary_key, auto)]
    id: i64,
}

#[derive(Model)]
struct Post {
    #[orm(primary_key, auto)]
    id: i64,
    #[orm(unique, column = "tags", on_delete = Cascade)]
    tags: ManyToMany<Tag>,
}

fn main() {}
