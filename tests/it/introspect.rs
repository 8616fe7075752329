//! Introspection: what `create_all` made reads back as the same schema
//! model, for the scenario models and for random schemas.

// The scenario models, also included by `schema.rs`.
#[allow(clippy::duplicate_mod)]
#[path = "../../orm-core/src/test_models.rs"]
mod models;

use models::*;
use orm::postgres::{Db, introspect};
use orm::schema::{ModelMeta, Schema};
use orm::schema_model::{DataType, Operation};

use crate::random_schema::{Dice, build, random_spec};

fn describe(ops: &[Operation]) -> Vec<String> {
    ops.iter().map(Operation::to_sql).collect()
}

/// Every scenario model at once (the unmanaged `legacy_country` first).
#[orm::test]
async fn create_all_reads_back_as_the_models(db: Db) {
    db.batch_execute("CREATE TABLE legacy_country (code char(2) PRIMARY KEY, name text NOT NULL)")
        .await
        .unwrap();
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
    let schema = Schema::new(models).unwrap();
    schema.create_all(&db).await.unwrap();
    let live = introspect(&db).await.unwrap();
    let wanted = schema.model();
    assert_eq!(describe(&live.diff(&wanted)), Vec::<String>::new());
    let callrecord = live.table("legacy_callrecord").unwrap();
    assert_eq!(
        callrecord.column("uniqueid").unwrap().data_type,
        DataType::Varchar(Some(64))
    );
    let junction = live.table("crm_contact_phones").unwrap().junction.clone();
    assert_eq!(
        junction.map(|j| (j.source_column, j.target_column)),
        Some(("contact_id".into(), "phone_id".into()))
    );
    assert!(live.table("crm_contact").unwrap().junction.is_none());
    // And the other way: the database holds nothing the models lack but
    // the unmanaged table they reference.
    let extra = wanted.diff(&live);
    assert!(
        extra
            .iter()
            .all(|o| !matches!(o, Operation::DropTable { .. })),
        "{extra:?}"
    );
}

/// Property: for random schemas, `create_all` → introspect → diff is empty
/// (in the safe and the plain forms). One database per case.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn random_schemas_read_back_unchanged() {
    let server = tokio::task::spawn_blocking(orm::testing::server)
        .await
        .unwrap()
        .unwrap();
    for (case, mut dice) in Dice::streams(24, 7).into_iter().enumerate() {
        let spec = random_spec(&mut dice);
        let model = build(&spec);
        let name = format!("orm_prop_introspect_{case}");
        let db = server.fresh_database(&name).await.unwrap();
        for statement in model.create_statements() {
            db.batch_execute(&statement)
                .await
                .unwrap_or_else(|e| panic!("case {case}: {statement}: {e}"));
        }
        let live = introspect(&db).await.unwrap();
        let ops = live.diff(&model);
        assert!(
            ops.is_empty(),
            "case {case}: {spec:#?}\n{:#?}",
            describe(&ops)
        );
        let plain = live.diff_with(&model, orm::schema_model::DiffOptions::plain());
        assert!(plain.is_empty(), "case {case}: {:#?}", describe(&plain));
        assert_eq!(live.tables.len(), model.tables.len(), "case {case}");
        db.close();
        server.drop_database(&name).await.unwrap();
    }
}
