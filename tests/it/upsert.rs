//! Upserts and the race-free get_or_create / update_or_create on real
//! PostgreSQL, raced with `concurrently`.

use orm::prelude::*;
use orm::testing::concurrently;

use crate::crud::{contact, crm_schema};
use crate::models::*;

fn phone(number: &str) -> Phone {
    Phone {
        id: 0,
        number: number.into(),
    }
}

#[orm::test]
async fn upsert_do_nothing_and_do_update_in_one_statement(db: Db) {
    crm_schema(&db).await;
    let mut first = phone("100");
    first.insert(&db).await.unwrap();

    let mut again = phone("100");
    let before = db.statements_sent();
    let inserted = again
        .upsert(&db, &OnConflict::columns(Phone::NUMBER).do_nothing())
        .await
        .unwrap();
    assert_eq!(db.statements_sent() - before, 1);
    assert!(!inserted);
    assert_eq!(again.id, 0, "a skipped object is left as it was");

    let inserted = again
        .upsert(
            &db,
            &OnConflict::columns(Phone::NUMBER).do_update(Phone::NUMBER),
        )
        .await
        .unwrap();
    assert!(!inserted);
    assert_eq!(again.id, first.id, "the stored row is read back");

    let mut fresh = phone("200");
    assert!(
        fresh
            .upsert(&db, &OnConflict::constraint("crm_phone_number_key"))
            .await
            .unwrap()
    );
    assert!(fresh.id > first.id);
    assert_eq!(Phone::objects().count(&db).await.unwrap(), 2);

    // A column of another model is refused before anything is sent.
    let before = db.statements_sent();
    let err = fresh
        .upsert(
            &db,
            &OnConflict::columns(Phone::NUMBER).do_update(Phone::ID.count()),
        )
        .await
        .unwrap_err();
    assert!(err.is_invalid_input(), "{err}");
    assert_eq!(db.statements_sent(), before);
}

#[orm::test]
async fn upsert_many_counts_inserts_and_reads_updates_back(db: Db) {
    crm_schema(&db).await;
    let mut ann = contact("Ann");
    let mut bob = contact("Bob");
    Contact::insert_many(&db, std::slice::from_mut(&mut ann))
        .await
        .unwrap();
    Contact::insert_many(&db, std::slice::from_mut(&mut bob))
        .await
        .unwrap();
    let rel = |from: &Contact, to: &Contact, since| ContactRelationship {
        id: 0,
        types: ManyToMany::default(),
        from_contact: ForeignKey::new(from.id),
        to_contact: ForeignKey::new(to.id),
        since,
    };
    let mut rows = vec![rel(&ann, &bob, Some(2001))];
    ContactRelationship::insert_many(&db, &mut rows)
        .await
        .unwrap();
    let on_pair = OnConflict::columns((
        ContactRelationship::FROM_CONTACT,
        ContactRelationship::TO_CONTACT,
    ));
    let mut batch = vec![rel(&ann, &bob, Some(2020)), rel(&bob, &ann, Some(2021))];
    let inserted = ContactRelationship::upsert_many(
        &db,
        &mut batch,
        &on_pair.clone().do_update(ContactRelationship::SINCE),
    )
    .await
    .unwrap();
    assert_eq!(inserted, 1);
    assert_eq!(batch[0].id, rows[0].id);
    assert_eq!(batch[0].since, Some(2020));
    assert!(batch[1].id > 0);
    let mut skipped = vec![rel(&ann, &bob, None), rel(&bob, &ann, None)];
    let inserted = ContactRelationship::upsert_many(&db, &mut skipped, &on_pair.do_nothing())
        .await
        .unwrap();
    assert_eq!(inserted, 0);
    let stored = ContactRelationship::get(&db, rows[0].id).await.unwrap();
    assert_eq!(stored.since, Some(2020));
}

#[orm::test]
async fn get_or_create_is_race_free(db: Db) {
    crm_schema(&db).await;
    let created = concurrently(20, |_| {
        let db = &db;
        async move {
            let mut kind = RelationshipType {
                id: 0,
                name: "colleague".into(),
            };
            let created = kind.get_or_create(db, RelationshipType::NAME).await?;
            Ok::<_, orm::Error>((created, kind.id))
        }
    })
    .await
    .unwrap();
    assert_eq!(created.iter().filter(|(c, _)| *c).count(), 1);
    let ids: std::collections::BTreeSet<i64> = created.iter().map(|(_, id)| *id).collect();
    assert_eq!(ids.len(), 1, "every caller got the one stored row");
    assert_eq!(RelationshipType::objects().count(&db).await.unwrap(), 1);

    // Found: two statements; created: one.
    let mut kind = RelationshipType {
        id: 0,
        name: "colleague".into(),
    };
    let before = db.statements_sent();
    assert!(
        !kind
            .get_or_create(&db, RelationshipType::NAME)
            .await
            .unwrap()
    );
    assert_eq!(db.statements_sent() - before, 2);
    let mut other = RelationshipType {
        id: 0,
        name: "family".into(),
    };
    let before = db.statements_sent();
    assert!(
        other
            .get_or_create(&db, RelationshipType::NAME)
            .await
            .unwrap()
    );
    assert_eq!(db.statements_sent() - before, 1);
}

#[orm::test]
async fn update_or_create_is_race_free(db: Db) {
    crm_schema(&db).await;
    let mut ann = contact("Ann");
    let mut bob = contact("Bob");
    ann.insert(&db).await.unwrap();
    bob.insert(&db).await.unwrap();
    let (ann_id, bob_id) = (ann.id, bob.id);
    let results = concurrently(20, |i| {
        let db = &db;
        async move {
            let mut row = ContactRelationship {
                id: 0,
                types: ManyToMany::default(),
                from_contact: ForeignKey::new(ann_id),
                to_contact: ForeignKey::new(bob_id),
                since: Some(2000 + i as i32),
            };
            row.update_or_create(
                db,
                (
                    ContactRelationship::FROM_CONTACT,
                    ContactRelationship::TO_CONTACT,
                ),
                ContactRelationship::SINCE,
            )
            .await
        }
    })
    .await
    .unwrap();
    assert_eq!(results.iter().filter(|c| **c).count(), 1);
    let stored = ContactRelationship::objects().all(&db).await.unwrap();
    assert_eq!(stored.len(), 1);
    assert!(stored[0].since.is_some_and(|y| (2000..2020).contains(&y)));
}
