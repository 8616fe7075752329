//! This ORM, through its public API only: `#[derive(Model)]` structs for
//! `users`, `posts` and `comments`, `User::objects().all(&db)`, `prefetch`
//! with [`Strategy`] and nested [`Prefetch::of`], `Model::insert_many`. It
//! runs on an [`orm_postgres::Db`] of one connection (the deadpool pool with
//! its per-connection statement cache).
//!
//! The medium query (`users LEFT JOIN posts ... WHERE hair_color = 'black'`
//! as `(User, Option<Post>)`) uses the explicit join API: `Join::left::<Post>()`
//! on `posts.user_id = users.id`, the post's columns selected into a typed
//! tuple next to each user (`select_extra`) — one statement, like the
//! floor's. (An earlier run used `prefetch(User::POSTS)`: two round trips,
//! 1.15x-1.45x the floor at 1 000 and 10 000 users.)

use orm_core::prelude::*;
use orm_core::{Fallback, Strategy};
use orm_postgres::Db;

use super::{Contender, Variant};
use crate::BenchResult;
use crate::check::{self, Check};
use crate::connection::ConnectionFacts;
use crate::workload::{LOOP_PAGES, NewUser, Workload};

pub(crate) const NAME: &str = "orm";
pub(crate) const BULK_METHOD: &str =
    "Model::insert_many (multi-row INSERT ... RETURNING, 1 000 rows per statement)";

/// `diesel_bench`'s `users`.
#[derive(Model, Debug, Clone)]
#[orm(table = "users")]
pub(crate) struct User {
    #[orm(primary_key, auto)]
    id: i32,
    name: String,
    hair_color: Option<String>,
    #[orm(via = user)]
    posts: Reverse<Post>,
}

/// `diesel_bench`'s `posts`.
#[derive(Model, Debug, Clone)]
#[orm(table = "posts")]
pub(crate) struct Post {
    #[orm(primary_key, auto)]
    id: i32,
    #[orm(related_name = "+")]
    user: ForeignKey<User>,
    title: String,
    body: Option<String>,
    #[orm(via = post)]
    comments: Reverse<Comment>,
}

/// `diesel_bench`'s `comments`.
#[derive(Model, Debug, Clone)]
#[orm(table = "comments")]
pub(crate) struct Comment {
    #[orm(primary_key, auto)]
    id: i32,
    #[orm(related_name = "+")]
    post: ForeignKey<Post>,
    text: String,
}

/// A contact with phones and addresses, many-to-many through the automatic
/// junction tables `crm_contact_phones` and `crm_contact_addresses`.
#[derive(Model, Debug, Clone)]
#[orm(table = "crm_contact")]
pub(crate) struct Contact {
    #[orm(primary_key, auto)]
    id: i64,
    #[orm(max_length = 255)]
    name: String,
    phones: ManyToMany<Phone>,
    addresses: ManyToMany<Address>,
}

#[derive(Model, Debug, Clone)]
#[orm(table = "crm_phone")]
pub(crate) struct Phone {
    #[orm(primary_key, auto)]
    id: i64,
    #[orm(max_length = 32, unique)]
    number: String,
}

#[derive(Model, Debug, Clone)]
#[orm(table = "crm_address")]
pub(crate) struct Address {
    #[orm(primary_key, auto)]
    id: i64,
    #[orm(max_length = 255)]
    street: String,
    city: Option<String>,
}

/// A label: only an id; its texts live in [`Translation`].
#[derive(Model, Debug, Clone)]
#[orm(table = "tr_label")]
pub(crate) struct Label {
    #[orm(primary_key, auto)]
    id: i64,
    #[orm(via = des)]
    translations: Reverse<Translation>,
}

/// The text of a label in a language.
#[derive(Model, Debug, Clone)]
#[orm(
    table = "tr_translation",
    unique_together(des, lng),
    translations(label = des, language = lng, text = text)
)]
pub(crate) struct Translation {
    #[orm(primary_key, auto)]
    id: i64,
    text: Option<String>,
    #[orm(max_length = 8, index)]
    lng: String,
    #[orm(on_delete = Cascade)]
    des: ForeignKey<Label>,
}

/// A page with four translated fields.
#[derive(Model, Debug, Clone)]
#[orm(table = "tr_page")]
pub(crate) struct Page {
    #[orm(primary_key, auto)]
    id: i64,
    #[orm(max_length = 64, unique)]
    code: String,
    #[orm(on_delete = SetNull, related_name = "+")]
    content: Option<ForeignKey<Label>>,
    #[orm(on_delete = SetNull, related_name = "+")]
    keywords: Option<ForeignKey<Label>>,
    #[orm(on_delete = SetNull, related_name = "+")]
    description: Option<ForeignKey<Label>>,
    #[orm(on_delete = SetNull, related_name = "+")]
    title: Option<ForeignKey<Label>>,
}

/// The crm variants, in report order: each strategy, set with
/// `Prefetch::of(..).strategy(..)` on both relations, then the N+1 loop.
const CRM_STRATEGIES: [(Strategy, &str); 3] = [
    (Strategy::Batched, "orm, Strategy::Batched"),
    (Strategy::Join, "orm, Strategy::Join"),
    (Strategy::Lateral, "orm, Strategy::Lateral"),
];

/// The label of the crm lane that runs [`Strategy::DEFAULT`].
pub(crate) fn crm_default() -> &'static str {
    CRM_STRATEGIES
        .iter()
        .find(|(s, _)| *s == Strategy::DEFAULT)
        .map_or("orm, Strategy::Batched", |(_, label)| label)
}
/// The N+1 loop: one query per contact per relation.
pub(crate) const CRM_LOOP: &str = "orm, N+1 loop (2 queries per contact)";

/// The translation variants.
pub(crate) const TR_RU: &str = "orm, translated(\"ru\")";
pub(crate) const TR_LOOP: &str = "orm, per-field lookup loop (1 query per page and field)";
pub(crate) const TR_COALESCE: &str = "orm, translated([\"ru\",\"en\"]), Fallback::Coalesce";
pub(crate) const TR_LATERAL: &str = "orm, translated([\"ru\",\"en\"]), Fallback::Lateral";

/// A pool of one connection.
pub(crate) struct Orm {
    pub(crate) db: Db,
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

fn new_users(users: &[NewUser]) -> Vec<User> {
    users
        .iter()
        .map(|u| User {
            id: 0,
            name: u.name.clone(),
            hair_color: u.hair_color.clone(),
            posts: Reverse::default(),
        })
        .collect()
}

fn post_print(p: &Post) -> i64 {
    check::post(p.id, *p.user.key(), &p.title, p.body.as_deref())
}

/// Fingerprints loaded contacts.
fn crm_check(contacts: &[Contact]) -> BenchResult<Check> {
    let mut check = Check::default();
    for c in contacts {
        check.add(check::contact(c.id, &c.name));
        for p in c.phones.loaded()? {
            check.add(check::contact_phone(c.id, p.id, &p.number));
        }
        for a in c.addresses.loaded()? {
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

/// Fingerprints translated pages.
fn pages_check(pages: &[Page]) -> BenchResult<Check> {
    let mut check = Check::default();
    for p in pages {
        check.add(check::page(
            p.id,
            &p.code,
            [
                p.translation(Page::CONTENT)?,
                p.translation(Page::KEYWORDS)?,
                p.translation(Page::DESCRIPTION)?,
                p.translation(Page::TITLE)?,
            ],
        ));
    }
    Ok(check)
}

impl Orm {
    /// The N+1 loop: the contacts, then each contact's phones and addresses
    /// with a query each, as code without prefetch does.
    async fn crm_loop(&self) -> BenchResult<Check> {
        let mut contacts = Contact::objects().all(&self.db).await?;
        for c in &mut contacts {
            let phones = Phone::objects()
                .filter(Contact::PHONES.of(c)?)
                .all(&self.db)
                .await?;
            let addresses = Address::objects()
                .filter(Contact::ADDRESSES.of(c)?)
                .all(&self.db)
                .await?;
            c.phones.set_loaded(phones);
            c.addresses.set_loaded(addresses);
        }
        crm_check(&contacts)
    }

    /// The per-field lookup loop: the pages, then one query per page and
    /// translated field for its `ru` text.
    async fn translations_loop(&self) -> BenchResult<Check> {
        let pages = Page::objects().all(&self.db).await?;
        let mut check = Check::default();
        for p in &pages {
            let mut texts: [Option<String>; 4] = Default::default();
            for (text, key) in
                texts
                    .iter_mut()
                    .zip([&p.content, &p.keywords, &p.description, &p.title])
            {
                if let Some(key) = key {
                    *text = Translation::objects()
                        .filter(Translation::DES.eq(*key.key()) & Translation::LNG.eq("ru"))
                        .first(&self.db)
                        .await?
                        .and_then(|t| t.text);
                }
            }
            let [a, b, c, d] = &texts;
            check.add(check::page(
                p.id,
                &p.code,
                [a.as_deref(), b.as_deref(), c.as_deref(), d.as_deref()],
            ));
        }
        Ok(check)
    }
}

impl Contender for Orm {
    fn variants(&self, workload: Workload, size: usize) -> Vec<Variant> {
        match workload {
            Workload::Crm => CRM_STRATEGIES
                .iter()
                .map(|(_, label)| Variant::run(label))
                .chain([Variant::run(CRM_LOOP)])
                .collect(),
            Workload::Translations if size <= LOOP_PAGES => {
                vec![Variant::run(TR_RU), Variant::run(TR_LOOP)]
            }
            Workload::Translations => vec![
                Variant::run(TR_RU),
                Variant::skip(
                    TR_LOOP,
                    "not run at this size (4 statements per page: 40 000 at 10 000 pages); \
                     measured at 200 pages",
                ),
            ],
            Workload::TranslationsChain => {
                vec![Variant::run(TR_COALESCE), Variant::run(TR_LATERAL)]
            }
            _ => Vec::new(),
        }
    }

    async fn crm(&mut self, variant: usize) -> BenchResult<Check> {
        let Some(&(strategy, _)) = CRM_STRATEGIES.get(variant) else {
            return self.crm_loop().await;
        };
        let contacts = Contact::objects()
            .prefetch(Prefetch::of(Contact::PHONES).strategy(strategy))
            .prefetch(Prefetch::of(Contact::ADDRESSES).strategy(strategy))
            .all(&self.db)
            .await?;
        crm_check(&contacts)
    }

    async fn translations(&mut self, variant: usize, chain: bool) -> BenchResult<Check> {
        let query = match (chain, variant) {
            (false, 0) => Page::objects().translated("ru"),
            (false, _) => return self.translations_loop().await,
            (true, 0) => Page::objects()
                .translated(["ru", "en"])
                .fallback(Fallback::Coalesce),
            (true, _) => Page::objects()
                .translated(["ru", "en"])
                .fallback(Fallback::Lateral),
        };
        let pages = query.all(&self.db).await?;
        pages_check(&pages)
    }

    async fn trivial(&mut self) -> BenchResult<Check> {
        let users = User::objects().all(&self.db).await?;
        let mut check = Check::default();
        for u in &users {
            check.add(check::user(u.id, &u.name, u.hair_color.as_deref()));
        }
        Ok(check)
    }

    async fn medium(&mut self) -> BenchResult<Check> {
        let posts = Join::left::<Post>();
        let rows = User::objects()
            .unordered()
            .join(posts.on(posts.column(Post::USER.key()), User::ID))
            .filter(User::HAIR_COLOR.eq("black"))
            .select_extra((
                posts.column(Post::ID),
                posts.column(Post::TITLE),
                posts.column(Post::BODY),
            ))
            .all(&self.db)
            .await?;
        let pairs: Vec<(User, Option<Post>)> = rows
            .into_iter()
            .map(|(u, (id, title, body))| {
                let post = match (id, title) {
                    (Some(id), Some(title)) => Some(Post {
                        id,
                        user: ForeignKey::new(u.id),
                        title,
                        body,
                        comments: Reverse::default(),
                    }),
                    _ => None,
                };
                (u, post)
            })
            .collect();
        let mut check = Check::default();
        for (u, p) in &pairs {
            let post = p.as_ref().map_or(0, post_print);
            check.add(check::user(u.id, &u.name, u.hair_color.as_deref()) + post);
        }
        Ok(check)
    }

    async fn associations(&mut self) -> BenchResult<Check> {
        let users = User::objects()
            .prefetch(Prefetch::of(User::POSTS).prefetch(Post::COMMENTS))
            .all(&self.db)
            .await?;
        let mut check = Check::default();
        for u in &users {
            for p in u.posts.loaded()? {
                for c in p.comments.loaded()? {
                    debug_assert_eq!(*c.post.key(), p.id);
                    check.add(check::nested_comment(u.id, p.id, c.id, &c.text));
                }
            }
        }
        Ok(check)
    }

    async fn insert(&mut self, users: &[NewUser]) -> BenchResult<Check> {
        let mut objects = new_users(users);
        User::insert_many(&self.db, &mut objects).await?;
        Ok(Check::written(objects.len() as u64))
    }

    async fn bulk_load(&mut self, users: &[NewUser]) -> BenchResult<Check> {
        let mut objects = new_users(users);
        User::insert_many(&self.db, &mut objects).await?;
        Ok(Check::written(objects.len() as u64))
    }
}

/// The SQL of the ORM's single-statement queries in the suite, for
/// `--print-sql` (a batched prefetch renders its child queries when it runs,
/// so only its parent statement shows here).
pub(crate) fn sql_shapes() -> orm_core::Result<Vec<(&'static str, String)>> {
    let crm = |strategy| {
        Contact::objects()
            .prefetch(Prefetch::of(Contact::PHONES).strategy(strategy))
            .prefetch(Prefetch::of(Contact::ADDRESSES).strategy(strategy))
            .to_sql()
    };
    Ok(vec![
        ("trivial", User::objects().to_sql()?.sql),
        (
            "medium (parent statement; the batched posts query follows)",
            User::objects()
                .filter(User::HAIR_COLOR.eq("black"))
                .prefetch(User::POSTS)
                .to_sql()?
                .sql,
        ),
        (
            "medium with Strategy::Join (not used: see the module docs)",
            User::objects()
                .filter(User::HAIR_COLOR.eq("black"))
                .prefetch(Prefetch::of(User::POSTS).strategy(Strategy::Join))
                .to_sql()?
                .sql,
        ),
        ("crm, Strategy::Join", crm(Strategy::Join)?.sql),
        ("crm, Strategy::Lateral", crm(Strategy::Lateral)?.sql),
        (
            "translations, ru",
            Page::objects().translated("ru").to_sql()?.sql,
        ),
        (
            "translations, ru -> en, Coalesce",
            Page::objects()
                .translated(["ru", "en"])
                .fallback(Fallback::Coalesce)
                .to_sql()?
                .sql,
        ),
        (
            "translations, ru -> en, Lateral",
            Page::objects()
                .translated(["ru", "en"])
                .fallback(Fallback::Lateral)
                .to_sql()?
                .sql,
        ),
    ])
}
