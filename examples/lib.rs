//! Models and helpers shared by the runnable examples in this directory.
//!
//! Run one with `cargo run --example crm`; each works with and without
//! `DATABASE_URL` (without it, a throwaway PostgreSQL is started).

#![warn(missing_docs)]

/// The models of the CRM example.
#[path = "models/crm.rs"]
pub mod crm;

/// The models of the publishing-site example.
#[path = "models/publishing.rs"]
pub mod publishing;
/// The models of the translations example.
#[path = "models/translations.rs"]
pub mod translations;

/// Prints an error's chain and exits with status 1; examples end with it so
/// a failure reads as one clear message instead of a `Debug` dump.
pub fn exit_on_error(result: Result<(), orm::Error>) {
    if let Err(err) = result {
        eprintln!("error: {err}");
        let mut source = std::error::Error::source(&err);
        while let Some(s) = source {
            eprintln!("  caused by: {s}");
            source = s.source();
        }
        std::process::exit(1);
    }
}
