use orm_core::prelude::*;

#[derive(Model)]
#[orm(table = "a_table_name_that_goes_on_and_on_well_past_what_postgres_keeps_around")]
struct Tag {
    #[orm(primary_key, auto)]
    id: i64,
    #[orm(column = "a_column_name_that_goes_on_and_on_well_past_what_postgres_keeps")]
    name: String,
}

fn main() {}
