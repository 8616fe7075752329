//! THIS ORM: the slot for the contender the suite exists to measure.
//!
//! PLACEHOLDER. The query API (`#[derive(Model)]`, `User::objects().all(&db)`,
//! `.prefetch(...)`, `insert_many`) is being written in parallel and does not
//! exist yet. Until it lands, this module runs every workload on what exists
//! now: [`orm_postgres::Db`] (the deadpool pool, here of one connection) and
//! [`Executor`] with its per-connection prepared-statement cache, decoding
//! rows by hand. The report labels it [`NAME`] so nobody mistakes these
//! numbers for the derive API's.
//!
//! To swap in the real API, edit only this file: derive `Model` on `User`,
//! `Post` and `Comment` (tables `users`, `posts`, `comments`), replace each
//! method body with the ORM call (`User::objects().all(&self.db)`, a
//! `select_related`/left join for `medium`, `.prefetch(User::POSTS)` nested
//! with `Post::COMMENTS` for `associations`, `User::insert_many` for
//! `insert` and the ORM's bulk path for `bulk_load`), keep the fingerprints,
//! and rename [`NAME`] to "orm".

use orm_postgres::tokio_postgres::Row;
use orm_postgres::{Db, Executor, Param};

use super::{Contender, UsersWithPosts, group_by_parent};
use crate::BenchResult;
use crate::check::{self, Check};
use crate::connection::ConnectionFacts;
use crate::workload::NewUser;

pub(crate) const NAME: &str = "orm (Db, raw rows)";
pub(crate) const BULK_METHOD: &str = "INSERT ... SELECT FROM unnest($1, $2), two array parameters";

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

/// A pool of one connection.
pub(crate) struct Orm {
    db: Db,
}

impl Orm {
    pub(crate) async fn connect(facts: &ConnectionFacts) -> BenchResult<Orm> {
        let db = Db::builder_from_config(facts.config.clone())
            .max_size(1)
            .connect()
            .await?;
        Ok(Orm { db })
    }
}

impl Contender for Orm {
    async fn trivial(&mut self) -> BenchResult<Check> {
        let rows = self
            .db
            .query("SELECT id, name, hair_color FROM users", &[])
            .await?;
        let users: Vec<User> = rows.iter().map(|r| User::from_row(r, 0)).collect();
        let mut check = Check::default();
        for u in &users {
            check.add(check::user(u.id, &u.name, u.hair_color.as_deref()));
        }
        Ok(check)
    }

    async fn medium(&mut self) -> BenchResult<Check> {
        let rows = self
            .db
            .query(
                "SELECT users.id, users.name, users.hair_color, \
                 posts.id, posts.user_id, posts.title, posts.body \
                 FROM users LEFT JOIN posts ON users.id = posts.user_id \
                 WHERE users.hair_color = $1",
                &[&"black"],
            )
            .await?;
        let pairs: Vec<(User, Option<Post>)> = rows
            .iter()
            .map(|r| {
                let post = r
                    .get::<_, Option<i32>>(3)
                    .is_some()
                    .then(|| Post::from_row(r, 3));
                (User::from_row(r, 0), post)
            })
            .collect();
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
        let rows = self
            .db
            .query("SELECT id, name, hair_color FROM users", &[])
            .await?;
        let users: Vec<User> = rows.iter().map(|r| User::from_row(r, 0)).collect();
        let user_ids: Vec<i32> = users.iter().map(|u| u.id).collect();
        let rows = self
            .db
            .query(
                "SELECT id, user_id, title, body FROM posts WHERE user_id = ANY($1)",
                &[&user_ids],
            )
            .await?;
        let posts: Vec<Post> = rows.iter().map(|r| Post::from_row(r, 0)).collect();
        let post_ids: Vec<i32> = posts.iter().map(|p| p.id).collect();
        let rows = self
            .db
            .query(
                "SELECT id, post_id, text FROM comments WHERE post_id = ANY($1)",
                &[&post_ids],
            )
            .await?;
        let comments: Vec<Comment> = rows
            .iter()
            .map(|r| Comment {
                id: r.get(0),
                post_id: r.get(1),
                text: r.get(2),
            })
            .collect();
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
        // What `insert_many` will do: render the statement for this row
        // count (the statement cache makes the second call a hit), bind.
        let sql = super::multi_row_insert(users.len());
        let mut params: Vec<Param<'_>> = Vec::with_capacity(users.len() * 2);
        for u in users {
            params.push(&u.name);
            params.push(&u.hair_color);
        }
        let written = self.db.execute(&sql, &params).await?;
        Ok(Check::written(written))
    }

    async fn bulk_load(&mut self, users: &[NewUser]) -> BenchResult<Check> {
        let names: Vec<&str> = users.iter().map(|u| u.name.as_str()).collect();
        let hair_colors: Vec<Option<&str>> =
            users.iter().map(|u| u.hair_color.as_deref()).collect();
        let written = self
            .db
            .execute(
                "INSERT INTO users (name, hair_color) \
                 SELECT * FROM unnest($1::varchar[], $2::varchar[])",
                &[&names, &hair_colors],
            )
            .await?;
        Ok(Check::written(written))
    }
}
