//! A server restart under a steady stream of calls.

use std::collections::BTreeSet;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicI32, Ordering};
use std::time::{Duration, Instant};

use orm::postgres::{Db, Executor};
use orm::testing;

struct Outcome {
    id: i32,
    at: Instant,
    took: Duration,
    error: Option<orm::Error>,
}

#[orm::test]
async fn a_restart_fails_only_the_calls_it_overlaps_and_loses_no_row(_db: Db) {
    let server = testing::own_server().await.unwrap();
    server.create_database("app").await.unwrap();
    let connect_timeout = Duration::from_secs(1);
    let db = Db::builder_from_config(server.config_for("app"))
        .max_size(4)
        .connect_timeout(Some(connect_timeout))
        .wait_timeout(Some(Duration::from_secs(2)))
        .connect()
        .await
        .unwrap();
    db.batch_execute("CREATE TABLE event (id int PRIMARY KEY, body text NOT NULL)")
        .await
        .unwrap();

    let stop = Arc::new(AtomicBool::new(false));
    let next = Arc::new(AtomicI32::new(0));
    let workers: Vec<_> = (0..4)
        .map(|_| {
            let (db, stop, next) = (db.clone(), stop.clone(), next.clone());
            tokio::spawn(async move {
                let mut outcomes = Vec::new();
                while !stop.load(Ordering::SeqCst) {
                    let id = next.fetch_add(1, Ordering::SeqCst);
                    let started = Instant::now();
                    let result = db
                        .execute(
                            "INSERT INTO event VALUES ($1, $2)",
                            &[id.into(), format!("event {id}").into()],
                        )
                        .await;
                    outcomes.push(Outcome {
                        id,
                        at: Instant::now(),
                        took: started.elapsed(),
                        error: result.err(),
                    });
                    tokio::time::sleep(Duration::from_millis(2)).await;
                }
                outcomes
            })
        })
        .collect();

    tokio::time::sleep(Duration::from_millis(300)).await;
    let restart_began = Instant::now();
    server.restart().await.unwrap();
    let restarted = Instant::now();
    tokio::time::sleep(Duration::from_millis(700)).await;
    stop.store(true, Ordering::SeqCst);
    let mut outcomes = Vec::new();
    for w in workers {
        outcomes.extend(w.await.unwrap());
    }

    let failed: Vec<&Outcome> = outcomes.iter().filter(|o| o.error.is_some()).collect();
    for o in &failed {
        let err = o.error.as_ref().unwrap();
        assert!(err.is_connection(), "call {} failed with {err}", o.id);
    }
    // No call waits past the connect timeout (plus a round trip).
    let slowest = outcomes.iter().map(|o| o.took).max().unwrap();
    assert!(
        slowest < connect_timeout + Duration::from_millis(500),
        "{slowest:?}"
    );
    // Once a call succeeded after the restart, none fails again: no dead
    // connection is handed out.
    let first_ok_after = outcomes
        .iter()
        .filter(|o| o.error.is_none() && o.at > restarted)
        .map(|o| o.at)
        .min()
        .expect("calls succeed again after the restart");
    let late_failures = failed.iter().filter(|o| o.at > first_ok_after).count();
    assert_eq!(late_failures, 0);
    let recovered_after = first_ok_after - restarted;
    assert!(
        recovered_after < Duration::from_millis(500),
        "{recovered_after:?}"
    );

    // Every acknowledged row is there, whole; nothing else is.
    let rows = db.query("SELECT id, body FROM event", &[]).await.unwrap();
    let stored: BTreeSet<i32> = rows
        .iter()
        .map(|r| {
            let id: i32 = r.get(0);
            assert_eq!(r.get::<_, String>(1), format!("event {id}"));
            id
        })
        .collect();
    let acknowledged: BTreeSet<i32> = outcomes
        .iter()
        .filter(|o| o.error.is_none())
        .map(|o| o.id)
        .collect();
    assert!(
        acknowledged.is_subset(&stored),
        "an acknowledged row was lost"
    );
    let attempted: BTreeSet<i32> = outcomes.iter().map(|o| o.id).collect();
    assert!(stored.is_subset(&attempted));
    let window = failed.iter().map(|o| o.at).max().unwrap_or(restarted)
        - failed
            .iter()
            .map(|o| o.at - o.took)
            .min()
            .unwrap_or(restarted);
    println!(
        "measured: restart (pg_ctl stop -m fast + start) took {} ms; {} of {} calls failed \
         (4 callers, 2 ms apart), all is_connection, within {} ms; first success {} ms \
         after the server was back; slowest call {} ms; {} rows stored for {} acknowledged",
        (restarted - restart_began).as_millis(),
        failed.len(),
        outcomes.len(),
        window.as_millis(),
        recovered_after.as_millis(),
        slowest.as_millis(),
        stored.len(),
        acknowledged.len()
    );
}
