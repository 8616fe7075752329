//! [`TxConnection`]: a pooled connection that is never handed back to the
//! pool in the middle of a transaction.

use orm_core::{Error, Result};

use crate::connection::{Object, PgConn, Pooled, give_back};

/// The pooled connection a transaction runs on.
///
/// Dropping it *detaches* the connection from the pool and closes it (the
/// server then rolls back whatever was open); only [`TxConnection::release`],
/// called once the transaction has ended, returns it to the pool. So no
/// path, a cancelled future or a panic included, can give the next user of
/// the pool a connection with a transaction still open.
pub(crate) struct TxConnection(Option<Object>);

impl TxConnection {
    pub(crate) fn new(pooled: Pooled) -> Self {
        TxConnection(pooled.into_object())
    }

    pub(crate) fn client(&self) -> Result<&PgConn> {
        match &self.0 {
            Some(object) => Ok(object),
            None => Err(Error::invalid_input("the transaction has already ended")),
        }
    }

    /// Returns the connection to the pool, if it is fit for reuse (see
    /// [`give_back`]): call only when no transaction is open on it.
    pub(crate) fn release(mut self) {
        if let Some(object) = self.0.take() {
            give_back(object);
        }
    }
}

impl Drop for TxConnection {
    fn drop(&mut self) {
        if let Some(object) = self.0.take() {
            // Out of the pool for good: dropping the client closes the
            // connection, and the server rolls back.
            drop(Object::take(object));
        }
    }
}
