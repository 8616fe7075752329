//! The attribute keywords, in one place.

pub(crate) const ORM: &str = "orm";

// container
pub(crate) const TABLE: &str = "table";
pub(crate) const UNIQUE_TOGETHER: &str = "unique_together";
pub(crate) const INDEX: &str = "index";
pub(crate) const CHECK: &str = "check";
pub(crate) const ORDERING: &str = "ordering";
pub(crate) const MANAGED: &str = "managed";
pub(crate) const TRANSLATIONS: &str = "translations";
pub(crate) const RENAMED_FROM: &str = "renamed_from";
pub(crate) const CRATE: &str = "crate";

pub(crate) const CONTAINER_KEYS: &[&str] = &[
    TABLE,
    UNIQUE_TOGETHER,
    INDEX,
    CHECK,
    ORDERING,
    MANAGED,
    TRANSLATIONS,
    RENAMED_FROM,
    CRATE,
];

// field
pub(crate) const PRIMARY_KEY: &str = "primary_key";
pub(crate) const AUTO: &str = "auto";
pub(crate) const COLUMN: &str = "column";
pub(crate) const UNIQUE: &str = "unique";
pub(crate) const DEFAULT: &str = "default";
pub(crate) const MAX_LENGTH: &str = "max_length";
pub(crate) const DB_TYPE: &str = "db_type";
pub(crate) const SKIP: &str = "skip";
pub(crate) const READ_ONLY: &str = "read_only";
pub(crate) const AUTO_NOW_ADD: &str = "auto_now_add";
pub(crate) const AUTO_NOW: &str = "auto_now";
pub(crate) const DB_DEFAULT: &str = "db_default";
pub(crate) const TO_FIELD: &str = "to_field";
pub(crate) const ON_DELETE: &str = "on_delete";
pub(crate) const RELATED_NAME: &str = "related_name";
pub(crate) const DB_TABLE: &str = "db_table";
pub(crate) const THROUGH: &str = "through";
pub(crate) const SOURCE: &str = "source";
pub(crate) const TARGET: &str = "target";
pub(crate) const SYMMETRICAL: &str = "symmetrical";
pub(crate) const VIA: &str = "via";
pub(crate) const MANY_TO_MANY: &str = "many_to_many";

pub(crate) const FIELD_KEYS: &[&str] = &[
    PRIMARY_KEY,
    AUTO,
    COLUMN,
    UNIQUE,
    INDEX,
    DEFAULT,
    MAX_LENGTH,
    DB_TYPE,
    SKIP,
    READ_ONLY,
    AUTO_NOW_ADD,
    AUTO_NOW,
    DB_DEFAULT,
    TO_FIELD,
    ON_DELETE,
    RELATED_NAME,
    DB_TABLE,
    THROUGH,
    SOURCE,
    TARGET,
    SYMMETRICAL,
    VIA,
    MANY_TO_MANY,
    RENAMED_FROM,
];

// translations(...)
pub(crate) const LABEL: &str = "label";
pub(crate) const LANGUAGE: &str = "language";
pub(crate) const TEXT: &str = "text";

// check(...)
pub(crate) const NAME: &str = "name";
pub(crate) const SQL: &str = "sql";

pub(crate) const ON_DELETE_VALUES: &[&str] =
    &["Cascade", "Restrict", "SetNull", "SetDefault", "NoAction"];
