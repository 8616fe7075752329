//! The publishing site, ported from Django's query documentation: authors,
//! publishers, books with authors and tags (through a model), stores and
//! reviews. Shows conditions across to-many relations, subqueries, column
//! expressions, database-filled defaults and bulk relation writes, each
//! with the SQL it sends and how many statements it took. Only the
//! window-function report is raw SQL.
//!
//! `cargo run --example publishing` (uses `DATABASE_URL` when set,
//! otherwise a throwaway PostgreSQL).

use orm::prelude::*;
use orm::testing;
use orm_examples::publishing::{Author, Book, BookTag, Publisher, Review, Store, Tag, schema};

/// Prints a statement's SQL, indented.
fn show_sql(sql: &str) {
    println!("    {sql}");
}

/// Runs `f`, then prints how many statements it sent.
async fn counted<T>(db: &Db, f: impl std::future::Future<Output = Result<T>>) -> Result<T> {
    let before = db.statements_sent();
    let out = f.await?;
    println!("    ({} statement(s))", db.statements_sent() - before);
    Ok(out)
}

fn titles(books: &[Book]) -> String {
    books
        .iter()
        .map(|b| b.title.as_str())
        .collect::<Vec<_>>()
        .join(", ")
}

fn names(publishers: &[Publisher]) -> String {
    publishers
        .iter()
        .map(|p| p.name.as_str())
        .collect::<Vec<_>>()
        .join(", ")
}

async fn seed(db: &Db) -> Result<()> {
    let mut publishers: Vec<Publisher> = [("Apress", 3), ("Manning", 1), ("No Starch", 0)]
        .into_iter()
        .map(|(name, num_awards)| Publisher {
            name: name.into(),
            num_awards,
            ..Publisher::default()
        })
        .collect();
    Publisher::insert_many(db, &mut publishers).await?;
    let first = [
        "Ann", "Adam", "Bob", "Cid", "Dora", "Eli", "Fay", "Gil", "Hal", "Ida",
    ];
    let mut authors: Vec<Author> = first
        .iter()
        .enumerate()
        .map(|(i, name)| Author {
            name: (*name).into(),
            age: 25 + 3 * i32::try_from(i).unwrap_or(0),
            ..Author::default()
        })
        .collect();
    Author::insert_many(db, &mut authors).await?;
    let mut tags: Vec<Tag> = ["rust", "python", "databases"]
        .into_iter()
        .map(|name| Tag {
            name: name.into(),
            ..Tag::default()
        })
        .collect();
    Tag::insert_many(db, &mut tags).await?;
    let mut books: Vec<Book> = (0..50)
        .map(|i| {
            let n = f64::from(i);
            Book {
                title: format!("Book {i:02}"),
                pages: 100 + 10 * i,
                price: 20.0 + n,
                cost: 8.0 + (n * 7.0) % 25.0,
                rating: (n * 0.37) % 5.0,
                publisher: ForeignKey::new(publishers[usize::try_from(i).unwrap_or(0) % 3].id),
                ..Book::default()
            }
        })
        .collect();
    Book::insert_many(db, &mut books).await?;

    println!("seeding 50 books with two authors each (Book::AUTHORS.add_pairs):");
    let pairs: Vec<(&Book, &Author)> = books
        .iter()
        .enumerate()
        .flat_map(|(i, b)| [(b, &authors[i % 10]), (b, &authors[(i * 3 + 1) % 10])])
        .collect();
    let added = counted(db, Book::AUTHORS.add_pairs(db, pairs)).await?;
    println!("    {added} pairs written");
    let tag_pairs: Vec<(&Book, &Tag)> = books
        .iter()
        .enumerate()
        .filter(|(i, _)| i % 4 != 3)
        .map(|(i, b)| (b, &tags[i % 3]))
        .collect();
    Book::TAGS.add_pairs(db, tag_pairs).await?;
    let mut stores: Vec<Store> = ["Corner", "Campus"]
        .into_iter()
        .map(|name| Store {
            name: name.into(),
            ..Store::default()
        })
        .collect();
    Store::insert_many(db, &mut stores).await?;
    let shelf: Vec<(&Store, &Book)> = books
        .iter()
        .enumerate()
        .map(|(i, b)| (&stores[i % 2], b))
        .collect();
    Store::BOOKS.add_pairs(db, shelf).await?;

    println!("\nreviews: `created`/`edited` are filled by the database (auto_now_add/auto_now):");
    let mut reviews: Vec<Review> = books
        .iter()
        .enumerate()
        .filter(|(i, _)| i % 5 == 0)
        .map(|(i, b)| Review {
            book: ForeignKey::new(b.id),
            stars: 1 + i32::try_from(i % 5 + i / 10).unwrap_or(0),
            body: format!("review of {}", b.title),
            ..Review::default()
        })
        .collect();
    counted(db, Review::insert_many(db, &mut reviews)).await?;
    println!(
        "    first review created at {} (the struct held {})",
        reviews[0].created,
        chrono::DateTime::<chrono::Utc>::default()
    );
    println!("    new store's status: {} (db_default)", stores[0].status);
    Ok(())
}

async fn run() -> Result<()> {
    let db = testing::example_database("publishing").await?;
    schema()?.create_all(&db).await?;
    seed(&db).await?;

    // Django: Book.objects.filter(authors__name__startswith="A")
    println!("\nbooks with an author whose name starts with A:");
    let q = Book::objects().filter(Book::AUTHORS.any(Author::NAME.starts_with("A")));
    show_sql(&q.to_sql()?.sql);
    let n = counted(&db, q.count(&db)).await?;
    println!("    {n} books (each once, however many authors match)");

    // Django: Publisher.objects.filter(book__rating__gt=4.5)
    println!("\npublishers having a book rated above 4.5:");
    let q = Publisher::objects().filter(Publisher::BOOKS.any(Book::RATING.gt(4.5)));
    show_sql(&q.to_sql()?.sql);
    println!("    {}", names(&counted(&db, q.all(&db)).await?));

    // Nested: publishers having a book with an author named Cid.
    println!("\npublishers having a book by Cid:");
    let q = Publisher::objects()
        .filter(Publisher::BOOKS.any(Book::AUTHORS.any(Author::NAME.eq("Cid"))));
    show_sql(&q.to_sql()?.sql);
    println!("    {}", names(&counted(&db, q.all(&db)).await?));

    // The through model's own columns: tagged "rust" in the last hour.
    println!("\nbooks tagged rust in the last hour (the through model's column):");
    let hour_ago = chrono::Utc::now() - chrono::Duration::hours(1);
    let q =
        Book::objects()
            .filter(Book::TAGS.any_through(
                BookTag::TAG.then(Tag::NAME).eq("rust") & BookTag::ADDED.gte(hour_ago),
            ))
            .limit(5);
    show_sql(&q.to_sql()?.sql);
    println!("    {} ...", titles(&counted(&db, q.all(&db)).await?));

    // Django: exclude(reviews__stars__lt=3), and "every review has 3+ stars".
    println!("\nreviewed books with no review under 3 stars:");
    let q = Book::objects()
        .filter(Book::REVIEWS.exists())
        .filter(Book::REVIEWS.every(Review::STARS.gte(3)));
    show_sql(&q.to_sql()?.sql);
    println!("    {}", titles(&counted(&db, q.all(&db)).await?));

    // Subquery as a value: books of publishers with an award.
    println!("\nbooks of awarded publishers, rated 4 or more:");
    let awarded = Publisher::objects().filter(Publisher::NUM_AWARDS.gte(1));
    let q = Book::objects()
        .filter(Book::PUBLISHER.in_query(awarded.subquery(Publisher::ID)))
        .filter(Book::RATING.gte(4.0));
    show_sql(&q.to_sql()?.sql);
    println!("    {}", titles(&counted(&db, q.all(&db)).await?));

    // Column expressions: Django's F.
    println!("\nbooks priced above twice their cost, largest margin first:");
    let q = Book::objects()
        .filter(Book::PRICE.gt(Book::COST * 2.0))
        .order_by((Book::PRICE - Book::COST).desc())
        .limit(5);
    show_sql(&q.to_sql()?.sql);
    println!("    {} ...", titles(&counted(&db, q.all(&db)).await?));

    println!("\nraising No Starch's prices by 10% (Book::PRICE.set(Book::PRICE * 1.1)):");
    let q = Book::objects().filter(Book::PUBLISHER.then(Publisher::NAME).eq("No Starch"));
    show_sql(&q.update_sql([Book::PRICE.set(Book::PRICE * 1.1)])?.sql);
    let n = counted(&db, q.update(&db, [Book::PRICE.set(Book::PRICE * 1.1)])).await?;
    println!("    {n} books updated");

    // The one report left in raw SQL: a window function.
    println!("\nbest-rated book of each publisher (raw SQL, window function):");
    let mut best: Vec<(String, String, f64)> = Vec::new();
    counted(
        &db,
        db.query_each(
            "SELECT p.name, b.title, b.rating FROM (SELECT publisher_id, title, rating, \
             rank() OVER (PARTITION BY publisher_id ORDER BY rating DESC) AS r FROM pub_book) b \
             JOIN pub_publisher p ON p.id = b.publisher_id WHERE b.r = 1 ORDER BY p.name",
            &[],
            |row| {
                best.push((row.get(0), row.get(1), row.get(2)));
                Ok(())
            },
        ),
    )
    .await?;
    for (publisher, title, rating) in best {
        println!("    {publisher}: {title} ({rating:.2})");
    }
    println!("\n{} statements sent in all", db.statements_sent());
    Ok(())
}

#[tokio::main]
async fn main() {
    orm_examples::exit_on_error(run().await);
}
