//! PostgreSQL's spelling of the logical column types: the one place that
//! parses and names them.

use crate::schema_model::DataType;

impl DataType {
    /// Parses a PostgreSQL type name, in any spelling PostgreSQL accepts
    /// for the common types (`int8`, `bigint`, `character varying(20)`,
    /// `varchar(20)`, `timestamp with time zone`, `timestamptz`,
    /// `integer[]`) or that `format_type` prints. Anything else is kept as
    /// [`DataType::Other`], lowercased.
    pub fn from_postgres(sql: &str) -> DataType {
        let sql = sql.trim();
        if let Some(element) = sql.strip_suffix("[]") {
            return DataType::Array(Box::new(DataType::from_postgres(element)));
        }
        let lower = sql.to_ascii_lowercase();
        let (base, args) = split_args(&lower);
        let base = base.split_whitespace().collect::<Vec<_>>().join(" ");
        let first = args.first().copied();
        match base.as_str() {
            "\"char\"" => DataType::TinyInt,
            "smallint" | "int2" => DataType::SmallInt,
            "integer" | "int" | "int4" => DataType::Integer,
            "bigint" | "int8" => DataType::BigInt,
            "real" | "float4" => DataType::Real,
            "double precision" | "float8" => DataType::Double,
            "numeric" | "decimal" => match args.as_slice() {
                [] => DataType::Numeric(None),
                [p] => DataType::Numeric(Some((*p, 0))),
                [p, s, ..] => DataType::Numeric(Some((*p, *s))),
            },
            "boolean" | "bool" => DataType::Boolean,
            "text" => DataType::Text,
            "character varying" | "varchar" => DataType::Varchar(first),
            "character" | "char" | "bpchar" => DataType::Char(first.unwrap_or(1)),
            "bytea" => DataType::Bytes,
            "date" => DataType::Date,
            "time" | "time without time zone" => DataType::Time,
            "timestamp" | "timestamp without time zone" => DataType::Timestamp,
            "timestamptz" | "timestamp with time zone" => DataType::TimestampTz,
            "interval" => DataType::Interval,
            "uuid" => DataType::Uuid,
            "json" => DataType::Json,
            "jsonb" => DataType::Jsonb,
            "oid" => DataType::Oid,
            _ => DataType::Other(lower),
        }
    }

    /// The PostgreSQL name of the type, in the short spelling the DDL
    /// writer uses (`bigint`, `varchar(255)`, `timestamptz`).
    pub fn to_postgres(&self) -> String {
        match self {
            DataType::TinyInt => "\"char\"".into(),
            DataType::SmallInt => "smallint".into(),
            DataType::Integer => "integer".into(),
            DataType::BigInt => "bigint".into(),
            DataType::Real => "real".into(),
            DataType::Double => "double precision".into(),
            DataType::Numeric(None) => "numeric".into(),
            DataType::Numeric(Some((p, s))) => format!("numeric({p}, {s})"),
            DataType::Boolean => "boolean".into(),
            DataType::Text => "text".into(),
            DataType::Varchar(None) => "varchar".into(),
            DataType::Varchar(Some(n)) => format!("varchar({n})"),
            DataType::Char(n) => format!("char({n})"),
            DataType::Bytes => "bytea".into(),
            DataType::Date => "date".into(),
            DataType::Time => "time".into(),
            DataType::Timestamp => "timestamp".into(),
            DataType::TimestampTz => "timestamptz".into(),
            DataType::Interval => "interval".into(),
            DataType::Uuid => "uuid".into(),
            DataType::Json => "json".into(),
            DataType::Jsonb => "jsonb".into(),
            DataType::Oid => "oid".into(),
            DataType::Array(element) => format!("{}[]", element.to_postgres()),
            DataType::Other(name) => name.clone(),
        }
    }
}

/// `"numeric(10,2)"` into `("numeric", [10, 2])`; a type without a
/// parenthesised list has no arguments.
fn split_args(sql: &str) -> (&str, Vec<u32>) {
    let Some(open) = sql.find('(') else {
        return (sql, Vec::new());
    };
    let close = sql[open..].find(')').map_or(sql.len(), |c| open + c);
    let args = sql[open + 1..close]
        .split(',')
        .filter_map(|a| a.trim().parse().ok())
        .collect();
    // `timestamp(3) with time zone`: the words after the list belong to
    // the name.
    let rest = sql.get(close + 1..).unwrap_or("").trim();
    if rest.is_empty() {
        (sql[..open].trim_end(), args)
    } else {
        // Precision of time types is not modelled; keep the spelling.
        (sql, Vec::new())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spellings_parse_to_one_type() {
        for (a, b) in [
            ("int8", "bigint"),
            ("character varying(20)", "varchar(20)"),
            ("timestamp with time zone", "TIMESTAMPTZ"),
            ("numeric(10,2)", "numeric(10, 2)"),
            ("character(2)", "char(2)"),
            ("integer[]", "int4[]"),
        ] {
            assert_eq!(
                DataType::from_postgres(a),
                DataType::from_postgres(b),
                "{a} {b}"
            );
        }
    }

    #[test]
    fn names_round_trip() {
        for t in [
            "\"char\"",
            "smallint",
            "bigint",
            "double precision",
            "varchar(255)",
            "char(2)",
            "numeric(10, 2)",
            "timestamptz",
            "jsonb",
            "text[]",
            "inet",
        ] {
            assert_eq!(DataType::from_postgres(t).to_postgres(), t);
        }
    }
}
