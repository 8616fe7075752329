//! Logical column types: what a column holds, independent of how a dialect
//! spells it. The PostgreSQL spelling (parsing and naming) lives with the
//! DDL writer, in one place.

/// The type of a column.
///
/// Two columns have the same type exactly when their `DataType`s are equal,
/// whatever spelling produced them (`int8` and `bigint`, `varchar(5)` and
/// `character varying(5)`).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum DataType {
    /// A one-byte integer stored as PostgreSQL's internal `"char"`.
    TinyInt,
    /// A 2-byte integer.
    SmallInt,
    /// A 4-byte integer.
    Integer,
    /// An 8-byte integer.
    BigInt,
    /// A 4-byte float.
    Real,
    /// An 8-byte float.
    Double,
    /// An exact decimal, with `(precision, scale)` when limited.
    Numeric(Option<(u32, u32)>),
    /// A boolean.
    Boolean,
    /// Text of any length.
    Text,
    /// Text of at most `n` characters (`None`: unlimited).
    Varchar(Option<u32>),
    /// Text of exactly `n` characters, blank-padded.
    Char(u32),
    /// Bytes.
    Bytes,
    /// A calendar date.
    Date,
    /// A time of day without zone.
    Time,
    /// A date and time without zone.
    Timestamp,
    /// An instant (date and time with zone).
    TimestampTz,
    /// A time span.
    Interval,
    /// A UUID.
    Uuid,
    /// JSON text.
    Json,
    /// Binary JSON.
    Jsonb,
    /// An object identifier (`u32`).
    Oid,
    /// An array of another type.
    Array(Box<DataType>),
    /// A type the ORM has no logical name for, in the database's spelling
    /// (e.g. `inet`, a domain, an enum type).
    Other(String),
}

/// What changing a column from one type to another costs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum TypeChange {
    /// Every value fits and PostgreSQL does not rewrite the table (a longer
    /// `varchar`, `varchar` to `text`, an unlimited `numeric`).
    Widening,
    /// Every value fits, but the table is rewritten under an `ACCESS
    /// EXCLUSIVE` lock (e.g. `integer` to `bigint`).
    Rewriting,
    /// Values may not fit or may change: data can be lost.
    Narrowing,
}

impl DataType {
    /// How costly changing a column of type `self` to `to` is.
    pub fn change_to(&self, to: &DataType) -> TypeChange {
        use DataType::*;
        match (self, to) {
            (a, b) if a == b => TypeChange::Widening,
            (Varchar(Some(a)), Varchar(Some(b))) if b >= a => TypeChange::Widening,
            (Varchar(_), Varchar(None) | Text) | (Text, Varchar(None)) => TypeChange::Widening,
            (Numeric(Some(_)), Numeric(None)) => TypeChange::Widening,
            (TinyInt, SmallInt | Integer | BigInt)
            | (SmallInt, Integer | BigInt)
            | (Integer, BigInt)
            | (Real, Double)
            | (Char(_), Text | Varchar(None))
            | (Timestamp, TimestampTz)
            | (Json, Jsonb) => TypeChange::Rewriting,
            (Char(a), Varchar(Some(b))) if b >= a => TypeChange::Rewriting,
            (SmallInt | Integer | BigInt, Numeric(None)) => TypeChange::Rewriting,
            _ => TypeChange::Narrowing,
        }
    }

    /// True for the integer types an identity column can have.
    pub fn is_integer(&self) -> bool {
        matches!(
            self,
            DataType::SmallInt | DataType::Integer | DataType::BigInt
        )
    }

    /// True for the types whose values are written as numbers (their
    /// defaults are compared unquoted).
    pub(crate) fn is_numeric(&self) -> bool {
        matches!(
            self,
            DataType::SmallInt
                | DataType::Integer
                | DataType::BigInt
                | DataType::Real
                | DataType::Double
                | DataType::Numeric(_)
                | DataType::Oid
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn changes_are_classified() {
        use DataType::*;
        assert_eq!(
            Varchar(Some(5)).change_to(&Varchar(Some(9))),
            TypeChange::Widening
        );
        assert_eq!(
            Varchar(Some(9)).change_to(&Varchar(Some(5))),
            TypeChange::Narrowing
        );
        assert_eq!(Varchar(Some(9)).change_to(&Text), TypeChange::Widening);
        assert_eq!(Integer.change_to(&BigInt), TypeChange::Rewriting);
        assert_eq!(BigInt.change_to(&Integer), TypeChange::Narrowing);
        assert_eq!(Text.change_to(&Integer), TypeChange::Narrowing);
    }
}
