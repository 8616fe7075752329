use orm_core::prelude::*;

#[derive(Model)]
struct Country {
    #[orm(primary_key)]
    code: String,
}

type CountryRef = ForeignKey<Country, i32>;

#[derive(Model)]
struct City {
    #[orm(primary_key, auto)]
    id: i64,
    country: CountryRef,
}

fn main() {}
