//! The schema the migration files build, without touching the working
//! database: they are applied to a scratch database that is dropped after.

use std::str::FromStr;
use std::time::{SystemTime, UNIX_EPOCH};

use orm_core::__private::sql;
use orm_core::schema_model::SchemaModel;
use orm_core::{Error, Executor, Result};

use super::file::Migration;
use crate::{Db, introspect};

/// Applies `files` to a scratch database created on the server of `url`
/// (its user needs `CREATEDB`) and returns the schema they build; the
/// scratch database is dropped afterwards, also on failure.
///
/// This is what `makemigrations --replay` compares the models with, so
/// that writing a migration needs neither an up-to-date development
/// database nor any database state at all (as Django's `makemigrations`).
///
/// # Errors
/// The URL does not parse, the scratch database cannot be created, or a
/// file fails to apply (the error names the statement's failure).
pub async fn replay(url: &str, files: &[Migration]) -> Result<SchemaModel> {
    let config = tokio_postgres::Config::from_str(url)
        .map_err(|e| Error::config("the database URL does not parse", Some(Box::new(e))))?;
    let admin = Db::builder_from_config(config.clone())
        .max_size(1)
        .connect()
        .await?;
    let nanos = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.subsec_nanos());
    let name = format!("orm_replay_{}_{nanos}", std::process::id());
    admin.execute(&sql::create_database(&name), &[]).await?;
    let mut scratch_config = config;
    scratch_config.dbname(&name);
    let result = async {
        let scratch = Db::builder_from_config(scratch_config)
            .max_size(2)
            .connect()
            .await?;
        let built = async {
            super::migrate(&scratch, files, super::DEFAULT_LOCK_TIMEOUT).await?;
            introspect(&scratch).await
        }
        .await;
        scratch.close();
        built
    }
    .await;
    let dropped = admin.execute(&sql::drop_database(&name), &[]).await;
    admin.close();
    let model = result?;
    dropped?;
    Ok(model)
}
