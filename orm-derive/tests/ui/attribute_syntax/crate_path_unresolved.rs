use orm_core::prelude::*;

#[derive(Model)]
#[orm(crate = "no_such_crate")]
struct Tag {
    #[orm(primary_key, auto)]
    id: i64,
    name: String,
    parent: Option<ForeignKey<Tag>>,
}

fn main() {}
