//! Exact SQL text of rendered queries (no database needed).

use orm::prelude::*;

use crate::models::*;

fn sql<M: Model>(q: &Query<M>) -> (String, usize) {
    let s = q.to_sql().unwrap();
    (s.sql, s.params.len())
}

const CONTACT_COLS: &str = r#"SELECT "crm_contact"."id", "crm_contact"."name", "crm_contact"."email", "crm_contact"."score" FROM "crm_contact""#;

#[test]
fn default_ordering_applies() {
    let (s, n) = sql(&Contact::objects());
    assert_eq!(
        s,
        format!(r#"{CONTACT_COLS} ORDER BY "crm_contact"."name""#)
    );
    assert_eq!(n, 0);
}

#[test]
fn each_comparison_lookup() {
    let cases = [
        (Contact::ID.eq(1), r#""crm_contact"."id" = $1"#),
        (Contact::ID.ne(1), r#""crm_contact"."id" <> $1"#),
        (Contact::ID.gt(1), r#""crm_contact"."id" > $1"#),
        (Contact::ID.gte(1), r#""crm_contact"."id" >= $1"#),
        (Contact::ID.lt(1), r#""crm_contact"."id" < $1"#),
        (Contact::ID.lte(1), r#""crm_contact"."id" <= $1"#),
        (
            Contact::ID.is_in([1, 2, 3]),
            r#""crm_contact"."id" = ANY($1)"#,
        ),
        (Contact::EMAIL.is_null(), r#""crm_contact"."email" IS NULL"#),
        (
            Contact::EMAIL.is_not_null(),
            r#""crm_contact"."email" IS NOT NULL"#,
        ),
        (
            Contact::NAME.contains("a"),
            r#""crm_contact"."name" LIKE $1"#,
        ),
        (
            Contact::NAME.icontains("a"),
            r#""crm_contact"."name" ILIKE $1"#,
        ),
        (
            Contact::NAME.starts_with("a"),
            r#""crm_contact"."name" LIKE $1"#,
        ),
        (
            Contact::NAME.ends_with("a"),
            r#""crm_contact"."name" LIKE $1"#,
        ),
        (
            Contact::NAME.iexact("a"),
            r#""crm_contact"."name" ILIKE $1"#,
        ),
    ];
    for (filter, expected) in cases {
        let (s, n) = sql(&Contact::objects().unordered().filter(filter));
        assert_eq!(s, format!("{CONTACT_COLS} WHERE {expected}"));
        assert!(n <= 1);
    }
    let (s, n) = sql(&Contact::objects()
        .unordered()
        .filter(Contact::SCORE.between(1, 5)));
    assert_eq!(
        s,
        format!(r#"{CONTACT_COLS} WHERE "crm_contact"."score" BETWEEN $1 AND $2"#)
    );
    assert_eq!(n, 2);
}

#[test]
fn is_in_is_one_array_parameter() {
    let ids: Vec<i64> = (0..100_000).collect();
    let (s, n) = sql(&Contact::objects()
        .unordered()
        .filter(Contact::ID.is_in(ids)));
    assert!(s.ends_with("= ANY($1)"));
    assert_eq!(n, 1);
}

#[test]
fn like_patterns_are_escaped_parameters() {
    let q = Contact::objects().filter(Contact::NAME.contains(r"50%_\"));
    let params = q.to_sql().unwrap().params;
    assert_eq!(params[0], orm::Value::Text(r"%50\%\_\\%".into()));
}

#[test]
fn negation_and_nesting() {
    // Non-null column: plain NOT. Nullable column: IS NOT TRUE keeps NULL rows.
    let (s, _) = sql(&Contact::objects()
        .unordered()
        .exclude(Contact::ID.is_in([1, 2])));
    assert_eq!(
        s,
        format!(r#"{CONTACT_COLS} WHERE NOT ("crm_contact"."id" = ANY($1))"#)
    );
    let (s, _) = sql(&Contact::objects()
        .unordered()
        .exclude(Contact::EMAIL.eq("x")));
    assert_eq!(
        s,
        format!(r#"{CONTACT_COLS} WHERE ("crm_contact"."email" = $1) IS NOT TRUE"#)
    );
    let f = (Contact::NAME.eq("a") | Contact::NAME.eq("b"))
        & !(Contact::SCORE.gt(3) & Contact::ID.lt(9));
    let (s, n) = sql(&Contact::objects().unordered().filter(f));
    assert_eq!(
        s,
        format!(
            r#"{CONTACT_COLS} WHERE ("crm_contact"."name" = $1 OR "crm_contact"."name" = $2) AND NOT ("crm_contact"."score" > $3 AND "crm_contact"."id" < $4)"#
        )
    );
    assert_eq!(n, 4);
    let (s, _) = sql(&Contact::objects().unordered().filter(Filter::any([])));
    assert_eq!(s, format!("{CONTACT_COLS} WHERE FALSE"));
}

#[test]
fn ordering_and_slicing() {
    let q = Contact::objects()
        .order_by(Contact::SCORE.desc().nulls_last())
        .order_by(Contact::EMAIL.asc().nulls_first())
        .limit(10)
        .offset(20);
    let (s, n) = sql(&q);
    assert_eq!(
        s,
        format!(
            r#"{CONTACT_COLS} ORDER BY "crm_contact"."score" DESC NULLS LAST, "crm_contact"."email" NULLS FIRST LIMIT $1 OFFSET $2"#
        )
    );
    assert_eq!(n, 2);
}

const PAGE_COLS: &str = r#"SELECT "tr_page"."id", "tr_page"."code", "tr_page"."content_id", "tr_page"."keywords_id", "tr_page"."description_id", "tr_page"."title_id", "tr_page"."parent_id" FROM "tr_page""#;

#[test]
fn foreign_key_filters_join() {
    let q = Page::objects().filter(Page::PARENT.then(Page::CODE).eq("home"));
    let (s, _) = sql(&q);
    assert_eq!(
        s,
        format!(
            r#"{PAGE_COLS} LEFT JOIN "tr_page" AS "T1" ON "T1"."id" = "tr_page"."parent_id" WHERE "T1"."code" = $1"#
        )
    );
    // Two levels reuse the first join and add a second.
    let q = Page::objects()
        .filter(Page::PARENT.then(Page::CODE).eq("a"))
        .filter(Page::PARENT.then_key(Page::PARENT).then(Page::CODE).eq("b"));
    let (s, _) = sql(&q);
    assert_eq!(
        s,
        format!(
            r#"{PAGE_COLS} LEFT JOIN "tr_page" AS "T1" ON "T1"."id" = "tr_page"."parent_id" LEFT JOIN "tr_page" AS "T2" ON "T2"."id" = "T1"."parent_id" WHERE "T1"."code" = $1 AND "T2"."code" = $2"#
        )
    );
    // A NOT NULL key joins INNER; a key to a unique column joins on it.
    let q = Interaction::objects().filter(Interaction::CALL.then(CallRecord::DURATION).gt(60));
    assert!(q.to_sql().unwrap().sql.contains(
        r#"INNER JOIN "cdr" AS "T1" ON "T1"."uniqueid" = "crm_interaction"."call_uniqueid" WHERE "T1"."duration" > $1"#
    ));
    // Filtering by the key itself needs no join.
    let (s, _) = sql(&Page::objects().filter(Page::PARENT.eq(5)));
    assert_eq!(
        s,
        format!(r#"{PAGE_COLS} WHERE "tr_page"."parent_id" = $1"#)
    );
}

#[test]
fn row_locks_add_of_with_outer_joins() {
    let q = Contact::objects()
        .unordered()
        .filter(Contact::ID.eq(1))
        .for_update()
        .skip_locked();
    assert!(
        q.to_sql()
            .unwrap()
            .sql
            .ends_with(r#"WHERE "crm_contact"."id" = $1 FOR UPDATE SKIP LOCKED"#)
    );
    let q = Page::objects()
        .filter(Page::PARENT.then(Page::CODE).eq("x"))
        .for_share()
        .nowait();
    assert!(
        q.to_sql()
            .unwrap()
            .sql
            .ends_with(r#"FOR SHARE OF "tr_page" NOWAIT"#),
        "{}",
        q.to_sql().unwrap().sql
    );
}

#[test]
fn bulk_update_and_delete() {
    let q = Contact::objects().filter(Contact::NAME.starts_with("A"));
    let s = q
        .update_sql([Contact::SCORE.set(3), Contact::EMAIL.set_null()])
        .unwrap();
    assert_eq!(
        s.sql,
        r#"UPDATE "crm_contact" SET "score" = $1, "email" = $2 WHERE "crm_contact"."name" LIKE $3"#
    );
    let s = Page::objects()
        .filter(Page::PARENT.then(Page::CODE).eq("x"))
        .delete_sql()
        .unwrap();
    assert_eq!(
        s.sql,
        r#"DELETE FROM "tr_page" WHERE "id" IN (SELECT "tr_page"."id" FROM "tr_page" LEFT JOIN "tr_page" AS "T1" ON "T1"."id" = "tr_page"."parent_id" WHERE "T1"."code" = $1)"#
    );
    let err = q
        .update_sql([Contact::NAME.set("x".repeat(300))])
        .unwrap_err();
    assert!(err.is_invalid_input());
    assert!(
        q.update_sql([Contact::NAME.set("a\0")])
            .unwrap_err()
            .is_invalid_input()
    );
    assert!(
        q.update_sql([Contact::NAME.set_null()])
            .unwrap_err()
            .is_invalid_input()
    );
}
