//! The translations example: pages with four translated label fields and a
//! parent page, read in Russian with an English fallback in one statement,
//! some translations missing.
//!
//! `cargo run --example translations` (uses `DATABASE_URL` when set,
//! otherwise a throwaway PostgreSQL).

use orm::prelude::*;
use orm::testing;
use orm_examples::translations::{Label, Page, Translation};

async fn seed(db: &Db) -> Result<()> {
    let mut home = Page::new("home", None);
    home.insert(db).await?;
    let mut about = Page::new("about", Some(&home));
    about.insert(db).await?;
    let mut news = Page::new("news", Some(&home));
    news.insert(db).await?;
    // Every text is written with set_translation: the label is created on
    // first use and the text upserted, in one transaction each.
    let (title, content, keywords, description) = (
        Page::TITLE,
        Page::CONTENT,
        Page::KEYWORDS,
        Page::DESCRIPTION,
    );
    let texts = [
        (0, title, "ru", "Главная"),
        (0, title, "en", "Home"),
        (0, content, "ru", "Добро пожаловать"),
        (0, content, "en", "Welcome"),
        (0, keywords, "en", "home, start"),
        (0, description, "ru", "Главная страница"),
        (1, title, "en", "About us"),
        (1, content, "ru", "О нас"),
        (1, content, "en", "Who we are"),
        (2, title, "ru", "Новости"),
    ];
    let mut pages = [home, about, news];
    for (page, field, lng, text) in texts {
        db.set_translation(&mut pages[page], field, lng, Some(text))
            .await?;
    }
    Ok(())
}

fn show(text: Result<Option<&str>>) -> String {
    match text {
        Ok(Some(t)) => t.to_owned(),
        Ok(None) => "—".to_owned(),
        Err(e) => format!("<{e}>"),
    }
}

async fn run() -> Result<()> {
    let db = testing::example_database("translations").await?;
    Schema::new([Label::META, Translation::META, Page::META])?
        .create_all(&db)
        .await?;
    seed(&db).await?;

    let before = db.statements_sent();
    let pages = Page::objects()
        .translated(["ru", "en"])
        .select_related(Page::PARENT)
        .all(&db)
        .await?;
    let statements = db.statements_sent() - before;
    println!("pages in ru, falling back to en (— means neither has a text):\n");
    for page in &pages {
        let parent = match &page.parent {
            Some(fk) => show(fk.loaded()?.translation(Page::TITLE)),
            None => "(top)".to_owned(),
        };
        println!(
            "{:<6} title: {:<12} parent: {parent}",
            page.code,
            show(page.translation(Page::TITLE))
        );
        println!("       content: {}", show(page.translation(Page::CONTENT)));
        println!(
            "       keywords: {}",
            show(page.translation(Page::KEYWORDS))
        );
        println!(
            "       description: {}\n",
            show(page.translation(Page::DESCRIPTION))
        );
    }
    println!(
        "{} pages with 4 translated fields and their parents' in {statements} statement \
         (a per-field lookup loop would send {})",
        pages.len(),
        1 + pages.len() * 8
    );
    let found = Page::objects()
        .translated("ru")
        .filter(Page::TITLE.translated().icontains("новост"))
        .all(&db)
        .await?;
    let codes: Vec<&str> = found.iter().map(|p| p.code.as_str()).collect();
    println!(
        "pages whose Russian title contains \"новост\": {}",
        codes.join(", ")
    );
    Ok(())
}

#[tokio::main]
async fn main() {
    orm_examples::exit_on_error(run().await);
}
