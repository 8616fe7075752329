//! Aggregates, grouping, annotations, projections and DISTINCT on real
//! PostgreSQL, each in the number of statements it promises.

use orm::prelude::*;

use crate::crud::{contact, crm_schema};
use crate::models::*;

/// Ann (score 3, 2 phones, 1 address), Bob (score 3, no phone), Cid
/// (score 5, 1 phone).
async fn seed(db: &Db) -> Vec<Contact> {
    crm_schema(db).await;
    let mut contacts = vec![contact("Ann"), contact("Bob"), contact("Cid")];
    contacts[0].score = 3;
    contacts[1].score = 3;
    contacts[2].score = 5;
    Contact::insert_many(db, &mut contacts).await.unwrap();
    let mut phones: Vec<Phone> = ["1", "2", "3"]
        .iter()
        .map(|n| Phone {
            id: 0,
            number: (*n).into(),
        })
        .collect();
    Phone::insert_many(db, &mut phones).await.unwrap();
    Contact::PHONES
        .add(db, &contacts[0], [&phones[0], &phones[1]])
        .await
        .unwrap();
    Contact::PHONES
        .add(db, &contacts[2], [&phones[2]])
        .await
        .unwrap();
    let mut address = Address {
        id: 0,
        street: "Main".into(),
        city: None,
    };
    address.insert(db).await.unwrap();
    Contact::ADDRESSES
        .add(db, &contacts[0], [&address])
        .await
        .unwrap();
    contacts
}

#[orm::test]
async fn aggregates_over_a_query_in_one_statement(db: Db) {
    seed(&db).await;
    let before = db.statements_sent();
    let (count, sum, avg, min, max) = Contact::objects()
        .aggregate(
            &db,
            (
                Contact::ID.count(),
                Contact::SCORE.sum(),
                Contact::SCORE.avg(),
                Contact::NAME.min(),
                Contact::SCORE.max(),
            ),
        )
        .await
        .unwrap();
    assert_eq!(db.statements_sent() - before, 1);
    assert_eq!(
        (count, sum, min.as_deref(), max),
        (3, Some(11), Some("Ann"), Some(5))
    );
    assert!((avg.unwrap() - 11.0 / 3.0).abs() < 1e-9);
    // Over no rows: count 0, the others NULL.
    let (n, total) = Contact::objects()
        .filter(Contact::NAME.eq("nobody"))
        .aggregate(&db, (Contact::ID.count(), Contact::SCORE.sum()))
        .await
        .unwrap();
    assert_eq!((n, total), (0, None));
    // A filtered query aggregates its own rows only.
    let max = Contact::objects()
        .filter(Contact::SCORE.lt(5))
        .aggregate(&db, Contact::SCORE.max())
        .await
        .unwrap();
    assert_eq!(max, Some(3));
}

#[orm::test]
async fn group_by_and_having(db: Db) {
    seed(&db).await;
    let per_score: Vec<(i32, i64)> = Contact::objects()
        .values((Contact::SCORE, Contact::ID.count()))
        .group_by(Contact::SCORE)
        .order_by(Contact::SCORE.asc())
        .all(&db)
        .await
        .unwrap();
    assert_eq!(per_score, vec![(3, 2), (5, 1)]);
    let crowded: Vec<(i32, i64)> = Contact::objects()
        .values((Contact::SCORE, Contact::ID.count()))
        .group_by(Contact::SCORE)
        .having(Contact::ID.count().gte(2))
        .all(&db)
        .await
        .unwrap();
    assert_eq!(crowded, vec![(3, 2)]);
    let sql = Contact::objects()
        .values((Contact::SCORE, Contact::ID.count()))
        .group_by(Contact::SCORE)
        .having(Contact::ID.count().gte(2))
        .to_sql()
        .unwrap();
    assert!(
        sql.sql
            .contains(r#"GROUP BY "crm_contact"."score" HAVING count("crm_contact"."id") >= $1"#),
        "{}",
        sql.sql
    );
    // An aggregate over the query's rows in a WHERE filter is refused
    // before anything is sent.
    let err = Contact::objects()
        .filter(Contact::ID.count().gt(1))
        .all(&db)
        .await
        .unwrap_err();
    assert!(err.is_invalid_input(), "{err}");
}

#[orm::test]
async fn annotate_counts_each_relation_in_one_statement(db: Db) {
    seed(&db).await;
    let before = db.statements_sent();
    let rows: Vec<(Contact, (i64, i64))> = Contact::objects()
        .annotate((
            Contact::PHONES.count_each(),
            Contact::ADDRESSES.count_each(),
        ))
        .all(&db)
        .await
        .unwrap();
    assert_eq!(db.statements_sent() - before, 1);
    let counts: Vec<(&str, i64, i64)> = rows
        .iter()
        .map(|(c, (p, a))| (c.name.as_str(), *p, *a))
        .collect();
    // Two to-many annotations do not multiply each other (Ann: 2 and 1).
    assert_eq!(counts, vec![("Ann", 2, 1), ("Bob", 0, 0), ("Cid", 1, 0)]);

    // Filter and order by the annotation; the subquery is shared.
    let busy = Contact::objects()
        .filter(Contact::PHONES.count_each().gte(1))
        .order_by(Contact::PHONES.count_each().desc())
        .annotate(Contact::PHONES.count_each());
    let sql = busy.to_sql().unwrap().sql;
    assert_eq!(sql.matches("LATERAL").count(), 1, "{sql}");
    let rows = busy.all(&db).await.unwrap();
    let names: Vec<(&str, i64)> = rows.iter().map(|(c, n)| (c.name.as_str(), *n)).collect();
    assert_eq!(names, vec![("Ann", 2), ("Cid", 1)]);

    // An aggregate of the related rows' columns, and a reverse relation.
    let longest: Vec<(Contact, Option<String>)> = Contact::objects()
        .annotate(Contact::PHONES.aggregate(Phone::NUMBER.max()))
        .all(&db)
        .await
        .unwrap();
    let maxes: Vec<Option<&str>> = longest.iter().map(|(_, m)| m.as_deref()).collect();
    assert_eq!(maxes, vec![Some("2"), None, Some("3")]);
    let relationships = Contact::objects()
        .annotate(Contact::RELATIONSHIPS.count_each())
        .all(&db)
        .await
        .unwrap();
    assert!(relationships.iter().all(|(_, n)| *n == 0));

    // count() and exists() of a query filtered on an annotation.
    let n = Contact::objects()
        .filter(Contact::PHONES.count_each().eq(0))
        .count(&db)
        .await
        .unwrap();
    assert_eq!(n, 1);
}

#[orm::test]
async fn values_into_typed_tuples(db: Db) {
    let contacts = seed(&db).await;
    let before = db.statements_sent();
    let rows: Vec<(i64, String)> = Contact::objects()
        .values((Contact::ID, Contact::NAME))
        .all(&db)
        .await
        .unwrap();
    assert_eq!(db.statements_sent() - before, 1);
    let expected: Vec<(i64, String)> = contacts.iter().map(|c| (c.id, c.name.clone())).collect();
    assert_eq!(rows, expected);
    let emails: Vec<Option<String>> = Contact::objects()
        .values(Contact::EMAIL.optional())
        .all(&db)
        .await
        .unwrap();
    assert_eq!(emails, vec![None, None, None]);
    // Without `.optional()`, a NULL is a decode error, not a panic.
    let err = Contact::objects()
        .values(Contact::EMAIL)
        .all(&db)
        .await
        .unwrap_err();
    assert!(err.is_decode(), "{err}");
    let with_phones: Vec<(String, i64)> = Contact::objects()
        .values((Contact::NAME, Contact::PHONES.count_each()))
        .all(&db)
        .await
        .unwrap();
    assert_eq!(with_phones[0], ("Ann".to_string(), 2));
}

#[orm::test]
async fn distinct_and_distinct_on(db: Db) {
    seed(&db).await;
    let scores: Vec<i32> = Contact::objects()
        .unordered()
        .order_by(Contact::SCORE.asc())
        .values(Contact::SCORE)
        .distinct()
        .all(&db)
        .await
        .unwrap();
    assert_eq!(scores, vec![3, 5]);
    // The last contact by name per score.
    let last = Contact::objects()
        .distinct_on(Contact::SCORE)
        .order_by(Contact::SCORE.asc())
        .order_by(Contact::NAME.desc())
        .all(&db)
        .await
        .unwrap();
    let names: Vec<&str> = last.iter().map(|c| c.name.as_str()).collect();
    assert_eq!(names, vec!["Bob", "Cid"]);
    let n = Contact::objects()
        .distinct_on(Contact::SCORE)
        .order_by(Contact::SCORE.asc())
        .count(&db)
        .await
        .unwrap();
    assert_eq!(n, 2);
}

#[orm::test]
async fn stream_yields_objects_one_at_a_time(db: Db) {
    use futures_util::TryStreamExt;
    crm_schema(&db).await;
    let mut contacts: Vec<Contact> = (0..2000).map(|i| contact(&format!("c{i:05}"))).collect();
    Contact::insert_many(&db, &mut contacts).await.unwrap();
    let before = db.statements_sent();
    let mut stream = std::pin::pin!(
        Contact::objects()
            .filter(Contact::NAME.starts_with("c0"))
            .stream(&db)
    );
    let mut n = 0;
    let mut last = String::new();
    while let Some(c) = stream.try_next().await.unwrap() {
        assert!(c.name > last, "in order");
        last = c.name;
        n += 1;
    }
    assert_eq!(n, 2000);
    assert_eq!(db.statements_sent() - before, 1);
    // Dropping a stream half-way frees its connection for the next call.
    {
        let mut half = std::pin::pin!(Contact::objects().stream(&db));
        half.try_next().await.unwrap().unwrap();
    }
    assert_eq!(Contact::objects().count(&db).await.unwrap(), 2000);
    // Prefetch is refused as the first item.
    let mut refused = std::pin::pin!(Contact::objects().prefetch(Contact::PHONES).stream(&db));
    let err = refused.try_next().await.unwrap_err();
    assert!(err.is_invalid_input(), "{err}");
}

#[orm::test]
async fn keyset_and_numbered_pages(db: Db) {
    crm_schema(&db).await;
    let mut contacts: Vec<Contact> = (0..11)
        .map(|i| {
            let mut c = contact(&format!("c{:02}", (i * 7) % 11));
            c.score = i % 3;
            c
        })
        .collect();
    Contact::insert_many(&db, &mut contacts).await.unwrap();
    let ordered = || {
        Contact::objects()
            .order_by(Contact::SCORE.desc())
            .order_by(Contact::NAME.asc())
    };
    let everything: Vec<i64> = ordered()
        .all(&db)
        .await
        .unwrap()
        .iter()
        .map(|c| c.id)
        .collect();
    let mut walked = Vec::new();
    let mut last: Option<Contact> = None;
    loop {
        let mut q = ordered().limit(4);
        if let Some(l) = &last {
            q = q.after(l);
        }
        let before = db.statements_sent();
        let page = q.all(&db).await.unwrap();
        assert_eq!(db.statements_sent() - before, 1);
        if page.is_empty() {
            break;
        }
        walked.extend(page.iter().map(|c| c.id));
        last = page.into_iter().last();
    }
    assert_eq!(walked, everything);
    // Backwards from the end, in the reversed ordering.
    let tail = Contact::objects()
        .order_by(Contact::SCORE.desc())
        .order_by(Contact::NAME.asc())
        .before(&Contact::get(&db, everything[3]).await.unwrap())
        .all(&db)
        .await
        .unwrap();
    let ids: Vec<i64> = tail.iter().map(|c| c.id).collect();
    assert_eq!(ids, everything[..3].to_vec());

    let before = db.statements_sent();
    let page = ordered().page(&db, 3, 4).await.unwrap();
    assert_eq!(db.statements_sent() - before, 2);
    assert_eq!(
        (page.total, page.num_pages(), page.has_next()),
        (11, 3, false)
    );
    assert!(page.has_previous());
    let ids: Vec<i64> = page.items.iter().map(|c| c.id).collect();
    assert_eq!(ids, everything[8..].to_vec());
    assert!(
        ordered()
            .page(&db, 0, 4)
            .await
            .unwrap_err()
            .is_invalid_input()
    );
}
