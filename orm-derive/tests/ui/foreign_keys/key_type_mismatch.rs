use orm_core::prelude::*;

#[derive(Model)]
struct Country {
    #[orm(primary_key)]
    code: String,
}

#[derive(Model)]
struct City {
    #[orm(primary_key, auto)]
    id: i64,
    country: ForeignKey<Country, i64>,
}

fn main() {}
