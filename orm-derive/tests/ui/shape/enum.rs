use orm_core::prelude::*;

#[derive(Model)]
enum Status {
    Open,
    Closed,
}

fn main() {}
