use orm_core::prelude::*;

type Score = i32;

#[derive(Model)]
struct Post {
    #[orm(primary_key, auto)]
    id: i64,
    #[orm(on_delete = Cascade)]
    score: Score,
}

fn main() {}
