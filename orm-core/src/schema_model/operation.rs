//! Schema changes as data: what a migration does, one step at a time.
//! `orm_core`'s DDL writer turns each into SQL
//! ([`Operation::to_sql`]).

use super::{
    CheckDef, ColumnDef, DataType, ForeignKeyDef, Identity, IndexDef, KeyDef, TableDef, TypeChange,
};

/// One schema change.
///
/// The diff ([`SchemaModel::diff`](super::SchemaModel::diff)) emits
/// operations in an order that applies: renames, then drops of what is
/// removed, then creations and changes, then constraints and indexes. Safe
/// forms are chosen there (an index built `CONCURRENTLY`, a foreign key
/// added `NOT VALID` then validated), so an operation renders to exactly
/// one statement.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Operation {
    /// `CREATE TABLE` with its columns, primary key, unique, check and
    /// foreign key constraints (not its indexes).
    CreateTable(TableDef),
    /// `DROP TABLE`.
    DropTable {
        /// The table.
        table: String,
    },
    /// `ALTER TABLE ... RENAME TO`.
    RenameTable {
        /// The old name.
        from: String,
        /// The new name.
        to: String,
    },
    /// `ALTER TABLE ... ADD COLUMN`.
    AddColumn {
        /// The table.
        table: String,
        /// The new column.
        column: ColumnDef,
    },
    /// `ALTER TABLE ... DROP COLUMN`.
    DropColumn {
        /// The table.
        table: String,
        /// The column.
        column: String,
    },
    /// `ALTER TABLE ... RENAME COLUMN`.
    RenameColumn {
        /// The table.
        table: String,
        /// The old name.
        from: String,
        /// The new name.
        to: String,
    },
    /// `ALTER COLUMN ... TYPE ... USING`.
    AlterType {
        /// The table.
        table: String,
        /// The column.
        column: String,
        /// The new type.
        to: DataType,
        /// What the change costs.
        change: TypeChange,
    },
    /// `ALTER COLUMN ... SET NOT NULL` or `DROP NOT NULL`.
    SetNullable {
        /// The table.
        table: String,
        /// The column.
        column: String,
        /// True to allow NULL.
        nullable: bool,
    },
    /// `ALTER COLUMN ... SET DEFAULT` or `DROP DEFAULT`.
    SetDefault {
        /// The table.
        table: String,
        /// The column.
        column: String,
        /// The new default, `None` to drop it.
        default: Option<String>,
    },
    /// `ALTER COLUMN ... ADD GENERATED ... AS IDENTITY` or `DROP IDENTITY`.
    SetIdentity {
        /// The table.
        table: String,
        /// The column.
        column: String,
        /// The new identity, `None` to drop it.
        identity: Option<Identity>,
    },
    /// `ADD CONSTRAINT ... PRIMARY KEY`, or `PRIMARY KEY USING INDEX` a
    /// unique index of the same name built beforehand.
    AddPrimaryKey {
        /// The table.
        table: String,
        /// The key.
        key: KeyDef,
        /// True to adopt the unique index named like the key.
        using_index: bool,
    },
    /// `ADD CONSTRAINT ... UNIQUE`, or `UNIQUE USING INDEX` an index of
    /// the same name built beforehand.
    AddUnique {
        /// The table.
        table: String,
        /// The key.
        key: KeyDef,
        /// True to adopt the unique index named like the key.
        using_index: bool,
    },
    /// `ADD CONSTRAINT ... FOREIGN KEY`.
    AddForeignKey {
        /// The table.
        table: String,
        /// The key.
        key: ForeignKeyDef,
        /// True to skip checking existing rows (validate later).
        not_valid: bool,
    },
    /// `ADD CONSTRAINT ... CHECK`.
    AddCheck {
        /// The table.
        table: String,
        /// The check.
        check: CheckDef,
        /// True to skip checking existing rows (validate later).
        not_valid: bool,
    },
    /// `VALIDATE CONSTRAINT`: checks existing rows without blocking writes.
    ValidateConstraint {
        /// The table.
        table: String,
        /// The constraint.
        name: String,
    },
    /// `DROP CONSTRAINT`.
    DropConstraint {
        /// The table.
        table: String,
        /// The constraint.
        name: String,
    },
    /// `RENAME CONSTRAINT`.
    RenameConstraint {
        /// The table.
        table: String,
        /// The old name.
        from: String,
        /// The new name.
        to: String,
    },
    /// `CREATE [UNIQUE] INDEX [CONCURRENTLY]`.
    CreateIndex {
        /// The table.
        table: String,
        /// The index.
        index: IndexDef,
        /// True to build without blocking writes (outside a transaction).
        concurrently: bool,
    },
    /// `DROP INDEX [CONCURRENTLY]`.
    DropIndex {
        /// The index.
        name: String,
        /// True to drop without blocking (outside a transaction).
        concurrently: bool,
    },
    /// `ALTER INDEX ... RENAME TO`.
    RenameIndex {
        /// The old name.
        from: String,
        /// The new name.
        to: String,
    },
}

/// Why an operation needs care.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Hazard {
    /// Data is lost (a dropped table or column, a narrowing type change):
    /// applied only when explicitly allowed.
    Destructive,
    /// The table is rewritten or scanned under a lock that blocks writes;
    /// [`Operation::safe_form`] names what to do instead.
    Blocking,
}

impl Operation {
    /// Why this operation needs care, if it does.
    pub fn hazard(&self) -> Option<Hazard> {
        match self {
            Operation::DropTable { .. } | Operation::DropColumn { .. } => Some(Hazard::Destructive),
            Operation::AlterType { change, .. } => match change {
                TypeChange::Narrowing => Some(Hazard::Destructive),
                TypeChange::Rewriting => Some(Hazard::Blocking),
                TypeChange::Widening => None,
            },
            Operation::AddPrimaryKey {
                using_index: false, ..
            }
            | Operation::AddUnique {
                using_index: false, ..
            }
            | Operation::SetNullable {
                nullable: false, ..
            }
            | Operation::SetIdentity {
                identity: Some(_), ..
            } => Some(Hazard::Blocking),
            Operation::AddColumn { column, .. }
                if !column.nullable && column.default.is_none() && column.identity.is_none() =>
            {
                Some(Hazard::Blocking)
            }
            _ => None,
        }
    }

    /// The safe way to do what a [`Hazard::Blocking`] or
    /// [`Hazard::Destructive`] operation does, in words.
    pub fn safe_form(&self) -> Option<&'static str> {
        Some(match self {
            Operation::DropTable { .. } | Operation::DropColumn { .. } => {
                "stop reading and writing it in a deploy first (or mark the model unmanaged), then drop it in a later migration"
            }
            Operation::AlterType {
                change: TypeChange::Narrowing,
                ..
            } => {
                "add a new column, backfill it in batches, switch readers and writers, then drop the old column"
            }
            Operation::AlterType { .. } => {
                "add a new column of the new type, backfill it in batches, then swap (the type change rewrites the table under ACCESS EXCLUSIVE)"
            }
            Operation::AddPrimaryKey { .. } | Operation::AddUnique { .. } => {
                "CREATE UNIQUE INDEX CONCURRENTLY, then ADD CONSTRAINT ... USING INDEX"
            }
            Operation::SetNullable { .. } => {
                "ADD CONSTRAINT ... CHECK (col IS NOT NULL) NOT VALID, VALIDATE CONSTRAINT, then SET NOT NULL"
            }
            Operation::SetIdentity { .. } => "fill the column from a sequence default instead",
            Operation::AddColumn { .. } => {
                "add the column nullable or with a default, backfill, then set NOT NULL"
            }
            _ => return None,
        })
    }

    /// False for an operation PostgreSQL refuses inside a transaction block
    /// (`CREATE INDEX CONCURRENTLY`, `DROP INDEX CONCURRENTLY`).
    pub fn is_transactional(&self) -> bool {
        !matches!(
            self,
            Operation::CreateIndex {
                concurrently: true,
                ..
            } | Operation::DropIndex {
                concurrently: true,
                ..
            }
        )
    }

    /// The SQL of this operation (one statement, without `;`).
    pub fn to_sql(&self) -> String {
        crate::ddl::operation_sql(self, crate::ddl::Mode::Plain)
    }

    /// A short human description, e.g. `add column "crm_contact"."email"`.
    pub fn describe(&self) -> String {
        use crate::quote_ident as q;
        match self {
            Operation::CreateTable(t) => format!("create table {}", q(&t.name)),
            Operation::DropTable { table } => format!("drop table {}", q(table)),
            Operation::RenameTable { from, to } => format!("rename table {} to {}", q(from), q(to)),
            Operation::AddColumn { table, column } => {
                format!("add column {}.{}", q(table), q(&column.name))
            }
            Operation::DropColumn { table, column } => {
                format!("drop column {}.{}", q(table), q(column))
            }
            Operation::RenameColumn { table, from, to } => {
                format!("rename column {}.{} to {}", q(table), q(from), q(to))
            }
            Operation::AlterType {
                table, column, to, ..
            } => format!(
                "change type of {}.{} to {}",
                q(table),
                q(column),
                to.to_postgres()
            ),
            Operation::SetNullable {
                table,
                column,
                nullable,
            } => format!(
                "{} {}.{}",
                if *nullable {
                    "allow NULL in"
                } else {
                    "forbid NULL in"
                },
                q(table),
                q(column)
            ),
            Operation::SetDefault {
                table,
                column,
                default,
            } => match default {
                Some(d) => format!("set default of {}.{} to {d}", q(table), q(column)),
                None => format!("drop default of {}.{}", q(table), q(column)),
            },
            Operation::SetIdentity {
                table,
                column,
                identity,
            } => format!(
                "{} identity of {}.{}",
                if identity.is_some() { "add" } else { "drop" },
                q(table),
                q(column)
            ),
            Operation::AddPrimaryKey { table, key, .. } => {
                format!("add primary key {} on {}", q(&key.name), q(table))
            }
            Operation::AddUnique { table, key, .. } => {
                format!("add unique {} on {}", q(&key.name), q(table))
            }
            Operation::AddForeignKey { table, key, .. } => {
                format!("add foreign key {} on {}", q(&key.name), q(table))
            }
            Operation::AddCheck { table, check, .. } => {
                format!("add check {} on {}", q(&check.name), q(table))
            }
            Operation::ValidateConstraint { table, name } => {
                format!("validate {} on {}", q(name), q(table))
            }
            Operation::DropConstraint { table, name } => {
                format!("drop constraint {} on {}", q(name), q(table))
            }
            Operation::RenameConstraint { table, from, to } => {
                format!("rename constraint {} on {} to {}", q(from), q(table), q(to))
            }
            Operation::CreateIndex { table, index, .. } => {
                format!("create index {} on {}", q(&index.name), q(table))
            }
            Operation::DropIndex { name, .. } => format!("drop index {}", q(name)),
            Operation::RenameIndex { from, to } => format!("rename index {} to {}", q(from), q(to)),
        }
    }
}
