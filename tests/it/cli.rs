//! The manage-style command line, end to end on a real server: the loop of
//! an application (makemigrations, migrate, add a field, again), check,
//! showmigrations, sqlmigrate, inspect, graph, and the standalone form.

use std::path::PathBuf;
use std::process::ExitCode;

use orm::Model;
use orm::cli::execute;
use orm::postgres::Executor;
use orm::schema::ModelMeta;

mod v1 {
    use orm::prelude::*;

    #[derive(Model, Debug, Clone)]
    #[orm(table = "cli_contact")]
    pub struct Contact {
        #[orm(primary_key, auto)]
        pub id: i64,
        #[orm(max_length = 100)]
        pub name: String,
    }
}

mod v2 {
    use orm::prelude::*;

    #[derive(Model, Debug, Clone)]
    #[orm(table = "cli_contact")]
    pub struct Contact {
        #[orm(primary_key, auto)]
        pub id: i64,
        #[orm(max_length = 100)]
        pub name: String,
        #[orm(index)]
        pub email: Option<String>,
    }
}

mod v3 {
    use orm::prelude::*;

    #[derive(Model, Debug, Clone)]
    #[orm(table = "cli_contact")]
    pub struct Contact {
        #[orm(primary_key, auto)]
        pub id: i64,
        #[orm(index)]
        pub email: Option<String>,
    }
}

struct Manage {
    url: String,
    dir: PathBuf,
}

impl Manage {
    async fn run(
        &self,
        models: Option<&[&'static ModelMeta]>,
        args: &[&str],
    ) -> (ExitCode, String) {
        let mut argv = vec![
            "manage".to_owned(),
            "--database-url".to_owned(),
            self.url.clone(),
            "--migrations".to_owned(),
            self.dir.display().to_string(),
        ];
        argv.extend(args.iter().map(|a| (*a).to_owned()));
        let mut out = Vec::new();
        let code = execute(argv, models, &mut out)
            .await
            .unwrap_or_else(|e| panic!("{args:?}: {e}"));
        (code, String::from_utf8(out).unwrap())
    }

    async fn fails(&self, models: Option<&[&'static ModelMeta]>, args: &[&str]) -> String {
        let mut argv = vec!["manage", "--database-url", &self.url];
        let dir = self.dir.display().to_string();
        argv.extend(["--migrations", &dir]);
        argv.extend(args);
        let mut out = Vec::new();
        match execute(argv, models, &mut out).await {
            Ok(code) => panic!("{args:?} succeeded ({code:?})"),
            Err(e) => e.to_string(),
        }
    }
}

/// A URL for database `name` on the test server.
fn url(name: &str) -> String {
    let server = orm::testing::server().unwrap();
    let config = server.config_for(name);
    let host = match config.get_hosts().first() {
        Some(tokio_postgres::config::Host::Tcp(h)) => h.clone(),
        _ => "127.0.0.1".to_owned(),
    };
    let user = config.get_user().unwrap_or("postgres");
    let password = config
        .get_password()
        .map(|p| format!(":{}", String::from_utf8_lossy(p)))
        .unwrap_or_default();
    format!(
        "postgres://{user}{password}@{host}:{}/{name}",
        server.port()
    )
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn add_a_field_makemigrations_migrate() {
    let server = tokio::task::spawn_blocking(orm::testing::server)
        .await
        .unwrap()
        .unwrap();
    let name = "orm_cli_loop";
    server.fresh_database(name).await.unwrap().close();
    let dir = std::env::temp_dir().join(format!("orm_cli_{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let m = Manage {
        url: url(name),
        dir: dir.clone(),
    };
    let first: &[&'static ModelMeta] = &[v1::Contact::META];
    let second: &[&'static ModelMeta] = &[v2::Contact::META];
    let third: &[&'static ModelMeta] = &[v3::Contact::META];

    let (code, out) = m.run(Some(first), &["makemigrations"]).await;
    assert_eq!(code, ExitCode::SUCCESS);
    assert!(out.contains("0001_initial.sql"), "{out}");
    assert_eq!(
        m.run(Some(first), &["showmigrations"]).await.1,
        "[ ] 0001_initial\n"
    );
    let (code, out) = m.run(Some(first), &["check"]).await;
    assert_eq!(code, ExitCode::from(1));
    assert!(
        out.contains("migration 0001_initial is not applied"),
        "{out}"
    );
    assert!(out.contains("+ create table \"cli_contact\""), "{out}");
    let again = m.fails(Some(first), &["makemigrations"]).await;
    assert!(again.contains("run `migrate` first"), "{again}");
    // What the files build, without the database being migrated.
    let (code, out) = m
        .run(Some(first), &["makemigrations", "--replay", "--check"])
        .await;
    assert_eq!(
        (code, out.as_str()),
        (ExitCode::SUCCESS, "No changes detected\n")
    );

    assert_eq!(
        m.run(Some(first), &["migrate"]).await.1,
        "Applied 0001_initial\n"
    );
    let (code, out) = m.run(Some(first), &["check"]).await;
    assert_eq!(
        (code, out.as_str()),
        (ExitCode::SUCCESS, "the database matches the models\n")
    );
    assert_eq!(
        m.run(Some(first), &["makemigrations"]).await.1,
        "No changes detected\n"
    );

    // Add a field.
    let (_, out) = m
        .run(Some(second), &["makemigrations", "--name", "add_email"])
        .await;
    assert!(
        out.contains("0002_add_email.sql") && out.contains("0003_add_email_concurrently.sql"),
        "{out}"
    );
    let (_, sql) = m.run(Some(second), &["sqlmigrate", "0002_add_email"]).await;
    assert!(
        sql.contains("ALTER TABLE \"cli_contact\" ADD COLUMN \"email\" text;"),
        "{sql}"
    );
    let (_, sql) = m
        .run(
            Some(second),
            &["sqlmigrate", "0003_add_email_concurrently.sql"],
        )
        .await;
    assert!(sql.contains("-- orm: no-transaction\n"), "{sql}");
    assert!(
        sql.contains("CREATE INDEX CONCURRENTLY \"cli_contact_email_idx\""),
        "{sql}"
    );
    let (_, out) = m.run(Some(second), &["migrate"]).await;
    assert_eq!(
        out,
        "Applied 0002_add_email\nApplied 0003_add_email_concurrently\n"
    );
    assert_eq!(m.run(Some(second), &["check"]).await.0, ExitCode::SUCCESS);
    let (_, out) = m.run(Some(second), &["showmigrations"]).await;
    assert_eq!(
        out,
        "[X] 0001_initial\n[X] 0002_add_email\n[X] 0003_add_email_concurrently\n"
    );

    // Dropping a field needs an explicit allow.
    let refused = m.fails(Some(third), &["makemigrations"]).await;
    assert!(
        refused.contains("drop column \"cli_contact\".\"name\""),
        "{refused}"
    );
    let (_, out) = m
        .run(
            Some(third),
            &["makemigrations", "--allow-destructive", "--dry-run"],
        )
        .await;
    assert!(
        out.contains("ALTER TABLE \"cli_contact\" DROP COLUMN \"name\";"),
        "{out}"
    );

    // For CI: is a migration missing? Nothing is written.
    let (code, out) = m
        .run(Some(third), &["makemigrations", "--replay", "--check"])
        .await;
    assert_eq!(code, ExitCode::from(1));
    assert!(
        out.contains("  drop column \"cli_contact\".\"name\""),
        "{out}"
    );
    let scratch = server.fresh_database("orm_cli_probe").await.unwrap();
    let left = scratch
        .query(
            "SELECT count(*) FROM pg_database WHERE datname LIKE 'orm_replay_%'",
            &[],
        )
        .await
        .unwrap();
    assert_eq!(left[0].get::<_, i64>(0), 0, "scratch databases are dropped");
    scratch.close();
    server.drop_database("orm_cli_probe").await.unwrap();

    // Inspect and graph.
    let (_, source) = m.run(Some(second), &["inspect"]).await;
    assert!(source.contains("pub struct CliContact {"), "{source}");
    assert!(
        source.contains("    #[orm(index)]\n    pub email: Option<String>,"),
        "{source}"
    );
    let (_, mermaid) = m.run(Some(second), &["graph"]).await;
    assert!(
        mermaid.starts_with("erDiagram\n    cli_contact {\n        bigint id PK\n"),
        "{mermaid}"
    );
    let (_, dot) = m
        .run(Some(second), &["graph", "--format", "dot", "--database"])
        .await;
    assert!(dot.starts_with("digraph schema {"), "{dot}");

    // The standalone binary has the database-only commands.
    let (_, out) = m.run(None, &["showmigrations"]).await;
    assert!(out.starts_with("[X] 0001_initial\n"), "{out}");
    let refused = m.fails(None, &["makemigrations"]).await;
    assert!(
        refused.contains("needs the application's models"),
        "{refused}"
    );
    let (code, help) = m.run(None, &["--help"]).await;
    assert_eq!(code, ExitCode::SUCCESS);
    assert!(
        help.contains("makemigrations") && help.contains("showmigrations"),
        "{help}"
    );

    std::fs::remove_dir_all(&dir).unwrap();
    server.drop_database(name).await.unwrap();
}
