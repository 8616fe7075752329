//! The publishing site of Django's query documentation: authors,
//! publishers, books with authors and tags (through a model carrying the
//! date a tag was added), stores and reviews.

use chrono::{DateTime, Utc};
use orm::prelude::*;

/// A writer.
#[derive(Model, Debug, Clone, Default)]
#[orm(table = "pub_author", ordering(name))]
pub struct Author {
    /// Identity key.
    #[orm(primary_key, auto)]
    pub id: i64,
    /// Full name.
    #[orm(max_length = 100)]
    pub name: String,
    /// Age in years.
    pub age: i32,
    /// The advance paid for the next book, when one was agreed.
    pub advance: Option<f64>,
}

/// A publishing house.
#[derive(Model, Debug, Clone, Default)]
#[orm(table = "pub_publisher", ordering(name))]
pub struct Publisher {
    /// Identity key.
    #[orm(primary_key, auto)]
    pub id: i64,
    /// The house's name.
    #[orm(max_length = 100)]
    pub name: String,
    /// Prizes won.
    pub num_awards: i32,
    /// The books it published.
    #[orm(via = publisher)]
    pub books: Reverse<Book>,
}

/// A subject label.
#[derive(Model, Debug, Clone, Default)]
#[orm(table = "pub_tag", ordering(name))]
pub struct Tag {
    /// Identity key.
    #[orm(primary_key, auto)]
    pub id: i64,
    /// The label.
    #[orm(max_length = 50, unique)]
    pub name: String,
}

/// A book.
#[derive(Model, Debug, Clone, Default)]
#[orm(table = "pub_book", ordering(title))]
pub struct Book {
    /// Identity key.
    #[orm(primary_key, auto)]
    pub id: i64,
    /// The title.
    #[orm(max_length = 200)]
    pub title: String,
    /// Number of pages.
    pub pages: i32,
    /// Selling price (a real shop would use `numeric`).
    pub price: f64,
    /// What one copy costs the publisher.
    pub cost: f64,
    /// Average rating, 0 to 5.
    pub rating: f64,
    /// Who published it; deleting the publisher deletes its books.
    #[orm(on_delete = Cascade, related_name = "books")]
    pub publisher: ForeignKey<Publisher>,
    /// Who wrote it (junction `pub_book_authors`).
    #[orm(related_name = "books")]
    pub authors: ManyToMany<Author>,
    /// Its subjects, through [`BookTag`] (which records when).
    #[orm(through = BookTag, source = book, target = tag, related_name = "books")]
    pub tags: ManyToMany<Tag>,
    /// Its reviews.
    #[orm(via = book)]
    pub reviews: Reverse<Review>,
}

/// A tag on a book, with the moment it was added.
#[derive(Model, Debug, Clone, Default)]
#[orm(table = "pub_book_tag", unique_together(book, tag))]
pub struct BookTag {
    /// Identity key.
    #[orm(primary_key, auto)]
    pub id: i64,
    /// The tagged book.
    #[orm(on_delete = Cascade, related_name = "book_tags")]
    pub book: ForeignKey<Book>,
    /// The tag.
    #[orm(on_delete = Cascade, related_name = "book_tags")]
    pub tag: ForeignKey<Tag>,
    /// When the tag was added: filled in by the database on insert
    /// (whatever the object held), read back by `RETURNING`.
    #[orm(auto_now_add)]
    pub added: DateTime<Utc>,
}

/// A shop selling books.
#[derive(Model, Debug, Clone, Default)]
#[orm(table = "pub_store", ordering(name))]
pub struct Store {
    /// Identity key.
    #[orm(primary_key, auto)]
    pub id: i64,
    /// The shop's name.
    #[orm(max_length = 100)]
    pub name: String,
    /// `open` when inserted (the database's default); updates write it.
    #[orm(max_length = 20, db_default = "'open'")]
    pub status: String,
    /// The books on its shelves (junction `pub_store_books`).
    #[orm(related_name = "stores")]
    pub books: ManyToMany<Book>,
}

/// A reader's review of a book.
#[derive(Model, Debug, Clone, Default)]
#[orm(table = "pub_review")]
pub struct Review {
    /// Identity key.
    #[orm(primary_key, auto)]
    pub id: i64,
    /// The reviewed book.
    #[orm(on_delete = Cascade, related_name = "reviews")]
    pub book: ForeignKey<Book>,
    /// 1 to 5.
    pub stars: i32,
    /// The text.
    pub body: String,
    /// When it was written: `now()` on insert, read back by `RETURNING`.
    #[orm(auto_now_add)]
    pub created: DateTime<Utc>,
    /// When it was last saved: `now()` on insert and on every `update`.
    #[orm(auto_now)]
    pub edited: DateTime<Utc>,
}

/// Every model of the site, verified together.
///
/// # Errors
/// The models are inconsistent (they are not).
pub fn schema() -> Result<Schema> {
    Schema::new([
        Author::META,
        Publisher::META,
        Tag::META,
        Book::META,
        BookTag::META,
        Store::META,
        Review::META,
    ])
}
