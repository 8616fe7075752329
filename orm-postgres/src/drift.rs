//! The drift check: a live database against the schema the models need.

use std::fmt;

use orm_core::schema_model::{DiffOptions, Operation, SchemaModel};
use orm_core::{Executor, Result};

use crate::{PgRow, introspect};

/// What separates a live database from the schema the models need.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Drift {
    operations: Vec<Operation>,
}

impl Drift {
    /// True when the database matches the models.
    pub fn is_empty(&self) -> bool {
        self.operations.is_empty()
    }

    /// The operations a migration would need, in order.
    pub fn operations(&self) -> &[Operation] {
        &self.operations
    }
}

impl fmt::Display for Drift {
    /// One line per difference: `+` for what the models add, `-` for what
    /// they remove, `~` for a change.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.operations.is_empty() {
            return write!(f, "the database matches the models");
        }
        writeln!(f, "the database differs from the models:")?;
        for op in &self.operations {
            let mark = match op {
                Operation::CreateTable(_)
                | Operation::AddColumn { .. }
                | Operation::AddPrimaryKey { .. }
                | Operation::AddUnique { .. }
                | Operation::AddForeignKey { .. }
                | Operation::AddCheck { .. }
                | Operation::CreateIndex { .. } => '+',
                Operation::DropTable { .. }
                | Operation::DropColumn { .. }
                | Operation::DropConstraint { .. }
                | Operation::DropIndex { .. } => '-',
                _ => '~',
            };
            writeln!(f, "  {mark} {}", op.describe())?;
        }
        Ok(())
    }
}

/// Compares the database behind `exec` with `wanted` (usually
/// `Schema::model()` of the application's models).
///
/// ```no_run
/// # async fn demo(db: &orm_postgres::Db, schema: &orm_core::Schema) -> orm_core::Result<()> {
/// let drift = orm_postgres::drift(db, &schema.model()).await?;
/// if !drift.is_empty() {
///     eprintln!("{drift}");
///     std::process::exit(1);
/// }
/// # Ok(()) }
/// ```
///
/// # Errors
/// The catalog could not be read.
pub async fn drift(exec: &impl Executor<Row = PgRow>, wanted: &SchemaModel) -> Result<Drift> {
    let live = introspect(exec).await?;
    Ok(Drift {
        operations: live.diff_with(wanted, DiffOptions::plain()),
    })
}
