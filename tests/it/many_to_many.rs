//! Many-to-many writes: automatic junctions, through models, symmetric
//! and asymmetric self-relations.

use std::collections::BTreeSet;

use orm::prelude::*;
use proptest::strategy::{Strategy, ValueTree};
use proptest::test_runner::TestRunner;

use crate::crud::{contact, crm_schema};
use crate::models::*;

async fn contacts(db: &Db, n: usize) -> Vec<Contact> {
    let mut cs: Vec<Contact> = (0..n).map(|i| contact(&format!("c{i}"))).collect();
    Contact::insert_many(db, &mut cs).await.unwrap();
    cs
}

async fn phones(db: &Db, n: usize) -> Vec<Phone> {
    let mut ps: Vec<Phone> = (0..n)
        .map(|i| Phone {
            id: 0,
            number: format!("+1-{i}"),
        })
        .collect();
    Phone::insert_many(db, &mut ps).await.unwrap();
    ps
}

/// The pairs stored in the relationship table, read with plain SQL.
async fn relationship_pairs(db: &Db) -> BTreeSet<(i64, i64)> {
    db.query(
        "SELECT from_contact_id, to_contact_id FROM crm_contactrelationship",
        &[],
    )
    .await
    .unwrap()
    .iter()
    .map(|r| (r.get(0), r.get(1)))
    .collect()
}

fn is_symmetric(pairs: &BTreeSet<(i64, i64)>) -> bool {
    pairs.iter().all(|(a, b)| pairs.contains(&(*b, *a)))
}

#[orm::test]
async fn automatic_junction_add_remove_set_clear(db: Db) {
    crm_schema(&db).await;
    let cs = contacts(&db, 2).await;
    let ps = phones(&db, 4).await;
    let (ann, bob) = (&cs[0], &cs[1]);
    let count = |before: u64| db.statements_sent() - before;

    let before = db.statements_sent();
    assert_eq!(
        Contact::PHONES
            .add(&db, ann, [&ps[0], &ps[1], &ps[2]])
            .await
            .unwrap(),
        3
    );
    assert_eq!(count(before), 1);
    // Idempotent.
    assert_eq!(Contact::PHONES.add(&db, ann, &ps[0]).await.unwrap(), 0);
    assert_eq!(Contact::PHONES.count(&db, ann).await.unwrap(), 3);
    assert!(Contact::PHONES.contains(&db, ann, &ps[1]).await.unwrap());
    assert!(!Contact::PHONES.contains(&db, bob, &ps[1]).await.unwrap());

    let before = db.statements_sent();
    assert_eq!(Contact::PHONES.remove(&db, ann, &ps[1]).await.unwrap(), 1);
    assert_eq!(count(before), 1);

    let before = db.statements_sent();
    Contact::PHONES
        .set(&db, ann, [&ps[2], &ps[3]])
        .await
        .unwrap();
    assert_eq!(count(before), 1);
    let mine = Phone::objects()
        .filter(Contact::PHONES.of(ann).unwrap())
        .order_by(Phone::NUMBER.asc())
        .all(&db)
        .await
        .unwrap();
    assert_eq!(
        mine.iter().map(|p| p.number.as_str()).collect::<Vec<_>>(),
        ["+1-2", "+1-3"]
    );

    // The reverse side: who has phone 3.
    Contact::PHONES.add(&db, bob, &ps[3]).await.unwrap();
    let owners = Contact::objects()
        .filter(Contact::PHONES.has(&ps[3]).unwrap())
        .all(&db)
        .await
        .unwrap();
    assert_eq!(owners.len(), 2);

    let before = db.statements_sent();
    assert_eq!(Contact::PHONES.clear(&db, ann).await.unwrap(), 2);
    assert_eq!(count(before), 1);
    assert_eq!(Contact::PHONES.count(&db, ann).await.unwrap(), 0);
    assert_eq!(Contact::PHONES.count(&db, bob).await.unwrap(), 1);
}

#[orm::test]
async fn bad_input_writes_nothing(db: Db) {
    crm_schema(&db).await;
    let cs = contacts(&db, 1).await;
    let ps = phones(&db, 1).await;
    Contact::PHONES.add(&db, &cs[0], &ps[0]).await.unwrap();
    let unsaved = Phone {
        id: 0,
        number: "x".into(),
    };
    let err = Contact::PHONES
        .add(&db, &cs[0], [&ps[0], &unsaved])
        .await
        .unwrap_err();
    assert!(err.is_invalid_input(), "{err}");
    let ghost = Phone {
        id: 999_999,
        number: "ghost".into(),
    };
    let err = Contact::PHONES.add(&db, &cs[0], &ghost).await.unwrap_err();
    assert!(err.is_foreign_key_violation(), "{err}");
    // set is one statement: a bad key leaves the old set intact.
    let err = Contact::PHONES.set(&db, &cs[0], &ghost).await.unwrap_err();
    assert!(err.is_foreign_key_violation(), "{err}");
    assert!(Contact::PHONES.contains(&db, &cs[0], &ps[0]).await.unwrap());
    assert_eq!(Contact::PHONES.count(&db, &cs[0]).await.unwrap(), 1);
    // add_with needs the relation's own through model.
    let err = Contact::CONTACTS
        .add_with(&db, &cs[0], &cs[0], [Phone::NUMBER.set("x")])
        .await
        .unwrap_err();
    assert!(err.is_invalid_input(), "{err}");
}

#[orm::test]
async fn symmetric_through_model(db: Db) {
    crm_schema(&db).await;
    let cs = contacts(&db, 3).await;
    let (ann, bob, cleo) = (&cs[0], &cs[1], &cs[2]);
    let before = db.statements_sent();
    Contact::CONTACTS
        .add_with(
            &db,
            ann,
            &bob.clone(),
            [ContactRelationship::SINCE.set(2020)],
        )
        .await
        .unwrap();
    assert_eq!(db.statements_sent() - before, 1);
    assert_eq!(
        relationship_pairs(&db).await,
        BTreeSet::from([(ann.id, bob.id), (bob.id, ann.id)])
    );
    // The through values went on both rows.
    let rows = ContactRelationship::objects()
        .filter(ContactRelationship::SINCE.eq(2020))
        .count(&db)
        .await
        .unwrap();
    assert_eq!(rows, 2);
    // A self-link is one row.
    Contact::CONTACTS.add(&db, cleo, cleo).await.unwrap();
    assert!(relationship_pairs(&db).await.contains(&(cleo.id, cleo.id)));
    assert_eq!(relationship_pairs(&db).await.len(), 3);
    // Bob sees Ann; removing from Bob's side removes both rows.
    assert!(Contact::CONTACTS.contains(&db, bob, ann).await.unwrap());
    let before = db.statements_sent();
    assert_eq!(Contact::CONTACTS.remove(&db, bob, ann).await.unwrap(), 2);
    assert_eq!(db.statements_sent() - before, 1);
    assert_eq!(
        relationship_pairs(&db).await,
        BTreeSet::from([(cleo.id, cleo.id)])
    );
    // The through model is a full model with its own many-to-many.
    Contact::CONTACTS.add(&db, ann, bob).await.unwrap();
    let mut friend = RelationshipType {
        id: 0,
        name: "friend".into(),
    };
    friend.insert(&db).await.unwrap();
    let rel = ContactRelationship::objects()
        .filter(ContactRelationship::FROM_CONTACT.eq(ann.id))
        .one(&db)
        .await
        .unwrap();
    ContactRelationship::TYPES
        .add(&db, &rel, &friend)
        .await
        .unwrap();
    assert_eq!(
        ContactRelationship::TYPES.count(&db, &rel).await.unwrap(),
        1
    );
    // Deleting a contact deletes its junction rows (ON DELETE CASCADE).
    Contact::PHONES
        .add(&db, ann, &phones(&db, 1).await[0])
        .await
        .unwrap();
    ann.delete(&db).await.unwrap();
    assert_eq!(
        relationship_pairs(&db).await,
        BTreeSet::from([(cleo.id, cleo.id)])
    );
    let left: i64 = db
        .query("SELECT count(*) FROM crm_contact_phones", &[])
        .await
        .unwrap()[0]
        .get(0);
    assert_eq!(left, 0);
    // clear from either side removes both directions.
    Contact::CONTACTS.add(&db, bob, [cleo]).await.unwrap();
    Contact::CONTACTS.clear(&db, cleo).await.unwrap();
    assert!(relationship_pairs(&db).await.is_empty());
}

#[orm::test]
async fn asymmetric_self_relation_writes_one_row(db: Db) {
    let schema = Schema::new([User::META]).unwrap();
    schema.create_all(&db).await.unwrap();
    let mut users: Vec<User> = ["ann", "bob"]
        .iter()
        .map(|n| User {
            id: 0,
            name: (*n).into(),
            follows: ManyToMany::default(),
        })
        .collect();
    User::insert_many(&db, &mut users).await.unwrap();
    User::FOLLOWS.add(&db, &users[0], &users[1]).await.unwrap();
    let rows = db
        .query(
            "SELECT from_user_id, to_user_id FROM social_user_follows",
            &[],
        )
        .await
        .unwrap();
    assert_eq!(rows.len(), 1);
    assert!(
        User::FOLLOWS
            .contains(&db, &users[0], &users[1])
            .await
            .unwrap()
    );
    assert!(
        !User::FOLLOWS
            .contains(&db, &users[1], &users[0])
            .await
            .unwrap()
    );
    // Who follows bob: the reverse side.
    let followers = User::objects()
        .filter(User::FOLLOWS.has(&users[1]).unwrap())
        .all(&db)
        .await
        .unwrap();
    assert_eq!(followers.len(), 1);
    assert_eq!(followers[0].name, "ann");
}

#[derive(Debug, Clone)]
enum Step {
    Add(usize, Vec<usize>),
    Remove(usize, Vec<usize>),
    Set(usize, Vec<usize>),
    Clear(usize),
}

fn steps() -> impl Strategy<Value = Vec<Step>> {
    let who = 0..5usize;
    let many = proptest::collection::vec(0..5usize, 0..4);
    let step = proptest::prop_oneof![
        (who.clone(), many.clone()).prop_map(|(a, b)| Step::Add(a, b)),
        (who.clone(), many.clone()).prop_map(|(a, b)| Step::Remove(a, b)),
        (who.clone(), many).prop_map(|(a, b)| Step::Set(a, b)),
        who.prop_map(Step::Clear),
    ];
    proptest::collection::vec(step, 1..12)
}

#[orm::test]
async fn symmetric_invariant_holds_for_random_sequences(db: Db) {
    crm_schema(&db).await;
    let cs = contacts(&db, 5).await;
    let mut runner = TestRunner::deterministic();
    let strategy = steps();
    for case in 0..40 {
        let sequence = strategy.new_tree(&mut runner).unwrap().current();
        Contact::CONTACTS.clear(&db, &cs[0]).await.unwrap();
        db.execute("DELETE FROM crm_contactrelationship", &[])
            .await
            .unwrap();
        let mut model: BTreeSet<(usize, usize)> = BTreeSet::new();
        for step in &sequence {
            match step {
                Step::Add(a, bs) => {
                    let targets: Vec<&Contact> = bs.iter().map(|&b| &cs[b]).collect();
                    Contact::CONTACTS.add(&db, &cs[*a], targets).await.unwrap();
                    for &b in bs {
                        model.insert((*a, b));
                        model.insert((b, *a));
                    }
                }
                Step::Remove(a, bs) => {
                    let targets: Vec<&Contact> = bs.iter().map(|&b| &cs[b]).collect();
                    Contact::CONTACTS
                        .remove(&db, &cs[*a], targets)
                        .await
                        .unwrap();
                    for &b in bs {
                        model.remove(&(*a, b));
                        model.remove(&(b, *a));
                    }
                }
                Step::Set(a, bs) => {
                    let targets: Vec<&Contact> = bs.iter().map(|&b| &cs[b]).collect();
                    Contact::CONTACTS.set(&db, &cs[*a], targets).await.unwrap();
                    model.retain(|(x, y)| x != a && y != a);
                    for &b in bs {
                        model.insert((*a, b));
                        model.insert((b, *a));
                    }
                }
                Step::Clear(a) => {
                    Contact::CONTACTS.clear(&db, &cs[*a]).await.unwrap();
                    model.retain(|(x, y)| x != a && y != a);
                }
            }
            let pairs = relationship_pairs(&db).await;
            assert!(
                is_symmetric(&pairs),
                "case {case}: {sequence:?} left {pairs:?}"
            );
            let expected: BTreeSet<(i64, i64)> =
                model.iter().map(|(a, b)| (cs[*a].id, cs[*b].id)).collect();
            assert_eq!(pairs, expected, "case {case}: {sequence:?}");
        }
    }
}

#[orm::test]
async fn concurrent_adds_and_removes_never_leave_one_direction(db: Db) {
    crm_schema(&db).await;
    let cs = contacts(&db, 2).await;
    let name: String = db.query("SELECT current_database()", &[]).await.unwrap()[0].get(0);
    let config = orm::testing::server().unwrap().config_for(&name);
    let wide = Db::builder_from_config(config)
        .max_size(50)
        .connect()
        .await
        .unwrap();
    for _round in 0..3 {
        // 50 tasks released together, half adding and half removing the
        // same pair, from both sides.
        orm::testing::concurrently(50, |i| {
            let (wide, cs) = (&wide, &cs);
            async move {
                let (a, b) = if i % 2 == 0 {
                    (&cs[0], &cs[1])
                } else {
                    (&cs[1], &cs[0])
                };
                if i % 4 < 2 {
                    Contact::CONTACTS.add(wide, a, b).await.map(|_| ())
                } else {
                    Contact::CONTACTS.remove(wide, a, b).await.map(|_| ())
                }
            }
        })
        .await
        .unwrap();
        let pairs = relationship_pairs(&db).await;
        assert!(is_symmetric(&pairs), "{pairs:?}");
    }
}

#[orm::test]
async fn add_pairs_writes_many_sources_in_one_statement(db: Db) {
    crm_schema(&db).await;
    let cs = contacts(&db, 4).await;
    let ps = phones(&db, 3).await;
    let before = db.statements_sent();
    let pairs = [
        (&cs[0], &ps[0]),
        (&cs[0], &ps[1]),
        (&cs[1], &ps[1]),
        (&cs[2], &ps[2]),
        (&cs[2], &ps[2]),
    ];
    assert_eq!(Contact::PHONES.add_pairs(&db, pairs).await.unwrap(), 4);
    assert_eq!(db.statements_sent() - before, 1);
    assert_eq!(Contact::PHONES.add_pairs(&db, pairs).await.unwrap(), 0);
    assert_eq!(Contact::PHONES.count(&db, &cs[0]).await.unwrap(), 2);
    assert_eq!(Contact::PHONES.count(&db, &cs[3]).await.unwrap(), 0);

    // Symmetric: both directions of every pair, in one statement; a
    // self-link is one row.
    let before = db.statements_sent();
    let n = Contact::CONTACTS
        .add_pairs(&db, [(&cs[0], &cs[1]), (&cs[2], &cs[1]), (&cs[3], &cs[3])])
        .await
        .unwrap();
    assert_eq!(db.statements_sent() - before, 1);
    assert_eq!(n, 5);
    let stored = relationship_pairs(&db).await;
    assert!(is_symmetric(&stored));
    assert_eq!(stored.len(), 5);

    // An unsaved object anywhere writes nothing.
    let unsaved = contact("new");
    let err = Contact::PHONES
        .add_pairs(&db, [(&cs[3], &ps[0]), (&unsaved, &ps[0])])
        .await
        .unwrap_err();
    assert!(err.is_invalid_input());
    assert_eq!(Contact::PHONES.count(&db, &cs[3]).await.unwrap(), 0);
}

/// A through model with a NOT NULL column of its own.
#[derive(Model, Debug, Clone)]
#[orm(table = "club_member")]
pub struct Member {
    #[orm(primary_key, auto)]
    pub id: i64,
    pub name: String,
    #[orm(through = Membership, source = member, target = club)]
    pub clubs: ManyToMany<Club>,
}

#[derive(Model, Debug, Clone)]
#[orm(table = "club_club")]
pub struct Club {
    #[orm(primary_key, auto)]
    pub id: i64,
    pub name: String,
}

#[derive(Model, Debug, Clone)]
#[orm(table = "club_membership", unique_together(member, club))]
pub struct Membership {
    #[orm(primary_key, auto)]
    pub id: i64,
    #[orm(related_name = "+", on_delete = Cascade)]
    pub member: ForeignKey<Member>,
    #[orm(related_name = "+", on_delete = Cascade)]
    pub club: ForeignKey<Club>,
    pub role: String,
}

#[orm::test]
async fn set_with_fills_the_through_models_not_null_columns(db: Db) {
    Schema::new([Member::META, Club::META, Membership::META])
        .unwrap()
        .create_all(&db)
        .await
        .unwrap();
    let mut ann = Member {
        id: 0,
        name: "Ann".into(),
        clubs: ManyToMany::default(),
    };
    ann.insert(&db).await.unwrap();
    let mut clubs: Vec<Club> = ["chess", "rowing", "choir"]
        .iter()
        .map(|n| Club {
            id: 0,
            name: (*n).into(),
        })
        .collect();
    Club::insert_many(&db, &mut clubs).await.unwrap();
    // Plain `set` cannot fill `role`: NOT NULL violation, nothing changed.
    let err = Member::CLUBS.set(&db, &ann, &clubs[0]).await.unwrap_err();
    assert!(err.is_not_null_violation(), "{err}");
    assert_eq!(Member::CLUBS.count(&db, &ann).await.unwrap(), 0);
    // set_with: one statement, the role on every row it adds.
    let before = db.statements_sent();
    Member::CLUBS
        .set_with(
            &db,
            &ann,
            [&clubs[0], &clubs[1]],
            [Membership::ROLE.set("member")],
        )
        .await
        .unwrap();
    assert_eq!(db.statements_sent() - before, 1);
    // Replacing the set keeps the pairs already there (and their role),
    // adds the new one with the given role and drops the missing one.
    Member::CLUBS
        .set_with(
            &db,
            &ann,
            [&clubs[1], &clubs[2]],
            [Membership::ROLE.set("captain")],
        )
        .await
        .unwrap();
    let mut rows: Vec<(i64, String)> = Membership::objects()
        .all(&db)
        .await
        .unwrap()
        .into_iter()
        .map(|m| (*m.club.key(), m.role))
        .collect();
    rows.sort();
    assert_eq!(
        rows,
        vec![
            (clubs[1].id, "member".to_owned()),
            (clubs[2].id, "captain".to_owned())
        ]
    );
    // Values for another model are refused before anything is sent.
    let err = Member::CLUBS
        .set_with(&db, &ann, &clubs[0], [Club::NAME.set("x")])
        .await
        .unwrap_err();
    assert!(err.is_invalid_input(), "{err}");
    assert_eq!(Member::CLUBS.count(&db, &ann).await.unwrap(), 2);
}
