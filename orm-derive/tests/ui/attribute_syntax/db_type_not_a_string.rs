use orm_core::prelude::*;

#[derive(Model)]
struct Post {
    #[orm(primary_key, auto)]
    id: i64,
    #[orm(db_type = inet)]
    address: std::net::IpAddr,
}

fn main() {}
