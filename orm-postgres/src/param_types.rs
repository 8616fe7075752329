//! Parameter types for [`StatementMode::Unnamed`](crate::StatementMode):
//! learned once per pool for each SQL text, so each later execution is one
//! unnamed Parse/Bind/Execute/Sync exchange that leaves nothing behind on
//! the server connection.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, PoisonError};

use orm_core::Result;
use tokio_postgres::types::Type;

use crate::connection::PgConn;
use crate::error_class::classify;

/// The most SQL texts whose parameter types one pool remembers; when full
/// it starts afresh (each text costs one extra exchange to learn again).
const CAPACITY: usize = 2048;

/// Parameter types by SQL text, shared by every connection of a pool.
#[derive(Default)]
pub(crate) struct ParamTypes {
    known: Mutex<HashMap<Box<str>, Arc<[Type]>>>,
}

impl ParamTypes {
    fn get(&self, sql: &str) -> Option<Arc<[Type]>> {
        self.known
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .get(sql)
            .cloned()
    }

    fn insert(&self, sql: &str, types: Arc<[Type]>) {
        let mut known = self.known.lock().unwrap_or_else(PoisonError::into_inner);
        if known.len() >= CAPACITY {
            known.clear();
        }
        known.insert(sql.into(), types);
    }

    /// Forgets `sql`'s types (the server rejected a statement sent with
    /// them: a column may have changed type).
    pub(crate) fn forget(&self, sql: &str) {
        self.known
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .remove(sql);
    }
}

/// The parameter types of `sql`, known or learned now: the server
/// describes a named statement that is closed again before the exchange
/// ends. Outside a transaction the exchange is wrapped in `BEGIN` ...
/// `COMMIT`, so a transaction-mode pooler keeps it on one server
/// connection and the close reaches the connection the statement was
/// prepared on.
pub(crate) async fn param_types(
    conn: &PgConn,
    sql: &str,
    in_transaction: bool,
) -> Result<Arc<[Type]>> {
    let cache = conn.param_types();
    if let Some(types) = cache.get(sql) {
        return Ok(types);
    }
    let client = conn.client();
    let types: Arc<[Type]> = if in_transaction {
        let statement = client.prepare(sql).await.map_err(classify)?;
        Arc::from(statement.params())
    } else {
        client.batch_execute("BEGIN").await.map_err(classify)?;
        // The statement is dropped (and its close sent) before COMMIT.
        let described = client
            .prepare(sql)
            .await
            .map(|statement| Arc::from(statement.params()));
        let end = if described.is_ok() {
            "COMMIT"
        } else {
            "ROLLBACK"
        };
        let ended = client.batch_execute(end).await.map_err(classify);
        let types = described.map_err(classify)?;
        ended?;
        types
    };
    cache.insert(sql, Arc::clone(&types));
    Ok(types)
}
