//! Explicit joins and extra columns: exact SQL, then real PostgreSQL.

use orm::prelude::*;
use orm::query::Left;
use orm::schema::Junction;

use crate::crud::{contact, crm_schema};
use crate::models::*;

const CONTACT_COLS: &str = r#"SELECT "crm_contact"."id", "crm_contact"."name", "crm_contact"."email", "crm_contact"."score""#;

fn junction() -> Junction {
    Contact::PHONES.meta().junction().unwrap()
}

/// Every contact with each of its phone numbers: the LEFT OUTER JOIN
/// through the automatic junction that Django users wrote by hand.
/// `prefix` adds a condition on the phone to the ON clause.
fn phone_listing(prefix: Option<&str>) -> ExtraQuery<Contact, (Option<String>, Option<i64>)> {
    let j = junction();
    let link = Join::left_table(j.table);
    let phone = Join::left::<Phone>();
    let mut phone_on = phone.on(phone.column(Phone::ID), link.col::<i64>(j.target_column));
    if let Some(prefix) = prefix {
        phone_on = phone_on.and(phone.column(Phone::NUMBER).starts_with(prefix));
    }
    Contact::objects()
        .join(link.on(link.col::<i64>(j.source_column), Contact::ID))
        .join(phone_on)
        .order_by(Contact::NAME.asc())
        .order_by(phone.column(Phone::NUMBER).asc())
        .select_extra((
            phone.column(Phone::NUMBER),
            link.col::<i64>(j.target_column),
        ))
}

// ---- SQL text ----

#[test]
fn left_join_through_the_junction_sql() {
    let sql = phone_listing(Some("+44")).to_sql().unwrap();
    assert_eq!(
        sql.sql,
        format!(
            r#"{CONTACT_COLS}, "j2"."number", "j1"."phone_id" FROM "crm_contact" LEFT JOIN "crm_contact_phones" AS "j1" ON "j1"."contact_id" = "crm_contact"."id" LEFT JOIN "crm_phone" AS "j2" ON "j2"."id" = "j1"."phone_id" AND "j2"."number" LIKE $1 ORDER BY "crm_contact"."name", "j2"."number""#
        )
    );
    assert_eq!(sql.params.len(), 1);
    assert_eq!(sql.params[0], orm::Value::Text("+44%".into()));
}

#[test]
fn inner_join_sql_with_where_and_limit() {
    let i = Join::inner::<Interaction>();
    let q = Contact::objects()
        .unordered()
        .join(i.on(i.column(Interaction::CONTACT.key()), Contact::ID))
        .filter(Contact::SCORE.gt(1) & i.column(Interaction::NOTE).is_not_null())
        .limit(5)
        .select_extra(i.column(Interaction::NOTE));
    let sql = q.to_sql().unwrap();
    assert_eq!(
        sql.sql,
        format!(
            r#"{CONTACT_COLS}, "j1"."note" FROM "crm_contact" INNER JOIN "crm_interaction" AS "j1" ON "j1"."contact_id" = "crm_contact"."id" WHERE "crm_contact"."score" > $1 AND "j1"."note" IS NOT NULL LIMIT $2"#
        )
    );
    assert_eq!(sql.params.len(), 2);
}

#[test]
fn on_clauses_reach_foreign_keys_and_earlier_joins() {
    // ON a column of the query's model through a foreign key: the ORM's
    // own join comes first, then the explicit one.
    let j = junction();
    let link = Join::inner_table(j.table).alias("cp");
    let q = Interaction::objects()
        .unordered()
        .join(
            link.on(link.col::<i64>(j.source_column), Interaction::CONTACT)
                .on(
                    link.col::<i64>(j.target_column),
                    link.col::<i64>(j.target_column),
                )
                .and(Interaction::CALL.then(CallRecord::DURATION).gt(60)),
        )
        .select_extra(link.col::<i64>(j.target_column));
    let sql = q.to_sql().unwrap().sql;
    assert!(
        sql.ends_with(
            r#", "cp"."phone_id" FROM "crm_interaction" INNER JOIN "cdr" AS "T1" ON "T1"."uniqueid" = "crm_interaction"."call_uniqueid" INNER JOIN "crm_contact_phones" AS "cp" ON "cp"."contact_id" = "crm_interaction"."contact_id" AND "cp"."phone_id" = "cp"."phone_id" AND "T1"."duration" > $1"#
        ),
        "{sql}"
    );
}

#[test]
fn hostile_names_are_quoted() {
    let hostile = Join::left_table(r#"x" ON TRUE; DROP TABLE crm_contact; --"#).alias(r#"a"b"#);
    let q = Contact::objects()
        .unordered()
        .join(hostile.on_filter(hostile.col::<i64>(r#"c"; --"#).eq(1)))
        .select_extra(hostile.col::<i64>("n"));
    let sql = q.to_sql().unwrap().sql;
    assert_eq!(
        sql,
        format!(
            r#"{CONTACT_COLS}, "a""b"."n" FROM "crm_contact" LEFT JOIN "x"" ON TRUE; DROP TABLE crm_contact; --" AS "a""b" ON "a""b"."c""; --" = $1"#
        )
    );
}

#[test]
fn misuse_is_reported_not_rendered() {
    // A column of a join the query does not have.
    let stray = Join::left::<Phone>();
    let q = Contact::objects().filter(stray.column(Phone::NUMBER).eq("x"));
    assert!(q.to_sql().unwrap_err().is_invalid_input());
    // Two joins with one alias, or the query's own table name.
    let (a, b) = (
        Join::left::<Phone>().alias("p"),
        Join::left::<Phone>().alias("p"),
    );
    let q = Contact::objects()
        .join(a.on_filter(Filter::all([])))
        .join(b.on_filter(Filter::all([])));
    assert!(q.to_sql().unwrap_err().is_invalid_input());
    let own = Join::inner::<Phone>().alias("crm_contact");
    let q = Contact::objects().join(own.on_filter(Filter::all([])));
    assert!(q.to_sql().unwrap_err().is_invalid_input());
    // An alias the ORM reserves for its own joins.
    for reserved in ["T1", "tr2", "__orm_c1"] {
        let taken = Join::inner::<Phone>().alias(reserved);
        let q = Contact::objects().join(taken.on_filter(Filter::all([])));
        let err = q.to_sql().unwrap_err();
        assert!(err.is_invalid_input(), "{reserved}");
        assert!(err.to_string().contains("reserved"), "{err}");
    }
    let allowed = Join::inner::<Phone>().alias("Tx");
    let q = Contact::objects().join(allowed.on_filter(Filter::all([])));
    assert!(q.to_sql().is_ok());
    // The same join added twice.
    let p = Join::left::<Phone>();
    let on = p.on(p.column(Phone::ID), Contact::ID);
    let q = Contact::objects().join(on.clone()).join(on);
    assert!(q.to_sql().unwrap_err().is_invalid_input());
    // A joined model's column through a foreign key.
    let i = Join::inner::<Interaction>();
    let q = Contact::objects().join(i.on(
        i.column(Interaction::CALL.then(CallRecord::DURATION)),
        Contact::SCORE,
    ));
    assert!(q.to_sql().unwrap_err().is_invalid_input());
    // A later join's column in an earlier join's ON clause.
    let (first, second) = (Join::left::<Phone>(), Join::left::<Address>());
    let q = Contact::objects()
        .join(first.on(first.column(Phone::ID), second.column(Address::ID)))
        .join(second.on(second.column(Address::ID), Contact::ID));
    assert!(q.to_sql().unwrap_err().is_invalid_input());
}

#[test]
fn counts_and_bulk_writes_include_the_joins() {
    let link = Join::inner_table(junction().table);
    let q = Contact::objects().join(link.on(link.col::<i64>("contact_id"), Contact::ID));
    assert!(
        q.to_sql()
            .unwrap()
            .sql
            .contains(r#"INNER JOIN "crm_contact_phones" AS "j1""#)
    );
    let delete = q.delete_sql().unwrap().sql;
    assert_eq!(
        delete,
        r#"DELETE FROM "crm_contact" WHERE "id" IN (SELECT "crm_contact"."id" FROM "crm_contact" INNER JOIN "crm_contact_phones" AS "j1" ON "j1"."contact_id" = "crm_contact"."id")"#
    );
}

#[test]
fn with_translations_and_row_locks() {
    // Translation joins and explicit joins share one FROM clause; a LEFT
    // join makes the row lock `OF` the query's table.
    let parent = Join::left::<Page>().alias("parent");
    let q = Page::objects()
        .unordered()
        .translated("ru")
        .translated_only([Page::TITLE])
        .join(parent.on(parent.column(Page::ID), Page::PARENT))
        .filter(Page::TITLE.translated().icontains("x"))
        .for_update()
        .select_extra(parent.column(Page::CODE));
    let sql = q.to_sql().unwrap().sql;
    assert!(
        sql.contains(r#"LEFT JOIN "tr_page" AS "parent" ON "parent"."id" = "tr_page"."parent_id""#),
        "{sql}"
    );
    assert!(
        sql.contains(r#""tr_page"."parent_id", "parent"."code", "#),
        "{sql}"
    );
    assert!(sql.ends_with(r#" FOR UPDATE OF "tr_page""#), "{sql}");
}

// ---- real PostgreSQL ----

/// Ann: +44 100 and +1 200; Bob: no phone; Cid: +1 200 (shared with Ann).
async fn seed(db: &Db) -> (Vec<Contact>, Vec<Phone>) {
    crm_schema(db).await;
    let mut contacts = vec![contact("Ann"), contact("Bob"), contact("Cid")];
    Contact::insert_many(db, &mut contacts).await.unwrap();
    let mut phones: Vec<Phone> = ["+44 100", "+1 200"]
        .into_iter()
        .map(|n| Phone {
            id: 0,
            number: n.into(),
        })
        .collect();
    Phone::insert_many(db, &mut phones).await.unwrap();
    Contact::PHONES
        .add(db, &contacts[0], &phones)
        .await
        .unwrap();
    Contact::PHONES
        .add(db, &contacts[2], [&phones[1]])
        .await
        .unwrap();
    (contacts, phones)
}

/// (contact, (phone number, phone key)) rows of [`phone_listing`].
type Listing = Vec<(Contact, (Option<String>, Option<i64>))>;

fn rows(listing: Listing) -> Vec<(String, Option<String>)> {
    listing
        .into_iter()
        .map(|(c, (number, _))| (c.name, number))
        .collect()
}

fn pairs(expected: &[(&str, Option<&str>)]) -> Vec<(String, Option<String>)> {
    expected
        .iter()
        .map(|(n, p)| (n.to_string(), p.map(str::to_owned)))
        .collect()
}

#[orm::test]
async fn contacts_without_phones_come_back_with_none(db: Db) {
    let (_, phones) = seed(&db).await;
    let before = db.statements_sent();
    let listing = phone_listing(None).all(&db).await.unwrap();
    assert_eq!(db.statements_sent() - before, 1);
    let keys: Vec<Option<i64>> = listing.iter().map(|(_, (_, k))| *k).collect();
    assert_eq!(
        keys,
        [
            Some(phones[1].id),
            Some(phones[0].id),
            None,
            Some(phones[1].id)
        ]
    );
    assert_eq!(
        rows(listing),
        pairs(&[
            ("Ann", Some("+1 200")),
            ("Ann", Some("+44 100")),
            ("Bob", None),
            ("Cid", Some("+1 200")),
        ])
    );
}

#[orm::test]
async fn on_conditions_filter_joined_rows_not_contacts(db: Db) {
    seed(&db).await;
    // In the ON clause: every contact stays; only +44 numbers are joined.
    let listing = phone_listing(Some("+44")).all(&db).await.unwrap();
    assert_eq!(
        rows(listing),
        pairs(&[
            ("Ann", Some("+44 100")),
            ("Ann", None),
            ("Bob", None),
            ("Cid", None),
        ])
    );
    // The same condition in WHERE drops the contacts without a match: the
    // LEFT JOIN became an INNER JOIN (the Django pitfall).
    let phone = Join::left::<Phone>();
    let link = Join::left_table(junction().table);
    let filtered = Contact::objects()
        .join(link.on(link.col::<i64>("contact_id"), Contact::ID))
        .join(phone.on(phone.column(Phone::ID), link.col::<i64>("phone_id")))
        .filter(phone.column(Phone::NUMBER).starts_with("+44"))
        .select_extra(phone.column(Phone::NUMBER))
        .all(&db)
        .await
        .unwrap();
    let names: Vec<&str> = filtered.iter().map(|(c, _)| c.name.as_str()).collect();
    assert_eq!(names, ["Ann"]);
    // A condition on the junction itself, in ON: Bob and Cid stay.
    let link = Join::left_table(junction().table);
    let ann_only = Contact::objects()
        .join(
            link.on(link.col::<i64>("contact_id"), Contact::ID)
                .and(link.col::<i64>("phone_id").is_in([-1_i64])),
        )
        .select_extra(link.col::<i64>("phone_id"))
        .all(&db)
        .await
        .unwrap();
    let got: Vec<(&str, Option<i64>)> = ann_only
        .iter()
        .map(|(c, k)| (c.name.as_str(), *k))
        .collect();
    assert_eq!(got, [("Ann", None), ("Bob", None), ("Cid", None)]);
}

#[orm::test]
async fn hostile_strings_are_quoted_or_bound(db: Db) {
    let (contacts, _) = seed(&db).await;
    // A hostile alias works as a name.
    let link = Join::left_table(junction().table).alias(r#"x"; DROP TABLE crm_contact; --"#);
    let evil = r#"'; DROP TABLE crm_contact; --"#;
    let phone = Join::left::<Phone>().alias("p'--");
    let listing = Contact::objects()
        .join(link.on(link.col::<i64>("contact_id"), Contact::ID))
        .join(
            phone
                .on(phone.column(Phone::ID), link.col::<i64>("phone_id"))
                .and(phone.column(Phone::NUMBER).ne(evil)),
        )
        .order_by(Contact::NAME.asc())
        .order_by(phone.column(Phone::NUMBER).desc())
        .select_extra(phone.column(Phone::NUMBER));
    let sql = listing.to_sql().unwrap();
    assert!(!sql.sql.contains(evil));
    assert_eq!(sql.params.len(), 1);
    let got = listing.all(&db).await.unwrap();
    let names: Vec<(&str, Option<&str>)> = got
        .iter()
        .map(|(c, n)| (c.name.as_str(), n.as_deref()))
        .collect();
    assert_eq!(
        names,
        [
            ("Ann", Some("+44 100")),
            ("Ann", Some("+1 200")),
            ("Bob", None),
            ("Cid", Some("+1 200")),
        ]
    );
    // A hostile table name is one (missing) table, not a second statement.
    let bad = Join::left_table(r#"crm_phone" ON TRUE; DROP TABLE crm_contact; --"#);
    let err = Contact::objects()
        .join(bad.on_filter(Filter::all([])))
        .select_extra(bad.col::<i64>("id"))
        .all(&db)
        .await
        .unwrap_err();
    assert!(err.is_database(), "{err}");
    assert_eq!(err.code(), Some("42P01"), "{err}");
    assert_eq!(
        Contact::objects().count(&db).await.unwrap(),
        contacts.len() as u64
    );
}

#[orm::test]
async fn tuples_decode_by_position(db: Db) {
    let (contacts, phones) = seed(&db).await;
    let j = junction();
    // INNER: plain values; LEFT: options; one to four columns.
    let link = Join::inner_table(j.table);
    let phone = Join::left::<Phone>();
    type Four = (i64, i64, Option<i64>, Option<String>);
    let four: Vec<(Contact, Four)> = Contact::objects()
        .join(link.on(link.col::<i64>(j.source_column), Contact::ID))
        .join(phone.on(phone.column(Phone::ID), link.col::<i64>(j.target_column)))
        .order_by(Contact::NAME.asc())
        .order_by(phone.column(Phone::ID).asc())
        .select_extra((
            link.col::<i64>(j.source_column),
            link.col::<i64>(j.target_column),
            phone.column(Phone::ID),
            phone.column(Phone::NUMBER),
        ))
        .all(&db)
        .await
        .unwrap();
    let got: Vec<(i64, Four)> = four.into_iter().map(|(c, x)| (c.id, x)).collect();
    let (ann, cid) = (contacts[0].id, contacts[2].id);
    let (p44, p1) = (&phones[0], &phones[1]);
    assert_eq!(
        got,
        [
            (ann, (ann, p44.id, Some(p44.id), Some(p44.number.clone()))),
            (ann, (ann, p1.id, Some(p1.id), Some(p1.number.clone()))),
            (cid, (cid, p1.id, Some(p1.id), Some(p1.number.clone()))),
        ]
    );
    // A wrong type is a decode error, not a panic.
    let link = Join::inner_table(j.table);
    let err = Contact::objects()
        .join(link.on(link.col::<i64>(j.source_column), Contact::ID))
        .select_extra((link.col::<String>(j.target_column),))
        .all(&db)
        .await
        .unwrap_err();
    assert!(err.is_decode(), "{err}");
    // `first`.
    let (first, number) = phone_listing(None).first(&db).await.unwrap().unwrap();
    assert_eq!(
        (first.name.as_str(), number.0.as_deref()),
        ("Ann", Some("+1 200"))
    );
}

#[orm::test]
async fn extra_columns_with_prefetch_and_select_related(db: Db) {
    let (contacts, _) = seed(&db).await;
    let mut addresses = vec![Address {
        id: 0,
        street: "1 Main St".into(),
        city: None,
    }];
    Address::insert_many(&db, &mut addresses).await.unwrap();
    Contact::ADDRESSES
        .add(&db, &contacts[1], &addresses)
        .await
        .unwrap();
    for strategy in [Strategy::Batched, Strategy::Join, Strategy::Lateral] {
        let j = junction();
        let link = Join::left_table(j.table);
        let phone: Join<Contact, Phone, Left> = Join::left::<Phone>();
        let listing = Contact::objects()
            .join(link.on(link.col::<i64>(j.source_column), Contact::ID))
            .join(phone.on(phone.column(Phone::ID), link.col::<i64>(j.target_column)))
            .order_by(Contact::NAME.asc())
            .order_by(phone.column(Phone::NUMBER).asc())
            .prefetch(Prefetch::of(Contact::ADDRESSES).strategy(strategy))
            .limit(3)
            .select_extra(phone.column(Phone::NUMBER))
            .all(&db)
            .await
            .unwrap();
        let got: Vec<(&str, Option<&str>, usize)> = listing
            .iter()
            .map(|(c, n)| {
                (
                    c.name.as_str(),
                    n.as_deref(),
                    c.addresses.loaded().unwrap().len(),
                )
            })
            .collect();
        assert_eq!(
            got,
            [
                ("Ann", Some("+1 200"), 0),
                ("Ann", Some("+44 100"), 0),
                ("Bob", None, 1)
            ],
            "{strategy:?}"
        );
    }
    // select_related columns come after the extra columns.
    let mut call = CallRecord {
        call_id: "c1".into(),
        uniqueid: "u1".into(),
        received_at: None,
        duration: 5,
    };
    call.insert(&db).await.unwrap();
    let mut interaction = Interaction {
        id: 0,
        call: ForeignKey::new("u1".to_owned()),
        contact: ForeignKey::new(contacts[0].id),
        note: Some("hello".into()),
    };
    interaction.insert(&db).await.unwrap();
    let link = Join::inner_table(junction().table);
    let rows = Interaction::objects()
        .select_related(Interaction::CONTACT)
        .join(link.on(link.col::<i64>("contact_id"), Interaction::CONTACT))
        .order_by(link.col::<i64>("phone_id").asc())
        .select_extra(link.col::<i64>("phone_id"))
        .all(&db)
        .await
        .unwrap();
    assert_eq!(rows.len(), 2);
    for (i, _) in &rows {
        assert_eq!(i.contact.loaded().unwrap().name, "Ann");
        assert_eq!(i.note.as_deref(), Some("hello"));
    }
}

#[orm::test]
async fn joins_in_count_exists_and_delete(db: Db) {
    seed(&db).await;
    let link = Join::inner_table(junction().table);
    let with_phone = Contact::objects().join(link.on(link.col::<i64>("contact_id"), Contact::ID));
    // One row per (contact, phone) pair, as `all` returns them.
    assert_eq!(with_phone.count(&db).await.unwrap(), 3);
    assert_eq!(with_phone.all(&db).await.unwrap().len(), 3);
    assert!(with_phone.exists(&db).await.unwrap());
    // Delete the contacts that have a phone: Bob remains.
    assert_eq!(with_phone.delete(&db).await.unwrap(), 2);
    let left: Vec<String> = Contact::objects()
        .all(&db)
        .await
        .unwrap()
        .into_iter()
        .map(|c| c.name)
        .collect();
    assert_eq!(left, ["Bob"]);
}

#[orm::test]
async fn bulk_update_numbers_join_parameters_after_set_values(db: Db) {
    let (_, phones) = seed(&db).await;
    let link = Join::inner_table(junction().table);
    let sharing = Contact::objects().join(
        link.on(link.col::<i64>("contact_id"), Contact::ID)
            .and(link.col::<i64>("phone_id").eq(phones[1].id)),
    );
    let sql = sharing.update_sql([Contact::SCORE.set(7)]).unwrap();
    assert_eq!(
        sql.sql,
        r#"UPDATE "crm_contact" SET "score" = $1 WHERE "id" IN (SELECT "crm_contact"."id" FROM "crm_contact" INNER JOIN "crm_contact_phones" AS "j1" ON "j1"."contact_id" = "crm_contact"."id" AND "j1"."phone_id" = $2)"#
    );
    assert_eq!(
        sharing.update(&db, [Contact::SCORE.set(7)]).await.unwrap(),
        2
    );
    let scores: Vec<(String, i32)> = Contact::objects()
        .all(&db)
        .await
        .unwrap()
        .into_iter()
        .map(|c| (c.name, c.score))
        .collect();
    assert_eq!(
        scores,
        [("Ann".into(), 7), ("Bob".into(), 0), ("Cid".into(), 7)]
    );
}

#[orm::test]
async fn extra_columns_with_translations(db: Db) {
    Schema::new([Label::META, Translation::META, Page::META])
        .unwrap()
        .create_all(&db)
        .await
        .unwrap();
    let mut title = Label {
        id: 0,
        translations: Reverse::default(),
    };
    title.insert(&db).await.unwrap();
    let mut ru = Translation {
        id: 0,
        text: Some("Дом".into()),
        lng: "ru".into(),
        des: ForeignKey::key_of(&title).unwrap(),
    };
    ru.insert(&db).await.unwrap();
    let page = |code: &str| Page {
        id: 0,
        code: code.into(),
        content: None,
        keywords: None,
        description: None,
        title: None,
        parent: None,
    };
    let mut home = page("home");
    home.title = Some(ForeignKey::key_of(&title).unwrap());
    home.insert(&db).await.unwrap();
    let mut about = page("about");
    about.parent = Some(ForeignKey::key_of(&home).unwrap());
    about.insert(&db).await.unwrap();
    let parent = Join::left::<Page>();
    let rows = Page::objects()
        .translated("ru")
        .join(parent.on(parent.column(Page::ID), Page::PARENT))
        .order_by(Page::CODE.asc())
        .select_extra((parent.column(Page::CODE), parent.column(Page::ID)))
        .all(&db)
        .await
        .unwrap();
    type Seen<'a> = (&'a str, Option<&'a str>, Option<&'a str>, Option<i64>);
    let got: Vec<Seen<'_>> = rows
        .iter()
        .map(|(p, (code, id))| {
            (
                p.code.as_str(),
                p.translation(Page::TITLE).unwrap(),
                code.as_deref(),
                *id,
            )
        })
        .collect();
    assert_eq!(
        got,
        [
            ("about", None, Some("home"), Some(home.id)),
            ("home", Some("Дом"), None, None),
        ]
    );
}
