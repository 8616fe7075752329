use orm_core::prelude::*;

struct Point {
    x: f64,
    y: f64,
}

#[derive(Model)]
struct Place {
    #[orm(primary_key, auto)]
    id: i64,
    #[orm(db_type = "point")]
    location: Point,
}

fn main() {}
