//! Loading related rows: select_related, prefetch, the three strategies.

use orm::prelude::*;
use proptest::strategy::{Strategy as _, ValueTree};
use proptest::test_runner::TestRunner;

use crate::crud::{contact, crm_schema};
use crate::models::*;

const STRATEGIES: [Strategy; 3] = [Strategy::Batched, Strategy::Join, Strategy::Lateral];

/// Random CRM data: contacts with 0-3 phones (some shared), 0-2 addresses.
async fn seed(db: &Db, contacts: usize, seed: u64) -> Vec<Contact> {
    crm_schema(db).await;
    let mut runner = TestRunner::new_with_rng(
        proptest::test_runner::Config::default(),
        proptest::test_runner::TestRng::from_seed(
            proptest::test_runner::RngAlgorithm::ChaCha,
            &[seed as u8; 32],
        ),
    );
    let shape = proptest::collection::vec(
        (
            proptest::collection::vec(0..(contacts * 2), 0..4),
            0..3usize,
        ),
        contacts,
    );
    let plan = shape.new_tree(&mut runner).unwrap().current();
    let mut cs: Vec<Contact> = (0..contacts)
        .map(|i| contact(&format!("contact {i:04}")))
        .collect();
    Contact::insert_many(db, &mut cs).await.unwrap();
    let mut phones: Vec<Phone> = (0..contacts * 2)
        .map(|i| Phone {
            id: 0,
            number: format!("+{} {i:05}", if i % 3 == 0 { 44 } else { 1 }),
        })
        .collect();
    Phone::insert_many(db, &mut phones).await.unwrap();
    for (c, (phone_ids, addresses)) in cs.iter().zip(&plan) {
        let targets: Vec<&Phone> = phone_ids.iter().map(|&i| &phones[i]).collect();
        Contact::PHONES.add(db, c, targets).await.unwrap();
        let mut adds: Vec<Address> = (0..*addresses)
            .map(|k| Address {
                id: 0,
                street: format!("{k} Main St"),
                city: (k % 2 == 0).then(|| "Leeds".into()),
            })
            .collect();
        Address::insert_many(db, &mut adds).await.unwrap();
        Contact::ADDRESSES.add(db, c, &adds).await.unwrap();
    }
    cs
}

/// The naive reference: one query per contact.
async fn naive(db: &Db, contacts: &[Contact]) -> Vec<(String, Vec<String>, Vec<String>)> {
    let mut out = Vec::new();
    for c in contacts {
        let phones = Phone::objects()
            .filter(Contact::PHONES.of(c).unwrap())
            .order_by(Phone::ID.asc())
            .all(db)
            .await
            .unwrap();
        let addresses = Address::objects()
            .filter(Contact::ADDRESSES.of(c).unwrap())
            .order_by(Address::ID.asc())
            .all(db)
            .await
            .unwrap();
        out.push((
            c.name.clone(),
            phones.into_iter().map(|p| p.number).collect(),
            addresses.into_iter().map(|a| a.street).collect(),
        ));
    }
    out
}

fn flatten(contacts: &[Contact]) -> Vec<(String, Vec<String>, Vec<String>)> {
    contacts
        .iter()
        .map(|c| {
            (
                c.name.clone(),
                c.phones
                    .loaded()
                    .unwrap()
                    .iter()
                    .map(|p| p.number.clone())
                    .collect(),
                c.addresses
                    .loaded()
                    .unwrap()
                    .iter()
                    .map(|a| a.street.clone())
                    .collect(),
            )
        })
        .collect()
}

fn listing(strategy: Strategy) -> Query<Contact> {
    Contact::objects()
        .prefetch(
            Prefetch::of(Contact::PHONES)
                .order_by(Phone::ID.asc())
                .strategy(strategy),
        )
        .prefetch(
            Prefetch::of(Contact::ADDRESSES)
                .order_by(Address::ID.asc())
                .strategy(strategy),
        )
}

#[orm::test]
async fn every_strategy_matches_the_naive_loop(db: Db) {
    let cs = seed(&db, 60, 7).await;
    let ordered = Contact::objects().all(&db).await.unwrap();
    assert_eq!(ordered.len(), cs.len());
    let expected = naive(&db, &ordered).await;
    assert!(
        expected.iter().any(|(_, p, _)| p.is_empty()),
        "some contact has no phone"
    );
    assert!(expected.iter().any(|(_, p, _)| p.len() > 1));
    for strategy in STRATEGIES {
        let got = listing(strategy).all(&db).await.unwrap();
        assert_eq!(flatten(&got), expected, "{strategy:?}");
    }
    // Mixed strategies in one query agree too.
    let mixed = Contact::objects()
        .prefetch(
            Prefetch::of(Contact::PHONES)
                .order_by(Phone::ID.asc())
                .strategy(Strategy::Lateral),
        )
        .prefetch(
            Prefetch::of(Contact::ADDRESSES)
                .order_by(Address::ID.asc())
                .strategy(Strategy::Join),
        )
        .all(&db)
        .await
        .unwrap();
    assert_eq!(flatten(&mixed), expected);
}

#[orm::test]
async fn statement_counts(db: Db) {
    let cs = seed(&db, 20, 3).await;
    Contact::CONTACTS.add(&db, &cs[0], &cs[1]).await.unwrap();
    let count = |before: (u64, u64)| (db.statements_sent() - before.0, db.round_trips() - before.1);
    let now = || (db.statements_sent(), db.round_trips());

    let before = now();
    Contact::objects()
        .prefetch(Contact::PHONES)
        .all(&db)
        .await
        .unwrap();
    assert_eq!(count(before), (2, 2), "one prefetch");

    let before = now();
    listing(Strategy::Batched).all(&db).await.unwrap();
    assert_eq!(count(before), (3, 2), "two sibling prefetches: pipelined");

    for strategy in [Strategy::Join, Strategy::Lateral] {
        let before = now();
        listing(strategy).all(&db).await.unwrap();
        assert_eq!(count(before), (1, 1), "{strategy:?}");
    }

    let before = now();
    Contact::objects()
        .prefetch(Prefetch::of(Contact::RELATIONSHIPS).prefetch(ContactRelationship::TYPES))
        .all(&db)
        .await
        .unwrap();
    assert_eq!(count(before), (3, 3), "nested prefetch");

    let before = now();
    ContactRelationship::objects()
        .select_related(ContactRelationship::FROM_CONTACT)
        .select_related(ContactRelationship::TO_CONTACT)
        .prefetch(ContactRelationship::TYPES)
        .all(&db)
        .await
        .unwrap();
    assert_eq!(count(before), (2, 2), "select_related plus prefetch");
    db.execute("DELETE FROM crm_contactrelationship", &[])
        .await
        .unwrap();
    let before = now();
    ContactRelationship::objects()
        .prefetch(ContactRelationship::TYPES)
        .all(&db)
        .await
        .unwrap();
    assert_eq!(
        count(before),
        (1, 1),
        "no parent rows: the prefetch is skipped"
    );
}

#[orm::test]
async fn nested_prefetch_and_select_related(db: Db) {
    let cs = seed(&db, 3, 1).await;
    let (ann, bob, cleo) = (&cs[0], &cs[1], &cs[2]);
    Contact::CONTACTS.add(&db, ann, [bob, cleo]).await.unwrap();
    let mut friend = RelationshipType {
        id: 0,
        name: "friend".into(),
    };
    let mut colleague = RelationshipType {
        id: 0,
        name: "colleague".into(),
    };
    friend.insert(&db).await.unwrap();
    colleague.insert(&db).await.unwrap();
    let rels = ContactRelationship::objects().all(&db).await.unwrap();
    for rel in &rels {
        ContactRelationship::TYPES
            .add(&db, rel, &friend)
            .await
            .unwrap();
        if rel.to_contact.key() == &bob.id {
            ContactRelationship::TYPES
                .add(&db, rel, &colleague)
                .await
                .unwrap();
        }
    }
    for strategy in STRATEGIES {
        let before = db.statements_sent();
        let loaded = Contact::objects()
            .filter(Contact::ID.eq(ann.id))
            .prefetch(
                Prefetch::of(Contact::RELATIONSHIPS)
                    .order_by(ContactRelationship::TO_CONTACT.key().asc())
                    .strategy(strategy)
                    .prefetch(
                        Prefetch::of(ContactRelationship::TYPES)
                            .order_by(RelationshipType::NAME.asc()),
                    ),
            )
            .one(&db)
            .await
            .unwrap();
        let rels = loaded.relationships.loaded().unwrap();
        assert_eq!(rels.len(), 2, "{strategy:?}");
        let types: Vec<Vec<&str>> = rels
            .iter()
            .map(|r| {
                r.types
                    .loaded()
                    .unwrap()
                    .iter()
                    .map(|t| t.name.as_str())
                    .collect()
            })
            .collect();
        assert_eq!(
            types,
            vec![vec!["colleague", "friend"], vec!["friend"]],
            "{strategy:?}"
        );
        let expected = if strategy == Strategy::Batched { 3 } else { 2 };
        assert_eq!(db.statements_sent() - before, expected, "{strategy:?}");
    }
    // select_related: two keys to the same table get distinct aliases.
    let before = db.statements_sent();
    let rels = ContactRelationship::objects()
        .select_related(ContactRelationship::FROM_CONTACT)
        .select_related(ContactRelationship::TO_CONTACT)
        .prefetch(ContactRelationship::TYPES)
        .order_by(ContactRelationship::ID.asc())
        .all(&db)
        .await
        .unwrap();
    assert_eq!(db.statements_sent() - before, 2);
    for rel in &rels {
        let from = rel.from_contact.loaded().unwrap();
        let to = rel.to_contact.loaded().unwrap();
        assert_eq!(&from.id, rel.from_contact.key());
        assert_eq!(&to.id, rel.to_contact.key());
        assert!(!rel.types.loaded().unwrap().is_empty());
    }
    // The symmetric relation, prefetched from both sides.
    let everyone = Contact::objects()
        .prefetch(Contact::CONTACTS)
        .all(&db)
        .await
        .unwrap();
    let by_name = |n: &str| everyone.iter().find(|c| c.name == n).unwrap();
    assert_eq!(by_name(&bob.name).contacts.loaded().unwrap().len(), 1);
    assert_eq!(by_name(&ann.name).contacts.loaded().unwrap().len(), 2);
}

#[orm::test]
async fn select_related_levels_and_nullable_keys(db: Db) {
    Schema::new([Label::META, Translation::META, Page::META])
        .unwrap()
        .create_all(&db)
        .await
        .unwrap();
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
    let pages = Page::objects()
        .select_related(Page::PARENT.then_key(Page::PARENT))
        .order_by(Page::ID.asc())
        .all(&db)
        .await
        .unwrap();
    assert_eq!(
        pages.len(),
        3,
        "a LEFT JOIN keeps the page without a parent"
    );
    assert!(pages[0].parent.is_none());
    let about_parent = pages[1].parent.as_ref().unwrap().loaded().unwrap();
    assert_eq!(about_parent.code, "home");
    let team_parent = pages[2].parent.as_ref().unwrap().loaded().unwrap();
    assert_eq!(team_parent.code, "about");
    let grand = team_parent.parent.as_ref().unwrap().loaded().unwrap();
    assert_eq!(grand.code, "home");
    // Not asked for: an error naming what loads it, never a hidden query.
    let plain = Page::objects()
        .filter(Page::CODE.eq("team"))
        .one(&db)
        .await
        .unwrap();
    let err = plain.parent.as_ref().unwrap().loaded().unwrap_err();
    assert!(err.is_not_loaded());
    assert!(err.to_string().contains("select_related"), "{err}");
    let sql = Page::objects()
        .select_related(Page::PARENT)
        .to_sql()
        .unwrap()
        .sql;
    assert!(sql.contains(r#"LEFT JOIN "tr_page" AS "T1""#), "{sql}");
    let sql = ContactRelationship::objects()
        .select_related(ContactRelationship::FROM_CONTACT)
        .to_sql()
        .unwrap()
        .sql;
    assert!(sql.contains(r#"INNER JOIN "crm_contact" AS "T1""#), "{sql}");
}

#[orm::test]
async fn unloaded_relations_are_errors(db: Db) {
    seed(&db, 2, 5).await;
    let c = Contact::objects().first(&db).await.unwrap().unwrap();
    let err = c.phones.loaded().unwrap_err();
    assert!(err.is_not_loaded());
    assert!(err.to_string().contains("Contact.phones"), "{err}");
    assert!(err.to_string().contains("prefetch"), "{err}");
    assert!(c.relationships.loaded().unwrap_err().is_not_loaded());
}

#[orm::test]
async fn join_strategy_slices_parents_not_rows(db: Db) {
    seed(&db, 30, 11).await;
    let plain = Contact::objects()
        .limit(7)
        .offset(5)
        .all(&db)
        .await
        .unwrap();
    for strategy in STRATEGIES {
        let got = listing(strategy).limit(7).offset(5).all(&db).await.unwrap();
        let names: Vec<&str> = got.iter().map(|c| c.name.as_str()).collect();
        let expected: Vec<&str> = plain.iter().map(|c| c.name.as_str()).collect();
        assert_eq!(names, expected, "{strategy:?}");
    }
}

#[orm::test]
async fn filtered_ordered_and_limited_prefetch(db: Db) {
    let cs = seed(&db, 40, 13).await;
    let all = Contact::objects().all(&db).await.unwrap();
    assert_eq!(all.len(), cs.len());
    let reference = naive(&db, &all).await;
    for strategy in STRATEGIES {
        let got = Contact::objects()
            .prefetch(
                Prefetch::of(Contact::PHONES)
                    .filter(Phone::NUMBER.starts_with("+44"))
                    .order_by(Phone::ID.desc())
                    .limit(1)
                    .strategy(strategy),
            )
            .all(&db)
            .await
            .unwrap();
        // Every contact is returned, matching children or not.
        assert_eq!(got.len(), all.len(), "{strategy:?}");
        for (c, (_, phones, _)) in got.iter().zip(&reference) {
            let expected: Vec<&String> = phones
                .iter()
                .rev()
                .filter(|p| p.starts_with("+44"))
                .take(1)
                .collect();
            let loaded: Vec<&String> = c
                .phones
                .loaded()
                .unwrap()
                .iter()
                .map(|p| &p.number)
                .collect();
            assert_eq!(loaded, expected, "{strategy:?} {}", c.name);
        }
    }
}

#[orm::test]
async fn reverse_foreign_key_prefetch(db: Db) {
    Schema::new([Label::META, Translation::META, Page::META])
        .unwrap()
        .create_all(&db)
        .await
        .unwrap();
    let mut labels: Vec<Label> = (0..3)
        .map(|_| Label {
            id: 0,
            translations: Reverse::default(),
        })
        .collect();
    Label::insert_many(&db, &mut labels).await.unwrap();
    for (i, l) in labels.iter().enumerate().take(2) {
        for lng in ["ru", "en", "de"].iter().take(i + 2) {
            let mut t = Translation {
                id: 0,
                text: Some(format!("{lng}{i}")),
                lng: (*lng).into(),
                des: ForeignKey::key_of(l).unwrap(),
            };
            t.insert(&db).await.unwrap();
        }
    }
    for strategy in STRATEGIES {
        let got = Label::objects()
            .order_by(Label::ID.asc())
            .prefetch(Prefetch::of(Label::TRANSLATIONS).strategy(strategy))
            .all(&db)
            .await
            .unwrap();
        let langs: Vec<Vec<&str>> = got
            .iter()
            .map(|l| {
                l.translations
                    .loaded()
                    .unwrap()
                    .iter()
                    .map(|t| t.lng.as_str())
                    .collect()
            })
            .collect();
        // Translation's default ordering (lng) applies to the children.
        assert_eq!(
            langs,
            vec![vec!["en", "ru"], vec!["de", "en", "ru"], vec![]],
            "{strategy:?}"
        );
    }
}

#[orm::test]
async fn a_hundred_thousand_parents(db: Db) {
    crm_schema(&db).await;
    let mut many: Vec<Contact> = (0..100_000).map(|i| contact(&format!("c{i}"))).collect();
    Contact::insert_many(&db, &mut many).await.unwrap();
    let mut phone = Phone {
        id: 0,
        number: "+1 1".into(),
    };
    phone.insert(&db).await.unwrap();
    Contact::PHONES
        .add(&db, &many[99_999], &phone)
        .await
        .unwrap();
    let before = db.statements_sent();
    let loaded = Contact::objects()
        .unordered()
        .prefetch(Contact::PHONES)
        .all(&db)
        .await
        .unwrap();
    assert_eq!(db.statements_sent() - before, 2);
    assert_eq!(loaded.len(), 100_000);
    let with_phone = loaded
        .iter()
        .filter(|c| !c.phones.loaded().unwrap().is_empty())
        .count();
    assert_eq!(with_phone, 1);
}

#[orm::test]
async fn select_related_combines_with_every_strategy(db: Db) {
    let cs = seed(&db, 4, 17).await;
    Contact::CONTACTS
        .add(&db, &cs[0], [&cs[1], &cs[2]])
        .await
        .unwrap();
    let mut kinds = vec![
        RelationshipType {
            id: 0,
            name: "a".into(),
        },
        RelationshipType {
            id: 0,
            name: "b".into(),
        },
    ];
    RelationshipType::insert_many(&db, &mut kinds)
        .await
        .unwrap();
    for rel in ContactRelationship::objects().all(&db).await.unwrap() {
        ContactRelationship::TYPES
            .add(&db, &rel, &kinds)
            .await
            .unwrap();
    }
    let mut reference = None;
    for strategy in STRATEGIES {
        let rels = ContactRelationship::objects()
            .select_related(ContactRelationship::FROM_CONTACT)
            .select_related(ContactRelationship::TO_CONTACT)
            .prefetch(
                Prefetch::of(ContactRelationship::TYPES)
                    .order_by(RelationshipType::NAME.asc())
                    .strategy(strategy),
            )
            .order_by(ContactRelationship::ID.asc())
            .limit(3)
            .all(&db)
            .await
            .unwrap();
        let flat: Vec<(String, String, Vec<String>)> = rels
            .iter()
            .map(|r| {
                (
                    r.from_contact.loaded().unwrap().name.clone(),
                    r.to_contact.loaded().unwrap().name.clone(),
                    r.types
                        .loaded()
                        .unwrap()
                        .iter()
                        .map(|t| t.name.clone())
                        .collect(),
                )
            })
            .collect();
        assert_eq!(flat.len(), 3, "{strategy:?}");
        assert!(
            flat.iter().all(|(_, _, t)| t == &["a", "b"]),
            "{strategy:?}: {flat:?}"
        );
        match &reference {
            None => reference = Some(flat),
            Some(r) => assert_eq!(&flat, r, "{strategy:?}"),
        }
    }
}

#[orm::test]
async fn nested_prefetch_under_shared_children(db: Db) {
    // Followees of followees: a user followed by several others appears
    // under each of them, so the nested level sees repeated parent keys.
    Schema::new([User::META])
        .unwrap()
        .create_all(&db)
        .await
        .unwrap();
    let mut users: Vec<User> = (0..6)
        .map(|i| User {
            id: 0,
            name: format!("u{i}"),
            follows: ManyToMany::default(),
        })
        .collect();
    User::insert_many(&db, &mut users).await.unwrap();
    for (a, b) in [(0, 2), (1, 2), (0, 3), (2, 4), (2, 5), (3, 4), (4, 0)] {
        User::FOLLOWS.add(&db, &users[a], &users[b]).await.unwrap();
    }
    let loaded = User::objects()
        .order_by(User::ID.asc())
        .prefetch(
            Prefetch::of(User::FOLLOWS)
                .order_by(User::ID.asc())
                .prefetch(Prefetch::of(User::FOLLOWS).order_by(User::ID.asc())),
        )
        .all(&db)
        .await
        .unwrap();
    let mut got = Vec::new();
    for u in &loaded {
        for f in u.follows.loaded().unwrap() {
            let second: Vec<&str> = f
                .follows
                .loaded()
                .unwrap()
                .iter()
                .map(|x| x.name.as_str())
                .collect();
            got.push(format!("{}>{}>{}", u.name, f.name, second.join(",")));
        }
    }
    assert_eq!(
        got,
        [
            "u0>u2>u4,u5",
            "u0>u3>u4",
            "u1>u2>u4,u5",
            "u2>u4>u0",
            "u2>u5>",
            "u3>u4>u0",
            "u4>u0>u2,u3"
        ]
    );
}
