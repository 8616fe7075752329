//! `Schema::create_all` / `drop_all` on a real server: what is created, that
//! it is idempotent, and that the constraints are enforced by the database.

#[path = "../../orm-core/src/test_models.rs"]
mod models;

use models::*;
use orm::postgres::{Db, Executor};
use orm::schema::{ModelMeta, Schema};

/// Every scenario at once (the unmanaged `legacy_country` must exist first).
fn everything() -> Schema {
    let models: [&'static ModelMeta; 15] = [
        &CONTACT,
        &PHONE,
        &ADDRESS,
        &RELATIONSHIP,
        &RELATIONSHIP_TYPE,
        &PAGE,
        &TRANSLATION,
        &LABEL,
        &INTERACTION,
        &CALL_RECORD,
        &PRODUCT,
        &AUTHOR,
        &BOOK,
        &CITY,
        &COUNTRY,
    ];
    Schema::new(models).unwrap()
}

async fn create_country(db: &Db) {
    db.batch_execute(
        "CREATE TABLE legacy_country (code char(2) PRIMARY KEY, name text NOT NULL);
         INSERT INTO legacy_country VALUES ('fr', 'France');",
    )
    .await
    .unwrap();
}

async fn strings(db: &Db, sql: &str) -> Vec<String> {
    let rows = db.query(sql, &[]).await.unwrap();
    rows.iter().map(|r| r.get(0)).collect()
}

async fn tables(db: &Db) -> Vec<String> {
    strings(
        db,
        "SELECT table_name::text FROM information_schema.tables
         WHERE table_schema = 'public' ORDER BY table_name",
    )
    .await
}

async fn count(db: &Db, sql: &str) -> i64 {
    db.query(sql, &[]).await.unwrap()[0].get(0)
}

#[orm::test]
async fn create_all_creates_tables_constraints_and_indexes(db: Db) {
    create_country(&db).await;
    everything().create_all(&db).await.unwrap();
    assert_eq!(
        tables(&db).await,
        [
            "crm_address",
            "crm_contact",
            "crm_contact_addresses",
            "crm_contact_phones",
            "crm_contactrelationship",
            "crm_contactrelationship_types",
            "crm_interaction",
            "crm_phone",
            "crm_relationshiptype",
            "cyc_author",
            "cyc_book",
            "geo_city",
            "legacy_callrecord",
            "legacy_country",
            "shop_product",
            "translations_label",
            "translations_page",
            "translations_translation",
        ]
    );
    let constraints = strings(
        &db,
        "SELECT conname || ' ' || contype::text || ' ' || confdeltype::text FROM pg_constraint c
         JOIN pg_namespace n ON n.oid = c.connamespace
         WHERE n.nspname = 'public' AND conrelid <> 'legacy_country'::regclass
           AND contype IN ('u', 'f', 'c') ORDER BY conname",
    )
    .await;
    for expected in [
        // unique pair of a junction; cascading keys (confdeltype c)
        "crm_contact_phones_contact_id_phone_id_uniq u  ",
        "crm_contact_phones_contact_id_fkey f c",
        "crm_contact_phones_phone_id_fkey f c",
        "crm_contactrelationship_from_contact_id_to_contact_id_uniq u  ",
        "legacy_callrecord_uniqueid_key u  ",
        // set null (n), restrict (r)
        "crm_interaction_call_id_fkey f n",
        "translations_page_parent_id_fkey f n",
        "geo_city_country_code_fkey f r",
        "shop_product_quantity_nonnegative c  ",
        "cyc_book_author_id_fkey f c",
        "cyc_author_favourite_id_fkey f n",
    ] {
        assert!(
            constraints.iter().any(|c| c == expected),
            "{expected:?} not in {constraints:#?}"
        );
    }
    // 24 declared, plus the UNIQUE (des, lng) of the translations model.
    assert!(
        constraints
            .iter()
            .any(|c| c.starts_with("translations_translation_des_id_lng_uniq u"))
    );
    assert_eq!(constraints.len(), 25, "{constraints:#?}");
    let indexes = strings(
        &db,
        "SELECT indexname::text FROM pg_indexes
         WHERE schemaname = 'public' AND indexname LIKE '%\\_idx' ORDER BY indexname",
    )
    .await;
    assert_eq!(
        indexes,
        [
            "crm_contact_addresses_address_id_idx",
            "crm_contact_phones_phone_id_idx",
            "crm_contactrelationship_from_contact_id_idx",
            "crm_contactrelationship_to_contact_id_idx",
            "crm_contactrelationship_types_relationshiptype_id_idx",
            "crm_interaction_call_id_idx",
            "cyc_author_favourite_id_idx",
            "cyc_book_author_id_idx",
            "geo_city_country_code_idx",
            "translations_page_body_id_idx",
            "translations_page_keywords_id_idx",
            "translations_page_parent_id_idx",
            "translations_page_summary_id_idx",
            "translations_page_title_id_idx",
            "translations_translation_des_id_idx",
            "translations_translation_lng_idx",
        ]
    );
    let identity = strings(
        &db,
        "SELECT table_name || '.' || column_name FROM information_schema.columns
         WHERE table_schema = 'public' AND is_identity = 'YES' AND table_name LIKE 'crm\\_contact%'
         ORDER BY 1",
    )
    .await;
    assert_eq!(
        identity,
        [
            "crm_contact.id",
            "crm_contact_addresses.id",
            "crm_contact_phones.id",
            "crm_contactrelationship.id",
            "crm_contactrelationship_types.id",
        ]
    );
}

#[orm::test]
async fn create_all_twice_succeeds(db: Db) {
    create_country(&db).await;
    let schema = everything();
    schema.create_all(&db).await.unwrap();
    let before = tables(&db).await;
    schema.create_all(&db).await.unwrap();
    assert_eq!(tables(&db).await, before);
    // The cycle's key was dropped and added again, not duplicated.
    let fkeys = count(
        &db,
        "SELECT count(*) FROM pg_constraint WHERE conname = 'cyc_book_author_id_fkey'",
    )
    .await;
    assert_eq!(fkeys, 1);
    // The whole DDL text also runs as one batch.
    db.batch_execute(&schema.sql()).await.unwrap();
}

#[orm::test]
async fn drop_all_removes_managed_tables_only(db: Db) {
    create_country(&db).await;
    let schema = everything();
    schema.create_all(&db).await.unwrap();
    schema.drop_all(&db).await.unwrap();
    assert_eq!(tables(&db).await, ["legacy_country"]);
    // Dropping what is gone is harmless, and the schema can come back.
    schema.drop_all(&db).await.unwrap();
    schema.create_all(&db).await.unwrap();
    assert_eq!(tables(&db).await.len(), 18);
}

#[orm::test]
async fn not_null_unique_and_check_are_enforced(db: Db) {
    create_country(&db).await;
    everything().create_all(&db).await.unwrap();
    let none: Option<&str> = None;
    let err = db
        .execute("INSERT INTO crm_contact (name) VALUES ($1)", &[none.into()])
        .await
        .unwrap_err();
    assert!(err.is_not_null_violation(), "{err}");

    db.execute("INSERT INTO legacy_callrecord VALUES ('a', 'u-1', 10)", &[])
        .await
        .unwrap();
    let err = db
        .execute("INSERT INTO legacy_callrecord VALUES ('b', 'u-1', 20)", &[])
        .await
        .unwrap_err();
    assert!(err.is_unique_violation(), "{err}");
    assert_eq!(err.constraint(), Some("legacy_callrecord_uniqueid_key"));

    let err = db
        .execute(
            "INSERT INTO shop_product (name, quantity) VALUES ('pen', $1)",
            &[(-1i32).into()],
        )
        .await
        .unwrap_err();
    assert!(err.is_check_violation(), "{err}");
    assert_eq!(err.constraint(), Some("shop_product_quantity_nonnegative"));

    let rows = db
        .query(
            "INSERT INTO shop_product (name) VALUES ('pen') RETURNING quantity, status",
            &[],
        )
        .await
        .unwrap();
    assert_eq!(rows[0].get::<_, i32>(0), 0);
    assert_eq!(rows[0].get::<_, String>(1), "draft");
}

#[orm::test]
async fn junction_keys_are_unique_and_cascade(db: Db) {
    create_country(&db).await;
    everything().create_all(&db).await.unwrap();
    db.batch_execute(
        "INSERT INTO crm_contact (id, name) VALUES (1, 'Ann'), (2, 'Bob');
         INSERT INTO crm_phone (id, number) VALUES (10, '555');
         INSERT INTO crm_contact_phones (contact_id, phone_id) VALUES (1, 10), (2, 10);",
    )
    .await
    .unwrap();
    let err = db
        .execute(
            "INSERT INTO crm_contact_phones (contact_id, phone_id) VALUES (1, 10)",
            &[],
        )
        .await
        .unwrap_err();
    assert!(err.is_unique_violation(), "{err}");
    assert_eq!(
        err.constraint(),
        Some("crm_contact_phones_contact_id_phone_id_uniq")
    );
    let err = db
        .execute(
            "INSERT INTO crm_contact_phones (contact_id, phone_id) VALUES (99, 10)",
            &[],
        )
        .await
        .unwrap_err();
    assert!(err.is_foreign_key_violation(), "{err}");
    assert_eq!(err.constraint(), Some("crm_contact_phones_contact_id_fkey"));

    db.execute("DELETE FROM crm_contact WHERE id = 1", &[])
        .await
        .unwrap();
    let left = count(&db, "SELECT count(*) FROM crm_contact_phones").await;
    assert_eq!(left, 1, "the deleted contact's pairs cascade");
    db.execute("DELETE FROM crm_phone", &[]).await.unwrap();
    let left = count(&db, "SELECT count(*) FROM crm_contact_phones").await;
    assert_eq!(left, 0);
}

#[orm::test]
async fn foreign_keys_set_null_restrict_and_reference_unique_columns(db: Db) {
    create_country(&db).await;
    everything().create_all(&db).await.unwrap();
    db.batch_execute(
        "INSERT INTO translations_label (id) VALUES (1), (2);
         INSERT INTO translations_page (id, title_id, body_id) VALUES (1, 1, 2);
         INSERT INTO translations_page (id, parent_id) VALUES (2, 1);
         INSERT INTO translations_translation (des_id, lng, text) VALUES (1, 'en', 'Hello');
         INSERT INTO legacy_callrecord VALUES ('a', 'u-1', 10);
         INSERT INTO crm_interaction (call_id) VALUES ('u-1');
         INSERT INTO geo_city (country_code) VALUES ('fr');",
    )
    .await
    .unwrap();
    db.execute("DELETE FROM translations_label WHERE id = 1", &[])
        .await
        .unwrap();
    let rows = db
        .query(
            "SELECT title_id, body_id FROM translations_page WHERE id = 1",
            &[],
        )
        .await
        .unwrap();
    assert_eq!(rows[0].get::<_, Option<i64>>(0), None);
    assert_eq!(rows[0].get::<_, Option<i64>>(1), Some(2));
    let translations = count(&db, "SELECT count(*) FROM translations_translation").await;
    assert_eq!(translations, 0, "translations cascade with their label");

    db.execute("DELETE FROM translations_page WHERE id = 1", &[])
        .await
        .unwrap();
    let parent = count(&db, "SELECT count(parent_id) FROM translations_page").await;
    assert_eq!(parent, 0, "the self-reference is set null");

    let err = db
        .execute("INSERT INTO crm_interaction (call_id) VALUES ('a')", &[])
        .await
        .unwrap_err();
    assert!(
        err.is_foreign_key_violation(),
        "references uniqueid, not id: {err}"
    );
    assert_eq!(err.constraint(), Some("crm_interaction_call_id_fkey"));
    db.execute("DELETE FROM legacy_callrecord", &[])
        .await
        .unwrap();
    let calls = count(&db, "SELECT count(call_id) FROM crm_interaction").await;
    assert_eq!(calls, 0);

    let err = db
        .execute("DELETE FROM legacy_country", &[])
        .await
        .unwrap_err();
    assert!(err.is_foreign_key_violation(), "{err}");
    assert_eq!(err.constraint(), Some("geo_city_country_code_fkey"));
}

#[orm::test]
async fn foreign_key_cycle_is_created_and_enforced(db: Db) {
    let schema = Schema::new([&AUTHOR as &ModelMeta, &BOOK]).unwrap();
    schema.create_all(&db).await.unwrap();
    schema.create_all(&db).await.unwrap();
    db.batch_execute(
        "INSERT INTO cyc_author (id) VALUES (1);
         INSERT INTO cyc_book (id, author_id) VALUES (7, 1);
         UPDATE cyc_author SET favourite_id = 7;",
    )
    .await
    .unwrap();
    let err = db
        .execute("INSERT INTO cyc_book (id, author_id) VALUES (8, 2)", &[])
        .await
        .unwrap_err();
    assert!(err.is_foreign_key_violation(), "{err}");
    assert_eq!(err.constraint(), Some("cyc_book_author_id_fkey"));
    db.execute("DELETE FROM cyc_author", &[]).await.unwrap();
    assert_eq!(count(&db, "SELECT count(*) FROM cyc_book").await, 0);
    schema.drop_all(&db).await.unwrap();
    assert!(tables(&db).await.is_empty());
}

#[orm::test]
async fn simple_contact_runs_in_a_transaction_block(db: Db) {
    let schema = Schema::new([&SIMPLE_CONTACT as &ModelMeta, &PHONE]).unwrap();
    db.batch_execute(&format!("BEGIN; {} COMMIT;", schema.sql()))
        .await
        .unwrap();
    assert_eq!(
        tables(&db).await,
        ["crm_contact", "crm_contact_phones", "crm_phone"]
    );
    db.batch_execute(&schema.drop_sql()).await.unwrap();
    assert!(tables(&db).await.is_empty());
}
