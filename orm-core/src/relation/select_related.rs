//! `select_related`: foreign keys loaded in the same query by joins.

use std::any::Any;

use crate::backend::Row;

use crate::handle::{AnyBox, Path};
use crate::ir::SelectItem;
use crate::meta::ModelMeta;
use crate::model::{Model, is_present};
use crate::query::{Scope, TextSlot};
use crate::{Error, Result};

/// The foreign key paths a query loads, every prefix included, shortest
/// first, with where each one's columns start in a row.
pub(crate) struct RelatedPlan {
    paths: Vec<Path>,
    offsets: Vec<usize>,
}

fn same_path(a: &Path, b: &Path) -> bool {
    a.len() == b.len() && a.hops().zip(b.hops()).all(|(x, y)| x.same(&y))
}

fn target_of(path: &Path) -> Option<&'static ModelMeta> {
    let hop = path.hops().last()?;
    let fk = (hop.model)()
        .columns
        .get(hop.column)?
        .foreign_key
        .as_ref()?;
    Some((fk.target)())
}

impl RelatedPlan {
    pub(crate) fn new(requested: &[Path]) -> RelatedPlan {
        let mut paths: Vec<Path> = Vec::new();
        for path in requested {
            for len in 1..=path.len() {
                let prefix = path.prefix(len);
                if !paths.iter().any(|p| same_path(p, &prefix)) {
                    paths.push(prefix);
                }
            }
        }
        paths.sort_by_key(Path::len);
        RelatedPlan {
            paths,
            offsets: Vec::new(),
        }
    }

    /// Every loaded path with its target model, in plan order.
    pub(crate) fn targets(&self) -> impl Iterator<Item = (Path, &'static ModelMeta)> + '_ {
        self.paths
            .iter()
            .filter_map(|p| target_of(p).map(|t| (*p, t)))
    }

    /// Appends every loaded model's columns to `items` (joining what is
    /// needed); returns the offset after them.
    pub(crate) fn select(
        &mut self,
        s: &mut Scope,
        items: &mut Vec<SelectItem>,
        mut offset: usize,
    ) -> usize {
        self.offsets.clear();
        for path in &self.paths {
            let Some(target) = target_of(path) else {
                self.offsets.push(offset);
                continue;
            };
            let (alias, _) = s.alias_for(path);
            items.extend(Scope::columns_of(&alias, target));
            self.offsets.push(offset);
            offset += target.columns.len();
        }
        offset
    }

    /// Decodes the joined objects of `row` and stores each in its holder,
    /// deepest first. A NULL key (nothing to join) leaves the field
    /// unloaded.
    pub(crate) fn attach<M: Model>(
        &self,
        row: &dyn Row,
        root: &mut M,
        texts: &[TextSlot],
    ) -> Result<()> {
        if self.paths.is_empty() {
            return Ok(());
        }
        let mut objects: Vec<Option<AnyBox>> = Vec::with_capacity(self.paths.len());
        for (path, &offset) in self.paths.iter().zip(&self.offsets) {
            let (Some(hop), Some(target)) = (path.hops().last(), target_of(path)) else {
                objects.push(None);
                continue;
            };
            if is_present(row, offset + target.primary_key) {
                objects.push(Some((hop.decode_target)(row, offset)?));
            } else {
                objects.push(None);
            }
        }
        for slot in texts {
            let Some((_, path)) = slot.path else { continue };
            let Some(i) = self.paths.iter().position(|p| same_path(p, &path)) else {
                continue;
            };
            let (Some(object), Some(hop)) = (objects[i].as_mut(), path.hops().last()) else {
                continue;
            };
            let text: Option<String> = crate::model::decode_value(row, slot.offset)
                .map_err(|e| Error::decode("translation", e))?;
            (hop.translate_target)(object.as_mut(), slot.column, text);
        }
        for i in (0..self.paths.len()).rev() {
            let path = &self.paths[i];
            let Some(object) = objects[i].take() else {
                continue;
            };
            let Some(hop) = path.hops().last() else {
                continue;
            };
            let stored = if path.len() == 1 {
                (hop.attach)(root as &mut (dyn Any + Send), hop.column, object)
            } else {
                let parent = path.prefix(path.len() - 1);
                match self.paths.iter().position(|p| same_path(p, &parent)) {
                    Some(j) => match objects[j].as_mut() {
                        Some(holder) => (hop.attach)(holder.as_mut(), hop.column, object),
                        None => true,
                    },
                    None => false,
                }
            };
            if !stored {
                return Err(Error::invalid_input(format!(
                    "cannot store the object loaded through {}",
                    (hop.model)().columns[hop.column].field
                )));
            }
        }
        Ok(())
    }
}
