use orm_core::prelude::*;

#[derive(Model)]
struct Call {
    #[orm(primary_key, auto)]
    call_id: String,
}

fn main() {}
