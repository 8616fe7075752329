use orm_core::prelude::*;

#[derive(Model)]
#[orm(ordering(+name, "id", tags))]
struct Tag {
    #[orm(primary_key, auto)]
    id: i64,
    name: String,
    tags: ManyToMany<Tag>,
}

fn main() {}
