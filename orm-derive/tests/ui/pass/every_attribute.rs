//! Every container and field attribute, accepted together; the schema they
//! form verifies and renders.

use orm_core::prelude::*;
use orm_core::{JunctionMeta, OnDelete};

#[derive(Model)]
#[orm(table = "app_tag")]
struct Tag {
    #[orm(primary_key, auto)]
    id: i64,
    #[orm(max_length = 32, unique)]
    name: String,
}

#[derive(Model)]
#[orm(
    table = "app_person",
    ordering(last_name, -id),
    index(last_name, first_name),
    check = "length(last_name) > 0",
    check(name = "app_person_age_range", sql = "age BETWEEN 0 AND 200")
)]
struct Person {
    #[orm(primary_key, auto)]
    id: i32,
    #[orm(max_length = 64)]
    first_name: String,
    #[orm(max_length = 64, index, column = "surname")]
    last_name: String,
    #[orm(default = "0")]
    age: i16,
    #[orm(db_type = "citext", max_length = 254, unique)]
    email: Option<String>,
    #[orm(read_only, default = "now()", db_type = "timestamptz")]
    created_at: Option<std::time::SystemTime>,
    #[orm(skip)]
    scratch: Vec<String>,
    #[orm(db_table = "app_person_tag_links", related_name = "people")]
    tags: ManyToMany<Tag>,
    #[orm(through = Friendship, source = from_person, target = to_person, symmetrical)]
    friends: ManyToMany<Person>,
    #[orm(on_delete = SetNull, related_name = "mentees")]
    mentor: Option<ForeignKey<Person>>,
}

#[derive(Model)]
#[orm(table = "app_friendship", unique_together(from_person, to_person))]
struct Friendship {
    #[orm(primary_key, auto)]
    id: i64,
    #[orm(on_delete = Cascade, related_name = "+")]
    from_person: ForeignKey<Person>,
    #[orm(on_delete = Cascade, related_name = "+")]
    to_person: ForeignKey<Person>,
    since: Option<i32>,
}

/// A legacy table the ORM never creates: a text key and a unique column
/// other rows refer to.
#[derive(Model)]
#[orm(table = "cdr", managed = false)]
struct CallRecord {
    #[orm(primary_key, max_length = 64)]
    call_id: String,
    #[orm(unique, max_length = 64)]
    uniqueid: String,
    #[orm(auto)]
    sequence: i64,
}

#[derive(Model)]
struct Interaction {
    #[orm(primary_key, auto)]
    id: i64,
    #[orm(to_field = "uniqueid", column = "call_uniqueid", on_delete = Restrict)]
    call: ForeignKey<CallRecord, String>,
    #[orm(on_delete = NoAction)]
    author: ForeignKey<Person>,
    #[orm(on_delete = SetDefault, default = "1")]
    tag: ForeignKey<Tag>,
}

#[derive(Model)]
#[orm(table = "tr_label")]
struct Label {
    #[orm(primary_key, auto)]
    id: i64,
}

#[derive(Model)]
#[orm(
    table = "tr_translation",
    unique_together(des, lng),
    translations(label = des, language = lng, text = text)
)]
struct Translation {
    #[orm(primary_key, auto)]
    id: i64,
    #[orm(on_delete = Cascade, related_name = "translations")]
    des: ForeignKey<Label>,
    #[orm(max_length = 8)]
    lng: String,
    text: Option<String>,
}

fn main() {
    let person = Person::META;
    assert_eq!(person.table, "app_person");
    assert_eq!(person.columns.len(), 7);
    assert_eq!(Person::LAST_NAME.meta().column, "surname");
    assert_eq!(Person::EMAIL.meta().sql_type, "citext");
    assert_eq!(Person::EMAIL.meta().max_length, Some(254));
    assert!(Person::CREATED_AT.meta().read_only);
    assert_eq!(person.checks[0].name, "app_person_check_1");
    assert_eq!(person.checks[1].name, "app_person_age_range");
    assert!(person.ordering[1].descending);
    match &Person::TAGS.meta().junction {
        JunctionMeta::Auto { table, .. } => assert_eq!(*table, "app_person_tag_links"),
        other => panic!("{other:?}"),
    }
    assert!(Person::FRIENDS.meta().symmetrical);
    let mentor = Person::MENTOR.meta().foreign_key.as_ref().map(|fk| fk.on_delete);
    assert_eq!(mentor, Some(OnDelete::SetNull));
    assert!(!CallRecord::META.managed);
    assert_eq!(Interaction::CALL.meta().column, "call_uniqueid");
    assert!(Translation::META.translations.is_some());

    let schema = Schema::new([
        Tag::META,
        Person::META,
        Friendship::META,
        CallRecord::META,
        Interaction::META,
        Label::META,
        Translation::META,
    ]);
    match schema {
        Ok(schema) => assert!(schema.sql().contains("app_person_tag_links")),
        Err(e) => panic!("{e}"),
    }
}
