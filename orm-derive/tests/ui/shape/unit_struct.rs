use orm_core::prelude::*;

#[derive(Model)]
struct Marker;

fn main() {}
