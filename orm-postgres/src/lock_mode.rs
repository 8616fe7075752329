//! [`LockMode`]: the eight PostgreSQL table lock modes, typed.

use std::fmt;
use std::str::FromStr;

use orm_core::Error;

/// A PostgreSQL table lock mode, as taken by `LOCK TABLE ... IN <mode> MODE`.
///
/// The variants are listed from weakest to strongest, as in PostgreSQL's
/// documentation ("Explicit Locking", table-level locks). An invalid mode
/// cannot be written; parsing the SQL spelling with [`str::parse`] reports a
/// bad input together with the valid spellings.
///
/// ```
/// use orm_postgres::LockMode;
///
/// let mode: LockMode = "share row exclusive".parse()?;
/// assert_eq!(mode, LockMode::ShareRowExclusive);
/// assert_eq!(mode.to_string(), "SHARE ROW EXCLUSIVE");
/// // SHARE ROW EXCLUSIVE conflicts with itself: two sessions holding it
/// // cannot overlap, which is what a "read, decide, write" section needs.
/// assert!(mode.conflicts_with(mode));
/// assert!(!mode.conflicts_with(LockMode::AccessShare)); // plain reads go on
///
/// let err = "SHARED".parse::<LockMode>().unwrap_err();
/// assert!(err.is_invalid_input());
/// assert!(err.to_string().contains("`SHARED`"));
/// # Ok::<(), orm_postgres::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum LockMode {
    /// `ACCESS SHARE`: taken by `SELECT`; conflicts only with
    /// `ACCESS EXCLUSIVE`.
    AccessShare,
    /// `ROW SHARE`: taken by `SELECT ... FOR UPDATE/SHARE`.
    RowShare,
    /// `ROW EXCLUSIVE`: taken by `INSERT`, `UPDATE`, `DELETE`, `MERGE`.
    RowExclusive,
    /// `SHARE UPDATE EXCLUSIVE`: taken by `VACUUM`, `ANALYZE`,
    /// `CREATE INDEX CONCURRENTLY`; conflicts with itself.
    ShareUpdateExclusive,
    /// `SHARE`: taken by `CREATE INDEX`; blocks writers, not other `SHARE`
    /// holders.
    Share,
    /// `SHARE ROW EXCLUSIVE`: blocks writers and conflicts with itself, so
    /// only one session at a time may hold it while readers go on. The mode
    /// for "read, then insert if missing".
    ShareRowExclusive,
    /// `EXCLUSIVE`: only `ACCESS SHARE` (plain reads) may run alongside.
    Exclusive,
    /// `ACCESS EXCLUSIVE`: conflicts with every mode, reads included; the
    /// default of a bare `LOCK TABLE`, taken by `DROP TABLE`, `TRUNCATE`.
    AccessExclusive,
}

impl LockMode {
    /// Every mode, weakest first.
    pub const ALL: [LockMode; 8] = [
        LockMode::AccessShare,
        LockMode::RowShare,
        LockMode::RowExclusive,
        LockMode::ShareUpdateExclusive,
        LockMode::Share,
        LockMode::ShareRowExclusive,
        LockMode::Exclusive,
        LockMode::AccessExclusive,
    ];

    /// The SQL spelling, e.g. `"SHARE ROW EXCLUSIVE"`.
    pub fn as_sql(self) -> &'static str {
        match self {
            LockMode::AccessShare => "ACCESS SHARE",
            LockMode::RowShare => "ROW SHARE",
            LockMode::RowExclusive => "ROW EXCLUSIVE",
            LockMode::ShareUpdateExclusive => "SHARE UPDATE EXCLUSIVE",
            LockMode::Share => "SHARE",
            LockMode::ShareRowExclusive => "SHARE ROW EXCLUSIVE",
            LockMode::Exclusive => "EXCLUSIVE",
            LockMode::AccessExclusive => "ACCESS EXCLUSIVE",
        }
    }

    /// True when a lock in mode `self` held by one transaction blocks
    /// another transaction from taking mode `other` on the same table (the
    /// relation is symmetric). This is PostgreSQL's documented conflict
    /// table; a transaction never conflicts with its own locks.
    pub fn conflicts_with(self, other: LockMode) -> bool {
        self.conflict_mask() & other.bit() != 0
    }

    fn bit(self) -> u8 {
        1 << (self as u8)
    }

    /// The modes `self` conflicts with, one bit per mode (the shape of
    /// PostgreSQL's own `LockConflicts` array).
    fn conflict_mask(self) -> u8 {
        use LockMode::*;
        let modes: &[LockMode] = match self {
            AccessShare => &[AccessExclusive],
            RowShare => &[Exclusive, AccessExclusive],
            RowExclusive => &[Share, ShareRowExclusive, Exclusive, AccessExclusive],
            ShareUpdateExclusive => &[
                ShareUpdateExclusive,
                Share,
                ShareRowExclusive,
                Exclusive,
                AccessExclusive,
            ],
            Share => &[
                RowExclusive,
                ShareUpdateExclusive,
                ShareRowExclusive,
                Exclusive,
                AccessExclusive,
            ],
            ShareRowExclusive => &[
                RowExclusive,
                ShareUpdateExclusive,
                Share,
                ShareRowExclusive,
                Exclusive,
                AccessExclusive,
            ],
            Exclusive => &[
                RowShare,
                RowExclusive,
                ShareUpdateExclusive,
                Share,
                ShareRowExclusive,
                Exclusive,
                AccessExclusive,
            ],
            AccessExclusive => &LockMode::ALL,
        };
        modes.iter().fold(0, |mask, m| mask | m.bit())
    }
}

impl fmt::Display for LockMode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_sql())
    }
}

impl FromStr for LockMode {
    type Err = Error;

    /// Parses the SQL spelling, ignoring case and repeated or surrounding
    /// whitespace (`"share row exclusive"`); a trailing `MODE` is accepted.
    ///
    /// # Errors
    /// [`Error::is_invalid_input`], naming the input and listing the valid
    /// modes.
    fn from_str(input: &str) -> Result<Self, Error> {
        let words: Vec<&str> = input.split_whitespace().collect();
        let words = match words.split_last() {
            Some((last, rest)) if last.eq_ignore_ascii_case("MODE") => rest,
            _ => &words[..],
        };
        let normalized = words.join(" ");
        LockMode::ALL
            .into_iter()
            .find(|m| m.as_sql().eq_ignore_ascii_case(&normalized))
            .ok_or_else(|| {
                let valid: Vec<&str> = LockMode::ALL.iter().map(|m| m.as_sql()).collect();
                Error::invalid_input(format!(
                    "{} is not a table lock mode; valid modes are {}",
                    echo(input),
                    valid.join(", ")
                ))
            })
    }
}

/// The input quoted for an error message, cut after 40 characters so a
/// huge input does not make a huge message.
fn echo(input: &str) -> String {
    const SHOWN: usize = 40;
    match input.char_indices().nth(SHOWN) {
        Some((cut, _)) => format!("`{}`... ({} bytes)", &input[..cut], input.len()),
        None => format!("`{input}`"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_huge_input_is_not_echoed_whole() {
        let input = "é".repeat(1 << 20);
        let message = match input.parse::<LockMode>() {
            Err(e) => e.to_string(),
            Ok(m) => format!("parsed as {m:?}"),
        };
        assert!(message.len() < 300, "{} bytes", message.len());
        assert!(message.contains("2097152 bytes"), "{message}");
        let short = match "exclusiv".parse::<LockMode>() {
            Err(e) => e.to_string(),
            Ok(m) => format!("parsed as {m:?}"),
        };
        assert!(
            short.contains("`exclusiv` is not a table lock mode"),
            "{short}"
        );
    }

    #[test]
    fn spelling_round_trips() {
        for mode in LockMode::ALL {
            assert_eq!(mode.as_sql().parse::<LockMode>().ok(), Some(mode));
            assert_eq!(
                mode.as_sql().to_lowercase().parse::<LockMode>().ok(),
                Some(mode)
            );
            assert_eq!(mode.to_string(), mode.as_sql());
        }
        assert_eq!(
            "  share   ROW exclusive mode ".parse::<LockMode>().ok(),
            Some(LockMode::ShareRowExclusive)
        );
    }

    #[test]
    fn conflicts_are_symmetric() {
        for a in LockMode::ALL {
            for b in LockMode::ALL {
                assert_eq!(a.conflicts_with(b), b.conflicts_with(a), "{a} / {b}");
            }
        }
    }
}
