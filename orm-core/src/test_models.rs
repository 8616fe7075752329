//! Hand-written model metadata, as `#[derive(Model)]` emits it, for the
//! schema and DDL unit tests of orm-core and the schema integration tests
//! (which include this file with `#[path]`).

#![allow(dead_code, unreachable_pub)]

use orm_core::{
    CheckMeta, ColumnMeta, DefaultOn, ForeignKeyMeta, JunctionMeta, ManyToManyMeta, ModelMeta,
    OnDelete, TranslationsMeta,
};

type Target = fn() -> &'static ModelMeta;

pub const fn col(field: &'static str, sql_type: &'static str) -> ColumnMeta {
    ColumnMeta {
        field,
        column: field,
        sql_type,
        nullable: false,
        primary_key: false,
        auto: false,
        unique: false,
        indexed: false,
        default: None,
        max_length: None,
        read_only: false,
        default_on: DefaultOn::Never,
        foreign_key: None,
        renamed_from: None,
    }
}

pub const fn id() -> ColumnMeta {
    ColumnMeta {
        primary_key: true,
        auto: true,
        ..col("id", "bigint")
    }
}

/// A foreign key field `field` stored in `<field>_id`.
pub const fn fk(
    field: &'static str,
    column: &'static str,
    target: Target,
    on_delete: OnDelete,
) -> ColumnMeta {
    ColumnMeta {
        column,
        foreign_key: Some(ForeignKeyMeta {
            target,
            to_field: None,
            on_delete,
            related_name: None,
        }),
        ..col(field, "bigint")
    }
}

pub const fn related(column: ColumnMeta, related_name: &'static str) -> ColumnMeta {
    match column.foreign_key {
        Some(f) => ColumnMeta {
            foreign_key: Some(ForeignKeyMeta {
                related_name: Some(related_name),
                ..f
            }),
            ..column
        },
        None => column,
    }
}

pub const fn nullable(column: ColumnMeta) -> ColumnMeta {
    ColumnMeta {
        nullable: true,
        ..column
    }
}

pub const fn model(
    name: &'static str,
    table: &'static str,
    columns: &'static [ColumnMeta],
) -> ModelMeta {
    ModelMeta {
        name,
        table,
        columns,
        primary_key: 0,
        many_to_many: &[],
        reverse: &[],
        unique_together: &[],
        indexes: &[],
        checks: &[],
        ordering: &[],
        managed: true,
        translations: None,
        renamed_from: None,
    }
}

pub const fn auto_m2m(
    field: &'static str,
    target: Target,
    table: &'static str,
    source_column: &'static str,
    target_column: &'static str,
) -> ManyToManyMeta {
    ManyToManyMeta {
        field,
        target,
        junction: JunctionMeta::Auto {
            table,
            source_column,
            target_column,
        },
        symmetrical: false,
        related_name: None,
    }
}

// --- CRM -------------------------------------------------------------------

pub fn phone() -> &'static ModelMeta {
    &PHONE
}
pub fn address() -> &'static ModelMeta {
    &ADDRESS
}
pub fn contact() -> &'static ModelMeta {
    &CONTACT
}
pub fn relationship() -> &'static ModelMeta {
    &RELATIONSHIP
}
pub fn relationship_type() -> &'static ModelMeta {
    &RELATIONSHIP_TYPE
}

pub static PHONE: ModelMeta = model(
    "Phone",
    "crm_phone",
    &[
        id(),
        ColumnMeta {
            max_length: Some(32),
            ..col("number", "varchar(32)")
        },
    ],
);

pub static ADDRESS: ModelMeta = model("Address", "crm_address", &[id(), col("city", "text")]);

/// A contact with only phones (no through model), for the smallest case.
pub static SIMPLE_CONTACT: ModelMeta = ModelMeta {
    many_to_many: &[auto_m2m(
        "phones",
        phone,
        "crm_contact_phones",
        "contact_id",
        "phone_id",
    )],
    ..model(
        "Contact",
        "crm_contact",
        &[id(), col("name", "varchar(255)")],
    )
};

pub static CONTACT: ModelMeta = ModelMeta {
    many_to_many: &[
        auto_m2m(
            "phones",
            phone,
            "crm_contact_phones",
            "contact_id",
            "phone_id",
        ),
        auto_m2m(
            "addresses",
            address,
            "crm_contact_addresses",
            "contact_id",
            "address_id",
        ),
        ManyToManyMeta {
            field: "contacts",
            target: contact,
            junction: JunctionMeta::Through {
                model: relationship,
                source_field: "from_contact",
                target_field: "to_contact",
            },
            symmetrical: true,
            related_name: Some("+"),
        },
    ],
    ..model(
        "Contact",
        "crm_contact",
        &[id(), col("name", "varchar(255)")],
    )
};

pub static RELATIONSHIP_TYPE: ModelMeta = model(
    "RelationshipType",
    "crm_relationshiptype",
    &[id(), col("name", "text")],
);

pub static RELATIONSHIP: ModelMeta = ModelMeta {
    many_to_many: &[ManyToManyMeta {
        related_name: Some("contact_relationships"),
        ..auto_m2m(
            "types",
            relationship_type,
            "crm_contactrelationship_types",
            "contactrelationship_id",
            "relationshiptype_id",
        )
    }],
    unique_together: &[&["from_contact", "to_contact"]],
    ..model(
        "ContactRelationship",
        "crm_contactrelationship",
        &[
            id(),
            related(
                fk(
                    "from_contact",
                    "from_contact_id",
                    contact,
                    OnDelete::Cascade,
                ),
                "from_contacts",
            ),
            related(
                fk("to_contact", "to_contact_id", contact, OnDelete::Cascade),
                "to_contacts",
            ),
        ],
    )
};

// --- translations ------------------------------------------------------------

pub fn label() -> &'static ModelMeta {
    &LABEL
}
pub fn page() -> &'static ModelMeta {
    &PAGE
}

pub static LABEL: ModelMeta = model("Label", "translations_label", &[id()]);

pub static TRANSLATION: ModelMeta = ModelMeta {
    translations: Some(TranslationsMeta {
        label_field: "des",
        language_field: "lng",
        text_field: "text",
    }),
    ..model(
        "Translation",
        "translations_translation",
        &[
            id(),
            fk("des", "des_id", label, OnDelete::Cascade),
            ColumnMeta {
                indexed: true,
                ..col("lng", "varchar(5)")
            },
            nullable(col("text", "text")),
        ],
    )
};

const fn label_fk(field: &'static str, column: &'static str) -> ColumnMeta {
    related(nullable(fk(field, column, label, OnDelete::SetNull)), "+")
}

pub static PAGE: ModelMeta = model(
    "Page",
    "translations_page",
    &[
        id(),
        label_fk("title", "title_id"),
        label_fk("body", "body_id"),
        label_fk("summary", "summary_id"),
        label_fk("keywords", "keywords_id"),
        nullable(fk("parent", "parent_id", page, OnDelete::SetNull)),
    ],
);

// --- legacy: a text primary key, a foreign key to a unique column ----------

pub fn call_record() -> &'static ModelMeta {
    &CALL_RECORD
}

pub static CALL_RECORD: ModelMeta = model(
    "CallRecord",
    "legacy_callrecord",
    &[
        ColumnMeta {
            primary_key: true,
            ..col("id", "text")
        },
        ColumnMeta {
            unique: true,
            ..col("uniqueid", "varchar(64)")
        },
        col("duration", "integer"),
    ],
);

pub static INTERACTION: ModelMeta = model(
    "Interaction",
    "crm_interaction",
    &[
        id(),
        ColumnMeta {
            column: "call_id",
            foreign_key: Some(ForeignKeyMeta {
                target: call_record,
                to_field: Some("uniqueid"),
                on_delete: OnDelete::SetNull,
                related_name: Some("interactions"),
            }),
            ..nullable(col("call", "varchar(64)"))
        },
    ],
);

// --- a check constraint and defaults ------------------------------------------

pub static PRODUCT: ModelMeta = ModelMeta {
    checks: &[CheckMeta {
        name: "shop_product_quantity_nonnegative",
        sql: "quantity >= 0",
    }],
    ..model(
        "Product",
        "shop_product",
        &[
            id(),
            col("name", "text"),
            ColumnMeta {
                default: Some("0"),
                ..col("quantity", "integer")
            },
            ColumnMeta {
                default: Some("'draft'"),
                ..col("status", "text")
            },
        ],
    )
};

// --- a cycle of foreign keys ------------------------------------------------------

pub fn author() -> &'static ModelMeta {
    &AUTHOR
}
pub fn book() -> &'static ModelMeta {
    &BOOK
}

pub static AUTHOR: ModelMeta = model(
    "Author",
    "cyc_author",
    &[
        id(),
        nullable(fk("favourite", "favourite_id", book, OnDelete::SetNull)),
    ],
);

pub static BOOK: ModelMeta = model(
    "Book",
    "cyc_book",
    &[id(), fk("author", "author_id", author, OnDelete::Cascade)],
);

// --- an unmanaged table --------------------------------------------------------

pub fn country() -> &'static ModelMeta {
    &COUNTRY
}

pub static COUNTRY: ModelMeta = ModelMeta {
    managed: false,
    ..model(
        "Country",
        "legacy_country",
        &[ColumnMeta {
            primary_key: true,
            ..col("code", "char(2)")
        }],
    )
};

pub static CITY: ModelMeta = model(
    "City",
    "geo_city",
    &[
        id(),
        ColumnMeta {
            sql_type: "char(2)",
            ..fk("country", "country_code", country, OnDelete::Restrict)
        },
    ],
);
