//! Shared pieces of the integration suite (see `it/`).

#![warn(missing_docs)]
