//! The floor: hand-written tokio-postgres. Every statement is prepared once,
//! before any timing; rows are decoded by column index into plain structs
//! as they stream in (`query_raw`), so decoding overlaps the transfer; the
//! bulk load is a binary COPY. The crm prefetch pipelines its two
//! `= ANY($1)` child queries in one round trip; the translations are one
//! statement of four LEFT JOINs (eight with `COALESCE` for the chain).
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

use super::{Contender, UsersWithPosts, Variant, group_by_parent, multi_row_insert};
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

struct Contact {
    id: i64,
    name: String,
}

struct Phone {
    contact_id: i64,
    id: i64,
    number: String,
}

struct Address {
    contact_id: i64,
    id: i64,
    street: String,
    city: Option<String>,
}

/// A page with its four label keys and their texts (content, keywords,
/// description, title).
struct Page {
    id: i64,
    code: String,
    #[allow(dead_code, reason = "decoded like the ORM's models decode them")]
    labels: [Option<i64>; 4],
    texts: [Option<String>; 4],
}

/// The translated fields, in the order of the page's columns.
const FIELDS: [&str; 4] = ["content", "keywords", "description", "title"];

/// Pages with their four texts: one LEFT JOIN per field with the language
/// in ON (`ru` = `$1`); with `chain`, a second LEFT JOIN per field for
/// `en` (`$2`) and `COALESCE(ru, en)`.
fn pages_sql(chain: bool) -> String {
    let mut select = String::from(
        "SELECT p.id, p.code, p.content_id, p.keywords_id, p.description_id, p.title_id",
    );
    let mut from = String::from(" FROM tr_page p");
    for (k, field) in FIELDS.iter().enumerate() {
        if chain {
            select.push_str(&format!(", COALESCE(r{k}.text, e{k}.text)"));
            from.push_str(&format!(
                " LEFT JOIN tr_translation r{k} ON r{k}.des_id = p.{field}_id AND r{k}.lng = $1 \
                 LEFT JOIN tr_translation e{k} ON e{k}.des_id = p.{field}_id AND e{k}.lng = $2"
            ));
        } else {
            select.push_str(&format!(", t{k}.text"));
            from.push_str(&format!(
                " LEFT JOIN tr_translation t{k} ON t{k}.des_id = p.{field}_id AND t{k}.lng = $1"
            ));
        }
    }
    select + &from
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
    contacts: Statement,
    phones_of_contacts: Statement,
    addresses_of_contacts: Statement,
    pages_ru: Statement,
    pages_chain: Statement,
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
        let contacts = client.prepare("SELECT id, name FROM crm_contact").await?;
        let phones_of_contacts = client
            .prepare(
                "SELECT j.contact_id, p.id, p.number FROM crm_contact_phones j \
                 JOIN crm_phone p ON p.id = j.phone_id WHERE j.contact_id = ANY($1)",
            )
            .await?;
        let addresses_of_contacts = client
            .prepare(
                "SELECT j.contact_id, a.id, a.street, a.city FROM crm_contact_addresses j \
                 JOIN crm_address a ON a.id = j.address_id WHERE j.contact_id = ANY($1)",
            )
            .await?;
        let pages_ru = client.prepare(&pages_sql(false)).await?;
        let pages_chain = client.prepare(&pages_sql(true)).await?;
        Ok(Floor {
            client,
            buffered,
            users,
            medium,
            posts_of_users,
            comments_of_posts,
            copy_users,
            contacts,
            phones_of_contacts,
            addresses_of_contacts,
            pages_ru,
            pages_chain,
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
    fn variants(&self, workload: Workload, _size: usize) -> Vec<Variant> {
        let name = if self.buffered { BUFFERED_NAME } else { NAME };
        match workload {
            Workload::Crm | Workload::Translations | Workload::TranslationsChain => {
                vec![Variant::run(name)]
            }
            _ => Vec::new(),
        }
    }

    async fn crm(&mut self, _variant: usize) -> BenchResult<Check> {
        let contacts = self
            .load(&self.contacts, &[], |r| Contact {
                id: r.get(0),
                name: r.get(1),
            })
            .await?;
        let ids: Vec<i64> = contacts.iter().map(|c| c.id).collect();
        // Both collections in one round trip: tokio-postgres pipelines
        // requests that are in flight together on one connection.
        let params: [&(dyn ToSql + Sync); 1] = [&ids];
        let (phones, addresses) = tokio::try_join!(
            self.load(&self.phones_of_contacts, &params, |r| Phone {
                contact_id: r.get(0),
                id: r.get(1),
                number: r.get(2),
            }),
            self.load(&self.addresses_of_contacts, &params, |r| Address {
                contact_id: r.get(0),
                id: r.get(1),
                street: r.get(2),
                city: r.get(3),
            }),
        )?;
        let phones = group_by_parent(ids.iter().copied(), phones, |p| p.contact_id);
        let addresses = group_by_parent(ids.iter().copied(), addresses, |a| a.contact_id);
        let mut check = Check::default();
        for ((c, phones), addresses) in contacts.iter().zip(&phones).zip(&addresses) {
            check.add(check::contact(c.id, &c.name));
            for p in phones {
                check.add(check::contact_phone(c.id, p.id, &p.number));
            }
            for a in addresses {
                check.add(check::contact_address(
                    c.id,
                    a.id,
                    &a.street,
                    a.city.as_deref(),
                ));
            }
        }
        Ok(check)
    }

    async fn translations(&mut self, _variant: usize, chain: bool) -> BenchResult<Check> {
        let decode = |r: &Row| Page {
            id: r.get(0),
            code: r.get(1),
            labels: [r.get(2), r.get(3), r.get(4), r.get(5)],
            texts: [r.get(6), r.get(7), r.get(8), r.get(9)],
        };
        let pages = if chain {
            self.load(&self.pages_chain, &[&"ru", &"en"], decode)
                .await?
        } else {
            self.load(&self.pages_ru, &[&"ru"], decode).await?
        };
        let mut check = Check::default();
        for p in &pages {
            let [a, b, c, d] = &p.texts;
            check.add(check::page(
                p.id,
                &p.code,
                [a.as_deref(), b.as_deref(), c.as_deref(), d.as_deref()],
            ));
        }
        Ok(check)
    }

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
