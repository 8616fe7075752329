//! How child rows point at their parent: through a junction table or by a
//! foreign key of the child.

use crate::ir::{self, Join, JoinType, Name, Source};
use crate::meta::{Junction, ModelMeta};
use crate::{Error, Result};

/// The resolved link from a child table to its parent's key.
#[derive(Debug, Clone)]
pub(crate) enum Link {
    /// Many-to-many: `junction.target = child.pk`, `junction.source` is the
    /// parent key.
    Junction(Junction),
    /// Reverse foreign key: `child.column` is the parent key.
    ForeignKey { column: &'static str },
}

impl Link {
    pub(crate) fn many_to_many(parent: &ModelMeta, index: usize) -> Result<Link> {
        let meta = parent.many_to_many.get(index).ok_or_else(|| {
            Error::schema(vec![format!(
                "{}: no many-to-many field #{index}",
                parent.name
            )])
        })?;
        meta.junction().map(Link::Junction).ok_or_else(|| {
            Error::schema(vec![format!(
                "{}.{}: the through model lacks the named source or target field",
                parent.name, meta.field
            )])
        })
    }

    pub(crate) fn reverse(parent: &ModelMeta, index: usize) -> Result<Link> {
        let meta = parent.reverse.get(index).ok_or_else(|| {
            Error::schema(vec![format!("{}: no reverse field #{index}", parent.name)])
        })?;
        let column = meta.source_column().ok_or_else(|| {
            Error::schema(vec![format!(
                "{}.{}: `{}` has no field `{}`",
                parent.name,
                meta.field,
                (meta.source)().name,
                meta.source_field
            )])
        })?;
        match &column.foreign_key {
            Some(fk) if fk.to_field.is_none() && (fk.target)().is(parent) => Ok(Link::ForeignKey {
                column: column.column,
            }),
            _ => Err(Error::schema(vec![format!(
                "{}.{}: `{}.{}` must be a foreign key to the primary key of {}",
                parent.name,
                meta.field,
                (meta.source)().name,
                meta.source_field,
                parent.name
            )])),
        }
    }

    /// The expression holding the parent key, for a child table aliased
    /// `child`; with a junction, `junction` is its alias.
    pub(crate) fn parent_key(&self, child: &Name, junction: &Name) -> ir::Expr {
        match self {
            Link::Junction(j) => ir::Expr::column(junction.clone(), j.source_column),
            Link::ForeignKey { column } => ir::Expr::column(child.clone(), *column),
        }
    }

    /// The join bringing the junction next to the child table, if any.
    pub(crate) fn junction_join(
        &self,
        child: &Name,
        child_meta: &ModelMeta,
        junction: &Name,
    ) -> Option<Join> {
        match self {
            Link::Junction(j) => Some(Join {
                kind: JoinType::Inner,
                lateral: false,
                source: Source::Table {
                    name: Name::Borrowed(j.table),
                    alias: Some(junction.clone()),
                },
                on: ir::Expr::column(junction.clone(), j.target_column)
                    .equals(ir::Expr::column(child.clone(), child_meta.pk().column)),
            }),
            Link::ForeignKey { .. } => None,
        }
    }
}
