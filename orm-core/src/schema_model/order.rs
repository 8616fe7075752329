//! Creation order: referenced tables before the tables referencing them,
//! and the foreign keys that close a cycle set apart.

use super::TableDef;

/// The order in which to create `tables` and the foreign keys that must be
/// added once they all exist.
#[derive(Debug)]
pub(crate) struct CreationPlan {
    /// Indexes into the tables, dependencies first (managed tables only).
    pub(crate) order: Vec<usize>,
    /// `(table, foreign key)` indexes of the keys added by `ALTER TABLE`.
    pub(crate) deferred: Vec<(usize, usize)>,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Visit {
    New,
    Open,
    Done,
}

impl CreationPlan {
    /// A depth-first walk in list order over the tables `include` accepts: a
    /// table comes after the included tables its foreign keys reference; a
    /// foreign key reaching a table still being walked closes a cycle and is
    /// deferred. A foreign key of a table to itself stays inline.
    pub(crate) fn new(tables: &[TableDef], include: impl Fn(&TableDef) -> bool) -> CreationPlan {
        let mut plan = CreationPlan {
            order: Vec::new(),
            deferred: Vec::new(),
        };
        let included: Vec<bool> = tables.iter().map(&include).collect();
        let mut state = vec![Visit::New; tables.len()];
        for i in 0..tables.len() {
            plan.visit(tables, &included, &mut state, i);
        }
        plan
    }

    fn visit(&mut self, tables: &[TableDef], included: &[bool], state: &mut [Visit], i: usize) {
        if included.get(i) != Some(&true) || state.get(i) != Some(&Visit::New) {
            return;
        }
        state[i] = Visit::Open;
        for (k, fk) in tables[i].foreign_keys.iter().enumerate() {
            let Some(t) = tables
                .iter()
                .position(|t| t.name == fk.ref_table)
                .filter(|&t| t != i && included.get(t) == Some(&true))
            else {
                continue;
            };
            match state.get(t) {
                Some(Visit::New) => self.visit(tables, included, state, t),
                Some(Visit::Open) => self.deferred.push((i, k)),
                _ => {}
            }
        }
        state[i] = Visit::Done;
        self.order.push(i);
    }

    /// True when foreign key `k` of table `i` is added after creation.
    pub(crate) fn is_deferred(&self, i: usize, k: usize) -> bool {
        self.deferred.contains(&(i, k))
    }
}
