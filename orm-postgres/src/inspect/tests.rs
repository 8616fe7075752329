//! The generated source for hand-built schema models.

use orm_core::schema_model::{ForeignKeyDef, JunctionDef, KeyDef};

use super::names::*;
use super::*;

fn table(name: &str, columns: &[(&str, DataType)]) -> TableDef {
    let mut t = TableDef::new(name);
    for (c, ty) in columns {
        t.columns.push(ColumnDef::new(*c, ty.clone()));
    }
    t.primary_key = Some(KeyDef::new(
        format!("{name}_pkey"),
        vec![columns[0].0.into()],
    ));
    t
}

fn fk(table: &str, column: &str, target: &str) -> ForeignKeyDef {
    ForeignKeyDef::new(
        format!("{table}_{column}_fkey"),
        vec![column.into()],
        target,
        vec!["id".into()],
        OnDelete::Cascade,
    )
}

#[test]
fn names_become_identifiers() {
    assert_eq!(struct_name("crm_contact"), "CrmContact");
    assert_eq!(struct_name("9 lives"), "T9Lives");
    assert_eq!(ident("type"), "type_");
    assert_eq!(ident("Odd \"Name\""), "odd__name_");
    assert_eq!(snake("CrmContact"), "crm_contact");
}

/// A junction the derive would not name so becomes a through model;
/// odd column names get a `column` attribute; two keys to one table
/// hide their reverse relations.
#[test]
fn through_models_and_odd_names() {
    let mut a = table(
        "app_a",
        &[("id", DataType::BigInt), ("Weird Col", DataType::Text)],
    );
    a.columns[0].identity = Some(Identity::ByDefault);
    let b = table("app_b", &[("id", DataType::BigInt)]);
    let mut link = table(
        "link",
        &[
            ("id", DataType::BigInt),
            ("left_id", DataType::BigInt),
            ("right_id", DataType::BigInt),
        ],
    );
    link.foreign_keys = vec![
        fk("link", "left_id", "app_a"),
        fk("link", "right_id", "app_b"),
    ];
    link.uniques = vec![KeyDef::new(
        "link_pair",
        vec!["left_id".into(), "right_id".into()],
    )];
    link.junction = Some(JunctionDef::new("left_id", "right_id"));
    let mut two = table(
        "two",
        &[
            ("id", DataType::Integer),
            ("x_id", DataType::BigInt),
            ("y_id", DataType::BigInt),
        ],
    );
    two.columns[2].nullable = true;
    two.foreign_keys = vec![fk("two", "x_id", "app_a"), fk("two", "y_id", "app_a")];
    let model = SchemaModel::new(vec![a, b, link, two]);
    let source = models_source(&model, &InspectOptions::default());
    assert!(
        source.contains("    #[orm(column = \"Weird Col\")]\n    pub weird_col: String,\n"),
        "{source}"
    );
    assert!(
        source.contains("    #[orm(through = Link, source = left, target = right, related_name = \"+\")]\n    pub link: ManyToMany<AppB>,\n"),
        "{source}"
    );
    assert!(
        source
            .contains("#[orm(table = \"link\", unique_together(left, right))]\npub struct Link {"),
        "{source}"
    );
    assert!(
        source.contains("    #[orm(on_delete = Cascade, related_name = \"+\")]\n    pub y: Option<ForeignKey<AppA>>,\n"),
        "{source}"
    );
    assert!(
        source.contains("    #[orm(primary_key)]\n    pub id: i32,\n"),
        "{source}"
    );
}
