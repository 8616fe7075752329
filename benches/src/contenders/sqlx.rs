//! SQLx: one `PgConnection`, `query_as` into `#[derive(FromRow)]` structs
//! (statements are prepared and cached by SQLx on first use), `QueryBuilder`
//! for the multi-row INSERT and `unnest` arrays for the bulk load, as SQLx's
//! documentation recommends.

use ::sqlx::postgres::{PgConnectOptions, PgConnection};
use ::sqlx::{ConnectOptions, FromRow, Postgres, QueryBuilder};

use super::{Contender, UsersWithPosts, group_by_parent};
use crate::BenchResult;
use crate::check::{self, Check};
use crate::connection::ConnectionFacts;
use crate::workload::NewUser;

pub(crate) const NAME: &str = "SQLx";
pub(crate) const BULK_METHOD: &str = "INSERT ... SELECT FROM unnest($1, $2), two array parameters";

#[derive(FromRow)]
struct User {
    id: i32,
    name: String,
    hair_color: Option<String>,
}

#[derive(FromRow)]
struct Post {
    id: i32,
    user_id: i32,
    title: String,
    body: Option<String>,
}

#[derive(FromRow)]
struct Comment {
    id: i32,
    post_id: i32,
    text: String,
}

/// The medium query's row: a user and the columns of a post that may be
/// missing.
#[derive(FromRow)]
struct UserWithPost {
    #[sqlx(flatten)]
    user: User,
    post_id: Option<i32>,
    post_user_id: Option<i32>,
    post_title: Option<String>,
    post_body: Option<String>,
}

/// SQLx's connect options for the benchmark database (also used by the
/// SeaORM contender, which runs on SQLx).
pub(crate) fn connect_options(facts: &ConnectionFacts) -> PgConnectOptions {
    let mut options = PgConnectOptions::new()
        .host(&facts.host)
        .port(facts.port)
        .username(&facts.user)
        .database(&facts.dbname)
        .disable_statement_logging();
    if let Some(password) = &facts.password {
        options = options.password(password);
    }
    options
}

pub(crate) struct Sqlx {
    conn: PgConnection,
}

impl Sqlx {
    pub(crate) async fn connect(facts: &ConnectionFacts) -> BenchResult<Sqlx> {
        let conn = connect_options(facts).connect().await?;
        Ok(Sqlx { conn })
    }
}

impl Contender for Sqlx {
    async fn trivial(&mut self) -> BenchResult<Check> {
        let users: Vec<User> = ::sqlx::query_as("SELECT id, name, hair_color FROM users")
            .fetch_all(&mut self.conn)
            .await?;
        let mut check = Check::default();
        for u in &users {
            check.add(check::user(u.id, &u.name, u.hair_color.as_deref()));
        }
        Ok(check)
    }

    async fn medium(&mut self) -> BenchResult<Check> {
        let rows: Vec<UserWithPost> = ::sqlx::query_as(
            "SELECT users.id, users.name, users.hair_color, \
             posts.id AS post_id, posts.user_id AS post_user_id, \
             posts.title AS post_title, posts.body AS post_body \
             FROM users LEFT JOIN posts ON users.id = posts.user_id \
             WHERE users.hair_color = $1",
        )
        .bind("black")
        .fetch_all(&mut self.conn)
        .await?;
        let pairs: Vec<(User, Option<Post>)> = rows
            .into_iter()
            .map(|r| {
                let post = match (r.post_id, r.post_user_id, r.post_title) {
                    (Some(id), Some(user_id), Some(title)) => Some(Post {
                        id,
                        user_id,
                        title,
                        body: r.post_body,
                    }),
                    _ => None,
                };
                (r.user, post)
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
        let users: Vec<User> = ::sqlx::query_as("SELECT id, name, hair_color FROM users")
            .fetch_all(&mut self.conn)
            .await?;
        let user_ids: Vec<i32> = users.iter().map(|u| u.id).collect();
        let posts: Vec<Post> =
            ::sqlx::query_as("SELECT id, user_id, title, body FROM posts WHERE user_id = ANY($1)")
                .bind(&user_ids)
                .fetch_all(&mut self.conn)
                .await?;
        let post_ids: Vec<i32> = posts.iter().map(|p| p.id).collect();
        let comments: Vec<Comment> =
            ::sqlx::query_as("SELECT id, post_id, text FROM comments WHERE post_id = ANY($1)")
                .bind(&post_ids)
                .fetch_all(&mut self.conn)
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
        let mut builder: QueryBuilder<Postgres> =
            QueryBuilder::new("INSERT INTO users (name, hair_color) ");
        builder.push_values(users, |mut row, u| {
            row.push_bind(u.name.as_str())
                .push_bind(u.hair_color.as_deref());
        });
        let done = builder.build().execute(&mut self.conn).await?;
        Ok(Check::written(done.rows_affected()))
    }

    async fn bulk_load(&mut self, users: &[NewUser]) -> BenchResult<Check> {
        let names: Vec<&str> = users.iter().map(|u| u.name.as_str()).collect();
        let hair_colors: Vec<Option<&str>> =
            users.iter().map(|u| u.hair_color.as_deref()).collect();
        let done = ::sqlx::query(
            "INSERT INTO users (name, hair_color) \
             SELECT * FROM unnest($1::varchar[], $2::varchar[])",
        )
        .bind(&names)
        .bind(&hair_colors)
        .execute(&mut self.conn)
        .await?;
        Ok(Check::written(done.rows_affected()))
    }
}
