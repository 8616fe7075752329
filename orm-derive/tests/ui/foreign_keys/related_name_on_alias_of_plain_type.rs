use orm_core::prelude::*;

type Score = i32;

#[derive(Model)]
struct Post {
    #[orm(primary_key, auto)]
    id: i64,
    #[orm(related_name = "posts")]
    score: Score,
}

fn main() {}
