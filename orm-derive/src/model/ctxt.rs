//! Collects every error found while reading a derive input, so they are all
//! reported at once.

use std::cell::RefCell;
use std::fmt::Display;

use quote::ToTokens;

/// Errors found so far. Must be consumed with [`Ctxt::check`]; dropping it
/// unchecked is a bug in the macro and panics at compile time of the macro's
/// user, as serde's does.
pub(crate) struct Ctxt {
    errors: RefCell<Option<Vec<syn::Error>>>,
    /// Set when the compiler reports the mistake itself (a type with the
    /// wrong number of arguments): no code is generated and no second
    /// message is added.
    deferred: std::cell::Cell<bool>,
}

impl Ctxt {
    pub(crate) fn new() -> Self {
        Ctxt {
            errors: RefCell::new(Some(Vec::new())),
            deferred: std::cell::Cell::new(false),
        }
    }

    /// Records an error spanning `tokens`.
    pub(crate) fn error_spanned_by<T: ToTokens, M: Display>(&self, tokens: T, message: M) {
        self.syn_error(syn::Error::new_spanned(tokens.into_token_stream(), message));
    }

    /// Records a parse error.
    pub(crate) fn syn_error(&self, err: syn::Error) {
        if let Some(errors) = self.errors.borrow_mut().as_mut() {
            errors.push(err);
        }
    }

    /// Leaves a mistake to the compiler, which reports it on the user's own
    /// code; the derive then generates nothing that would repeat it.
    pub(crate) fn defer_to_compiler(&self) {
        self.deferred.set(true);
    }

    /// True when a mistake was left to the compiler.
    pub(crate) fn is_deferred(&self) -> bool {
        self.deferred.get()
    }

    /// How many errors were recorded so far.
    pub(crate) fn error_count(&self) -> usize {
        self.errors.borrow().as_ref().map_or(0, Vec::len)
    }

    /// Consumes the context: `Err` with every error combined, if any.
    pub(crate) fn check(self) -> syn::Result<()> {
        let errors = self.errors.borrow_mut().take().unwrap_or_default();
        let mut iter = errors.into_iter();
        let Some(mut combined) = iter.next() else {
            return Ok(());
        };
        for rest in iter {
            combined.combine(rest);
        }
        Err(combined)
    }
}

impl Drop for Ctxt {
    fn drop(&mut self) {
        if !std::thread::panicking() && self.errors.borrow().is_some() {
            #[allow(
                clippy::panic,
                reason = "a bug in the macro itself, as in serde_derive"
            )]
            {
                panic!("orm-derive: Ctxt dropped without being checked");
            }
        }
    }
}
