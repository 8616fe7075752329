use orm_core::prelude::*;

#[derive(Model)]
union Bits {
    int: i64,
    float: f64,
}

fn main() {}
