//! Loading related rows without N+1 queries: `select_related` for foreign
//! keys (joined into the query) and `prefetch` for collections
//! (many-to-many and reverse foreign keys), with three strategies that
//! return identical results.

mod batched;
mod join;
mod lateral;
mod link;
mod prefetch;
mod select_related;

pub use prefetch::{Prefetch, Strategy};

pub(crate) use join::JoinPlan;
pub(crate) use link::Link;
pub(crate) use prefetch::{Groups, PrefetchOp, load_batched};
pub(crate) use select_related::RelatedPlan;
