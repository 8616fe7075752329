//! Spans and events, captured by a subscriber of the test's own.

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use orm::postgres::{Db, Executor};
use tracing::field::{Field, Visit};
use tracing::instrument::WithSubscriber;
use tracing::span::{Attributes, Id, Record};
use tracing_subscriber::layer::{Context, Layer, SubscriberExt};
use tracing_subscriber::registry::LookupSpan;

#[derive(Debug, Clone, Default)]
struct Captured {
    name: String,
    parent: Option<String>,
    fields: BTreeMap<String, String>,
}

#[derive(Clone, Default)]
struct Capture {
    spans: Arc<Mutex<BTreeMap<u64, Captured>>>,
    events: Arc<Mutex<Vec<Captured>>>,
}

struct Fields<'a>(&'a mut BTreeMap<String, String>);

impl Visit for Fields<'_> {
    fn record_debug(&mut self, field: &Field, value: &dyn std::fmt::Debug) {
        self.0.insert(field.name().to_owned(), format!("{value:?}"));
    }
    fn record_str(&mut self, field: &Field, value: &str) {
        self.0.insert(field.name().to_owned(), value.to_owned());
    }
    fn record_u64(&mut self, field: &Field, value: u64) {
        self.0.insert(field.name().to_owned(), value.to_string());
    }
}

impl<S: tracing::Subscriber + for<'a> LookupSpan<'a>> Layer<S> for Capture {
    fn on_new_span(&self, attrs: &Attributes<'_>, id: &Id, ctx: Context<'_, S>) {
        let mut captured = Captured {
            name: attrs.metadata().name().to_owned(),
            parent: ctx
                .span(id)
                .and_then(|s| s.parent())
                .map(|p| p.name().to_owned()),
            ..Captured::default()
        };
        attrs.record(&mut Fields(&mut captured.fields));
        self.spans.lock().unwrap().insert(id.into_u64(), captured);
    }

    fn on_record(&self, id: &Id, values: &Record<'_>, _: Context<'_, S>) {
        if let Some(span) = self.spans.lock().unwrap().get_mut(&id.into_u64()) {
            values.record(&mut Fields(&mut span.fields));
        }
    }

    fn on_event(&self, event: &tracing::Event<'_>, _: Context<'_, S>) {
        let mut captured = Captured {
            name: event.metadata().level().to_string(),
            ..Captured::default()
        };
        event.record(&mut Fields(&mut captured.fields));
        self.events.lock().unwrap().push(captured);
    }
}

#[orm::test]
async fn statements_and_transactions_are_spans_with_opentelemetry_fields(db: Db) {
    let capture = Capture::default();
    let subscriber = tracing_subscriber::registry().with(capture.clone());
    let slow = Db::builder_from_config(
        orm::testing::server()
            .unwrap()
            .config_for(&crate::faults::database_name(&db).await),
    )
    .slow_statement_threshold(Some(Duration::from_millis(20)))
    .build()
    .unwrap();
    async {
        db.batch_execute("CREATE TABLE t (x int)").await.unwrap();
        db.execute(
            "INSERT INTO t SELECT generate_series(1, $1)",
            &[3i32.into()],
        )
        .await
        .unwrap();
        let rows = db
            .query("SELECT x FROM t WHERE x <= $1", &[2i32.into()])
            .await
            .unwrap();
        assert_eq!(rows.len(), 2);
        db.transaction(|tx| {
            Box::pin(async move {
                tx.execute("UPDATE t SET x = x + 10 WHERE x = $1", &[1i32.into()])
                    .await?;
                Ok::<_, orm::Error>(())
            })
        })
        .await
        .unwrap();
        slow.query("SELECT pg_sleep(0.05)", &[]).await.unwrap();
    }
    .with_subscriber(subscriber)
    .await;

    let spans: Vec<Captured> = capture.spans.lock().unwrap().values().cloned().collect();
    let select = spans
        .iter()
        .find(|s| {
            s.fields.get("db.query.text").map(String::as_str)
                == Some("SELECT x FROM t WHERE x <= $1")
        })
        .expect("a span for the SELECT");
    assert_eq!(select.name, "db.statement");
    assert_eq!(select.fields["db.system"], "postgresql");
    assert_eq!(select.fields["db.operation.name"], "SELECT");
    assert_eq!(select.fields["db.response.returned_rows"], "2");
    assert_eq!(select.fields["db.round_trips"], "1");
    assert!(select.fields.contains_key("db.pool.wait_us"));
    assert!(select.fields.contains_key("db.duration_us"));
    assert_eq!(select.fields["otel.status_code"], "OK");
    let insert = spans
        .iter()
        .find(|s| s.fields.get("db.operation.name").map(String::as_str) == Some("INSERT"))
        .unwrap();
    assert_eq!(insert.fields["db.response.returned_rows"], "3");
    // The values never appear, only the placeholders.
    assert!(
        spans
            .iter()
            .all(|s| !s.fields.values().any(|v| v.contains("x + 10 WHERE x = 1")))
    );
    let update = spans
        .iter()
        .find(|s| s.fields.get("db.operation.name").map(String::as_str) == Some("UPDATE"))
        .unwrap();
    assert_eq!(update.parent.as_deref(), Some("db.transaction"));
    let tx = spans.iter().find(|s| s.name == "db.transaction").unwrap();
    assert_eq!(tx.fields["db.transaction.outcome"], "commit");

    let events = capture.events.lock().unwrap().clone();
    let warning = events
        .iter()
        .find(|e| e.fields.get("message").map(String::as_str) == Some("slow statement"))
        .expect("a slow-statement warning");
    assert_eq!(warning.name, "WARN");
    assert_eq!(warning.fields["query_text"], "SELECT pg_sleep(0.05)");
    assert!(!events.iter().any(|e| {
        e.fields
            .get("query_text")
            .is_some_and(|q| q.contains("FROM t WHERE"))
    }));

    let status = db.pool_status();
    assert!(status.size >= 1 && status.available <= status.size && status.waiting == 0);
}
