use orm_core::prelude::*;

#[derive(Model)]
struct Tag {
    #[orm(primary_key, auto)]
    id: i64,
    name: String,
}

fn main() {
    assert_eq!(Tag::META.table, "tag");
    assert_eq!(Tag::NAME.meta().column, "name");
}
