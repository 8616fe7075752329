//! Schema verification: each problem kind is found, all are reported
//! together; reverse relations and accessors.

#![allow(clippy::panic)]

use super::reverse::snake_case;
use super::{ReverseVia, Schema};
use crate::meta::{
    ColumnMeta, ForeignKeyMeta, JunctionMeta, ManyToManyMeta, ModelMeta, OnDelete, OrderingMeta,
};
use crate::test_models::*;

fn problems(models: &[&'static ModelMeta]) -> Vec<String> {
    match Schema::new(models.iter().copied()) {
        Ok(_) => panic!("expected schema problems"),
        Err(e) => {
            assert!(e.is_schema(), "{e}");
            e.schema_problems().to_vec()
        }
    }
}

fn one_problem(models: &[&'static ModelMeta]) -> String {
    let mut found = problems(models);
    assert_eq!(found.len(), 1, "{found:#?}");
    found.remove(0)
}

fn schema(models: &[&'static ModelMeta]) -> Schema {
    Schema::new(models.iter().copied()).unwrap_or_else(|e| panic!("{e}"))
}

const fn through(source_field: &'static str, target_field: &'static str) -> ManyToManyMeta {
    ManyToManyMeta {
        field: "contacts",
        target: contact,
        junction: JunctionMeta::Through {
            model: relationship,
            source_field,
            target_field,
        },
        symmetrical: false,
        related_name: Some("+"),
    }
}

fn bare_contact() -> &'static ModelMeta {
    &BARE_CONTACT
}

static BARE_CONTACT: ModelMeta = model("Person", "crm_person", &[id()]);

#[test]
fn valid_schemas_pass() {
    schema(&[
        &CONTACT,
        &PHONE,
        &ADDRESS,
        &RELATIONSHIP,
        &RELATIONSHIP_TYPE,
    ]);
    schema(&[&PAGE, &TRANSLATION, &LABEL]);
    schema(&[&INTERACTION, &CALL_RECORD]);
    schema(&[&AUTHOR, &BOOK]);
    schema(&[&CITY, &COUNTRY]);
}

#[test]
fn foreign_key_target_must_be_registered() {
    assert_eq!(
        one_problem(&[&TRANSLATION]),
        "`Translation.des`: foreign key target `Label` (table `translations_label`) is not registered in the schema"
    );
}

#[test]
fn many_to_many_target_must_be_registered() {
    assert_eq!(
        one_problem(&[&SIMPLE_CONTACT]),
        "`Contact.phones`: many-to-many target `Phone` (table `crm_phone`) is not registered in the schema"
    );
}

#[test]
fn through_model_must_be_registered() {
    assert_eq!(
        one_problem(&[&CONTACT, &PHONE, &ADDRESS]),
        "`Contact.contacts`: through model `ContactRelationship` (table `crm_contactrelationship`) is not registered in the schema"
    );
}

#[test]
fn through_model_must_have_the_named_foreign_keys() {
    static MISSING: ModelMeta = ModelMeta {
        many_to_many: &[through("from", "to_contact")],
        reverse: &[],
        ..model("Contact", "crm_contact", &[id()])
    };
    static NOT_FK: ModelMeta = ModelMeta {
        many_to_many: &[through("from_contact", "id")],
        reverse: &[],
        ..model("Contact", "crm_contact", &[id()])
    };
    let all = [&RELATIONSHIP, &RELATIONSHIP_TYPE];
    assert_eq!(
        one_problem(&[&MISSING, all[0], all[1]]),
        "`Contact.contacts`: through model `ContactRelationship` has no field `from` (the source)"
    );
    assert_eq!(
        one_problem(&[&NOT_FK, all[0], all[1]]),
        "`Contact.contacts`: `ContactRelationship.id` (the target) is not a foreign key"
    );
}

#[test]
fn through_foreign_keys_must_point_at_the_right_models() {
    // `Person.contacts` goes through ContactRelationship, whose keys point
    // at Contact, not at Person.
    static PERSON: ModelMeta = ModelMeta {
        many_to_many: &[through("from_contact", "to_contact")],
        reverse: &[],
        ..model("Person", "crm_person", &[id()])
    };
    let found = problems(&[
        &PERSON,
        &CONTACT,
        &PHONE,
        &ADDRESS,
        &RELATIONSHIP,
        &RELATIONSHIP_TYPE,
    ]);
    assert_eq!(
        found,
        [
            "`Person.contacts`: `ContactRelationship.from_contact` (the source) points at `Contact`, not `Person`"
        ]
    );
}

#[test]
fn to_field_must_exist_and_be_unique() {
    const fn to(field: &'static str, to_field: &'static str, sql_type: &'static str) -> ColumnMeta {
        ColumnMeta {
            foreign_key: Some(ForeignKeyMeta {
                target: call_record,
                to_field: Some(to_field),
                on_delete: OnDelete::Cascade,
                related_name: Some("+"),
            }),
            ..col(field, sql_type)
        }
    }
    static BAD: ModelMeta = model(
        "Bad",
        "bad",
        &[
            id(),
            to("a", "nope", "text"),
            to("b", "duration", "integer"),
            to("c", "uniqueid", "text"),
        ],
    );
    assert_eq!(
        problems(&[&BAD, &CALL_RECORD]),
        [
            "`Bad.a`: to_field `nope` is not a column field of `CallRecord`",
            "`Bad.b`: to_field `CallRecord.duration` is not unique; mark it `unique` or reference the primary key",
        ]
    );
}

#[test]
fn reverse_names_must_not_clash() {
    static TWO_KEYS: ModelMeta = model(
        "Page",
        "two_keys",
        &[
            id(),
            fk("title", "title_id", label, OnDelete::Cascade),
            fk("body", "body_id", label, OnDelete::Cascade),
        ],
    );
    assert_eq!(
        one_problem(&[&TWO_KEYS, &LABEL]),
        "reverse name `page_set` on `Label` is used by both `Page.title` and `Page.body`; give one a different `related_name` (or `related_name = \"+\"` to hide it)"
    );
    static SHADOWS: ModelMeta = model(
        "Shadow",
        "shadow",
        &[
            id(),
            related(fk("book", "book_id", book, OnDelete::Cascade), "author"),
        ],
    );
    assert_eq!(
        one_problem(&[&SHADOWS, &AUTHOR, &BOOK]),
        "reverse name `author` of `Shadow.book` clashes with the field `Book.author`; give it a different `related_name`"
    );
}

#[test]
fn symmetrical_needs_a_self_relation() {
    static SYM: ModelMeta = ModelMeta {
        many_to_many: &[ManyToManyMeta {
            symmetrical: true,
            ..auto_m2m("phones", phone, "sym_phones", "sym_id", "phone_id")
        }],
        ..model("Sym", "sym", &[id()])
    };
    assert_eq!(
        one_problem(&[&SYM, &PHONE]),
        "`Sym.phones`: symmetrical is only allowed on a relation of `Sym` to itself, not to `Phone`"
    );
}

#[test]
fn table_names_must_be_unique() {
    static SAME_TABLE: ModelMeta = model("Other", "crm_phone", &[id()]);
    static JUNCTION_CLASH: ModelMeta = ModelMeta {
        many_to_many: &[auto_m2m("phones", phone, "crm_address", "a_id", "phone_id")],
        reverse: &[],
        ..model("Clash", "clash", &[id()])
    };
    assert_eq!(
        problems(&[&PHONE, &SAME_TABLE, &ADDRESS, &JUNCTION_CLASH]),
        [
            "table `crm_phone` is used by both `Phone` and `Other`",
            "table `crm_address` is used by both `Address` and the junction of `Clash.phones`",
        ]
    );
}

#[test]
fn field_groups_must_name_columns() {
    static GROUPS: ModelMeta = ModelMeta {
        unique_together: &[&["name", "nickname"]],
        indexes: &[&["phones"]],
        ordering: &[OrderingMeta {
            field: "age",
            descending: true,
        }],
        ..model("Groups", "groups", &[id(), col("name", "text")])
    };
    assert_eq!(
        problems(&[&GROUPS]),
        [
            "`Groups`: unique_together names `nickname`, which is not a column field",
            "`Groups`: index names `phones`, which is not a column field",
            "`Groups`: ordering names `age`, which is not a column field",
        ]
    );
}

#[test]
fn every_problem_is_reported_at_once() {
    static MANY: ModelMeta = ModelMeta {
        primary_key: 5,
        many_to_many: &[
            auto_m2m("phones", phone, "many_phones", "x_id", "x_id"),
            ManyToManyMeta {
                symmetrical: true,
                ..auto_m2m("people", bare_contact, "many_people", "a_id", "b_id")
            },
        ],
        ordering: &[OrderingMeta {
            field: "missing",
            descending: false,
        }],
        ..model(
            "Many",
            "many",
            &[
                id(),
                fk("label", "label_id", label, OnDelete::SetNull),
                fk("owner", "owner_id", label, OnDelete::Cascade),
            ],
        )
    };
    let found = problems(&[&MANY, &LABEL]);
    let expected = [
        "`Many`: primary_key index 5 is out of range (3 columns)",
        "`Many.id` is marked primary_key but the primary key is another column",
        "`Many.label`: on_delete = SetNull needs a nullable column (an `Option` field)",
        "`Many.phones`: many-to-many target `Phone` (table `crm_phone`) is not registered in the schema",
        "`Many.phones`: the junction's source and target columns are both `x_id`",
        "`Many.people`: many-to-many target `Person` (table `crm_person`) is not registered in the schema",
        "`Many.people`: symmetrical is only allowed on a relation of `Many` to itself, not to `Person`",
        "`Many`: ordering names `missing`, which is not a column field",
        "reverse name `many_set` on `Label` is used by both `Many.label` and `Many.owner`; give one a different `related_name` (or `related_name = \"+\"` to hide it)",
    ];
    assert_eq!(found, expected);
    let message = Schema::new([&MANY, &LABEL])
        .err()
        .map(|e| e.to_string())
        .unwrap_or_default();
    assert!(
        message.starts_with("the schema has 9 problem(s): "),
        "{message}"
    );
}

#[test]
fn reverse_relations_are_listed_per_target() {
    let s = schema(&[&PAGE, &TRANSLATION, &LABEL]);
    let names = |m: &ModelMeta| -> Vec<String> {
        s.reverse_relations(m)
            .iter()
            .map(|r| r.name.clone())
            .collect()
    };
    // The four label keys of Page are hidden with "+".
    assert_eq!(names(&LABEL), ["translation_set"]);
    assert_eq!(names(&PAGE), ["page_set"]);
    assert!(names(&TRANSLATION).is_empty());
    let r = &s.reverse_relations(&LABEL)[0];
    assert!(r.source.is(&TRANSLATION));
    match r.via {
        ReverseVia::ForeignKey { index, column } => {
            assert_eq!(index, 1);
            assert_eq!(column.column, "des_id");
        }
        ReverseVia::ManyToMany { .. } => panic!("expected a foreign key"),
    }

    let crm = schema(&[
        &CONTACT,
        &PHONE,
        &ADDRESS,
        &RELATIONSHIP,
        &RELATIONSHIP_TYPE,
    ]);
    let names = |m: &ModelMeta| -> Vec<String> {
        crm.reverse_relations(m)
            .iter()
            .map(|r| r.name.clone())
            .collect()
    };
    // The symmetrical `contacts` has none; the through model's keys do.
    assert_eq!(names(&CONTACT), ["from_contacts", "to_contacts"]);
    assert_eq!(names(&PHONE), ["contact_set"]);
    assert_eq!(names(&RELATIONSHIP_TYPE), ["contact_relationships"]);
    assert!(matches!(
        crm.reverse_relations(&PHONE)[0].via,
        ReverseVia::ManyToMany { index: 0, field } if field.field == "phones"
    ));
    assert!(crm.reverse_relations(&LABEL).is_empty());
}

#[test]
fn accessors_find_registered_models() {
    let s = schema(&[&LABEL, &TRANSLATION, &LABEL]);
    assert_eq!(s.models().len(), 2, "registering twice is harmless");
    assert!(
        s.model_by_table("translations_label")
            .is_some_and(|m| m.is(&LABEL))
    );
    assert!(
        s.model_by_name("Translation")
            .is_some_and(|m| m.is(&TRANSLATION))
    );
    assert!(s.model_by_table("nope").is_none());
}

#[test]
fn model_names_in_snake_case() {
    assert_eq!(snake_case("ContactRelationship"), "contact_relationship");
    assert_eq!(snake_case("Page"), "page");
    assert_eq!(snake_case("HTTPLog"), "http_log");
    assert_eq!(snake_case("Log2Entry"), "log2_entry");
}

/// A through model without a unique (source, target) pair would store a
/// pair twice, though `add` is documented as idempotent.
#[test]
fn through_model_needs_a_unique_pair() {
    static LOOSE: ModelMeta = model(
        "ContactRelationship",
        "crm_contactrelationship",
        &[
            id(),
            related(
                fk(
                    "from_contact",
                    "from_contact_id",
                    symmetric,
                    OnDelete::Cascade,
                ),
                "+",
            ),
            related(
                fk("to_contact", "to_contact_id", symmetric, OnDelete::Cascade),
                "+",
            ),
        ],
    );
    fn symmetric() -> &'static ModelMeta {
        &SYMMETRIC
    }
    fn loose() -> &'static ModelMeta {
        &LOOSE
    }
    static SYMMETRIC: ModelMeta = ModelMeta {
        many_to_many: &[ManyToManyMeta {
            symmetrical: true,
            junction: JunctionMeta::Through {
                model: loose,
                source_field: "from_contact",
                target_field: "to_contact",
            },
            target: symmetric,
            ..through("from_contact", "to_contact")
        }],
        ..model("Contact", "crm_contact", &[id()])
    };
    assert_eq!(
        one_problem(&[&SYMMETRIC, &LOOSE]),
        "`Contact.contacts`: through model `ContactRelationship` has no unique constraint on (from_contact, to_contact), so adding a pair twice would store it twice; add `#[orm(unique_together(from_contact, to_contact))]` to `ContactRelationship`"
    );
}

/// `ForeignKey<Country, i64>` to a text key, or `to_field` naming a column
/// of another type: PostgreSQL would refuse the constraint.
#[test]
fn foreign_key_type_must_match_the_referenced_column() {
    static BAD_CITY: ModelMeta = model(
        "City",
        "geo_city",
        &[
            id(),
            fk("country", "country_id", country, OnDelete::Restrict),
        ],
    );
    assert_eq!(
        one_problem(&[&BAD_CITY, &COUNTRY]),
        "`City.country`: the column is `bigint` but references `Country.code`, a `char(2)` column; give the key type of the referenced field (`ForeignKey<Country, K>`)"
    );
    // text and char(2), integer and bigint are compatible.
    schema(&[&CITY, &COUNTRY]);
}

/// `Reverse<T>` with `via` naming a missing field, a plain column, or a
/// foreign key to another model.
#[test]
fn reverse_via_must_be_a_foreign_key_to_this_model() {
    use crate::meta::ReverseMeta;
    static AUTHOR_WITH_BOOKS: ModelMeta = ModelMeta {
        reverse: &[
            ReverseMeta {
                field: "missing",
                source: book,
                source_field: "autor",
            },
            ReverseMeta {
                field: "plain",
                source: book,
                source_field: "title",
            },
            ReverseMeta {
                field: "elsewhere",
                source: book,
                source_field: "shelf",
            },
            ReverseMeta {
                field: "books",
                source: book,
                source_field: "author",
            },
        ],
        ..model("Author", "cyc_author", &[id()])
    };
    fn author_with_books() -> &'static ModelMeta {
        &AUTHOR_WITH_BOOKS
    }
    fn shelf() -> &'static ModelMeta {
        &SHELF
    }
    static SHELF: ModelMeta = model("Shelf", "shelf", &[id()]);
    static BOOK_WITH_SHELF: ModelMeta = model(
        "Book",
        "cyc_book",
        &[
            id(),
            fk("author", "author_id", author_with_books, OnDelete::Cascade),
            col("title", "text"),
            fk("shelf", "shelf_id", shelf, OnDelete::Cascade),
        ],
    );
    fn book() -> &'static ModelMeta {
        &BOOK_WITH_SHELF
    }
    assert_eq!(
        problems(&[&AUTHOR_WITH_BOOKS, &BOOK_WITH_SHELF, &SHELF]),
        [
            "`Author.missing`: via `autor` is not a field of `Book` (did you mean `author`?)",
            "`Author.plain`: via `Book.title` is not a foreign key; name the `ForeignKey<Author>` field of `Book`",
            "`Author.elsewhere`: via `Book.shelf` points at `Shelf`, not `Author`",
        ]
    );
}

/// A primary key whose type is an alias of `Option<...>` is nullable in
/// the metadata; the derive cannot see it, the schema does.
#[test]
fn primary_key_cannot_be_nullable() {
    static NULL_KEY: ModelMeta = model("Loose", "loose", &[nullable(id())]);
    assert_eq!(
        one_problem(&[&NULL_KEY]),
        "`Loose.id`: a primary key cannot be nullable (its type is an `Option`)"
    );
}

/// A column name where a field name belongs says which field it is.
#[test]
fn names_get_hints() {
    static GROUPS: ModelMeta = ModelMeta {
        indexes: &[&["author_id"]],
        ordering: &[OrderingMeta {
            field: "titel",
            descending: false,
        }],
        ..model(
            "Novel",
            "hints_novel",
            &[
                id(),
                col("title", "text"),
                related(fk("author", "author_id", author, OnDelete::Cascade), "+"),
            ],
        )
    };
    assert_eq!(
        problems(&[&GROUPS, &AUTHOR, &BOOK]),
        [
            "`Novel`: index names `author_id`, which is not a column field (`author_id` is the column of field `author`; name the field)",
            "`Novel`: ordering names `titel`, which is not a column field (did you mean `title`?)",
        ]
    );
}
