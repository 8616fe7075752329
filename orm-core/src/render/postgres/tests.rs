//! Exact SQL for each IR node the writer knows.

use std::sync::Arc;

use super::{DatabaseOp, SavepointOp, database, render, render_with_slots, savepoint};
use crate::ir::{
    BinOp, Cte, Delete, Expr, Func, Insert, InsertSource, Join, JoinType, LockTable, Name,
    OnConflict, OrderItem, RowLockClause, Select, SelectItem, Source, Statement, Update,
};
use crate::query::{LockWait, Param, RowLock};

fn value(n: i64) -> Param {
    Arc::new(crate::Value::I64(n))
}

fn select(s: Select) -> String {
    render(&Statement::Select(Box::new(s))).sql
}

#[test]
fn identifiers_are_quoted_and_values_numbered_in_text_order() {
    let a = value(1);
    let mut s = Select::from(
        Source::Table {
            name: Name::Borrowed("we\"ird"),
            alias: Some(Name::Borrowed("t")),
        },
        vec![SelectItem::aliased(Expr::column("t", "x"), "a b")],
    );
    s.filter = Some(Expr::And(vec![
        Expr::column("t", "x").equals(Expr::Param(a.clone())),
        Expr::Or(vec![
            Expr::column("t", "y").op(BinOp::Gt, Expr::Param(value(2))),
            Expr::IsNull(Box::new(Expr::column("t", "y")), true),
        ]),
        // The same value twice is bound once.
        Expr::column("t", "z").equals(Expr::Param(a)),
    ]));
    s.limit = Some(Expr::Param(value(3)));
    let out = render(&Statement::Select(Box::new(s)));
    assert_eq!(
        out.sql,
        r#"SELECT "t"."x" AS "a b" FROM "we""ird" AS "t" WHERE "t"."x" = $1 AND ("t"."y" > $2 OR "t"."y" IS NULL) AND "t"."z" = $1 LIMIT $3"#
    );
    assert_eq!(out.params.len(), 3);
}

#[test]
fn negations_empty_connectives_and_locks() {
    let mut s = Select::from(Source::table("t"), vec![SelectItem::expr(Expr::Star)]);
    s.filter = Some(Expr::And(vec![
        Expr::Not(Box::new(Expr::column("t", "a").any(Expr::Param(value(1))))),
        Expr::IsNotTrue(Box::new(
            Expr::column("t", "b").op(BinOp::ILike, Expr::Param(value(2))),
        )),
        Expr::Or(Vec::new()),
        Expr::And(Vec::new()),
    ]));
    s.lock = Some(RowLockClause {
        strength: RowLock::NoKeyUpdate,
        of: Some(Name::Borrowed("t")),
        wait: LockWait::SkipLocked,
    });
    assert_eq!(
        select(s),
        r#"SELECT * FROM "t" WHERE NOT ("t"."a" = ANY($1)) AND ("t"."b" ILIKE $2) IS NOT TRUE AND FALSE AND TRUE FOR NO KEY UPDATE OF "t" SKIP LOCKED"#
    );
}

#[test]
fn joins_subqueries_windows_and_aggregates() {
    let mut inner = Select::from(
        Source::table("c"),
        vec![
            SelectItem::aliased(Expr::column("c", "v"), "c0"),
            SelectItem::aliased(
                Expr::Window {
                    func: Func::RowNumber,
                    args: Vec::new(),
                    partition: vec![Expr::column("c", "p")],
                    order: vec![OrderItem {
                        expr: Expr::column("c", "v"),
                        descending: true,
                        nulls_first: Some(false),
                    }],
                },
                "rank",
            ),
        ],
    );
    inner.filter = Some(Expr::column("c", "p").equals(Expr::column("root", "id")));
    let aggregated = Select::from(
        Source::Subquery {
            query: Box::new(inner),
            alias: Name::Borrowed("x"),
        },
        vec![SelectItem::expr(Expr::Call {
            func: Func::ArrayAgg,
            args: vec![Expr::column("x", "c0")],
            order: vec![OrderItem::asc(Expr::column("x", "rank"))],
        })],
    );
    let mut s = Select::from(
        Source::table("root"),
        vec![SelectItem::expr(Expr::AllColumns(Name::Borrowed("root")))],
    );
    s.joins = vec![
        Join {
            kind: JoinType::Left,
            lateral: true,
            source: Source::Subquery {
                query: Box::new(aggregated),
                alias: Name::Borrowed("l"),
            },
            on: Expr::Bool(true),
        },
        Join {
            kind: JoinType::Inner,
            lateral: false,
            source: Source::Table {
                name: Name::Borrowed("o"),
                alias: Some(Name::Borrowed("T1")),
            },
            on: Expr::column("T1", "id").equals(Expr::column("root", "o_id")),
        },
    ];
    s.order = vec![OrderItem::asc(Expr::call(
        Func::Coalesce,
        vec![Expr::column("root", "a"), Expr::column("root", "b")],
    ))];
    assert_eq!(
        select(s),
        r#"SELECT "root".* FROM "root" LEFT JOIN LATERAL (SELECT array_agg("x"."c0" ORDER BY "x"."rank") FROM (SELECT "c"."v" AS "c0", row_number() OVER (PARTITION BY "c"."p" ORDER BY "c"."v" DESC NULLS LAST) AS "rank" FROM "c" WHERE "c"."p" = "root"."id") AS "x") AS "l" ON TRUE INNER JOIN "o" AS "T1" ON "T1"."id" = "root"."o_id" ORDER BY COALESCE("root"."a", "root"."b")"#
    );
}

#[test]
fn ctes_unions_unnest_casts_and_scalar_subqueries() {
    let pairs = |a: &'static str, b: &'static str| {
        Select::from(
            Source::Function {
                call: Expr::call(
                    Func::Unnest,
                    vec![
                        Expr::Slot(0).cast("bigint", true),
                        Expr::Slot(1).cast("text", true),
                    ],
                ),
                alias: Name::Borrowed("u"),
                columns: vec![Name::Borrowed("s"), Name::Borrowed("t")],
            },
            vec![
                SelectItem::expr(Expr::bare(a)),
                SelectItem::expr(Expr::bare(b)),
            ],
        )
    };
    let mut union = Select::from(
        Source::UnionAll {
            parts: vec![pairs("s", "t"), pairs("t", "s")],
            alias: Name::Borrowed("p"),
        },
        vec![SelectItem::expr(Expr::Star)],
    );
    union.distinct = true;
    union.order = vec![OrderItem::asc(Expr::Int(1)), OrderItem::asc(Expr::Int(2))];
    let s = Select {
        with: vec![
            Cte {
                name: Name::Borrowed("gone"),
                statement: Statement::Delete(Box::new(Delete {
                    table: Name::Borrowed("j"),
                    filter: Some(Expr::bare("a").equals(Expr::Slot(0))),
                    returning: vec![Expr::Int(1)],
                })),
            },
            Cte {
                name: Name::Borrowed("added"),
                statement: Statement::Insert(Box::new(Insert {
                    table: Name::Borrowed("j"),
                    columns: vec![Name::Borrowed("a"), Name::Borrowed("b")],
                    source: InsertSource::Select(Box::new(union)),
                    on_conflict: Some(OnConflict::DoNothing { target: Vec::new() }),
                    returning: vec![Expr::Int(1)],
                })),
            },
        ],
        items: vec![SelectItem::expr(Expr::Subquery(Box::new(Select::from(
            Source::table("gone"),
            vec![SelectItem::expr(Expr::count_all())],
        ))))],
        ..Select::default()
    };
    let out = render_with_slots(&Statement::Select(Box::new(s)), 2);
    assert_eq!(
        out.sql,
        r#"WITH "gone" AS (DELETE FROM "j" WHERE "a" = $1 RETURNING 1), "added" AS (INSERT INTO "j" ("a", "b") SELECT DISTINCT * FROM (SELECT "s", "t" FROM unnest($1::bigint[], $2::text[]) AS "u"("s", "t") UNION ALL SELECT "t", "s" FROM unnest($1::bigint[], $2::text[]) AS "u"("s", "t")) AS "p" ORDER BY 1, 2 ON CONFLICT DO NOTHING RETURNING 1) SELECT (SELECT count(*) FROM "gone")"#
    );
    assert!(out.params.is_empty());
}

#[test]
fn writes_number_own_values_after_the_callers() {
    let insert = Insert {
        table: Name::Borrowed("t"),
        columns: vec![Name::Borrowed("k"), Name::Borrowed("v")],
        source: InsertSource::Values(vec![
            vec![Expr::Slot(0), Expr::Default],
            vec![Expr::Slot(1), Expr::Param(value(9))],
        ]),
        on_conflict: Some(OnConflict::DoUpdate {
            target: vec![Name::Borrowed("k")],
            set: vec![(Name::Borrowed("v"), Expr::column("excluded", "v"))],
        }),
        returning: vec![Expr::bare("k"), Expr::bare("v")],
    };
    let out = render_with_slots(&Statement::Insert(Box::new(insert)), 2);
    assert_eq!(
        out.sql,
        r#"INSERT INTO "t" ("k", "v") VALUES ($1, DEFAULT), ($2, $3) ON CONFLICT ("k") DO UPDATE SET "v" = "excluded"."v" RETURNING "k", "v""#
    );
    assert_eq!(out.params.len(), 1);
    let update = Update {
        table: Name::Borrowed("t"),
        set: vec![(Name::Borrowed("v"), Expr::Param(value(1)))],
        filter: Some(Expr::InSelect(
            Box::new(Expr::bare("k")),
            Box::new(Select::from(
                Source::table("t"),
                vec![SelectItem::expr(Expr::column("t", "k"))],
            )),
        )),
        returning: Vec::new(),
    };
    assert_eq!(
        render(&Statement::Update(Box::new(update))).sql,
        r#"UPDATE "t" SET "v" = $1 WHERE "k" IN (SELECT "t"."k" FROM "t")"#
    );
    let empty = Insert {
        table: Name::Borrowed("label"),
        columns: Vec::new(),
        source: InsertSource::DefaultValues,
        on_conflict: None,
        returning: vec![Expr::bare("id")],
    };
    assert_eq!(
        render(&Statement::Insert(Box::new(empty))).sql,
        r#"INSERT INTO "label" DEFAULT VALUES RETURNING "id""#
    );
}

#[test]
fn lock_table_savepoints_and_databases() {
    let lock = Statement::LockTable(LockTable {
        tables: vec![Name::Borrowed("a"), Name::Borrowed("b\"c")],
        mode: "SHARE ROW EXCLUSIVE",
        nowait: true,
    });
    assert_eq!(
        render(&lock).sql,
        r#"LOCK TABLE "a", "b""c" IN SHARE ROW EXCLUSIVE MODE NOWAIT"#
    );
    assert_eq!(savepoint(SavepointOp::Create, "s1"), r#"SAVEPOINT "s1""#);
    assert_eq!(
        savepoint(SavepointOp::RollbackTo, "s1"),
        r#"ROLLBACK TO SAVEPOINT "s1"; RELEASE SAVEPOINT "s1";"#
    );
    assert_eq!(
        database(DatabaseOp::Drop, "x\"; DROP"),
        r#"DROP DATABASE IF EXISTS "x""; DROP" WITH (FORCE)"#
    );
}
