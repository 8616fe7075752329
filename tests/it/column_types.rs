//! Every supported column type round-trips through PostgreSQL.

use orm::Json;
use orm::prelude::*;

#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Prefs {
    pub dark: bool,
    pub tags: Vec<String>,
}

#[derive(Model, Debug, Clone, PartialEq)]
#[orm(table = "every_owner")]
pub struct Owner {
    #[orm(primary_key, auto)]
    pub id: i64,
    #[orm(via = owner)]
    pub items: Reverse<EveryType>,
}

#[derive(Model, Debug, Clone, PartialEq)]
#[orm(table = "every_type")]
pub struct EveryType {
    #[orm(primary_key)]
    pub key: uuid::Uuid,
    pub small: i16,
    pub int: i32,
    pub big: i64,
    pub real: f32,
    pub double: f64,
    pub flag: bool,
    pub text: String,
    pub bytes: Vec<u8>,
    pub maybe: Option<i32>,
    pub day: chrono::NaiveDate,
    pub at: chrono::DateTime<chrono::Utc>,
    pub local: chrono::NaiveDateTime,
    pub when: time::OffsetDateTime,
    pub price: rust_decimal::Decimal,
    pub doc: serde_json::Value,
    pub prefs: Json<Prefs>,
    pub none_yet: Option<Json<Prefs>>,
    #[orm(db_type = "inet")]
    pub addr: std::net::IpAddr,
    #[orm(on_delete = Cascade)]
    pub owner: Option<ForeignKey<Owner>>,
}

#[orm::test]
async fn every_type_round_trips(db: Db) {
    let sql = Schema::new([Owner::META, EveryType::META]).unwrap().sql();
    for expected in [
        "\"key\" uuid PRIMARY KEY",
        "\"small\" smallint NOT NULL",
        "\"real\" real NOT NULL",
        "\"double\" double precision NOT NULL",
        "\"bytes\" bytea NOT NULL",
        "\"maybe\" integer,",
        "\"day\" date NOT NULL",
        "\"at\" timestamptz NOT NULL",
        "\"local\" timestamp NOT NULL",
        "\"when\" timestamptz NOT NULL",
        "\"price\" numeric NOT NULL",
        "\"doc\" jsonb NOT NULL",
        "\"prefs\" jsonb NOT NULL",
        "\"addr\" inet NOT NULL",
    ] {
        assert!(sql.contains(expected), "{expected} not in {sql}");
    }
    Schema::new([Owner::META, EveryType::META])
        .unwrap()
        .create_all(&db)
        .await
        .unwrap();
    let mut owner = Owner {
        id: 0,
        items: Reverse::default(),
    };
    owner.insert(&db).await.unwrap();
    let mut row = EveryType {
        key: uuid::Uuid::from_u128(0x1234_5678_9abc_def0_1234_5678_9abc_def0),
        small: -7,
        int: 1 << 20,
        big: 1 << 40,
        real: 1.5,
        double: -2.25,
        flag: true,
        text: "héllo 🦀".into(),
        bytes: vec![0, 1, 255],
        maybe: None,
        day: chrono::NaiveDate::from_ymd_opt(2026, 11, 23).unwrap(),
        at: chrono::DateTime::from_timestamp(1_700_000_000, 0).unwrap(),
        local: chrono::NaiveDate::from_ymd_opt(2020, 2, 29)
            .unwrap()
            .and_hms_opt(12, 30, 0)
            .unwrap(),
        when: time::OffsetDateTime::from_unix_timestamp(1_600_000_000).unwrap(),
        price: rust_decimal::Decimal::new(123_456, 2),
        doc: serde_json::json!({"a": [1, 2, {"b": null}]}),
        prefs: Json(Prefs {
            dark: true,
            tags: vec!["x".into()],
        }),
        none_yet: None,
        addr: "10.1.2.3".parse().unwrap(),
        owner: Some(ForeignKey::key_of(&owner).unwrap()),
    };
    row.insert(&db).await.unwrap();
    let back = EveryType::get(&db, row.key).await.unwrap();
    assert_eq!(back, row);
    // LATERAL loading decodes every type from aggregated arrays too.
    for strategy in [Strategy::Lateral, Strategy::Join, Strategy::Batched] {
        let owners = Owner::objects()
            .prefetch(Prefetch::of(Owner::ITEMS).strategy(strategy))
            .all(&db)
            .await
            .unwrap();
        assert_eq!(
            owners[0].items.loaded().unwrap(),
            std::slice::from_ref(&row),
            "{strategy:?}"
        );
    }
}

/// A type of the application's own, stored through `ToValue`/`FromValue`.
#[derive(Debug, Clone, PartialEq)]
pub struct Email(String);

impl orm::schema::ToValue for Email {
    fn to_value(&self) -> orm::Value {
        orm::Value::Text(self.0.clone())
    }
}

impl orm::schema::FromValue for Email {
    fn from_value(value: orm::Value) -> Result<Self, Box<dyn std::error::Error + Send + Sync>> {
        String::from_value(value).map(Email)
    }
}

#[derive(Model, Debug, Clone, PartialEq)]
#[orm(table = "own_type_account")]
pub struct Account {
    #[orm(primary_key, auto)]
    pub id: i64,
    #[orm(db_type = "varchar(64)")]
    pub email: Email,
    #[orm(db_type = "varchar(64)")]
    pub backup: Option<Email>,
}

#[orm::test]
async fn own_types_round_trip_through_values(db: Db) {
    let sql = Schema::new([Account::META]).unwrap().sql();
    assert!(sql.contains("\"email\" varchar(64) NOT NULL"), "{sql}");
    Schema::new([Account::META])
        .unwrap()
        .create_all(&db)
        .await
        .unwrap();
    let mut ann = Account {
        id: 0,
        email: Email("ann@example.com".into()),
        backup: None,
    };
    let mut bob = Account {
        id: 0,
        email: Email("bob@example.com".into()),
        backup: Some(Email("b@example.org".into())),
    };
    ann.insert(&db).await.unwrap();
    bob.insert(&db).await.unwrap();
    let found = Account::objects()
        .filter(Account::EMAIL.eq(Email("bob@example.com".into())))
        .one(&db)
        .await
        .unwrap();
    assert_eq!(found, bob);
    assert_eq!(Account::get(&db, ann.id).await.unwrap(), ann);
}
