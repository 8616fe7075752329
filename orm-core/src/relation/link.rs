//! How child rows point at their parent: through a junction table or by a
//! foreign key of the child.

use crate::ident::push_ident;
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
    /// `child` (quoted); with a junction, `junction` is its quoted alias.
    pub(crate) fn parent_key(&self, child: &str, junction: &str) -> String {
        let mut out = String::new();
        match self {
            Link::Junction(j) => {
                out.push_str(junction);
                out.push('.');
                push_ident(&mut out, j.source_column);
            }
            Link::ForeignKey { column } => {
                out.push_str(child);
                out.push('.');
                push_ident(&mut out, column);
            }
        }
        out
    }

    /// The join bringing the junction next to the child table, if any.
    pub(crate) fn junction_join(
        &self,
        child: &str,
        child_meta: &ModelMeta,
        junction: &str,
    ) -> Option<String> {
        match self {
            Link::Junction(j) => {
                let mut sql = String::from("INNER JOIN ");
                push_ident(&mut sql, j.table);
                sql.push_str(" AS ");
                sql.push_str(junction);
                sql.push_str(" ON ");
                sql.push_str(junction);
                sql.push('.');
                push_ident(&mut sql, j.target_column);
                sql.push_str(" = ");
                sql.push_str(child);
                sql.push('.');
                push_ident(&mut sql, child_meta.pk().column);
                Some(sql)
            }
            Link::ForeignKey { .. } => None,
        }
    }
}
