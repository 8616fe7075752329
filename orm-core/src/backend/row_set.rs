//! [`RowSet`]: the rows of one statement with the backend's row type
//! erased, for relation loading (which is not generic over the executor).

use crate::backend::Row;

trait ErasedRows: Send {
    fn len(&self) -> usize;
    fn get(&self, index: usize) -> Option<&dyn Row>;
}

impl<R: Row + Send> ErasedRows for Vec<R> {
    fn len(&self) -> usize {
        self.as_slice().len()
    }

    fn get(&self, index: usize) -> Option<&dyn Row> {
        self.as_slice().get(index).map(|r| r as &dyn Row)
    }
}

/// The rows of one statement; one allocation per statement, none per row.
#[derive(Default)]
pub(crate) struct RowSet(Option<Box<dyn ErasedRows>>);

impl RowSet {
    /// Wraps a backend's rows.
    pub(crate) fn new<R: Row + Send + 'static>(rows: Vec<R>) -> Self {
        RowSet(Some(Box::new(rows)))
    }

    /// How many rows there are.
    pub(crate) fn len(&self) -> usize {
        self.0.as_ref().map_or(0, |r| r.len())
    }

    /// True when there are none.
    pub(crate) fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The rows, in order.
    pub(crate) fn iter(&self) -> impl Iterator<Item = &dyn Row> + '_ {
        (0..self.len()).filter_map(move |i| self.0.as_ref().and_then(|r| r.get(i)))
    }
}
