//! Migrations: plain SQL files under `migrations/`, named in order
//! (`0001_initial.sql`, `0002_add_email.sql`), written from the diff of the
//! database against the models ([`make_migrations`]) or by hand, and
//! applied once each, in order, under an advisory lock ([`migrate`]).
//!
//! See `docs/migrations.md` for the workflow and the safety rules.

mod apply;
mod file;
mod make;
mod replay;
mod split;

pub use apply::{DEFAULT_LOCK_TIMEOUT, MigrationStatus, migrate, status};
pub use file::{Migration, load_dir};
pub use make::{MakeOptions, NewMigration, make_migrations};
pub use replay::replay;
