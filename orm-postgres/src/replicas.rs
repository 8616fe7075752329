//! Read replicas: where the ORM's plain reads go, which replicas are
//! skipped (down, lagging, or behind a caller's causal token), and the
//! token itself ([`CausalToken`]).

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Mutex, MutexGuard, PoisonError};
use std::time::{Duration, Instant};

use orm_core::{Executor, Result};

use crate::Db;

/// How long a replica that failed with a connection error is left alone.
const DOWN_FOR: Duration = Duration::from_secs(5);

/// How long a replica's replay position and lag, once read, are trusted.
const STATUS_TTL: Duration = Duration::from_millis(250);

/// The replica's replay position (bytes since `0/0`) and its lag in
/// milliseconds: 0 when everything received is replayed, otherwise the age
/// of the last replayed transaction (unknown, so counted as a day, when none
/// was replayed since the replica started or it receives nothing).
const REPLICA_STATUS: &str = "SELECT (pg_last_wal_replay_lsn() - '0/0'::pg_lsn)::bigint, \
     CASE WHEN pg_last_wal_receive_lsn() = pg_last_wal_replay_lsn() THEN 0::bigint \
     ELSE COALESCE((extract(epoch FROM now() - pg_last_xact_replay_timestamp()) * 1000)::bigint, \
     86400000) END";

/// The primary's WAL insert position (bytes since `0/0`): past the commit
/// record of every transaction committed before it is read.
const PRIMARY_POSITION: &str = "SELECT (pg_current_wal_insert_lsn() - '0/0'::pg_lsn)::bigint";

/// A point in the primary's write-ahead log, taken after a write
/// ([`Db::causal_token`]): a read through [`Db::after`] goes only to a
/// replica that has replayed the log up to it, or to the primary, so it sees
/// that write.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct CausalToken {
    lsn: u64,
}

impl CausalToken {
    /// The WAL position as bytes since `0/0`.
    pub fn lsn(&self) -> u64 {
        self.lsn
    }
}

impl std::fmt::Display for CausalToken {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:X}/{:X}", self.lsn >> 32, self.lsn & 0xFFFF_FFFF)
    }
}

/// Where a [`Db`] view sends plain reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Route {
    /// Any usable replica, else the primary.
    Replicas,
    /// The primary only.
    Primary,
    /// A usable replica that has replayed up to this WAL position, else the
    /// primary.
    After(u64),
}

/// The replicas of one pool.
pub(crate) struct Replicas {
    members: Vec<Replica>,
    next: AtomicUsize,
    max_lag: Option<Duration>,
}

pub(crate) struct Replica {
    pub(crate) db: Db,
    state: Mutex<ReplicaState>,
}

#[derive(Default)]
struct ReplicaState {
    down_until: Option<Instant>,
    checked_at: Option<Instant>,
    replay_lsn: Option<u64>,
    lag: Duration,
}

impl Replicas {
    pub(crate) fn new(members: Vec<Db>, max_lag: Option<Duration>) -> Self {
        Replicas {
            members: members
                .into_iter()
                .map(|db| Replica {
                    db,
                    state: Mutex::new(ReplicaState::default()),
                })
                .collect(),
            next: AtomicUsize::new(0),
            max_lag,
        }
    }

    pub(crate) fn get(&self, index: usize) -> Option<&Db> {
        self.members.get(index).map(|r| &r.db)
    }

    /// A replica fit for a read on `route`, taking turns; `None` sends the
    /// read to the primary.
    pub(crate) async fn pick(&self, route: Route) -> Option<&Replica> {
        let need = match route {
            Route::Primary => return None,
            Route::Replicas => None,
            Route::After(lsn) => Some(lsn),
        };
        let n = self.members.len();
        let start = self.next.fetch_add(1, Ordering::Relaxed);
        for i in 0..n {
            let replica = &self.members[(start + i) % n];
            if replica.usable(need, self.max_lag).await {
                return Some(replica);
            }
        }
        None
    }

    /// Closes every replica's pool.
    pub(crate) fn close(&self) {
        self.members.iter().for_each(|r| r.db.close());
    }
}

impl Replica {
    fn state(&self) -> MutexGuard<'_, ReplicaState> {
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Leaves the replica alone for a while: it failed with a connection
    /// error.
    pub(crate) fn mark_down(&self) {
        self.state().down_until = Some(Instant::now() + DOWN_FOR);
    }

    /// True when the replica is up, within the lag bound, and (for a
    /// causal read) has replayed up to `need`. Reads the replica's status
    /// (one round trip on it) only when a bound or a token asks and what
    /// it last read is too old or not enough.
    async fn usable(&self, need: Option<u64>, max_lag: Option<Duration>) -> bool {
        let now = Instant::now();
        {
            let state = self.state();
            if state.down_until.is_some_and(|t| t > now) {
                return false;
            }
            if need.is_none() && max_lag.is_none() {
                return true;
            }
            // A status read less than STATUS_TTL ago answers either way.
            if state.checked_at.is_some_and(|t| now - t < STATUS_TTL) {
                return fits(&state, need, max_lag);
            }
            // A position already past the token stays past it: no need to
            // ask again for that.
            if max_lag.is_none() && need.is_some_and(|l| state.replay_lsn.is_some_and(|r| r >= l)) {
                return true;
            }
        }
        match self.db.query(REPLICA_STATUS, &[]).await {
            Ok(rows) => {
                let Some(row) = rows.first() else {
                    return false;
                };
                let lsn: Option<i64> = row.try_get(0).ok().flatten();
                let lag: i64 = row.try_get(1).unwrap_or(i64::MAX);
                let mut state = self.state();
                state.checked_at = Some(Instant::now());
                state.replay_lsn = lsn.and_then(|l| u64::try_from(l).ok());
                state.lag = Duration::from_millis(u64::try_from(lag).unwrap_or(u64::MAX));
                fits(&state, need, max_lag)
            }
            Err(err) => {
                if err.is_connection() || err.is_pool_timeout() {
                    self.mark_down();
                }
                false
            }
        }
    }
}

fn fits(state: &ReplicaState, need: Option<u64>, max_lag: Option<Duration>) -> bool {
    let lag_ok = max_lag.is_none_or(|max| state.lag <= max);
    let position_ok = need.is_none_or(|l| state.replay_lsn.is_some_and(|r| r >= l));
    lag_ok && position_ok
}

/// Reads the primary's WAL position for a [`CausalToken`].
pub(crate) async fn primary_position(db: &Db) -> Result<CausalToken> {
    let rows = db.query(PRIMARY_POSITION, &[]).await?;
    let lsn: i64 = match rows.first() {
        Some(row) => row
            .try_get(0)
            .map_err(|e| orm_core::Error::decode("pg_current_wal_insert_lsn", e))?,
        None => 0,
    };
    Ok(CausalToken {
        lsn: u64::try_from(lsn).unwrap_or(0),
    })
}
