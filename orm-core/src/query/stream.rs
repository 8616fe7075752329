//! [`Query::stream`]: objects one at a time, as rows arrive.

use std::collections::VecDeque;
use std::future::Future;
use std::pin::Pin;
use std::sync::{Arc, Mutex, PoisonError};
use std::task::{Context, Poll};

use futures_core::Stream;

use crate::executor::Executor;
use crate::model::Model;
use crate::query::select::Query;
use crate::{Error, Result};

/// Decoded objects waiting for the consumer: at most the rows the driver
/// had already received when the statement's future was last polled.
type Buffer<M> = Arc<Mutex<VecDeque<Result<M>>>>;

/// The stream [`Query::stream`] returns.
struct ObjectStream<'a, M> {
    running: Option<Pin<Box<dyn Future<Output = Result<()>> + Send + 'a>>>,
    buffer: Buffer<M>,
}

fn pop<M>(buffer: &Buffer<M>) -> Option<Result<M>> {
    buffer
        .lock()
        .unwrap_or_else(PoisonError::into_inner)
        .pop_front()
}

impl<M> Stream for ObjectStream<'_, M> {
    type Item = Result<M>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Result<M>>> {
        loop {
            if let Some(item) = pop(&self.buffer) {
                return Poll::Ready(Some(item));
            }
            // The statement is only driven while the consumer asks for
            // more, so the driver's socket (and the server) wait for it.
            let Some(running) = self.running.as_mut() else {
                return Poll::Ready(None);
            };
            match running.as_mut().poll(cx) {
                Poll::Ready(result) => {
                    self.running = None;
                    if let Err(e) = result {
                        self.buffer
                            .lock()
                            .unwrap_or_else(PoisonError::into_inner)
                            .push_back(Err(e));
                    }
                }
                Poll::Pending => {
                    if let Some(item) = pop(&self.buffer) {
                        return Poll::Ready(Some(item));
                    }
                    return Poll::Pending;
                }
            }
        }
    }
}

impl<M: Model> Query<M> {
    /// Runs the query and yields its objects one at a time, decoded as
    /// their rows arrive: memory stays flat however many rows match (the
    /// statement is driven only while the stream is polled; see the
    /// measurement in the guide's `reading.md`). `select_related` and
    /// `translated` work; `prefetch` does not (it needs every parent
    /// first) and is reported as the stream's first item. The connection
    /// is held until the stream ends or is dropped.
    ///
    /// ```no_run
    /// # use orm_core::prelude::*;
    /// # #[derive(Model, Debug)] #[orm(table = "crm_contact")]
    /// # struct Contact { #[orm(primary_key, auto)] id: i64, name: String }
    /// # async fn demo(db: &impl Executor) -> orm_core::Result<()> {
    /// use futures_util::TryStreamExt;
    /// let mut contacts = std::pin::pin!(Contact::objects().stream(db));
    /// while let Some(contact) = contacts.try_next().await? {
    ///     println!("{}", contact.name);
    /// }
    /// # Ok(()) }
    /// ```
    ///
    /// # Errors
    /// Each item is an error when the database failed or a row did not
    /// decode; the stream ends after an error.
    pub fn stream<'a>(&self, exec: &'a impl Executor) -> impl Stream<Item = Result<M>> + Send + 'a {
        let buffer: Buffer<M> = Arc::new(Mutex::new(VecDeque::new()));
        let sink = Arc::clone(&buffer);
        let query = self.clone();
        let running = async move {
            if !query.prefetch.is_empty() {
                return Err(Error::invalid_input(
                    "`stream` does not prefetch (it would need every parent first): \
                     use `all`, or prefetch per chunk of the stream",
                ));
            }
            query.check_lock(exec)?;
            let plan = query.plan()?;
            exec.query_each(&plan.sql.sql, &plan.sql.params, |row| {
                // A row that does not decode ends the statement; its error
                // is the stream's last item.
                let object = query.decode_parent(&plan, &row, &mut [])?;
                sink.lock()
                    .unwrap_or_else(PoisonError::into_inner)
                    .push_back(Ok(object));
                Ok(())
            })
            .await
        };
        ObjectStream {
            running: Some(Box::pin(running)),
            buffer,
        }
    }
}
