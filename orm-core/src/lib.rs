//! The core of the ORM: model metadata, query building and SQL rendering,
//! row decoding and the [`Executor`] trait. It does no I/O; the
//! `orm-postgres` crate executes what this crate builds.
//!
//! ```
//! assert_eq!(orm_core::quote_ident("user"), "\"user\"");
//! ```

#![warn(missing_docs)]

mod error;
mod executor;
mod ident;

pub use error::{Error, Result};
pub use executor::{Executor, Param, Statement};
pub use ident::{push_ident, quote_ident};

/// Items the derive macro's generated code names. Not a stable API.
#[doc(hidden)]
pub mod __private {
    pub use crate::error::DbErrorClass;
}
