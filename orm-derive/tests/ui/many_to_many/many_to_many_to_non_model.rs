use orm_core::prelude::*;

struct Tag;

#[derive(Model)]
struct Post {
    #[orm(primary_key, auto)]
    id: i64,
    tags: ManyToMany<Tag>,
}

fn main() {}
