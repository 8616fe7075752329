//! diesel-async: `AsyncPgConnection` (over tokio-postgres), the `table!`
//! DSL, `Queryable`/`Selectable` structs, `belonging_to` + `grouped_by` for
//! the associations, `insert_into(..).values(&vec)` for writes. Diesel
//! caches the prepared statements of queries whose SQL is fixed.

use diesel::prelude::*;
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use tokio_postgres::NoTls;

use super::{Contender, UsersWithPosts};
use crate::BenchResult;
use crate::check::{self, Check};
use crate::connection::ConnectionFacts;
use crate::workload::NewUser;

pub(crate) const NAME: &str = "diesel-async";
pub(crate) const BULK_METHOD: &str = "insert_into(users).values(&vec) of 10 000 rows";

mod schema {
    diesel::table! {
        users (id) {
            id -> Int4,
            name -> Varchar,
            hair_color -> Nullable<Varchar>,
        }
    }

    diesel::table! {
        posts (id) {
            id -> Int4,
            user_id -> Int4,
            title -> Varchar,
            body -> Nullable<Text>,
        }
    }

    diesel::table! {
        comments (id) {
            id -> Int4,
            post_id -> Int4,
            text -> Text,
        }
    }

    diesel::joinable!(posts -> users (user_id));
    diesel::joinable!(comments -> posts (post_id));
    diesel::allow_tables_to_appear_in_same_query!(users, posts, comments);
}

use schema::{comments, posts, users};

#[derive(Queryable, Selectable, Identifiable)]
#[diesel(table_name = users, check_for_backend(diesel::pg::Pg))]
struct User {
    id: i32,
    name: String,
    hair_color: Option<String>,
}

#[derive(Queryable, Selectable, Identifiable, Associations)]
#[diesel(table_name = posts, belongs_to(User), check_for_backend(diesel::pg::Pg))]
struct Post {
    id: i32,
    user_id: i32,
    title: String,
    body: Option<String>,
}

#[derive(Queryable, Selectable, Identifiable, Associations)]
#[diesel(table_name = comments, belongs_to(Post), check_for_backend(diesel::pg::Pg))]
struct Comment {
    id: i32,
    post_id: i32,
    text: String,
}

#[derive(Insertable)]
#[diesel(table_name = users)]
struct InsertUser<'a> {
    name: &'a str,
    hair_color: Option<&'a str>,
}

fn insertable(users: &[NewUser]) -> Vec<InsertUser<'_>> {
    users
        .iter()
        .map(|u| InsertUser {
            name: &u.name,
            hair_color: u.hair_color.as_deref(),
        })
        .collect()
}

pub(crate) struct DieselAsync {
    conn: AsyncPgConnection,
}

impl DieselAsync {
    pub(crate) async fn connect(facts: &ConnectionFacts) -> BenchResult<DieselAsync> {
        let (client, connection) = facts.config.connect(NoTls).await?;
        let conn = AsyncPgConnection::try_from_client_and_connection(client, connection).await?;
        Ok(DieselAsync { conn })
    }
}

impl Contender for DieselAsync {
    async fn trivial(&mut self) -> BenchResult<Check> {
        let loaded: Vec<User> = users::table
            .select(User::as_select())
            .load(&mut self.conn)
            .await?;
        let mut check = Check::default();
        for u in &loaded {
            check.add(check::user(u.id, &u.name, u.hair_color.as_deref()));
        }
        Ok(check)
    }

    async fn medium(&mut self) -> BenchResult<Check> {
        let pairs: Vec<(User, Option<Post>)> = users::table
            .left_join(posts::table)
            .filter(users::hair_color.eq("black"))
            .select((User::as_select(), Option::<Post>::as_select()))
            .load(&mut self.conn)
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
        let all_users: Vec<User> = users::table
            .select(User::as_select())
            .load(&mut self.conn)
            .await?;
        let all_posts: Vec<Post> = Post::belonging_to(&all_users)
            .select(Post::as_select())
            .load(&mut self.conn)
            .await?;
        let all_comments: Vec<Comment> = Comment::belonging_to(&all_posts)
            .select(Comment::as_select())
            .load(&mut self.conn)
            .await?;
        let comments = all_comments.grouped_by(&all_posts);
        let posts = all_posts.into_iter().zip(comments).grouped_by(&all_users);
        let loaded: UsersWithPosts<User, Post, Comment> =
            all_users.into_iter().zip(posts).collect();
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
        let written = diesel::insert_into(users::table)
            .values(&insertable(users))
            .execute(&mut self.conn)
            .await?;
        Ok(Check::written(written as u64))
    }

    async fn bulk_load(&mut self, users: &[NewUser]) -> BenchResult<Check> {
        let written = diesel::insert_into(users::table)
            .values(&insertable(users))
            .execute(&mut self.conn)
            .await?;
        Ok(Check::written(written as u64))
    }
}
