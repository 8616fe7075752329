//! [`Subquery`]: a query selecting one column, used as a set of values
//! (`Book::PUBLISHER.in_query(publishers.subquery(Publisher::ID))`).

use std::marker::PhantomData;
use std::sync::Arc;

use crate::ir;

/// Builds the subquery's `SELECT`, fresh on every use.
pub(crate) type BuildSelect = Arc<dyn Fn() -> crate::Result<ir::Select> + Send + Sync>;

/// A query selecting one column of values of type `T`, made by
/// [`Query::subquery`](crate::Query::subquery) and used by
/// [`Lookup::in_query`](crate::Lookup::in_query). It runs inside the
/// statement that uses it: no separate round trip, and its values never
/// travel through the program.
pub struct Subquery<T> {
    pub(crate) build: BuildSelect,
    _marker: PhantomData<fn() -> T>,
}

impl<T> Clone for Subquery<T> {
    fn clone(&self) -> Self {
        Subquery {
            build: self.build.clone(),
            _marker: PhantomData,
        }
    }
}

impl<T> std::fmt::Debug for Subquery<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Subquery(..)")
    }
}

impl<T> Subquery<T> {
    pub(crate) fn new(build: BuildSelect) -> Self {
        Subquery {
            build,
            _marker: PhantomData,
        }
    }
}
