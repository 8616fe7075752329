//! `#[orm(crate = "...")]`: a crate that re-exports the ORM under another
//! path points the generated code at it.

mod reexport {
    pub use orm_core::*;
}

use reexport::prelude::*;

#[derive(Model)]
#[orm(crate = "crate::reexport")]
struct Tag {
    #[orm(primary_key, auto)]
    id: i64,
    name: String,
    tags: ManyToMany<Tag>,
}

fn main() {
    assert_eq!(Tag::META.table, "tag");
    let _ = Tag::NAME;
    let _ = Tag::TAGS;
}
