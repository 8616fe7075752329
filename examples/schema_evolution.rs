//! Schema evolution, the whole loop: models → `makemigrations` → `migrate`;
//! add a field (and rename one) → `makemigrations` → `migrate`; the rows
//! stay, the drift check is clean, and the schema is drawn.
//!
//! `cargo run --example schema_evolution` (uses `DATABASE_URL` when set,
//! otherwise a throwaway PostgreSQL). It calls the library functions the
//! command line is made of; an application runs the same steps as
//! `cargo run --bin manage -- makemigrations` and `-- migrate` (see
//! `examples/manage.rs` and `docs/migrations.md`).

use std::path::Path;

use orm::migrate::{MakeOptions, load_dir, make_migrations, migrate};
use orm::postgres::{Db, drift, introspect};
use orm::prelude::*;
use orm::schema::{ModelMeta, Schema};
use orm::testing;

/// Version 1 of the application.
mod v1 {
    use orm::prelude::*;

    #[derive(Model, Debug, Clone)]
    #[orm(table = "shop_customer")]
    pub struct Customer {
        #[orm(primary_key, auto)]
        pub id: i64,
        #[orm(max_length = 200)]
        pub name: String,
    }
}

/// Version 2: a new field, and `name` renamed to `full_name`.
mod v2 {
    use orm::prelude::*;

    #[derive(Model, Debug, Clone)]
    #[orm(table = "shop_customer")]
    pub struct Customer {
        #[orm(primary_key, auto)]
        pub id: i64,
        #[orm(max_length = 200, renamed_from = "name")]
        pub full_name: String,
        #[orm(max_length = 254, unique)]
        pub email: Option<String>,
    }
}

/// `makemigrations` then `migrate`: the files taking the database to
/// `models` are written into `dir`, printed, and applied.
async fn makemigrations_and_migrate(
    db: &Db,
    dir: &Path,
    models: &[&'static ModelMeta],
    name: &str,
) -> Result<()> {
    let existing = load_dir(dir)?;
    let wanted = Schema::new(models.iter().copied())?.model();
    let operations = introspect(db).await?.diff(&wanted);
    let options = MakeOptions::default().name(name);
    for new in make_migrations(&operations, &existing, &options)? {
        let file = dir.join(format!("{}.sql", new.migration.name()));
        std::fs::write(&file, new.migration.sql())
            .map_err(|e| Error::config("cannot write the migration", Some(Box::new(e))))?;
        println!("$ manage makemigrations  # wrote {}\n", file.display());
        println!("{}", new.migration.sql());
    }
    println!("$ manage migrate");
    for applied in migrate(db, &load_dir(dir)?, "5s").await? {
        println!("Applied {applied}");
    }
    println!();
    Ok(())
}

async fn run() -> Result<()> {
    let db = testing::example_database("schema_evolution").await?;
    let dir = std::env::temp_dir().join(format!("orm_schema_evolution_{}", std::process::id()));
    std::fs::create_dir_all(&dir)
        .map_err(|e| Error::config("cannot create the migrations folder", Some(Box::new(e))))?;

    makemigrations_and_migrate(&db, &dir, &[v1::Customer::META], "initial").await?;
    let mut ann = v1::Customer {
        id: 0,
        name: "Ann Adams".into(),
    };
    ann.insert(&db).await?;

    makemigrations_and_migrate(&db, &dir, &[v2::Customer::META], "add_email").await?;
    for c in v2::Customer::objects().all(&db).await? {
        println!("row kept through the rename: {} {:?}", c.full_name, c.email);
    }

    let check = drift(&db, &Schema::new([v2::Customer::META])?.model()).await?;
    println!("$ manage check\n{check}\n");
    println!("$ manage graph\n{}", introspect(&db).await?.to_mermaid());
    std::fs::remove_dir_all(&dir)
        .map_err(|e| Error::config("cannot remove the migrations folder", Some(Box::new(e))))?;
    Ok(())
}

#[tokio::main]
async fn main() {
    orm_examples::exit_on_error(run().await);
}
