use orm_core::prelude::*;

struct Comment;

#[derive(Model)]
struct Post {
    #[orm(primary_key, auto)]
    id: i64,
    #[orm(via = post)]
    comments: Reverse<Comment>,
}

fn main() {}
