//! The floor: hand-written tokio-postgres. Every statement is prepared once,
//! before any timing; rows are decoded by column index into plain structs
//! as they stream in (`query_raw`), so decoding overlaps the transfer; the
//! bulk load is a binary COPY.
//!
//! The same code also runs in a second, diagnostic variant,
//! [`BUFFERED_NAME`], which collects every row first (`client.query`, as
//! `diesel_bench`'s tokio-postgres implementation does) and decodes
//! afterwards: it shows what streaming is worth, and links these ratios to
//! the ones diesel publishes.

use std::collections::HashMap;
use std::pin::pin;

use futures_util::TryStreamExt;
use tokio_postgres::binary_copy::BinaryCopyInWriter;
use tokio_postgres::types::{BorrowToSql, ToSql, Type};
use tokio_postgres::{Client, NoTls, Row, Statement};

use super::{Contender, UsersWithPosts, group_by_parent, multi_row_insert};
use crate::BenchResult;
use crate::check::{self, Check};
use crate::connection::ConnectionFacts;
use crate::workload::{NewUser, Workload};

pub(crate) const NAME: &str = "tokio-postgres (floor)";
pub(crate) const BUFFERED_NAME: &str = "tokio-postgres, buffered";
pub(crate) const BULK_METHOD: &str = "binary COPY";

struct User {
    id: i32,
    name: String,
    hair_color: Option<String>,
}

impl User {
    fn from_row(row: &Row, at: usize) -> User {
        User {
            id: row.get(at),
            name: row.get(at + 1),
            hair_color: row.get(at + 2),
        }
    }
}

struct Post {
    id: i32,
    user_id: i32,
    title: String,
    body: Option<String>,
}

impl Post {
    fn from_row(row: &Row, at: usize) -> Post {
        Post {
            id: row.get(at),
            user_id: row.get(at + 1),
            title: row.get(at + 2),
            body: row.get(at + 3),
        }
    }
}

struct Comment {
    id: i32,
    post_id: i32,
    text: String,
}

/// One connection and its prepared statements.
pub(crate) struct Floor {
    client: Client,
    /// Collect all rows before decoding (`client.query`) instead of
    /// decoding them as they stream in.
    buffered: bool,
    users: Statement,
    medium: Statement,
    posts_of_users: Statement,
    comments_of_posts: Statement,
    copy_users: Statement,
    /// The multi-row INSERT for each size, prepared by `prepare`.
    inserts: HashMap<usize, Statement>,
}

impl Floor {
    /// Connects and prepares; `buffered` picks the diagnostic variant.
    pub(crate) async fn connect(facts: &ConnectionFacts, buffered: bool) -> BenchResult<Floor> {
        let (client, connection) = facts.config.connect(NoTls).await?;
        tokio::spawn(connection);
        let users = client
            .prepare("SELECT id, name, hair_color FROM users")
            .await?;
        let medium = client
            .prepare(
                "SELECT users.id, users.name, users.hair_color, \
                 posts.id, posts.user_id, posts.title, posts.body \
                 FROM users LEFT JOIN posts ON users.id = posts.user_id \
                 WHERE users.hair_color = $1",
            )
            .await?;
        let posts_of_users = client
            .prepare("SELECT id, user_id, title, body FROM posts WHERE user_id = ANY($1)")
            .await?;
        let comments_of_posts = client
            .prepare("SELECT id, post_id, text FROM comments WHERE post_id = ANY($1)")
            .await?;
        let copy_users = client
            .prepare("COPY users (name, hair_color) FROM STDIN (FORMAT binary)")
            .await?;
        Ok(Floor {
            client,
            buffered,
            users,
            medium,
            posts_of_users,
            comments_of_posts,
            copy_users,
            inserts: HashMap::new(),
        })
    }
}

impl Floor {
    /// Runs a prepared statement and decodes each row as it arrives (or,
    /// buffered, after all have arrived).
    async fn load<T>(
        &self,
        statement: &Statement,
        params: &[&(dyn ToSql + Sync)],
        decode: impl Fn(&Row) -> T,
    ) -> BenchResult<Vec<T>> {
        if self.buffered {
            let rows = self.client.query(statement, params).await?;
            return Ok(rows.iter().map(decode).collect());
        }
        let rows = self
            .client
            .query_raw(statement, params.iter().map(|p| p.borrow_to_sql()))
            .await?;
        let mut rows = pin!(rows);
        let mut out = Vec::new();
        while let Some(row) = rows.try_next().await? {
            out.push(decode(&row));
        }
        Ok(out)
    }
}

impl Contender for Floor {
    async fn prepare(&mut self, workload: Workload, size: usize) -> BenchResult<()> {
        if workload == Workload::Insert && !self.inserts.contains_key(&size) {
            let statement = self.client.prepare(&multi_row_insert(size)).await?;
            self.inserts.insert(size, statement);
        }
        Ok(())
    }

    async fn trivial(&mut self) -> BenchResult<Check> {
        let users = self
            .load(&self.users, &[], |r| User::from_row(r, 0))
            .await?;
        let mut check = Check::default();
        for u in &users {
            check.add(check::user(u.id, &u.name, u.hair_color.as_deref()));
        }
        Ok(check)
    }

    async fn medium(&mut self) -> BenchResult<Check> {
        let pairs: Vec<(User, Option<Post>)> = self
            .load(&self.medium, &[&"black"], |r| {
                let post = r
                    .get::<_, Option<i32>>(3)
                    .is_some()
                    .then(|| Post::from_row(r, 3));
                (User::from_row(r, 0), post)
            })
            .await?;
        let mut check = Check::default();
        for (u, p) in &pairs {
            let post = p.as_ref().map_or(0, |p| {
                check::post(p.id, p.user_id, &p.title, p.body.as_deref())
            });
            check.add(check::user(u.id, &u.name, u.hair_color.as_deref()) + post);
        }
        Ok(check)
    }

    async fn associations(&mut self) -> BenchResult<Check> {
        let users = self
            .load(&self.users, &[], |r| User::from_row(r, 0))
            .await?;
        let user_ids: Vec<i32> = users.iter().map(|u| u.id).collect();
        let posts = self
            .load(&self.posts_of_users, &[&user_ids], |r| Post::from_row(r, 0))
            .await?;
        let post_ids: Vec<i32> = posts.iter().map(|p| p.id).collect();
        let comments = self
            .load(&self.comments_of_posts, &[&post_ids], |r| Comment {
                id: r.get(0),
                post_id: r.get(1),
                text: r.get(2),
            })
            .await?;
        let comments = group_by_parent(post_ids.iter().copied(), comments, |c| c.post_id);
        let posts: Vec<(Post, Vec<Comment>)> = posts.into_iter().zip(comments).collect();
        let posts = group_by_parent(user_ids.iter().copied(), posts, |(p, _)| p.user_id);
        let loaded: UsersWithPosts<User, Post, Comment> = users.into_iter().zip(posts).collect();
        let mut check = Check::default();
        for (u, posts) in &loaded {
            for (p, comments) in posts {
                for c in comments {
                    check.add(check::nested_comment(u.id, p.id, c.id, &c.text));
                }
            }
        }
        Ok(check)
    }

    async fn insert(&mut self, users: &[NewUser]) -> BenchResult<Check> {
        let statement = self
            .inserts
            .get(&users.len())
            .ok_or("the floor's INSERT was not prepared for this size")?;
        let mut params: Vec<&(dyn ToSql + Sync)> = Vec::with_capacity(users.len() * 2);
        for u in users {
            params.push(&u.name);
            params.push(&u.hair_color);
        }
        let written = self.client.execute(statement, &params).await?;
        Ok(Check::written(written))
    }

    async fn bulk_load(&mut self, users: &[NewUser]) -> BenchResult<Check> {
        let sink = self.client.copy_in(&self.copy_users).await?;
        let mut writer = pin!(BinaryCopyInWriter::new(
            sink,
            &[Type::VARCHAR, Type::VARCHAR]
        ));
        for u in users {
            writer.as_mut().write(&[&u.name, &u.hair_color]).await?;
        }
        let written = writer.finish().await?;
        Ok(Check::written(written))
    }
}
