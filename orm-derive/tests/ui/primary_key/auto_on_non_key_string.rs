use orm_core::prelude::*;

#[derive(Model)]
struct Ticket {
    #[orm(primary_key, auto)]
    id: i64,
    #[orm(auto)]
    number: String,
}

fn main() {}
