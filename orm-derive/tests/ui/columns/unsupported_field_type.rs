use orm_core::prelude::*;

struct Money(i64);

#[derive(Model)]
struct Invoice {
    #[orm(primary_key, auto)]
    id: i64,
    total: Money,
}

fn main() {}
