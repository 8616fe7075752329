//! The schema of `diesel_bench`, and the seeder: a connection of its own
//! (no contender's) that creates the tables, empties them, fills them for
//! each workload and reads back what a write left behind.

use tokio_postgres::{Client, Config, NoTls};

use crate::BenchResult;
use crate::check::{self, Check};
use crate::workload::Workload;

/// `diesel_bench`'s tables, exactly.
const SCHEMA: &str = "
DROP TABLE IF EXISTS comments, posts, users;
CREATE TABLE users (
    id SERIAL PRIMARY KEY,
    name VARCHAR NOT NULL,
    hair_color VARCHAR
);
CREATE TABLE posts (
    id SERIAL PRIMARY KEY,
    user_id INTEGER NOT NULL REFERENCES users,
    title VARCHAR NOT NULL,
    body TEXT
);
CREATE TABLE comments (
    id SERIAL PRIMARY KEY,
    post_id INTEGER NOT NULL REFERENCES posts,
    text TEXT NOT NULL
);
CREATE INDEX posts_user_id ON posts (user_id);
";

const TRUNCATE: &str = "TRUNCATE users, posts, comments RESTART IDENTITY";

/// The seeder's own connection.
pub(crate) struct Seeder {
    client: Client,
}

impl Seeder {
    /// Connects and creates the schema afresh.
    pub(crate) async fn connect(config: &Config) -> BenchResult<Seeder> {
        let (client, connection) = config.connect(NoTls).await?;
        tokio::spawn(connection);
        client.batch_execute(SCHEMA).await?;
        Ok(Seeder { client })
    }

    /// The server's version string.
    pub(crate) async fn server_version(&self) -> BenchResult<String> {
        let row = self.client.query_one("SHOW server_version", &[]).await?;
        Ok(row.get(0))
    }

    /// Empties every table and restarts the id sequences, so every
    /// contender's writes get the same ids.
    pub(crate) async fn truncate(&self) -> BenchResult<()> {
        self.client.batch_execute(TRUNCATE).await?;
        Ok(())
    }

    /// Empties the tables and fills them for `workload` at `size`, then
    /// analyses them so the plans are stable. Ids start at 1.
    pub(crate) async fn seed(&self, workload: Workload, size: usize) -> BenchResult<()> {
        self.truncate().await?;
        let n = i32::try_from(size)?;
        match workload {
            Workload::Trivial => {
                self.client
                    .execute(
                        "INSERT INTO users (name, hair_color) \
                         SELECT 'User ' || i, NULL FROM generate_series(0, $1 - 1) AS i ORDER BY i",
                        &[&n],
                    )
                    .await?;
            }
            Workload::Medium => {
                self.client
                    .execute(
                        "INSERT INTO users (name, hair_color) \
                         SELECT 'User ' || i, CASE WHEN i % 2 = 0 THEN 'black' ELSE 'brown' END \
                         FROM generate_series(0, $1 - 1) AS i ORDER BY i",
                        &[&n],
                    )
                    .await?;
            }
            Workload::Associations => {
                self.client
                    .batch_execute(&format!(
                        "INSERT INTO users (name, hair_color) \
                         SELECT 'User ' || i, NULL FROM generate_series(0, {users} - 1) AS i ORDER BY i;
                         INSERT INTO posts (user_id, title, body) \
                         SELECT u.id, 'Post ' || j || ' by user ' || u.id, NULL \
                         FROM users u, generate_series(0, 9) AS j ORDER BY u.id, j;
                         INSERT INTO comments (post_id, text) \
                         SELECT p.id, 'Comment ' || k || ' on post ' || p.id \
                         FROM posts p, generate_series(0, 9) AS k ORDER BY p.id, k;",
                        users = n
                    ))
                    .await?;
            }
            Workload::Insert | Workload::BulkLoad => {}
        }
        self.client
            .batch_execute("VACUUM ANALYZE users, posts, comments")
            .await?;
        Ok(())
    }

    /// The fingerprint of every user row, as the write workloads left them.
    pub(crate) async fn users_written(&self) -> BenchResult<Check> {
        let rows = self
            .client
            .query("SELECT id, name, hair_color FROM users", &[])
            .await?;
        let mut check = Check::default();
        for row in &rows {
            check.add(check::user(row.get(0), row.get(1), row.get(2)));
        }
        Ok(check)
    }
}
