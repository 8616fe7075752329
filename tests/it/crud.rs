//! Writing and reading models on real PostgreSQL: CRUD, every lookup,
//! hostile input.

use orm::prelude::*;

use crate::models::*;

pub async fn crm_schema(db: &Db) {
    let schema = Schema::new([
        Contact::META,
        Phone::META,
        Address::META,
        ContactRelationship::META,
        RelationshipType::META,
        CallRecord::META,
        Interaction::META,
    ])
    .unwrap();
    schema.create_all(db).await.unwrap();
}

pub fn contact(name: &str) -> Contact {
    Contact {
        id: 0,
        name: name.into(),
        email: None,
        score: 0,
        phones: ManyToMany::default(),
        addresses: ManyToMany::default(),
        contacts: ManyToMany::default(),
        relationships: Reverse::default(),
    }
}

async fn seed(db: &Db, names: &[&str]) -> Vec<Contact> {
    let mut contacts: Vec<Contact> = names.iter().map(|n| contact(n)).collect();
    Contact::insert_many(db, &mut contacts).await.unwrap();
    contacts
}

async fn all(db: &Db, f: Filter<Contact>) -> Vec<Contact> {
    Contact::objects().filter(f).all(db).await.unwrap()
}

fn names(contacts: &[Contact]) -> Vec<&str> {
    contacts.iter().map(|c| c.name.as_str()).collect()
}

#[orm::test]
async fn insert_fills_the_key_and_get_reads_it_back(db: Db) {
    crm_schema(&db).await;
    let mut ann = contact("Ann");
    ann.email = Some("ann@example.com".into());
    let before = db.statements_sent();
    ann.insert(&db).await.unwrap();
    assert_eq!(db.statements_sent() - before, 1);
    assert!(ann.id > 0);
    let loaded = Contact::get(&db, ann.id).await.unwrap();
    assert_eq!(loaded.name, "Ann");
    assert_eq!(loaded.email.as_deref(), Some("ann@example.com"));
    assert!(
        Contact::get(&db, ann.id + 100)
            .await
            .unwrap_err()
            .is_not_found()
    );
}

#[orm::test]
async fn update_delete_refresh(db: Db) {
    crm_schema(&db).await;
    let mut ann = seed(&db, &["Ann"]).await.remove(0);
    ann.score = 7;
    ann.update(&db).await.unwrap();
    let mut stale = Contact::get(&db, ann.id).await.unwrap();
    assert_eq!(stale.score, 7);
    Contact::objects()
        .filter(Contact::ID.eq(ann.id))
        .update(&db, [Contact::SCORE.set(9)])
        .await
        .unwrap();
    stale.refresh(&db).await.unwrap();
    assert_eq!(stale.score, 9);
    ann.delete(&db).await.unwrap();
    assert!(ann.delete(&db).await.unwrap_err().is_not_found());
    assert!(stale.refresh(&db).await.unwrap_err().is_not_found());
    let unsaved = contact("Nobody");
    assert!(unsaved.delete(&db).await.unwrap_err().is_invalid_input());
}

#[orm::test]
async fn insert_many_uses_one_statement_per_chunk(db: Db) {
    crm_schema(&db).await;
    let mut many: Vec<Contact> = (0..2500).map(|i| contact(&format!("c{i:05}"))).collect();
    let (before, trips) = (db.statements_sent(), db.round_trips());
    Contact::insert_many(&db, &mut many).await.unwrap();
    // One statement, one array parameter per column: no 32767-parameter
    // limit, one INSERT shape whatever the batch size.
    assert_eq!(db.round_trips() - trips, 1);
    assert_eq!(db.statements_sent() - before, 1);
    assert!(many.iter().all(|c| c.id > 0));
    let ids: std::collections::HashSet<i64> = many.iter().map(|c| c.id).collect();
    assert_eq!(ids.len(), 2500);
    assert_eq!(Contact::objects().count(&db).await.unwrap(), 2500);
    // Keys come back in input order.
    let first = Contact::get(&db, many[1234].id).await.unwrap();
    assert_eq!(first.name, "c01234");
}

#[orm::test]
async fn every_lookup_against_postgres(db: Db) {
    crm_schema(&db).await;
    let mut people = seed(&db, &["Ann", "Anna", "Bob", "Bobby", "Cleo"]).await;
    people[0].email = Some("ann@x".into());
    people[0].update(&db).await.unwrap();
    for (i, p) in people.iter_mut().enumerate() {
        p.score = i as i32;
        p.update(&db).await.unwrap();
    }
    let q = |f: Filter<Contact>| Contact::objects().filter(f);
    assert_eq!(names(&all(&db, Contact::NAME.eq("Bob")).await), ["Bob"]);
    assert_eq!(
        names(&all(&db, Contact::NAME.ne("Bob")).await),
        ["Ann", "Anna", "Bobby", "Cleo"]
    );
    assert_eq!(names(&all(&db, Contact::SCORE.gt(3)).await), ["Cleo"]);
    assert_eq!(
        names(&all(&db, Contact::SCORE.gte(3)).await),
        ["Bobby", "Cleo"]
    );
    assert_eq!(names(&all(&db, Contact::SCORE.lt(1)).await), ["Ann"]);
    assert_eq!(
        names(&all(&db, Contact::SCORE.lte(1)).await),
        ["Ann", "Anna"]
    );
    assert_eq!(
        names(&all(&db, Contact::SCORE.between(1, 2)).await),
        ["Anna", "Bob"]
    );
    assert_eq!(
        names(&all(&db, Contact::NAME.is_in(["Bob", "Cleo", "Zed"])).await),
        ["Bob", "Cleo"]
    );
    assert_eq!(
        all(&db, Contact::NAME.is_in(Vec::<String>::new()))
            .await
            .len(),
        0
    );
    assert_eq!(names(&all(&db, Contact::EMAIL.is_null()).await).len(), 4);
    assert_eq!(
        names(&all(&db, Contact::EMAIL.is_not_null()).await),
        ["Ann"]
    );
    assert_eq!(
        names(&all(&db, Contact::NAME.contains("nn")).await),
        ["Ann", "Anna"]
    );
    assert_eq!(
        names(&all(&db, Contact::NAME.icontains("BOB")).await),
        ["Bob", "Bobby"]
    );
    assert_eq!(
        names(&all(&db, Contact::NAME.starts_with("An")).await),
        ["Ann", "Anna"]
    );
    assert_eq!(
        names(&all(&db, Contact::NAME.istarts_with("b")).await),
        ["Bob", "Bobby"]
    );
    assert_eq!(
        names(&all(&db, Contact::NAME.ends_with("a")).await),
        ["Anna"]
    );
    assert_eq!(
        names(&all(&db, Contact::NAME.iends_with("BY")).await),
        ["Bobby"]
    );
    assert_eq!(names(&all(&db, Contact::NAME.iexact("ANN")).await), ["Ann"]);
    // exclude keeps rows where the condition is NULL.
    let rest = Contact::objects()
        .exclude(Contact::EMAIL.eq("ann@x"))
        .all(&db)
        .await
        .unwrap();
    assert_eq!(names(&rest), ["Anna", "Bob", "Bobby", "Cleo"]);
    let either = all(
        &db,
        Contact::NAME.eq("Ann") | (Contact::SCORE.gt(2) & !Contact::NAME.eq("Cleo")),
    )
    .await;
    assert_eq!(names(&either), ["Ann", "Bobby"]);
    // ordering, slicing, first/one/count/exists
    let page = Contact::objects()
        .order_by(Contact::SCORE.desc())
        .limit(2)
        .offset(1)
        .all(&db)
        .await
        .unwrap();
    assert_eq!(names(&page), ["Bobby", "Bob"]);
    assert_eq!(
        Contact::objects().first(&db).await.unwrap().unwrap().name,
        "Ann"
    );
    assert!(
        q(Contact::NAME.eq("Zed"))
            .first(&db)
            .await
            .unwrap()
            .is_none()
    );
    assert!(
        q(Contact::NAME.starts_with("A"))
            .one(&db)
            .await
            .unwrap_err()
            .is_multiple_returned()
    );
    assert!(
        q(Contact::NAME.eq("Zed"))
            .one(&db)
            .await
            .unwrap_err()
            .is_not_found()
    );
    assert_eq!(
        q(Contact::NAME.starts_with("A")).count(&db).await.unwrap(),
        2
    );
    assert_eq!(Contact::objects().limit(3).count(&db).await.unwrap(), 3);
    assert!(q(Contact::NAME.eq("Bob")).exists(&db).await.unwrap());
    assert!(!q(Contact::NAME.eq("Zed")).exists(&db).await.unwrap());
    // bulk delete
    let gone = q(Contact::NAME.istarts_with("b"))
        .delete(&db)
        .await
        .unwrap();
    assert_eq!(gone, 2);
    assert_eq!(Contact::objects().count(&db).await.unwrap(), 3);
}

#[orm::test]
async fn hostile_strings_round_trip(db: Db) {
    crm_schema(&db).await;
    let hostile = [
        "O'Brien",
        "\"; DROP TABLE crm_contact; --",
        "50% off_sale",
        r"back\slash",
        "emoji 🦀 ünïcödé",
        "Robert'); DELETE FROM crm_contact;--",
    ];
    let saved = seed(&db, &hostile).await;
    for (text, c) in hostile.iter().zip(&saved) {
        let back = Contact::objects()
            .filter(Contact::NAME.eq(*text))
            .one(&db)
            .await
            .unwrap();
        assert_eq!(back.id, c.id);
        let like = Contact::objects()
            .filter(Contact::NAME.contains(text))
            .all(&db)
            .await
            .unwrap();
        assert_eq!(
            names(&like),
            [*text],
            "contains({text:?}) must match only itself"
        );
    }
    // `%` and `_` are literal in lookups: "50%" matches one row, "%" alone one.
    let pct = Contact::objects()
        .filter(Contact::NAME.contains("%"))
        .all(&db)
        .await
        .unwrap();
    assert_eq!(names(&pct), ["50% off_sale"]);
    let underscore = Contact::objects()
        .filter(Contact::NAME.contains("_"))
        .count(&db)
        .await
        .unwrap();
    let expected = hostile.iter().filter(|s| s.contains('_')).count() as u64;
    assert_eq!(underscore, expected);
}

#[orm::test]
async fn invalid_input_fails_before_the_write(db: Db) {
    crm_schema(&db).await;
    let before = db.statements_sent();
    let err = contact("nul\0byte").insert(&db).await.unwrap_err();
    assert!(err.is_invalid_input(), "{err}");
    let err = contact(&"x".repeat(256)).insert(&db).await.unwrap_err();
    assert!(
        err.is_invalid_input() && err.to_string().contains("max_length"),
        "{err}"
    );
    // A bad object in a batch stops the whole batch before anything is sent.
    let mut batch = vec![contact("fine"), contact("bad\0")];
    assert!(
        Contact::insert_many(&db, &mut batch)
            .await
            .unwrap_err()
            .is_invalid_input()
    );
    assert_eq!(db.statements_sent(), before);
    assert_eq!(Contact::objects().count(&db).await.unwrap(), 0);
}

#[orm::test]
async fn constraint_violations_are_typed(db: Db) {
    crm_schema(&db).await;
    let mut p = Phone {
        id: 0,
        number: "+1 555".into(),
    };
    p.insert(&db).await.unwrap();
    let mut dup = Phone {
        id: 0,
        number: "+1 555".into(),
    };
    let err = dup.insert(&db).await.unwrap_err();
    assert!(err.is_unique_violation(), "{err}");
    assert_eq!(err.constraint(), Some("crm_phone_number_key"));
    let mut orphan = Interaction {
        id: 0,
        call: ForeignKey::new("no-such-call".to_owned()),
        contact: ForeignKey::new(12345),
        note: None,
    };
    let err = orphan.insert(&db).await.unwrap_err();
    assert!(err.is_foreign_key_violation(), "{err}");
}

#[orm::test]
async fn legacy_text_key_and_to_field(db: Db) {
    crm_schema(&db).await;
    let mut call = CallRecord {
        call_id: "1700000000.42".into(),
        uniqueid: "srv1-000042".into(),
        received_at: None,
        duration: 65,
    };
    call.insert(&db).await.unwrap();
    // read_only column filled by the database default and read back.
    assert!(call.received_at.is_some());
    let ann = &mut seed(&db, &["Ann"]).await[0];
    let mut note = Interaction {
        id: 0,
        call: ForeignKey::new(call.uniqueid.clone()),
        contact: ForeignKey::key_of(ann).unwrap(),
        note: Some("called back".into()),
    };
    note.insert(&db).await.unwrap();
    let long_calls = Interaction::objects()
        .filter(Interaction::CALL.then(CallRecord::DURATION).gt(60))
        .all(&db)
        .await
        .unwrap();
    assert_eq!(long_calls.len(), 1);
    assert_eq!(long_calls[0].call.key(), "srv1-000042");
    let by_text_key = CallRecord::get(&db, "1700000000.42".to_owned())
        .await
        .unwrap();
    assert_eq!(by_text_key.duration, 65);
    // The check constraint lives in the database.
    let mut bad = CallRecord {
        call_id: "x".into(),
        uniqueid: "y".into(),
        received_at: None,
        duration: -1,
    };
    assert!(bad.insert(&db).await.unwrap_err().is_check_violation());
    assert!(
        ForeignKey::<Contact>::key_of(&contact("unsaved"))
            .unwrap_err()
            .is_invalid_input()
    );
}

#[orm::test]
async fn filters_through_a_self_foreign_key(db: Db) {
    let schema = Schema::new([Label::META, Translation::META, Page::META]).unwrap();
    schema.create_all(&db).await.unwrap();
    let mk = |code: &str, parent: Option<i64>| Page {
        id: 0,
        code: code.into(),
        content: None,
        keywords: None,
        description: None,
        title: None,
        parent: parent.map(ForeignKey::new),
    };
    let mut home = mk("home", None);
    home.insert(&db).await.unwrap();
    let mut about = mk("about", Some(home.id));
    about.insert(&db).await.unwrap();
    let mut team = mk("team", Some(about.id));
    team.insert(&db).await.unwrap();
    let under_home = Page::objects()
        .filter(Page::PARENT.then(Page::CODE).eq("home"))
        .all(&db)
        .await
        .unwrap();
    assert_eq!(
        under_home
            .iter()
            .map(|p| p.code.as_str())
            .collect::<Vec<_>>(),
        ["about"]
    );
    let grand = Page::objects()
        .filter(
            Page::PARENT
                .then_key(Page::PARENT)
                .then(Page::CODE)
                .eq("home"),
        )
        .all(&db)
        .await
        .unwrap();
    assert_eq!(grand.len(), 1);
    assert_eq!(grand[0].code, "team");
    // Excluding through a nullable key keeps pages without a parent.
    let not_under_home = Page::objects()
        .exclude(Page::PARENT.then(Page::CODE).eq("home"))
        .order_by(Page::CODE.asc())
        .all(&db)
        .await
        .unwrap();
    assert_eq!(
        not_under_home
            .iter()
            .map(|p| p.code.as_str())
            .collect::<Vec<_>>(),
        ["home", "team"]
    );
}

#[orm::test]
async fn raw_sql_maps_into_models(db: Db) {
    crm_schema(&db).await;
    seed(&db, &["Ann", "Bob", "Cleo"]).await;
    let rows = Contact::raw(
        &db,
        "SELECT id, name, email, score, upper(name) AS shout FROM crm_contact WHERE name <> $1 ORDER BY name DESC",
        &["Bob".into()],
    )
    .await
    .unwrap();
    assert_eq!(names(&rows), ["Cleo", "Ann"]);
    let err = Contact::raw(&db, "SELECT name FROM crm_contact", &[])
        .await
        .unwrap_err();
    assert!(err.is_decode() || err.is_database(), "{err}");
}
