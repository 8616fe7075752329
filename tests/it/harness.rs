//! The test harness itself: isolation, teardown, `DATABASE_URL`.

use std::process::Command;
use std::time::{Duration, Instant};

use orm::postgres::{Db, Executor};
use orm::testing;

async fn write_and_read_back(db: &Db, marker: &str) {
    db.batch_execute("CREATE TABLE same_name (marker text NOT NULL)")
        .await
        .unwrap();
    db.execute(
        "INSERT INTO same_name (marker) VALUES ($1)",
        &[marker.into()],
    )
    .await
    .unwrap();
    // Give the other test time to write its row too.
    db.query("SELECT pg_sleep(0.3)", &[]).await.unwrap();
    let rows = db.query("SELECT marker FROM same_name", &[]).await.unwrap();
    let markers: Vec<String> = rows.iter().map(|r| r.get(0)).collect();
    assert_eq!(markers, vec![marker.to_owned()]);
}

#[orm::test]
async fn parallel_tests_do_not_see_each_other_a(db: Db) {
    write_and_read_back(&db, "a").await;
}

#[orm::test]
async fn parallel_tests_do_not_see_each_other_b(db: Db) {
    write_and_read_back(&db, "b").await;
}

#[orm::test]
async fn each_test_has_its_own_database(db: Db) {
    let rows = db.query("SELECT current_database()", &[]).await.unwrap();
    let name: String = rows[0].get(0);
    assert!(name.starts_with("orm_t_"), "{name}");
    assert!(name.contains("each_test_has_its_own_database"), "{name}");
}

#[orm::test]
async fn a_test_may_return_a_result(db: Db) -> orm::Result<()> {
    db.query("SELECT 1", &[]).await?;
    Ok(())
}

const CHILD_ENV: &str = "ORM_HARNESS_CHILD";

/// Not a real test on its own: when the parent below runs this binary with
/// `ORM_HARNESS_CHILD=fail`, it starts the throwaway server, reports where,
/// and fails.
#[test]
fn child_that_fails() {
    if std::env::var(CHILD_ENV).as_deref() != Ok("fail") {
        return;
    }
    let server = testing::server().unwrap();
    let dir = server.data_dir().unwrap().display().to_string();
    println!("CHILD DIR={dir} PORT={}", server.port());
    panic!("failing on purpose");
}

/// With `ORM_HARNESS_CHILD=report`, prints which server the harness chose.
#[test]
fn child_reports_server() {
    if std::env::var(CHILD_ENV).as_deref() != Ok("report") {
        return;
    }
    let server = testing::server().unwrap();
    println!(
        "CHILD THROWAWAY={} PORT={}",
        server.is_throwaway(),
        server.port()
    );
}

fn run_child(test: &str, mode: &str, database_url: Option<&str>) -> (bool, String) {
    let mut cmd = Command::new(std::env::current_exe().unwrap());
    cmd.args([test, "--exact", "--nocapture", "--test-threads=1"])
        .env(CHILD_ENV, mode)
        .env_remove("DATABASE_URL");
    if let Some(url) = database_url {
        cmd.env("DATABASE_URL", url);
    }
    let out = cmd.output().unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    (out.status.success(), stdout)
}

fn field<'a>(out: &'a str, key: &str) -> &'a str {
    let line = out
        .lines()
        .find_map(|l| l.find("CHILD ").map(|at| &l[at..]))
        .unwrap_or_else(|| panic!("child printed no report:\n{out}"));
    line.split_whitespace()
        .find_map(|kv| kv.strip_prefix(key)?.strip_prefix('='))
        .unwrap_or_else(|| panic!("no {key} in {line}"))
}

#[test]
fn a_failed_test_leaves_no_server_behind() {
    let (ok, out) = run_child("harness::child_that_fails", "fail", None);
    assert!(!ok, "the child test should have failed:\n{out}");
    let dir = field(&out, "DIR").to_owned();
    let port: u16 = field(&out, "PORT").parse().unwrap();
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        let dir_gone = !std::path::Path::new(&dir).exists();
        let port_closed = std::net::TcpStream::connect(("127.0.0.1", port)).is_err();
        if dir_gone && port_closed {
            break;
        }
        assert!(
            Instant::now() < deadline,
            "server left behind: dir exists={} port open={}",
            !dir_gone,
            !port_closed
        );
        std::thread::sleep(Duration::from_millis(100));
    }
}

#[test]
fn database_url_is_honoured() {
    let server = testing::server().unwrap();
    let url = std::env::var("DATABASE_URL")
        .ok()
        .filter(|u| !u.is_empty())
        .unwrap_or_else(|| format!("postgres://postgres@127.0.0.1:{}/postgres", server.port()));
    let (ok, out) = run_child("harness::child_reports_server", "report", Some(&url));
    assert!(ok, "{out}");
    assert_eq!(field(&out, "THROWAWAY"), "false");
    assert_eq!(field(&out, "PORT").parse::<u16>().unwrap(), server.port());
}
