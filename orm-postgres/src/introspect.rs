//! Reading a live database's schema from `pg_catalog` into the same
//! [`SchemaModel`] the models produce, so the two can be compared.

use orm_core::schema_model::{
    CheckDef, ColumnDef, DataType, ForeignKeyDef, Identity, IndexDef, JunctionDef, KeyDef,
    SchemaModel, TableDef,
};
use orm_core::{Error, Executor, OnDelete, Result, Value};

use crate::PgRow;
use tokio_postgres::types::FromSql;

/// The table recording applied migrations; never part of an introspected
/// schema.
pub(crate) const MIGRATIONS_TABLE: &str = "orm_migrations";

const TABLES: &str = "SELECT c.oid, c.relname::text FROM pg_catalog.pg_class c \
     JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace \
     WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'p') AND NOT c.relispartition \
     AND c.relname <> $1 ORDER BY c.relname";

const COLUMNS: &str = "SELECT a.attrelid, a.attname::text, \
     pg_catalog.format_type(a.atttypid, a.atttypmod), a.attnotnull, \
     pg_catalog.pg_get_expr(d.adbin, d.adrelid), a.attidentity::text \
     FROM pg_catalog.pg_attribute a \
     LEFT JOIN pg_catalog.pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum \
     WHERE a.attrelid = ANY($1) AND a.attnum > 0 AND NOT a.attisdropped \
     ORDER BY a.attrelid, a.attnum";

/// The columns of `conkey`/`confkey`/`indkey` in key order.
const CONSTRAINTS: &str = "SELECT con.conrelid, con.conname::text, con.contype::text, \
     ARRAY(SELECT a.attname::text FROM unnest(con.conkey) WITH ORDINALITY k(n, o) \
           JOIN pg_catalog.pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = k.n \
           ORDER BY k.o), \
     fc.relname::text, \
     ARRAY(SELECT a.attname::text FROM unnest(con.confkey) WITH ORDINALITY k(n, o) \
           JOIN pg_catalog.pg_attribute a ON a.attrelid = con.confrelid AND a.attnum = k.n \
           ORDER BY k.o), \
     con.confdeltype::text, pg_catalog.pg_get_expr(con.conbin, con.conrelid) \
     FROM pg_catalog.pg_constraint con \
     LEFT JOIN pg_catalog.pg_class fc ON fc.oid = con.confrelid \
     WHERE con.conrelid = ANY($1) AND con.contype IN ('p', 'u', 'f', 'c') \
     ORDER BY con.conrelid, con.conname";

const INDEXES: &str = "SELECT i.indrelid, ic.relname::text, i.indisunique, \
     ARRAY(SELECT a.attname::text FROM unnest(i.indkey::int2[]) WITH ORDINALITY k(n, o) \
           JOIN pg_catalog.pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.n \
           ORDER BY k.o), \
     i.indnkeyatts, i.indexprs IS NULL AND i.indpred IS NULL \
     FROM pg_catalog.pg_index i JOIN pg_catalog.pg_class ic ON ic.oid = i.indexrelid \
     WHERE i.indrelid = ANY($1) AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint c \
       WHERE c.conindid = i.indexrelid AND c.contype IN ('p', 'u', 'x')) \
     ORDER BY i.indrelid, ic.relname";

/// Reads the tables of the current schema (`current_schema()`, usually
/// `public`) into a [`SchemaModel`]: columns with their logical types,
/// nullability, defaults and identity; primary keys, unique, foreign key
/// and check constraints; indexes on plain columns that back no
/// constraint. Expression and partial indexes, exclusion constraints,
/// views and partitions are not modelled. The migrations table
/// (`orm_migrations`) is left out.
///
/// A table of an identity key and two foreign keys with a unique pair is
/// recognised as a many-to-many junction ([`TableDef::junction`]).
///
/// # Errors
/// The catalog queries failed.
pub async fn introspect(exec: &impl Executor<Row = PgRow>) -> Result<SchemaModel> {
    let rows = exec.query(TABLES, &[MIGRATIONS_TABLE.into()]).await?;
    let mut oids: Vec<u32> = Vec::with_capacity(rows.len());
    let mut tables: Vec<TableDef> = Vec::with_capacity(rows.len());
    for row in &rows {
        oids.push(get(row, 0)?);
        tables.push(TableDef::new(get::<String>(row, 1)?));
    }
    let position = |oid: u32| oids.iter().position(|&o| o == oid);
    let oid_array = [Value::Array(oids.iter().map(|&o| Value::U32(o)).collect())];
    for row in exec.query(COLUMNS, &oid_array).await? {
        let Some(t) = position(get(&row, 0)?) else {
            continue;
        };
        let mut column = ColumnDef::new(
            get::<String>(&row, 1)?,
            DataType::from_postgres(&get::<String>(&row, 2)?),
        );
        column.nullable = !get::<bool>(&row, 3)?;
        column.default = get(&row, 4)?;
        column.identity = match get::<Option<String>>(&row, 5)?.as_deref() {
            Some("d") => Some(Identity::ByDefault),
            Some("a") => Some(Identity::Always),
            _ => None,
        };
        tables[t].columns.push(column);
    }
    for row in exec.query(CONSTRAINTS, &oid_array).await? {
        let Some(t) = position(get(&row, 0)?) else {
            continue;
        };
        let name: String = get(&row, 1)?;
        let columns: Vec<String> = get(&row, 3)?;
        let table = &mut tables[t];
        match get::<String>(&row, 2)?.as_str() {
            "p" => table.primary_key = Some(KeyDef::new(name, columns)),
            "u" => table.uniques.push(KeyDef::new(name, columns)),
            "f" => table.foreign_keys.push(ForeignKeyDef::new(
                name,
                columns,
                get::<Option<String>>(&row, 4)?.unwrap_or_default(),
                get(&row, 5)?,
                on_delete(&get::<String>(&row, 6)?),
            )),
            _ => {
                let expression: String = get::<Option<String>>(&row, 7)?.unwrap_or_default();
                table
                    .checks
                    .push(CheckDef::new(name, strip_parens(&expression)));
            }
        }
    }
    for row in exec.query(INDEXES, &oid_array).await? {
        let Some(t) = position(get(&row, 0)?) else {
            continue;
        };
        let mut columns: Vec<String> = get(&row, 3)?;
        let key_columns = usize::try_from(get::<i16>(&row, 4)?).unwrap_or(0);
        let plain: bool = get(&row, 5)?;
        if !plain || columns.len() != key_columns {
            continue;
        }
        columns.truncate(key_columns);
        let mut index = IndexDef::new(get::<String>(&row, 1)?, columns);
        index.unique = get(&row, 2)?;
        tables[t].indexes.push(index);
    }
    for table in &mut tables {
        table.junction = junction(table);
    }
    Ok(SchemaModel::new(tables))
}

fn get<'a, T: FromSql<'a>>(row: &'a PgRow, index: usize) -> Result<T> {
    row.try_get(index)
        .map_err(|e| Error::decode(&format!("catalog column {index}"), e))
}

fn on_delete(code: &str) -> OnDelete {
    match code {
        "c" => OnDelete::Cascade,
        "r" => OnDelete::Restrict,
        "n" => OnDelete::SetNull,
        "d" => OnDelete::SetDefault,
        _ => OnDelete::NoAction,
    }
}

/// `(a > 0)` as `a > 0`: PostgreSQL wraps a stored check in parentheses.
fn strip_parens(expression: &str) -> String {
    let e = expression.trim();
    match e.strip_prefix('(').and_then(|e| e.strip_suffix(')')) {
        Some(inner) if balanced(inner) => inner.to_owned(),
        _ => e.to_owned(),
    }
}

fn balanced(s: &str) -> bool {
    let mut depth = 0i32;
    for c in s.chars() {
        depth += match c {
            '(' => 1,
            ')' => -1,
            _ => 0,
        };
        if depth < 0 {
            return false;
        }
    }
    depth == 0
}

/// A junction: a one-column key that is not a foreign key, exactly two
/// more columns, each a one-column foreign key, and a unique constraint on
/// the pair.
fn junction(table: &TableDef) -> Option<JunctionDef> {
    let pk = table.primary_key.as_ref()?;
    let [pk_column] = pk.columns.as_slice() else {
        return None;
    };
    let others: Vec<&ColumnDef> = table
        .columns
        .iter()
        .filter(|c| &c.name != pk_column)
        .collect();
    let [a, b] = others.as_slice() else {
        return None;
    };
    let is_fk = |c: &ColumnDef| {
        table
            .foreign_keys
            .iter()
            .any(|fk| fk.columns.len() == 1 && fk.columns[0] == c.name)
    };
    let pair = [a.name.clone(), b.name.clone()];
    let unique = table.uniques.iter().any(|u| u.columns == pair);
    (is_fk(a) && is_fk(b) && unique).then(|| JunctionDef::new(&a.name, &b.name))
}
