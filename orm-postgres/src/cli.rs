//! The manage-style command line (feature `cli`): an application registers
//! its models once, in its own binary, and gets `makemigrations`,
//! `migrate`, `sqlmigrate`, `showmigrations`, `check`, `inspect` and
//! `graph`.
//!
//! ```no_run
//! // src/bin/manage.rs
//! use orm_core::prelude::*;
//!
//! #[derive(Model)]
//! #[orm(table = "crm_contact")]
//! struct Contact {
//!     #[orm(primary_key, auto)]
//!     id: i64,
//!     name: String,
//! }
//!
//! fn main() -> std::process::ExitCode {
//!     orm_postgres::cli::run(&[Contact::META])
//! }
//! ```
//!
//! `cargo run --bin manage -- makemigrations` then writes
//! `migrations/0001_initial.sql`, and `cargo run --bin manage -- migrate`
//! applies it. The database is `DATABASE_URL` (or `--database-url`); the
//! migrations folder is `migrations` (or `--migrations DIR`). The
//! commands that need only the database (`migrate`, `sqlmigrate`,
//! `showmigrations`, `inspect`, `graph --database`) also work from the
//! standalone `orm-cli` binary (`cargo install` this crate with feature `cli`).
//! See `docs/migrations.md`.

mod commands;

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};
use orm_core::{ModelMeta, Result};

/// The command line.
#[derive(Debug, Parser)]
#[command(about = "Schema migrations, drift checks, inspect and ER diagrams for the orm ORM")]
struct Cli {
    /// The database to work on.
    #[arg(long, env = "DATABASE_URL", global = true, hide_env_values = true)]
    database_url: Option<String>,
    /// The folder of migration files.
    #[arg(long, default_value = "migrations", global = true)]
    migrations: PathBuf,
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Write the migration taking the database (with every migration
    /// applied) to the models.
    Makemigrations {
        /// The name after the number, e.g. `add_email`.
        #[arg(long)]
        name: Option<String>,
        /// Allow dropping tables and columns and narrowing types.
        #[arg(long)]
        allow_destructive: bool,
        /// The `lock_timeout` written into the file.
        #[arg(long)]
        lock_timeout: Option<String>,
        /// Print the SQL instead of writing files.
        #[arg(long)]
        dry_run: bool,
        /// Compare the models with what the migration files build (applied
        /// to a scratch database), not with the database itself.
        #[arg(long)]
        replay: bool,
        /// Write nothing; exit with status 1 when a migration is missing
        /// (for CI). Implies `--dry-run`.
        #[arg(long)]
        check: bool,
    },
    /// Apply the pending migrations, in order, each once.
    Migrate {
        /// The `lock_timeout` of a migration without its own.
        #[arg(long, default_value = crate::migrate::DEFAULT_LOCK_TIMEOUT)]
        lock_timeout: String,
    },
    /// Print the SQL of one migration.
    Sqlmigrate {
        /// The migration's name (the file name, with or without `.sql`).
        name: String,
    },
    /// List the migrations and whether the database applied them.
    Showmigrations,
    /// Compare the database with the models; exit with status 1 and a
    /// readable diff when they differ or migrations are pending.
    Check,
    /// Print `#[derive(Model)]` source for the database's tables.
    Inspect {
        /// Mark the models `managed = false`.
        #[arg(long)]
        unmanaged: bool,
        /// Only this table (repeatable).
        #[arg(long = "table")]
        tables: Vec<String>,
    },
    /// Print an ER diagram of the models (or of the database).
    Graph {
        /// The diagram language.
        #[arg(long, value_enum, default_value_t = Format::Mermaid)]
        format: Format,
        /// Draw the live database instead of the models.
        #[arg(long)]
        database: bool,
    },
}

/// The language of `graph`.
#[derive(Debug, Clone, Copy, ValueEnum)]
enum Format {
    /// Mermaid `erDiagram`.
    Mermaid,
    /// Graphviz DOT.
    Dot,
}

/// Runs the command line of an application whose models are `models`
/// (every model, as `Model::META`), with the process's arguments, and
/// returns the exit status: 0 on success, 1 when `check` found a
/// difference, 2 on an error (printed to standard error).
pub fn run(models: &[&'static ModelMeta]) -> ExitCode {
    main_with(Some(models))
}

/// The standalone binary's entry point: the commands that need no models.
pub fn run_without_models() -> ExitCode {
    main_with(None)
}

fn main_with(models: Option<&[&'static ModelMeta]>) -> ExitCode {
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(e) => {
            eprintln!("error: cannot start the async runtime: {e}");
            return ExitCode::from(2);
        }
    };
    let mut stdout = std::io::stdout().lock();
    match runtime.block_on(execute(std::env::args_os(), models, &mut stdout)) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::from(2)
        }
    }
}

/// Runs one command line (`args[0]` is the program name) writing its
/// output to `out`; the embeddable, testable form of [`run`]. `models` is
/// `None` for the standalone binary.
///
/// A usage error (or `--help`) is written to `out` and gives status 2 (0
/// for `--help`).
///
/// # Errors
/// What the command failed on: no database URL, a connection or SQL error,
/// a destructive change without `--allow-destructive`, an edited applied
/// migration.
pub async fn execute<I, T>(
    args: I,
    models: Option<&[&'static ModelMeta]>,
    out: &mut dyn Write,
) -> Result<ExitCode>
where
    I: IntoIterator<Item = T>,
    T: Into<std::ffi::OsString> + Clone,
{
    let cli = match Cli::try_parse_from(args) {
        Ok(cli) => cli,
        Err(e) => {
            let _ = write!(out, "{}", e.render());
            return Ok(if e.use_stderr() {
                ExitCode::from(2)
            } else {
                ExitCode::SUCCESS
            });
        }
    };
    commands::dispatch(cli, models, out).await
}
