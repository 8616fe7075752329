//! SeaORM: entities with `DeriveEntityModel`, `find()`,
//! `find_also_related` for the join, the `LoaderTrait` (`load_many`) for
//! the nested associations and, through the junction entities, the crm
//! many-to-many load; `insert_many` for writes. It runs on a SQLx pool
//! of one connection; statement logging is off.

use ::sea_orm::{
    ColumnTrait, DatabaseConnection, EntityTrait, LoaderTrait, QueryFilter, Set,
    SqlxPostgresConnector,
};
use ::sqlx::postgres::PgPoolOptions;

use super::{Contender, UsersWithPosts, Variant};
use crate::BenchResult;
use crate::check::{self, Check};
use crate::connection::ConnectionFacts;
use crate::workload::{NewUser, Workload};

pub(crate) const NAME: &str = "SeaORM";
pub(crate) const BULK_METHOD: &str = "insert_many of 10 000 active models";

mod user {
    use ::sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "users")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i32,
        pub name: String,
        pub hair_color: Option<String>,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {
        #[sea_orm(has_many = "super::post::Entity")]
        Post,
    }

    impl Related<super::post::Entity> for Entity {
        fn to() -> RelationDef {
            Relation::Post.def()
        }
    }

    impl ActiveModelBehavior for ActiveModel {}
}

mod post {
    use ::sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "posts")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i32,
        pub user_id: i32,
        pub title: String,
        pub body: Option<String>,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {
        #[sea_orm(
            belongs_to = "super::user::Entity",
            from = "Column::UserId",
            to = "super::user::Column::Id"
        )]
        User,
        #[sea_orm(has_many = "super::comment::Entity")]
        Comment,
    }

    impl Related<super::user::Entity> for Entity {
        fn to() -> RelationDef {
            Relation::User.def()
        }
    }

    impl Related<super::comment::Entity> for Entity {
        fn to() -> RelationDef {
            Relation::Comment.def()
        }
    }

    impl ActiveModelBehavior for ActiveModel {}
}

mod comment {
    use ::sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "comments")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i32,
        pub post_id: i32,
        pub text: String,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {
        #[sea_orm(
            belongs_to = "super::post::Entity",
            from = "Column::PostId",
            to = "super::post::Column::Id"
        )]
        Post,
    }

    impl Related<super::post::Entity> for Entity {
        fn to() -> RelationDef {
            Relation::Post.def()
        }
    }

    impl ActiveModelBehavior for ActiveModel {}
}

mod contact {
    use ::sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "crm_contact")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i64,
        pub name: String,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl Related<super::phone::Entity> for Entity {
        fn to() -> RelationDef {
            super::contact_phone::Relation::Phone.def()
        }
        fn via() -> Option<RelationDef> {
            Some(super::contact_phone::Relation::Contact.def().rev())
        }
    }

    impl Related<super::address::Entity> for Entity {
        fn to() -> RelationDef {
            super::contact_address::Relation::Address.def()
        }
        fn via() -> Option<RelationDef> {
            Some(super::contact_address::Relation::Contact.def().rev())
        }
    }

    impl ActiveModelBehavior for ActiveModel {}
}

mod phone {
    use ::sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "crm_phone")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i64,
        pub number: String,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

mod address {
    use ::sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "crm_address")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i64,
        pub street: String,
        pub city: Option<String>,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

/// The junction `crm_contact_phones`.
mod contact_phone {
    use ::sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "crm_contact_phones")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i64,
        pub contact_id: i64,
        pub phone_id: i64,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {
        #[sea_orm(
            belongs_to = "super::contact::Entity",
            from = "Column::ContactId",
            to = "super::contact::Column::Id"
        )]
        Contact,
        #[sea_orm(
            belongs_to = "super::phone::Entity",
            from = "Column::PhoneId",
            to = "super::phone::Column::Id"
        )]
        Phone,
    }

    impl ActiveModelBehavior for ActiveModel {}
}

/// The junction `crm_contact_addresses`.
mod contact_address {
    use ::sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "crm_contact_addresses")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i64,
        pub contact_id: i64,
        pub address_id: i64,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {
        #[sea_orm(
            belongs_to = "super::contact::Entity",
            from = "Column::ContactId",
            to = "super::contact::Column::Id"
        )]
        Contact,
        #[sea_orm(
            belongs_to = "super::address::Entity",
            from = "Column::AddressId",
            to = "super::address::Column::Id"
        )]
        Address,
    }

    impl ActiveModelBehavior for ActiveModel {}
}

/// The crm lane's label.
pub(crate) const CRM: &str = "SeaORM, load_many through the junctions";

pub(crate) struct SeaOrm {
    db: DatabaseConnection,
}

impl SeaOrm {
    pub(crate) async fn connect(facts: &ConnectionFacts) -> BenchResult<SeaOrm> {
        let pool = PgPoolOptions::new()
            .max_connections(1)
            .min_connections(1)
            .connect_with(super::sqlx::connect_options(facts))
            .await?;
        Ok(SeaOrm {
            db: SqlxPostgresConnector::from_sqlx_postgres_pool(pool),
        })
    }
}

fn active_users(users: &[NewUser]) -> Vec<user::ActiveModel> {
    users
        .iter()
        .map(|u| user::ActiveModel {
            name: Set(u.name.clone()),
            hair_color: Set(u.hair_color.clone()),
            ..Default::default()
        })
        .collect()
}

impl Contender for SeaOrm {
    fn variants(&self, workload: Workload, _size: usize) -> Vec<Variant> {
        match workload {
            Workload::Crm => vec![Variant::run(CRM)],
            _ => Vec::new(),
        }
    }

    async fn crm(&mut self, _variant: usize) -> BenchResult<Check> {
        let contacts = contact::Entity::find().all(&self.db).await?;
        let phones = contacts.load_many(phone::Entity, &self.db).await?;
        let addresses = contacts.load_many(address::Entity, &self.db).await?;
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

    async fn trivial(&mut self) -> BenchResult<Check> {
        let users = user::Entity::find().all(&self.db).await?;
        let mut check = Check::default();
        for u in &users {
            check.add(check::user(u.id, &u.name, u.hair_color.as_deref()));
        }
        Ok(check)
    }

    async fn medium(&mut self) -> BenchResult<Check> {
        let pairs: Vec<(user::Model, Option<post::Model>)> = user::Entity::find()
            .find_also_related(post::Entity)
            .filter(user::Column::HairColor.eq("black"))
            .all(&self.db)
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
        let users = user::Entity::find().all(&self.db).await?;
        let posts = users.load_many(post::Entity, &self.db).await?;
        let counts: Vec<usize> = posts.iter().map(Vec::len).collect();
        let posts: Vec<post::Model> = posts.into_iter().flatten().collect();
        let comments = posts.load_many(comment::Entity, &self.db).await?;
        let mut posts = posts.into_iter().zip(comments);
        let loaded: UsersWithPosts<user::Model, post::Model, comment::Model> = users
            .into_iter()
            .zip(counts)
            .map(|(u, n)| (u, posts.by_ref().take(n).collect()))
            .collect();
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
        let written = user::Entity::insert_many(active_users(users))
            .exec_without_returning(&self.db)
            .await?;
        Ok(Check::written(written))
    }

    async fn bulk_load(&mut self, users: &[NewUser]) -> BenchResult<Check> {
        let written = user::Entity::insert_many(active_users(users))
            .exec_without_returning(&self.db)
            .await?;
        Ok(Check::written(written))
    }
}
