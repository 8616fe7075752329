//! The CRM application's command line: its models registered once, and
//! every schema command on them.
//!
//! ```text
//! export DATABASE_URL=postgres://postgres@localhost/crm
//! cargo run --example manage -- makemigrations      # writes migrations/0001_initial.sql
//! cargo run --example manage -- migrate             # applies it
//! cargo run --example manage -- check               # exit 1 with a diff when out of date
//! cargo run --example manage -- showmigrations
//! cargo run --example manage -- sqlmigrate 0001_initial
//! cargo run --example manage -- inspect --unmanaged # models for the live tables
//! cargo run --example manage -- graph --format dot | dot -Tsvg > crm.svg
//! ```
//!
//! An application puts this in its own `src/bin/manage.rs`.

use orm::Model;
use orm_examples::crm::{Address, Contact, ContactRelationship, Phone, RelationshipType};

fn main() -> std::process::ExitCode {
    orm::cli::run(&[
        Contact::META,
        Phone::META,
        Address::META,
        ContactRelationship::META,
        RelationshipType::META,
    ])
}
