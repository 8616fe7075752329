//! A field is a foreign key because of its type, not because of how the
//! type is spelled: a renamed import and a type alias give the same
//! column, constraint and index as `ForeignKey<User>`, enforced by the
//! database.

use orm::ForeignKey as Fk;
use orm::postgres::{Db, Executor};
use orm::prelude::*;
use orm::query::ForeignKeyField;
use orm::schema::{ModelMeta, OnDelete};

#[derive(Model, Debug, Clone)]
#[orm(table = "fk_user")]
pub struct User {
    #[orm(primary_key, auto)]
    pub id: i64,
    pub name: String,
}

type UserRef = ForeignKey<User>;
type MaybeUser = Option<ForeignKey<User>>;

#[derive(Model, Debug, Clone)]
#[orm(table = "fk_post_spelled")]
pub struct Spelled {
    #[orm(primary_key, auto)]
    pub id: i64,
    #[orm(on_delete = Cascade)]
    pub author: ForeignKey<User>,
    #[orm(on_delete = SetNull, related_name = "edited_spelled")]
    pub editor: Option<ForeignKey<User>>,
}

#[derive(Model, Debug, Clone)]
#[orm(table = "fk_post_renamed")]
pub struct Renamed {
    #[orm(primary_key, auto)]
    pub id: i64,
    #[orm(on_delete = Cascade)]
    pub author: Fk<User>,
    #[orm(on_delete = SetNull, related_name = "edited_renamed")]
    pub editor: Option<Fk<User>>,
}

#[derive(Model, Debug, Clone)]
#[orm(table = "fk_post_alias")]
pub struct Aliased {
    #[orm(primary_key, auto)]
    pub id: i64,
    #[orm(on_delete = Cascade)]
    pub author: UserRef,
    #[orm(on_delete = SetNull, related_name = "edited_alias")]
    pub editor: MaybeUser,
}

fn schema() -> Schema {
    Schema::new([User::META, Spelled::META, Renamed::META, Aliased::META]).unwrap()
}

/// (field, column, nullable, target, on_delete) of a column.
type Shape<'a> = (&'a str, &'a str, bool, Option<&'a str>, Option<OnDelete>);

fn shape(meta: &ModelMeta) -> Vec<Shape<'_>> {
    meta.columns
        .iter()
        .map(|c| {
            let fk = c.foreign_key.as_ref();
            (
                c.field,
                c.column,
                c.nullable,
                fk.map(|fk| (fk.target)().name),
                fk.map(|fk| fk.on_delete),
            )
        })
        .collect()
}

#[test]
fn renamed_and_aliased_foreign_keys_have_the_same_metadata() {
    let spelled = shape(Spelled::META);
    assert_eq!(
        spelled[1],
        (
            "author",
            "author_id",
            false,
            Some("User"),
            Some(OnDelete::Cascade)
        )
    );
    assert_eq!(
        spelled[2],
        (
            "editor",
            "editor_id",
            true,
            Some("User"),
            Some(OnDelete::SetNull)
        )
    );
    assert_eq!(shape(Renamed::META), spelled);
    assert_eq!(shape(Aliased::META), spelled);
    // The DDL differs only in the table names.
    let sql = schema().sql();
    let ddl = |table: &str| -> String {
        sql.split(";\n")
            .filter(|s| s.contains(&format!("\"{table}\"")))
            .collect::<Vec<_>>()
            .join(";\n")
            .replace(table, "T")
    };
    assert_eq!(ddl("fk_post_renamed"), ddl("fk_post_spelled"));
    assert_eq!(ddl("fk_post_alias"), ddl("fk_post_spelled"));
    assert!(ddl("fk_post_alias").contains("FOREIGN KEY (\"author_id\") REFERENCES \"fk_user\""));
}

#[test]
fn renamed_and_aliased_foreign_keys_get_foreign_key_handles() {
    // The handle's type follows the field's type: `ForeignKeyField`, so it
    // can be followed and loaded like any foreign key.
    let _: ForeignKeyField<Aliased, User, i64> = Aliased::AUTHOR;
    let _: ForeignKeyField<Renamed, User, i64> = Renamed::EDITOR;
    let sql = Aliased::objects()
        .select_related(Aliased::AUTHOR)
        .filter(Aliased::AUTHOR.then(User::NAME).eq("ann"))
        .to_sql()
        .unwrap();
    assert!(sql.sql.contains("JOIN \"fk_user\""), "{}", sql.sql);
}

async fn constraints(db: &Db, table: &str) -> Vec<String> {
    let rows = db
        .query(
            "SELECT pg_get_constraintdef(c.oid) FROM pg_constraint c
             JOIN pg_class t ON t.oid = c.conrelid
             WHERE t.relname = $1 AND c.contype = 'f' ORDER BY 1",
            &[table.into()],
        )
        .await
        .unwrap();
    rows.iter().map(|r| r.get(0)).collect()
}

async fn indexed_columns(db: &Db, table: &str) -> Vec<String> {
    let rows = db
        .query(
            "SELECT a.attname::text FROM pg_index i
             JOIN pg_class t ON t.oid = i.indrelid
             JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = ANY(i.indkey)
             WHERE t.relname = $1 AND NOT i.indisprimary ORDER BY 1",
            &[table.into()],
        )
        .await
        .unwrap();
    rows.iter().map(|r| r.get(0)).collect()
}

#[orm::test]
async fn renamed_and_aliased_foreign_keys_are_enforced(db: Db) {
    schema().create_all(&db).await.unwrap();
    let expected = constraints(&db, "fk_post_spelled").await;
    assert_eq!(
        expected,
        [
            "FOREIGN KEY (author_id) REFERENCES fk_user(id) ON DELETE CASCADE",
            "FOREIGN KEY (editor_id) REFERENCES fk_user(id) ON DELETE SET NULL",
        ]
    );
    for table in ["fk_post_renamed", "fk_post_alias"] {
        assert_eq!(constraints(&db, table).await, expected, "{table}");
        assert_eq!(
            indexed_columns(&db, table).await,
            indexed_columns(&db, "fk_post_spelled").await,
            "{table}"
        );
    }
    assert_eq!(
        indexed_columns(&db, "fk_post_alias").await,
        ["author_id", "editor_id"]
    );

    let mut ann = User {
        id: 0,
        name: "ann".into(),
    };
    ann.insert(&db).await.unwrap();
    let mut ok = Aliased {
        id: 0,
        author: ForeignKey::new(ann.id),
        editor: Some(ForeignKey::new(ann.id)),
    };
    ok.insert(&db).await.unwrap();
    let mut dangling = Aliased {
        id: 0,
        author: ForeignKey::new(ann.id + 1000),
        editor: None,
    };
    let err = dangling.insert(&db).await.unwrap_err();
    assert!(err.is_foreign_key_violation(), "{err}");
    let mut dangling = Renamed {
        id: 0,
        author: Fk::new(ann.id),
        editor: Some(Fk::new(ann.id + 1000)),
    };
    let err = dangling.insert(&db).await.unwrap_err();
    assert!(err.is_foreign_key_violation(), "{err}");

    // Loading through the aliased key works like through a spelled one.
    let loaded = Aliased::objects()
        .select_related(Aliased::AUTHOR)
        .all(&db)
        .await
        .unwrap();
    assert_eq!(loaded[0].author.loaded().unwrap().name, "ann");
    // ON DELETE CASCADE came through the alias too.
    ann.delete(&db).await.unwrap();
    assert_eq!(Aliased::objects().all(&db).await.unwrap().len(), 0);
}

// A collection under another name is marked explicitly.
use orm::ManyToMany as M2m;

#[derive(Model, Debug, Clone)]
#[orm(table = "fk_tag")]
pub struct Tag {
    #[orm(primary_key, auto)]
    pub id: i64,
    pub label: String,
}

#[derive(Model, Debug, Clone)]
#[orm(table = "fk_tagged")]
pub struct Tagged {
    #[orm(primary_key, auto)]
    pub id: i64,
    #[orm(many_to_many)]
    pub tags: M2m<Tag>,
    #[orm(on_delete = Cascade, related_name = "+")]
    pub owner: UserRef,
}

#[derive(Model, Debug, Clone)]
#[orm(table = "fk_owner")]
pub struct Owner {
    #[orm(primary_key, auto)]
    pub id: i64,
    #[orm(via = author)]
    pub posts: M2m<Aliased>,
}

#[orm::test]
async fn renamed_collections_load(db: Db) {
    let schema = Schema::new([
        User::META,
        Spelled::META,
        Renamed::META,
        Aliased::META,
        Tag::META,
        Tagged::META,
    ])
    .unwrap();
    assert!(
        schema
            .sql()
            .contains("CREATE TABLE IF NOT EXISTS \"fk_tagged_tags\"")
    );
    schema.create_all(&db).await.unwrap();
    let mut ann = User {
        id: 0,
        name: "ann".into(),
    };
    ann.insert(&db).await.unwrap();
    let mut rust = Tag {
        id: 0,
        label: "rust".into(),
    };
    rust.insert(&db).await.unwrap();
    let mut item = Tagged {
        id: 0,
        tags: M2m::default(),
        owner: ForeignKey::new(ann.id),
    };
    item.insert(&db).await.unwrap();
    Tagged::TAGS.add(&db, &item, &rust).await.unwrap();
    let loaded = Tagged::objects()
        .prefetch(Tagged::TAGS)
        .all(&db)
        .await
        .unwrap();
    assert_eq!(loaded[0].tags.loaded().unwrap()[0].label, "rust");
    // `via` marks a reverse collection whatever its type is called.
    assert_eq!(Owner::META.reverse[0].source_field, "author");
    assert!((Owner::META.reverse[0].source)().is(Aliased::META));
}

type Topic = Tag;

#[derive(Model, Debug, Clone)]
#[orm(table = "fk_article")]
pub struct Article {
    #[orm(primary_key, auto)]
    pub id: i64,
    pub topics: ManyToMany<Topic>,
}

#[test]
fn junction_columns_come_from_the_target_model_not_its_spelling() {
    match &Article::META.many_to_many[0].junction {
        orm::schema::JunctionMeta::Auto {
            source_column,
            target_column,
            ..
        } => assert_eq!((*source_column, *target_column), ("article_id", "tag_id")),
        other => panic!("{other:?}"),
    }
    let sql = Schema::new([Article::META, Tag::META]).unwrap().sql();
    assert!(sql.contains("\"tag_id\" bigint NOT NULL"), "{sql}");
}
