//! The publishing site (issue 19): conditions across to-many relations,
//! subqueries, column expressions, database-filled defaults and bulk
//! many-to-many writes, on real PostgreSQL.

use orm::prelude::*;

use crate::publishing_models::*;

/// The site's rows, by name.
#[allow(
    dead_code,
    reason = "every row is named; each test reads the ones it needs"
)]
pub struct Site {
    pub ann: Author,
    pub adam: Author,
    pub bob: Author,
    pub cid: Author,
    pub apress: Publisher,
    pub manning: Publisher,
    pub empty: Publisher,
    pub rust: Tag,
    pub python: Tag,
    pub b1: Book,
    pub b2: Book,
    pub b3: Book,
    pub b4: Book,
}

fn author(name: &str, age: i32) -> Author {
    Author {
        name: name.into(),
        age,
        ..Author::default()
    }
}

fn publisher(name: &str, num_awards: i32) -> Publisher {
    Publisher {
        name: name.into(),
        num_awards,
        ..Publisher::default()
    }
}

fn book(title: &str, price: f64, cost: f64, rating: f64, publisher: &Publisher) -> Book {
    Book {
        title: title.into(),
        pages: 100,
        price,
        cost,
        rating,
        publisher: ForeignKey::new(publisher.id),
        ..Book::default()
    }
}

/// Creates the tables and the rows: "Rust in Action" (Apress; Ann, Adam,
/// Bob; rust), "Async Rust" (Apress; Adam; rust), "Python Tricks"
/// (Manning; Bob, Cid; python), "Untagged" (Manning; nobody; no tag), and
/// "Empty House" publishing nothing.
pub async fn site(db: &Db) -> Site {
    schema().unwrap().create_all(db).await.unwrap();
    let mut authors = vec![
        author("Ann", 30),
        author("Adam", 45),
        author("Bob", 50),
        author("Cid", 25),
    ];
    Author::insert_many(db, &mut authors).await.unwrap();
    let mut publishers = vec![
        publisher("Apress", 3),
        publisher("Manning", 1),
        publisher("Empty House", 0),
    ];
    Publisher::insert_many(db, &mut publishers).await.unwrap();
    let mut tags = vec![
        Tag {
            name: "rust".into(),
            ..Tag::default()
        },
        Tag {
            name: "python".into(),
            ..Tag::default()
        },
    ];
    Tag::insert_many(db, &mut tags).await.unwrap();
    let [ann, adam, bob, cid] = <[Author; 4]>::try_from(authors).unwrap();
    let [apress, manning, empty] = <[Publisher; 3]>::try_from(publishers).unwrap();
    let [rust, python] = <[Tag; 2]>::try_from(tags).unwrap();
    let mut books = vec![
        book("Rust in Action", 40.0, 15.0, 4.5, &apress),
        book("Async Rust", 35.0, 20.0, 3.5, &apress),
        book("Python Tricks", 25.0, 15.0, 4.8, &manning),
        book("Untagged", 10.0, 8.0, 2.0, &manning),
    ];
    Book::insert_many(db, &mut books).await.unwrap();
    let [b1, b2, b3, b4] = <[Book; 4]>::try_from(books).unwrap();
    Book::AUTHORS
        .add(db, &b1, [&ann, &adam, &bob])
        .await
        .unwrap();
    Book::AUTHORS.add(db, &b2, &adam).await.unwrap();
    Book::AUTHORS.add(db, &b3, [&bob, &cid]).await.unwrap();
    Book::TAGS.add(db, &b1, &rust).await.unwrap();
    Book::TAGS.add(db, &b2, &rust).await.unwrap();
    Book::TAGS.add(db, &b3, &python).await.unwrap();
    Site {
        ann,
        adam,
        bob,
        cid,
        apress,
        manning,
        empty,
        rust,
        python,
        b1,
        b2,
        b3,
        b4,
    }
}

fn titles(books: &[Book]) -> Vec<&str> {
    books.iter().map(|b| b.title.as_str()).collect()
}

fn names(publishers: &[Publisher]) -> Vec<&str> {
    publishers.iter().map(|p| p.name.as_str()).collect()
}

#[orm::test]
async fn any_across_many_to_many_never_repeats_a_row(db: Db) {
    let _site = site(&db).await;
    // "Rust in Action" has two authors whose name starts with A: a join
    // would return it twice; the semi-join returns it once.
    let q = Book::objects().filter(Book::AUTHORS.any(Author::NAME.starts_with("A")));
    let before = db.statements_sent();
    let books = q.all(&db).await.unwrap();
    assert_eq!(db.statements_sent() - before, 1);
    assert_eq!(titles(&books), ["Async Rust", "Rust in Action"]);
    assert_eq!(q.count(&db).await.unwrap(), 2);
}

#[orm::test]
async fn none_and_every_include_rows_without_related_rows(db: Db) {
    let _site = site(&db).await;
    let none = Book::objects()
        .filter(Book::AUTHORS.none(Author::NAME.starts_with("A")))
        .all(&db)
        .await
        .unwrap();
    assert_eq!(titles(&none), ["Python Tricks", "Untagged"]);
    // Every author at least 30: Cid (25) rules out "Python Tricks";
    // "Untagged" has no author, so every one of them is (vacuously).
    let every = Book::objects()
        .filter(Book::AUTHORS.every(Author::AGE.gte(30)))
        .all(&db)
        .await
        .unwrap();
    assert_eq!(titles(&every), ["Async Rust", "Rust in Action", "Untagged"]);
    // exclude(any(..)) is none(..).
    let excluded = Book::objects()
        .exclude(Book::AUTHORS.any(Author::NAME.starts_with("A")))
        .all(&db)
        .await
        .unwrap();
    assert_eq!(titles(&excluded), titles(&none));
    let with_authors = Book::objects()
        .filter(Book::AUTHORS.exists())
        .count(&db)
        .await
        .unwrap();
    assert_eq!(with_authors, 3);
}

#[orm::test]
async fn one_any_is_one_related_row_two_may_be_two(db: Db) {
    let _site = site(&db).await;
    // Django's filter(authors__name="Ann", authors__age__gt=40) in ONE call:
    // the same author must match both; nobody is Ann and over 40.
    let same_row = Book::objects()
        .filter(Book::AUTHORS.any(Author::NAME.eq("Ann") & Author::AGE.gt(40)))
        .count(&db)
        .await
        .unwrap();
    assert_eq!(same_row, 0);
    // Django's .filter(authors__name="Ann").filter(authors__age__gt=40):
    // each condition may be met by a different author.
    let any_rows = Book::objects()
        .filter(Book::AUTHORS.any(Author::NAME.eq("Ann")))
        .filter(Book::AUTHORS.any(Author::AGE.gt(40)))
        .all(&db)
        .await
        .unwrap();
    assert_eq!(titles(&any_rows), ["Rust in Action"]);
    // Composes with | and !.
    let either = Book::objects()
        .filter(Book::AUTHORS.any(Author::NAME.eq("Cid")) | !Book::AUTHORS.exists())
        .all(&db)
        .await
        .unwrap();
    assert_eq!(titles(&either), ["Python Tricks", "Untagged"]);
}

#[orm::test]
async fn reverse_foreign_keys_and_nested_paths(db: Db) {
    let _site = site(&db).await;
    let rated = Publisher::objects()
        .filter(Publisher::BOOKS.any(Book::RATING.gt(4.0)))
        .all(&db)
        .await
        .unwrap();
    assert_eq!(names(&rated), ["Apress", "Manning"]);
    let no_top_book = Publisher::objects()
        .filter(Publisher::BOOKS.none(Book::RATING.gt(4.6)))
        .all(&db)
        .await
        .unwrap();
    assert_eq!(names(&no_top_book), ["Apress", "Empty House"]);
    // Publishers having a book with an author named Cid.
    let q = Publisher::objects()
        .filter(Publisher::BOOKS.any(Book::AUTHORS.any(Author::NAME.eq("Cid"))));
    assert_eq!(names(&q.all(&db).await.unwrap()), ["Manning"]);
    assert_eq!(
        q.to_sql().unwrap().sql,
        r#"SELECT "pub_publisher"."id", "pub_publisher"."name", "pub_publisher"."num_awards" FROM "pub_publisher" WHERE EXISTS (SELECT 1 FROM "pub_book" AS "__orm_e1t" WHERE "__orm_e1t"."publisher_id" = "pub_publisher"."id" AND EXISTS (SELECT 1 FROM "pub_author" AS "__orm_e2t" INNER JOIN "pub_book_authors" AS "__orm_e2j" ON "__orm_e2j"."author_id" = "__orm_e2t"."id" WHERE "__orm_e2j"."book_id" = "__orm_e1t"."id" AND "__orm_e2t"."name" = $1)) ORDER BY "pub_publisher"."name""#
    );
    // A foreign key path inside the related filter joins inside the
    // subquery: books reviewed by nobody, of publishers with awards.
    let reviewed = Book::objects()
        .filter(Book::PUBLISHER.then(Publisher::NUM_AWARDS).gt(2))
        .filter(Book::REVIEWS.none(Review::STARS.lt(3)))
        .all(&db)
        .await
        .unwrap();
    assert_eq!(titles(&reviewed), ["Async Rust", "Rust in Action"]);
}

#[orm::test]
async fn through_model_columns(db: Db) {
    let site = site(&db).await;
    let old = chrono::DateTime::parse_from_rfc3339("2001-01-01T00:00:00Z")
        .unwrap()
        .with_timezone(&chrono::Utc);
    db.execute(
        "UPDATE pub_book_tag SET added = $1 WHERE book_id = $2",
        &[old.into(), site.b2.id.into()],
    )
    .await
    .unwrap();
    let since = old + chrono::Duration::days(1);
    let recent_rust = Book::objects()
        .filter(
            Book::TAGS
                .any_through(BookTag::TAG.then(Tag::NAME).eq("rust") & BookTag::ADDED.gte(since)),
        )
        .all(&db)
        .await
        .unwrap();
    assert_eq!(titles(&recent_rust), ["Rust in Action"]);
    let never_tagged_recently = Book::objects()
        .filter(Book::TAGS.none_through(BookTag::ADDED.gte(since)))
        .all(&db)
        .await
        .unwrap();
    assert_eq!(titles(&never_tagged_recently), ["Async Rust", "Untagged"]);
    let all_recent = Book::objects()
        .filter(Book::TAGS.every_through(BookTag::ADDED.gte(since)))
        .all(&db)
        .await
        .unwrap();
    assert_eq!(
        titles(&all_recent),
        ["Python Tricks", "Rust in Action", "Untagged"]
    );
    // A filter on another model than the through model is refused.
    let err = Book::objects()
        .filter(Book::AUTHORS.any_through(Tag::NAME.eq("rust")))
        .all(&db)
        .await
        .unwrap_err();
    assert!(err.is_invalid_input(), "{err}");
}

#[orm::test]
async fn related_conditions_in_bulk_updates_and_deletes(db: Db) {
    let _site = site(&db).await;
    let n = Book::objects()
        .filter(Book::AUTHORS.any(Author::NAME.eq("Bob")))
        .update(&db, [Book::PAGES.set(999)])
        .await
        .unwrap();
    assert_eq!(n, 2);
    let deleted = Publisher::objects()
        .filter(!Publisher::BOOKS.exists())
        .delete(&db)
        .await
        .unwrap();
    assert_eq!(deleted, 1);
    assert_eq!(Publisher::objects().count(&db).await.unwrap(), 2);
}

#[orm::test]
async fn in_query_runs_the_subquery_inside_the_statement(db: Db) {
    let _site = site(&db).await;
    let awarded = Publisher::objects().filter(Publisher::NUM_AWARDS.gte(1));
    let q = Book::objects()
        .filter(Book::PUBLISHER.in_query(awarded.subquery(Publisher::ID)))
        .filter(Book::RATING.gt(4.0));
    assert_eq!(
        q.to_sql().unwrap().sql,
        r#"SELECT "pub_book"."id", "pub_book"."title", "pub_book"."pages", "pub_book"."price", "pub_book"."cost", "pub_book"."rating", "pub_book"."publisher_id" FROM "pub_book" WHERE "pub_book"."publisher_id" IN (SELECT "pub_publisher"."id" FROM "pub_publisher" WHERE "pub_publisher"."num_awards" >= $1) AND "pub_book"."rating" > $2 ORDER BY "pub_book"."title""#
    );
    let before = db.statements_sent();
    let books = q.all(&db).await.unwrap();
    assert_eq!(db.statements_sent() - before, 1);
    assert_eq!(titles(&books), ["Python Tricks", "Rust in Action"]);
    // A sliced subquery keeps its order and limit: the books of the
    // publisher with the most awards.
    let top = Publisher::objects()
        .order_by(Publisher::NUM_AWARDS.desc())
        .limit(1);
    let books = Book::objects()
        .filter(Book::PUBLISHER.in_query(top.subquery(Publisher::ID)))
        .all(&db)
        .await
        .unwrap();
    assert_eq!(titles(&books), ["Async Rust", "Rust in Action"]);
    // A foreign key as the subquery's column.
    let top_rated = Book::objects().filter(Book::RATING.gt(4.6));
    let publishers = Publisher::objects()
        .filter(Publisher::ID.in_query(top_rated.subquery(Book::PUBLISHER.key())))
        .all(&db)
        .await
        .unwrap();
    assert_eq!(names(&publishers), ["Manning"]);
    // exclude keeps rows whose key the subquery does not select.
    let others = Book::objects()
        .exclude(Book::PUBLISHER.in_query(top.subquery(Publisher::ID)))
        .count(&db)
        .await
        .unwrap();
    assert_eq!(others, 2);
    // A subquery with a problem fails the statement, not the program.
    let bad = Book::objects()
        .filter(
            Book::ID.in_query(
                Book::objects()
                    .filter(Book::AUTHORS.any_through(Tag::NAME.eq("x")))
                    .subquery(Book::ID),
            ),
        )
        .count(&db)
        .await
        .unwrap_err();
    assert!(bad.is_invalid_input(), "{bad}");
}

#[orm::test]
async fn column_expressions_in_filters_ordering_and_updates(db: Db) {
    let _site = site(&db).await;
    // Django: Book.objects.filter(price__gt=F("cost") * 2)
    let q = Book::objects().filter(Book::PRICE.gt(Book::COST * 2.0));
    assert_eq!(
        q.to_sql().unwrap().sql,
        r#"SELECT "pub_book"."id", "pub_book"."title", "pub_book"."pages", "pub_book"."price", "pub_book"."cost", "pub_book"."rating", "pub_book"."publisher_id" FROM "pub_book" WHERE "pub_book"."price" > ("pub_book"."cost" * $1) ORDER BY "pub_book"."title""#
    );
    assert_eq!(titles(&q.all(&db).await.unwrap()), ["Rust in Action"]);
    // Comparing two columns, and an expression with a lookup.
    let cheap = Book::objects()
        .filter(Book::PRICE.lte(Book::COST + 10.0))
        .all(&db)
        .await
        .unwrap();
    assert_eq!(titles(&cheap), ["Python Tricks", "Untagged"]);
    let margin = Book::objects()
        .filter((Book::PRICE - Book::COST).between(5.0, 20.0))
        .all(&db)
        .await
        .unwrap();
    assert_eq!(titles(&margin), ["Async Rust", "Python Tricks"]);
    // Ordering by an expression: largest margin first.
    let by_margin = Book::objects()
        .order_by((Book::PRICE - Book::COST).desc())
        .all(&db)
        .await
        .unwrap();
    assert_eq!(
        titles(&by_margin),
        ["Rust in Action", "Async Rust", "Python Tricks", "Untagged"]
    );
    // Bulk update computed by the database: Django's update(price=F("price") * 1.1).
    let apress_books = Book::objects().filter(Book::PUBLISHER.then(Publisher::NAME).eq("Apress"));
    let sql = apress_books
        .update_sql([
            Book::PRICE.set(Book::PRICE * 1.1),
            Book::PAGES.set(Book::PAGES + 1),
        ])
        .unwrap()
        .sql;
    assert_eq!(
        sql,
        r#"UPDATE "pub_book" SET "price" = ("pub_book"."price" * $1), "pages" = ("pub_book"."pages" + $2) WHERE "id" IN (SELECT "pub_book"."id" FROM "pub_book" INNER JOIN "pub_publisher" AS "T1" ON "T1"."id" = "pub_book"."publisher_id" WHERE "T1"."name" = $3)"#
    );
    let before = db.statements_sent();
    let n = apress_books
        .update(
            &db,
            [
                Book::PRICE.set(Book::PRICE * 1.1),
                Book::PAGES.set(Book::PAGES + 1),
            ],
        )
        .await
        .unwrap();
    assert_eq!(db.statements_sent() - before, 1);
    assert_eq!(n, 2);
    let b1 = Book::get(&db, _site.b1.id).await.unwrap();
    assert!((b1.price - 44.0).abs() < 1e-9, "{}", b1.price);
    assert_eq!(b1.pages, 101);
    // Setting one column from another, and a plain value still works.
    Book::objects()
        .filter(Book::ID.eq(_site.b4.id))
        .update(&db, [Book::PRICE.set(Book::COST), Book::TITLE.set("Cheap")])
        .await
        .unwrap();
    let b4 = Book::get(&db, _site.b4.id).await.unwrap();
    assert_eq!((b4.price, b4.title.as_str()), (8.0, "Cheap"));
    // A column of another model cannot be assigned from.
    let err = Book::objects()
        .update(
            &db,
            [Book::PAGES.set(Book::PUBLISHER.then(Publisher::NUM_AWARDS))],
        )
        .await
        .unwrap_err();
    assert!(err.is_invalid_input(), "{err}");
}

#[orm::test]
async fn database_defaults_apply_on_insert_and_are_read_back(db: Db) {
    let site = site(&db).await;
    let started = chrono::Utc::now() - chrono::Duration::minutes(5);
    // The struct holds the epoch; the database's now() is stored and
    // returned.
    let mut reviews = vec![
        Review {
            book: ForeignKey::new(site.b1.id),
            stars: 5,
            body: "great".into(),
            ..Review::default()
        },
        Review {
            book: ForeignKey::new(site.b1.id),
            stars: 4,
            body: "good".into(),
            ..Review::default()
        },
    ];
    Review::insert_many(&db, &mut reviews).await.unwrap();
    for r in &reviews {
        assert!(r.created > started, "{}", r.created);
        assert!(r.edited > started, "{}", r.edited);
    }
    let stored = Review::get(&db, reviews[0].id).await.unwrap();
    assert_eq!(stored.created, reviews[0].created);
    // auto_now: every object update sends DEFAULT; auto_now_add keeps the
    // value (the object's value, read back at insert).
    let mut r = reviews.remove(0);
    let created = r.created;
    r.edited = chrono::DateTime::<chrono::Utc>::default();
    r.stars = 3;
    r.update(&db).await.unwrap();
    assert!(r.edited > started, "{}", r.edited);
    assert_eq!(r.created, created);
    assert_eq!(Review::get(&db, r.id).await.unwrap().stars, 3);
    // The through model's auto_now_add column was filled when tags were
    // added.
    let tag_rows = BookTag::objects().all(&db).await.unwrap();
    assert_eq!(tag_rows.len(), 3);
    assert!(tag_rows.iter().all(|t| t.added > started));
    // db_default: the database's default on insert, the object's value on
    // update.
    let mut store = Store {
        name: "Corner".into(),
        ..Store::default()
    };
    store.insert(&db).await.unwrap();
    assert_eq!(store.status, "open");
    store.status = "closed".into();
    store.update(&db).await.unwrap();
    assert_eq!(Store::get(&db, store.id).await.unwrap().status, "closed");
    // The DDL carries the defaults.
    let ddl = schema().unwrap().sql();
    assert!(
        ddl.contains(r#""status" varchar(20) NOT NULL DEFAULT 'open'"#),
        "{ddl}"
    );
    assert!(
        ddl.contains(r#""created" timestamptz NOT NULL DEFAULT now()"#),
        "{ddl}"
    );
}

#[orm::test]
async fn seeding_many_books_with_authors_is_one_relation_statement(db: Db) {
    schema().unwrap().create_all(&db).await.unwrap();
    let mut house = publisher("House", 0);
    house.insert(&db).await.unwrap();
    let mut authors: Vec<Author> = (0..10).map(|i| author(&format!("a{i}"), 40)).collect();
    Author::insert_many(&db, &mut authors).await.unwrap();
    let mut books: Vec<Book> = (0..50)
        .map(|i| book(&format!("b{i:02}"), 10.0, 5.0, 3.0, &house))
        .collect();
    Book::insert_many(&db, &mut books).await.unwrap();
    // Every book by two authors: 100 pairs, one statement (it took 73
    // statements before add_pairs, one `add` per book and more).
    let before = db.statements_sent();
    let pairs: Vec<(&Book, &Author)> = books
        .iter()
        .enumerate()
        .flat_map(|(i, b)| [(b, &authors[i % 10]), (b, &authors[(i + 1) % 10])])
        .collect();
    assert_eq!(Book::AUTHORS.add_pairs(&db, pairs).await.unwrap(), 100);
    assert_eq!(db.statements_sent() - before, 1);
    let by_a0 = Book::objects()
        .filter(Book::AUTHORS.any(Author::NAME.eq("a0")))
        .count(&db)
        .await
        .unwrap();
    assert_eq!(by_a0, 10);
}

#[orm::test]
async fn column_expressions_on_nullable_columns(db: Db) {
    let site = site(&db).await;
    Author::objects()
        .filter(Author::ID.is_in([site.ann.id, site.bob.id]))
        .update(&db, [Author::ADVANCE.set(1000.0)])
        .await
        .unwrap();
    // NULL * 1.5 stays NULL; the others grow.
    let n = Author::objects()
        .update(&db, [Author::ADVANCE.set(Author::ADVANCE * 1.5)])
        .await
        .unwrap();
    assert_eq!(n, 4);
    let big = Author::objects()
        .filter((Author::ADVANCE - 100.0).gt(1000.0))
        .all(&db)
        .await
        .unwrap();
    assert_eq!(
        big.iter()
            .map(|a| (a.name.as_str(), a.advance))
            .collect::<Vec<_>>(),
        [("Ann", Some(1500.0)), ("Bob", Some(1500.0))]
    );
    let excluded = Author::objects()
        .exclude(Author::ADVANCE.gt(2000.0))
        .count(&db)
        .await
        .unwrap();
    assert_eq!(excluded, 4, "NULL advances are kept by exclude");
}

/// An offer with an optional discounted price.
#[derive(Model, Debug, Clone, Default)]
#[orm(table = "pub_offer")]
pub struct Offer {
    #[orm(primary_key, auto)]
    pub id: i64,
    pub price: f64,
    pub discount: Option<f64>,
}

#[orm::test]
async fn nullable_columns_compare_with_and_take_non_null_expressions(db: Db) {
    Schema::new([Offer::META])
        .unwrap()
        .create_all(&db)
        .await
        .unwrap();
    let mut offers = vec![
        Offer {
            price: 10.0,
            discount: Some(8.0),
            ..Offer::default()
        },
        Offer {
            price: 10.0,
            discount: Some(12.0),
            ..Offer::default()
        },
        Offer {
            price: 10.0,
            ..Offer::default()
        },
    ];
    Offer::insert_many(&db, &mut offers).await.unwrap();
    let real = Offer::objects().filter(Offer::DISCOUNT.lt(Offer::PRICE));
    assert_eq!(
        real.to_sql().unwrap().sql,
        r#"SELECT "pub_offer"."id", "pub_offer"."price", "pub_offer"."discount" FROM "pub_offer" WHERE "pub_offer"."discount" < "pub_offer"."price""#
    );
    assert_eq!(real.count(&db).await.unwrap(), 1);
    // Every offer without a discount gets 10% off its price.
    let n = Offer::objects()
        .filter(Offer::DISCOUNT.is_null())
        .update(&db, [Offer::DISCOUNT.set(Offer::PRICE * 0.9)])
        .await
        .unwrap();
    assert_eq!(n, 1);
    let third = Offer::get(&db, offers[2].id).await.unwrap();
    assert_eq!(third.discount, Some(9.0));
}

#[orm::test]
async fn relation_conditions_inside_prefetch_filters_every_strategy(db: Db) {
    let _site = site(&db).await;
    for strategy in [Strategy::Batched, Strategy::Join, Strategy::Lateral] {
        // Each publisher with its books that have an author named Bob,
        // publishers filtered by a relation condition too.
        let publishers = Publisher::objects()
            .filter(Publisher::BOOKS.exists())
            .prefetch(
                Prefetch::of(Publisher::BOOKS)
                    .filter(Book::AUTHORS.any(Author::NAME.eq("Bob")))
                    .strategy(strategy),
            )
            .all(&db)
            .await
            .unwrap();
        let got: Vec<(&str, Vec<&str>)> = publishers
            .iter()
            .map(|p| (p.name.as_str(), titles(p.books.loaded().unwrap())))
            .collect();
        assert_eq!(
            got,
            [
                ("Apress", vec!["Rust in Action"]),
                ("Manning", vec!["Python Tricks"])
            ],
            "{strategy:?}"
        );
    }
}
