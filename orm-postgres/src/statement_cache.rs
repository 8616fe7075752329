//! [`StatementCache`]: the prepared statements of one connection, least
//! recently used first out.

use std::collections::HashMap;

use tokio_postgres::Statement;

/// Prepared statements keyed by SQL text, at most `capacity` of them
/// (generic over the statement only so the eviction order can be unit
/// tested without a server).
///
/// When full, inserting evicts the statement used longest ago. An evicted
/// [`Statement`] is handed back to the caller; dropping its last clone makes
/// tokio-postgres close it on the server, so the server holds at most
/// `capacity` statements for this connection (plus any still running).
pub(crate) struct StatementCache<S = Statement> {
    capacity: usize,
    clock: u64,
    entries: HashMap<Box<str>, Entry<S>>,
}

struct Entry<S> {
    statement: S,
    last_used: u64,
}

impl<S: Clone> StatementCache<S> {
    /// A cache of at most `capacity` statements; 0 caches nothing.
    pub(crate) fn new(capacity: usize) -> Self {
        StatementCache {
            capacity,
            clock: 0,
            entries: HashMap::with_capacity(capacity.min(128)),
        }
    }

    fn tick(&mut self) -> u64 {
        self.clock += 1;
        self.clock
    }

    /// The statement prepared for `sql`, marked as just used.
    pub(crate) fn get(&mut self, sql: &str) -> Option<S> {
        let now = self.tick();
        let entry = self.entries.get_mut(sql)?;
        entry.last_used = now;
        Some(entry.statement.clone())
    }

    /// Caches `statement` for `sql`; returns what no longer fits (the least
    /// recently used statement, or `statement` itself when the capacity is
    /// 0), for the caller to drop outside any lock.
    pub(crate) fn insert(&mut self, sql: &str, statement: S) -> Option<S> {
        if self.capacity == 0 {
            return Some(statement);
        }
        let now = self.tick();
        let entry = Entry {
            statement,
            last_used: now,
        };
        if let Some(old) = self.entries.insert(sql.into(), entry) {
            return Some(old.statement);
        }
        if self.entries.len() <= self.capacity {
            return None;
        }
        // A linear scan: at most `capacity` entries, paid only on a miss,
        // which costs a round trip to prepare anyway.
        let oldest = self
            .entries
            .iter()
            .min_by_key(|(_, e)| e.last_used)
            .map(|(k, _)| k.clone())?;
        self.entries.remove(&oldest).map(|e| e.statement)
    }

    /// Forgets the statement for `sql` (the server no longer accepts it).
    pub(crate) fn remove(&mut self, sql: &str) -> Option<S> {
        self.entries.remove(sql).map(|e| e.statement)
    }
}

#[cfg(test)]
mod tests {
    use super::StatementCache;

    #[test]
    fn the_least_recently_used_statement_is_evicted() {
        let mut cache: StatementCache<u32> = StatementCache::new(2);
        assert_eq!(cache.insert("a", 1), None);
        assert_eq!(cache.insert("b", 2), None);
        assert_eq!(cache.get("a"), Some(1));
        // "b" was used longest ago.
        assert_eq!(cache.insert("c", 3), Some(2));
        assert_eq!(cache.get("b"), None);
        assert_eq!(cache.get("a"), Some(1));
        assert_eq!(cache.insert("d", 4), Some(3));
        assert_eq!(cache.remove("a"), Some(1));
        assert_eq!(cache.get("d"), Some(4));
    }

    #[test]
    fn a_cache_of_size_zero_keeps_nothing() {
        let mut cache: StatementCache<u32> = StatementCache::new(0);
        assert_eq!(cache.insert("a", 1), Some(1));
        assert_eq!(cache.get("a"), None);
    }
}
