//! A second pool on a test's own database, sized for the test.

use std::time::Duration;

use orm::postgres::{Db, Executor};
use orm::testing;

/// A new pool of `max_size` connections to the database `db` is connected to.
pub async fn second_pool(db: &Db, max_size: usize) -> Db {
    let rows = db.query("SELECT current_database()", &[]).await.unwrap();
    let name: String = rows[0].get(0);
    let config = testing::server().unwrap().config_for(&name);
    Db::builder_from_config(config)
        .max_size(max_size)
        .wait_timeout(Some(Duration::from_secs(30)))
        .connect()
        .await
        .unwrap()
}
