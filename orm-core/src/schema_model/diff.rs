//! Comparing two schema models into ordered [`Operation`]s.

mod compare;

use super::order::CreationPlan;
use super::{Operation, SchemaModel, TableDef};

/// Options of [`SchemaModel::diff_with`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub struct DiffOptions {
    /// Use the forms that do not block a busy table (the default): indexes
    /// built `CONCURRENTLY` (outside a transaction), unique constraints
    /// adopted from such an index, foreign keys and checks added `NOT VALID`
    /// then validated, `NOT NULL` set through a validated check. Tables
    /// created by the same diff always get the plain forms.
    pub safe: bool,
}

impl Default for DiffOptions {
    fn default() -> Self {
        DiffOptions { safe: true }
    }
}

impl DiffOptions {
    /// The plain forms everywhere: one statement per change, all
    /// transactional.
    pub fn plain() -> DiffOptions {
        DiffOptions { safe: false }
    }
}

impl SchemaModel {
    /// The operations that turn a database shaped like `self` into one
    /// shaped like `target`, in the safe forms ([`DiffOptions::default`]).
    ///
    /// Unmanaged tables of `target` are left alone on both sides. Tables and
    /// columns whose `renamed_from` names a table or column of `self` are
    /// renamed, and constraints and indexes that only changed name are
    /// renamed too. Checks are compared by name (PostgreSQL rewrites their
    /// text), defaults after removing casts and parentheses.
    pub fn diff(&self, target: &SchemaModel) -> Vec<Operation> {
        self.diff_with(target, DiffOptions::default())
    }

    /// [`SchemaModel::diff`] with explicit options.
    pub fn diff_with(&self, target: &SchemaModel, options: DiffOptions) -> Vec<Operation> {
        let mut phases = Phases::default();
        let from = apply_renames(self, target, &mut phases);
        let managed = |name: &str| target.table(name).is_none_or(|t| t.managed);
        for old in from.tables.iter().filter(|t| managed(&t.name)) {
            match target.table(&old.name) {
                Some(new) => compare::tables(old, new, options, &mut phases),
                None => phases.drop_tables.push(Operation::DropTable {
                    table: old.name.clone(),
                }),
            }
        }
        // Foreign keys of dropped tables go with them; those of other
        // tables pointing at dropped tables were dropped above.
        let new_tables: Vec<TableDef> = target
            .tables
            .iter()
            .filter(|t| t.managed && from.table(&t.name).is_none())
            .cloned()
            .collect();
        create_tables(&new_tables, &mut phases);
        phases.into_operations()
    }
}

/// Operations grouped by the phase they run in.
#[derive(Debug, Default)]
pub(super) struct Phases {
    pub(super) renames: Vec<Operation>,
    pub(super) drop_foreign_keys: Vec<Operation>,
    pub(super) drop_constraints: Vec<Operation>,
    pub(super) drop_tables: Vec<Operation>,
    pub(super) drop_columns: Vec<Operation>,
    pub(super) create_tables: Vec<Operation>,
    pub(super) add_columns: Vec<Operation>,
    pub(super) alter_columns: Vec<Operation>,
    pub(super) add_constraints: Vec<Operation>,
    pub(super) add_indexes: Vec<Operation>,
    pub(super) concurrent: Vec<Operation>,
    pub(super) add_foreign_keys: Vec<Operation>,
}

impl Phases {
    fn into_operations(self) -> Vec<Operation> {
        let mut out = self.renames;
        out.extend(self.drop_foreign_keys);
        out.extend(self.drop_constraints);
        out.extend(self.drop_tables);
        out.extend(self.drop_columns);
        out.extend(self.create_tables);
        out.extend(self.add_columns);
        out.extend(self.alter_columns);
        out.extend(self.add_constraints);
        out.extend(self.add_indexes);
        // Operations that cannot run in a transaction come last, so that a
        // migration splits into a transactional part and a tail.
        out.extend(self.concurrent);
        out.extend(self.add_foreign_keys);
        out
    }
}

/// Renames tables and columns of `from` that `target` says were renamed,
/// recording the operations, and returns `from` as it is after them.
fn apply_renames(from: &SchemaModel, target: &SchemaModel, phases: &mut Phases) -> SchemaModel {
    let mut renamed = from.clone();
    for new in target.tables.iter().filter(|t| t.managed) {
        let Some(old) = new.renamed_from.as_deref() else {
            continue;
        };
        if renamed.table(&new.name).is_some() || renamed.table(old).is_none() {
            continue;
        }
        phases.renames.push(Operation::RenameTable {
            from: old.to_owned(),
            to: new.name.clone(),
        });
        for table in &mut renamed.tables {
            if table.name == old {
                table.name = new.name.clone();
            }
            for fk in &mut table.foreign_keys {
                if fk.ref_table == old {
                    fk.ref_table = new.name.clone();
                }
            }
        }
    }
    for new in target.tables.iter().filter(|t| t.managed) {
        for column in &new.columns {
            let Some(old) = column.renamed_from.as_deref() else {
                continue;
            };
            let Some(table) = renamed.tables.iter_mut().find(|t| t.name == new.name) else {
                continue;
            };
            if table.column(&column.name).is_some() || table.column(old).is_none() {
                continue;
            }
            phases.renames.push(Operation::RenameColumn {
                table: new.name.clone(),
                from: old.to_owned(),
                to: column.name.clone(),
            });
            rename_column(&mut renamed, &new.name, old, &column.name);
        }
    }
    renamed
}

fn rename_column(model: &mut SchemaModel, table_name: &str, old: &str, new: &str) {
    let swap = |names: &mut Vec<String>| {
        for n in names.iter_mut() {
            if n == old {
                *n = new.to_owned();
            }
        }
    };
    for table in &mut model.tables {
        if table.name == table_name {
            for c in &mut table.columns {
                if c.name == old {
                    c.name = new.to_owned();
                }
            }
            for key in table.primary_key.iter_mut().chain(&mut table.uniques) {
                swap(&mut key.columns);
            }
            for fk in &mut table.foreign_keys {
                swap(&mut fk.columns);
            }
            for index in &mut table.indexes {
                swap(&mut index.columns);
            }
        }
        for fk in &mut table.foreign_keys {
            if fk.ref_table == table_name {
                swap(&mut fk.ref_columns);
            }
        }
    }
}

/// `CREATE TABLE` for each new table in foreign key order (keys to tables
/// that exist, or are created earlier, inline), then their indexes, then
/// the keys closing a cycle among them.
fn create_tables(tables: &[TableDef], phases: &mut Phases) {
    let plan = CreationPlan::new(tables, |_| true);
    for &i in &plan.order {
        let Some(table) = tables.get(i) else {
            continue;
        };
        let mut inline = table.clone();
        inline.indexes.clear();
        inline.foreign_keys = table
            .foreign_keys
            .iter()
            .enumerate()
            .filter(|(k, _)| !plan.is_deferred(i, *k))
            .map(|(_, fk)| fk.clone())
            .collect();
        phases.create_tables.push(Operation::CreateTable(inline));
        for index in &table.indexes {
            phases.add_indexes.push(Operation::CreateIndex {
                table: table.name.clone(),
                index: index.clone(),
                concurrently: false,
            });
        }
    }
    for &(i, k) in &plan.deferred {
        if let Some((table, fk)) = tables
            .get(i)
            .and_then(|t| Some((t, t.foreign_keys.get(k)?)))
        {
            phases.add_foreign_keys.push(Operation::AddForeignKey {
                table: table.name.clone(),
                key: fk.clone(),
                not_valid: false,
            });
        }
    }
}
