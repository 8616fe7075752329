//! The metadata `#[derive(Model)]` emits.

use orm::prelude::*;
use orm::schema::{JunctionMeta, OnDelete};

#[derive(Model, Debug, Clone)]
#[orm(table = "crm_phone")]
pub struct Phone {
    #[orm(primary_key, auto)]
    pub id: i64,
    #[orm(max_length = 32, unique)]
    pub number: String,
}

#[derive(Model, Debug, Clone)]
#[orm(table = "crm_contact", ordering(name, -id))]
pub struct Contact {
    #[orm(primary_key, auto)]
    pub id: i64,
    #[orm(max_length = 255)]
    pub name: String,
    pub email: Option<String>,
    pub phones: ManyToMany<Phone>,
    #[orm(skip)]
    pub scratch: u8,
}

#[derive(Model, Debug, Clone)]
pub struct Page {
    #[orm(primary_key, auto)]
    pub id: i32,
    pub code: String,
    #[orm(on_delete = SetNull, related_name = "children")]
    pub parent: Option<ForeignKey<Page>>,
}

#[test]
fn contact_metadata() {
    let meta = Contact::META;
    assert_eq!(meta.table, "crm_contact");
    let cols: Vec<_> = meta
        .columns
        .iter()
        .map(|c| (c.field, c.column, c.sql_type, c.nullable))
        .collect();
    assert_eq!(
        cols,
        vec![
            ("id", "id", "bigint", false),
            ("name", "name", "varchar(255)", false),
            ("email", "email", "text", true),
        ]
    );
    assert!(meta.pk().auto);
    let m2m = &meta.many_to_many[0];
    assert_eq!(m2m.field, "phones");
    assert!((m2m.target)().is(Phone::META));
    match &m2m.junction {
        JunctionMeta::Auto {
            table,
            source_column,
            target_column,
        } => {
            assert_eq!(
                (*table, *source_column, *target_column),
                ("crm_contact_phones", "contact_id", "phone_id")
            );
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(meta.ordering.len(), 2);
    assert!(meta.ordering[1].descending);
    assert_eq!(Contact::NAME.meta().column, "name");
    assert_eq!(Contact::PHONES.meta().field, "phones");
}

#[test]
fn self_foreign_key() {
    let parent = Page::META.column_by_field("parent").unwrap();
    assert_eq!(parent.column, "parent_id");
    assert_eq!(parent.sql_type, "integer");
    assert!(parent.nullable);
    let fk = parent.foreign_key.as_ref().unwrap();
    assert!((fk.target)().is(Page::META));
    assert_eq!(fk.on_delete, OnDelete::SetNull);
    assert_eq!(fk.related_name, Some("children"));
    assert_eq!(Page::META.table, "page");
}

#[test]
fn unsaved_objects_have_no_key_and_text_is_validated() {
    let c = Contact {
        id: 0,
        name: "x".repeat(256),
        email: None,
        phones: ManyToMany::default(),
        scratch: 0,
    };
    assert!(!c.has_key());
    assert_eq!(c.scratch, 0);
    let err = c.validate().unwrap_err();
    assert!(err.is_invalid_input());
    assert!(err.to_string().contains("max_length"), "{err}");
    let c = Contact {
        name: "a\0b".into(),
        ..c
    };
    assert!(c.validate().unwrap_err().to_string().contains("NUL"));
    assert!(c.phones.loaded().unwrap_err().is_not_loaded());
}
