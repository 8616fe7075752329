use orm_core::prelude::*;

#[derive(Model)]
struct Post {
    #[orm(primary_key, auto)]
    id: i64,
    #[orm(column = "a_very_long_column_name_that_goes_on_and_on_past_the_postgres_limit")]
    title: String,
}

fn main() {}
