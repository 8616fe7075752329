//! Dialect writers: the only code that turns the IR into SQL text.

pub(crate) mod postgres;
