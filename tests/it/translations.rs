//! Translation lookups on real PostgreSQL.

use std::collections::HashMap;

use orm::prelude::*;
use orm::query::Fallback;

use crate::models::*;

async fn schema(db: &Db) {
    Schema::new([Label::META, Translation::META, Page::META])
        .unwrap()
        .create_all(db)
        .await
        .unwrap();
}

fn page(code: &str) -> Page {
    Page {
        id: 0,
        code: code.into(),
        content: None,
        keywords: None,
        description: None,
        title: None,
        parent: None,
    }
}

async fn label(db: &Db, texts: &[(&str, Option<&str>)]) -> ForeignKey<Label> {
    let mut l = Label {
        id: 0,
        translations: Reverse::default(),
    };
    l.insert(db).await.unwrap();
    for (lng, text) in texts {
        let mut t = Translation {
            id: 0,
            text: text.map(str::to_owned),
            lng: (*lng).into(),
            des: ForeignKey::key_of(&l).unwrap(),
        };
        t.insert(db).await.unwrap();
    }
    ForeignKey::key_of(&l).unwrap()
}

/// Pages with all, some and no translations.
async fn seed(db: &Db) {
    schema(db).await;
    let mut full = page("full");
    full.title = Some(label(db, &[("ru", Some("Привет")), ("en", Some("Hello"))]).await);
    full.content = Some(label(db, &[("ru", Some("Текст")), ("en", Some("Text"))]).await);
    full.keywords = Some(label(db, &[("ru", Some("ключ")), ("en", Some("key"))]).await);
    full.description =
        Some(label(db, &[("ru", Some("Описание")), ("en", Some("Description"))]).await);
    full.insert(db).await.unwrap();
    let mut some = page("some");
    some.title = Some(label(db, &[("en", Some("About"))]).await);
    some.content = Some(label(db, &[("ru", None), ("en", Some("Body"))]).await);
    some.parent = Some(ForeignKey::key_of(&full).unwrap());
    some.insert(db).await.unwrap();
    let mut none = page("none");
    none.title = Some(label(db, &[]).await);
    none.insert(db).await.unwrap();
}

fn titles(pages: &[Page]) -> Vec<(String, Option<String>)> {
    pages
        .iter()
        .map(|p| {
            (
                p.code.clone(),
                p.translation(Page::TITLE).unwrap().map(str::to_owned),
            )
        })
        .collect()
}

#[orm::test]
async fn every_page_comes_back_in_one_statement(db: Db) {
    seed(&db).await;
    let before = db.statements_sent();
    let pages = Page::objects()
        .translated("ru")
        .order_by(Page::CODE.asc())
        .all(&db)
        .await
        .unwrap();
    assert_eq!(db.statements_sent() - before, 1);
    assert_eq!(
        pages.len(),
        Page::objects().count(&db).await.unwrap() as usize
    );
    assert_eq!(
        titles(&pages),
        vec![
            ("full".into(), Some("Привет".into())),
            ("none".into(), None),
            ("some".into(), None),
        ]
    );
    let full = &pages[0];
    assert_eq!(
        full.content.as_ref().unwrap().text().unwrap(),
        Some("Текст")
    );
    assert_eq!(
        full.translation(Page::DESCRIPTION).unwrap(),
        Some("Описание")
    );
    assert_eq!(
        pages[1].translation(Page::CONTENT).unwrap(),
        None,
        "no label at all"
    );
    // Compared with a naive per-field lookup loop.
    for p in &pages {
        for (field, fk) in [(Page::TITLE, &p.title), (Page::CONTENT, &p.content)] {
            let naive = match fk {
                Some(fk) => Translation::objects()
                    .filter(Translation::DES.eq(*fk.key()) & Translation::LNG.eq("ru"))
                    .first(&db)
                    .await
                    .unwrap()
                    .and_then(|t| t.text),
                None => None,
            };
            assert_eq!(p.translation(field).unwrap().map(str::to_owned), naive);
        }
    }
    // Not translated: an error that says how to load it.
    let plain = Page::objects().first(&db).await.unwrap().unwrap();
    let err = plain.translation(Page::TITLE).unwrap_err();
    assert!(
        err.is_not_loaded() && err.to_string().contains("translated"),
        "{err}"
    );
}

#[orm::test]
async fn fallback_chain_picks_the_first_language_with_text(db: Db) {
    seed(&db).await;
    for fallback in [Fallback::Coalesce, Fallback::Lateral] {
        let pages = Page::objects()
            .translated(["ru", "en"])
            .fallback(fallback)
            .order_by(Page::CODE.asc())
            .all(&db)
            .await
            .unwrap();
        assert_eq!(
            titles(&pages),
            vec![
                ("full".into(), Some("Привет".into())),
                ("none".into(), None),
                ("some".into(), Some("About".into())),
            ],
            "{fallback:?}"
        );
        // A NULL Russian text falls back too.
        assert_eq!(
            pages[2].translation(Page::CONTENT).unwrap(),
            Some("Body"),
            "{fallback:?}"
        );
    }
}

#[orm::test]
async fn hostile_language_is_a_bound_parameter(db: Db) {
    seed(&db).await;
    let count = "SELECT count(*) FROM tr_translation";
    let before: i64 = db.query(count, &[]).await.unwrap()[0].get(0);
    for lng in [
        "ru' OR '1'='1",
        "'; DROP TABLE tr_translation; --",
        "en\"",
        "%",
    ] {
        let pages = Page::objects().translated(lng).all(&db).await.unwrap();
        assert_eq!(pages.len(), 3);
        assert!(
            pages
                .iter()
                .all(|p| p.translation(Page::TITLE).unwrap().is_none())
        );
    }
    let after: i64 = db.query(count, &[]).await.unwrap()[0].get(0);
    assert_eq!((before, after), (11, 11), "the table is unchanged");
}

#[orm::test]
async fn filter_and_order_by_translated_text(db: Db) {
    seed(&db).await;
    let hits = Page::objects()
        .translated("ru")
        .filter(Page::TITLE.translated().icontains("привет"))
        .all(&db)
        .await
        .unwrap();
    assert_eq!(titles(&hits), vec![("full".into(), Some("Привет".into()))]);
    let ordered = Page::objects()
        .translated(["ru", "en"])
        .order_by(Page::TITLE.translated().asc().nulls_last())
        .limit(2)
        .all(&db)
        .await
        .unwrap();
    assert_eq!(
        titles(&ordered),
        vec![
            ("some".into(), Some("About".into())),
            ("full".into(), Some("Привет".into()))
        ]
    );
    let missing = Page::objects()
        .translated("ru")
        .filter(Page::TITLE.translated().is_null())
        .count(&db)
        .await
        .unwrap();
    assert_eq!(missing, 2);
    // A translated filter without a language is a typed error, not bad SQL.
    let err = Page::objects()
        .filter(Page::TITLE.translated().eq("x"))
        .all(&db)
        .await
        .unwrap_err();
    assert!(err.is_invalid_input(), "{err}");
}

#[orm::test]
async fn composes_with_select_related_and_field_choice(db: Db) {
    seed(&db).await;
    let some = Page::objects()
        .translated(["ru", "en"])
        .translated_only([Page::TITLE])
        .select_related(Page::PARENT)
        .filter(Page::CODE.eq("some"))
        .one(&db)
        .await
        .unwrap();
    assert_eq!(some.translation(Page::TITLE).unwrap(), Some("About"));
    assert!(some.translation(Page::CONTENT).unwrap_err().is_not_loaded());
    let parent = some.parent.as_ref().unwrap().loaded().unwrap();
    assert_eq!(parent.translation(Page::TITLE).unwrap(), Some("Привет"));
    let except = Page::objects()
        .translated("en")
        .translated_except([Page::TITLE])
        .filter(Page::CODE.eq("full"))
        .one(&db)
        .await
        .unwrap();
    assert!(except.translation(Page::TITLE).is_err());
    assert_eq!(except.translation(Page::KEYWORDS).unwrap(), Some("key"));
}

#[test]
fn exact_sql_of_a_three_field_translated_query() {
    let q = Page::objects()
        .translated("ru")
        .translated_only([Page::TITLE, Page::CONTENT, Page::DESCRIPTION])
        .unordered();
    let sql = q.to_sql().unwrap();
    assert_eq!(
        sql.sql,
        r#"SELECT "tr_page"."id", "tr_page"."code", "tr_page"."content_id", "tr_page"."keywords_id", "tr_page"."description_id", "tr_page"."title_id", "tr_page"."parent_id", "tr1"."text", "tr2"."text", "tr3"."text" FROM "tr_page" LEFT JOIN "tr_translation" AS "tr1" ON "tr1"."des_id" = "tr_page"."content_id" AND "tr1"."lng" = $1 LEFT JOIN "tr_translation" AS "tr2" ON "tr2"."des_id" = "tr_page"."description_id" AND "tr2"."lng" = $1 LEFT JOIN "tr_translation" AS "tr3" ON "tr3"."des_id" = "tr_page"."title_id" AND "tr3"."lng" = $1"#
    );
    assert_eq!(sql.params.len(), 1, "the language is bound once");
}

#[orm::test]
async fn translations_agree_on_random_data(db: Db) {
    schema(&db).await;
    let langs = ["ru", "en", "de"];
    let mut expected: HashMap<String, Option<String>> = HashMap::new();
    for i in 0..60 {
        let mut texts = Vec::new();
        for (k, lng) in langs.iter().enumerate() {
            if (i * 7 + k * 3) % 5 != 0 {
                texts.push((*lng, Some(format!("{lng}-{i}"))));
            }
        }
        let mut p = page(&format!("p{i:02}"));
        let borrowed: Vec<(&str, Option<&str>)> =
            texts.iter().map(|(l, t)| (*l, t.as_deref())).collect();
        p.title = Some(label(&db, &borrowed).await);
        p.insert(&db).await.unwrap();
        let first = ["ru", "en"].iter().find_map(|l| {
            texts
                .iter()
                .find(|(x, _)| x == l)
                .and_then(|(_, t)| t.clone())
        });
        expected.insert(p.code.clone(), first);
    }
    for fallback in [Fallback::Coalesce, Fallback::Lateral] {
        let pages = Page::objects()
            .translated(["ru", "en"])
            .fallback(fallback)
            .all(&db)
            .await
            .unwrap();
        assert_eq!(pages.len(), 60);
        for p in &pages {
            assert_eq!(
                p.translation(Page::TITLE).unwrap().map(str::to_owned),
                expected[&p.code],
                "{fallback:?}"
            );
        }
    }
}

#[orm::test]
async fn set_translation_creates_the_label_and_upserts(db: Db) {
    schema(&db).await;
    let mut p = page("new");
    p.insert(&db).await.unwrap();
    assert!(p.title.is_none());
    db.set_translation(&mut p, Page::TITLE, "ru", Some("Привет"))
        .await
        .unwrap();
    let label = *p
        .title
        .as_ref()
        .expect("the label was created and the key reloaded")
        .key();
    db.set_translation(&mut p, Page::TITLE, "en", Some("Hi"))
        .await
        .unwrap();
    db.set_translation(&mut p, Page::TITLE, "en", Some("Hello"))
        .await
        .unwrap();
    assert_eq!(
        p.title.as_ref().unwrap().key(),
        &label,
        "the same label is reused"
    );
    let rows = Translation::objects()
        .filter(Translation::DES.eq(label))
        .all(&db)
        .await
        .unwrap();
    let got: Vec<(&str, Option<&str>)> = rows
        .iter()
        .map(|t| (t.lng.as_str(), t.text.as_deref()))
        .collect();
    assert_eq!(got, vec![("en", Some("Hello")), ("ru", Some("Привет"))]);
    let read = Page::objects()
        .translated("en")
        .filter(Page::ID.eq(p.id))
        .one(&db)
        .await
        .unwrap();
    assert_eq!(read.translation(Page::TITLE).unwrap(), Some("Hello"));
    // Bad input writes nothing.
    let before = Translation::objects().count(&db).await.unwrap();
    assert!(
        db.set_translation(&mut p, Page::TITLE, "ru", Some("a\0b"))
            .await
            .unwrap_err()
            .is_invalid_input()
    );
    assert!(
        db.set_translation(&mut p, Page::TITLE, "far-too-long", Some("x"))
            .await
            .unwrap_err()
            .is_invalid_input()
    );
    let mut unsaved = page("unsaved");
    assert!(
        db.set_translation(&mut unsaved, Page::TITLE, "ru", Some("x"))
            .await
            .unwrap_err()
            .is_invalid_input()
    );
    assert_eq!(Translation::objects().count(&db).await.unwrap(), before);
}
