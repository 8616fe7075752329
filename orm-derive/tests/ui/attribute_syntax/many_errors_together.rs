use orm_core::prelude::*;

#[derive(Model)]
#[orm(table = 5, colour = "red")]
struct Tag {
    id: i64,
    #[orm(max_length = "long")]
    name: String,
    #[orm(on_delete = Cascade)]
    rank: i32,
    #[orm(unique = yes)]
    code: String,
}

fn main() {}
