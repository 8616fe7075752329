//! Trees on a self foreign key (`Page.parent`): descendants and ancestors
//! with depth, as one recursive CTE, cycle-safe, composing with filters,
//! translations, select_related and bulk writes.

use orm::prelude::*;
use orm::query::tree_depth;

use crate::models::*;

fn page(code: &str, parent: Option<&Page>) -> Page {
    Page {
        id: 0,
        code: code.into(),
        content: None,
        keywords: None,
        description: None,
        title: None,
        parent: parent.map(|p| ForeignKey::key_of(p).unwrap()),
    }
}

/// root -> a -> a1 -> a11, root -> b; and a cycle x -> y -> x.
async fn seed(db: &Db) -> Vec<Page> {
    Schema::new([Label::META, Translation::META, Page::META])
        .unwrap()
        .create_all(db)
        .await
        .unwrap();
    let mut root = page("root", None);
    root.insert(db).await.unwrap();
    let mut a = page("a", Some(&root));
    a.insert(db).await.unwrap();
    let mut b = page("b", Some(&root));
    let mut label = Label {
        id: 0,
        translations: Reverse::default(),
    };
    label.insert(db).await.unwrap();
    let mut t = Translation {
        id: 0,
        text: Some("Бэ".into()),
        lng: "ru".into(),
        des: ForeignKey::key_of(&label).unwrap(),
    };
    t.insert(db).await.unwrap();
    b.title = Some(ForeignKey::key_of(&label).unwrap());
    b.insert(db).await.unwrap();
    let mut a1 = page("a1", Some(&a));
    a1.insert(db).await.unwrap();
    let mut a11 = page("a11", Some(&a1));
    a11.insert(db).await.unwrap();
    let mut x = page("x", None);
    x.insert(db).await.unwrap();
    let mut y = page("y", Some(&x));
    y.insert(db).await.unwrap();
    x.parent = Some(ForeignKey::key_of(&y).unwrap());
    x.update(db).await.unwrap();
    vec![root, a, b, a1, a11, x, y]
}

fn codes(rows: &[(Page, i32)]) -> Vec<(&str, i32)> {
    rows.iter().map(|(p, d)| (p.code.as_str(), *d)).collect()
}

#[orm::test]
async fn descendants_and_ancestors_with_depth_in_one_statement(db: Db) {
    let pages = seed(&db).await;
    let (root, a11) = (&pages[0], &pages[4]);
    let before = db.statements_sent();
    let below = Page::objects()
        .descendants_of(Page::PARENT, root)
        .order_by(tree_depth().asc())
        .order_by(Page::CODE.asc())
        .select_extra(tree_depth())
        .all(&db)
        .await
        .unwrap();
    assert_eq!(db.statements_sent() - before, 1);
    assert_eq!(
        codes(&below),
        vec![("a", 1), ("b", 1), ("a1", 2), ("a11", 3)]
    );

    let above = Page::objects()
        .ancestors_of(Page::PARENT, a11)
        .order_by(tree_depth().asc())
        .select_extra(tree_depth())
        .all(&db)
        .await
        .unwrap();
    assert_eq!(codes(&above), vec![("a1", 1), ("a", 2), ("root", 3)]);

    let sql = Page::objects()
        .descendants_of(Page::PARENT, root)
        .to_sql()
        .unwrap()
        .sql;
    assert!(sql.contains("WITH RECURSIVE"), "{sql}");
    assert!(
        sql.contains(r#"CYCLE "id" SET "__orm_cycle" USING "__orm_path""#),
        "{sql}"
    );
}

#[orm::test]
async fn cycles_end(db: Db) {
    let pages = seed(&db).await;
    let x = &pages[5];
    let below = Page::objects()
        .descendants_of(Page::PARENT, x)
        .order_by(tree_depth().asc())
        .select_extra(tree_depth())
        .all(&db)
        .await
        .unwrap();
    // y is x's child, x is y's child: each once, then the cycle stops.
    assert_eq!(codes(&below), vec![("y", 1), ("x", 2)]);
    let above = Page::objects()
        .ancestors_of(Page::PARENT, x)
        .count(&db)
        .await
        .unwrap();
    assert_eq!(above, 2);
}

#[orm::test]
async fn trees_compose_with_filters_translations_and_writes(db: Db) {
    let pages = seed(&db).await;
    let root = &pages[0];
    let shallow = Page::objects()
        .descendants_of(Page::PARENT, root)
        .filter(tree_depth().lte(2))
        .filter(Page::CODE.starts_with("a"))
        .order_by(Page::CODE.asc())
        .all(&db)
        .await
        .unwrap();
    let names: Vec<&str> = shallow.iter().map(|p| p.code.as_str()).collect();
    assert_eq!(names, vec!["a", "a1"]);

    let translated = Page::objects()
        .descendants_of(Page::PARENT, root)
        .filter(tree_depth().eq(1))
        .translated("ru")
        .order_by(Page::CODE.asc())
        .all(&db)
        .await
        .unwrap();
    let titles: Vec<Option<&str>> = translated
        .iter()
        .map(|p| p.translation(Page::TITLE).unwrap())
        .collect();
    assert_eq!(titles, vec![None, Some("Бэ")]);

    let with_parents = Page::objects()
        .descendants_of(Page::PARENT, root)
        .filter(tree_depth().eq(2))
        .select_related(Page::PARENT)
        .all(&db)
        .await
        .unwrap();
    let parent = with_parents[0].parent.as_ref().unwrap().loaded().unwrap();
    assert_eq!(
        (with_parents[0].code.as_str(), parent.code.as_str()),
        ("a1", "a")
    );

    // A subtree moves in one bulk update.
    let moved = Page::objects()
        .descendants_of(Page::PARENT, &pages[1])
        .update(&db, [Page::CODE.set("moved")])
        .await;
    // Codes are unique: two rows cannot both become "moved".
    assert!(moved.unwrap_err().is_unique_violation());
    let n = Page::objects()
        .descendants_of(Page::PARENT, &pages[1])
        .count(&db)
        .await
        .unwrap();
    assert_eq!(n, 2);
}

/// A category tree whose model also holds the reverse side.
#[derive(Model, Debug, Clone)]
#[orm(table = "tree_category")]
pub struct Category {
    #[orm(primary_key, auto)]
    pub id: i64,
    pub name: String,
    #[orm(on_delete = Cascade, related_name = "children")]
    pub parent: Option<ForeignKey<Category>>,
    #[orm(via = parent)]
    pub children: Reverse<Category>,
}

#[orm::test]
async fn trees_compose_with_prefetch(db: Db) {
    Schema::new([Category::META])
        .unwrap()
        .create_all(&db)
        .await
        .unwrap();
    let mk = |name: &str, parent: Option<&Category>| Category {
        id: 0,
        name: name.into(),
        parent: parent.map(|p| ForeignKey::key_of(p).unwrap()),
        children: Reverse::default(),
    };
    let mut top = mk("top", None);
    top.insert(&db).await.unwrap();
    let mut mid = mk("mid", Some(&top));
    mid.insert(&db).await.unwrap();
    let mut leaves = vec![mk("leaf1", Some(&mid)), mk("leaf2", Some(&mid))];
    Category::insert_many(&db, &mut leaves).await.unwrap();
    for strategy in [Strategy::Batched, Strategy::Join, Strategy::Lateral] {
        let before = db.statements_sent();
        let below = Category::objects()
            .descendants_of(Category::PARENT, &top)
            .order_by(tree_depth().asc())
            .order_by(Category::NAME.asc())
            .prefetch(Prefetch::of(Category::CHILDREN).strategy(strategy))
            .all(&db)
            .await
            .unwrap();
        let sent = db.statements_sent() - before;
        assert!(sent <= 2, "{strategy:?}: {sent} statements");
        let shape: Vec<(&str, usize)> = below
            .iter()
            .map(|c| (c.name.as_str(), c.children.loaded().unwrap().len()))
            .collect();
        assert_eq!(
            shape,
            vec![("mid", 2), ("leaf1", 0), ("leaf2", 0)],
            "{strategy:?}"
        );
    }
}
