use orm_core::prelude::*;

#[derive(Model)]
#[orm(table = "a_very_long_table_name_that_goes_on_and_on_past_the_postgres_limit")]
struct Post {
    #[orm(primary_key, auto)]
    id: i64,
}

fn main() {}
