//! Typed handles to a model's columns and relations, emitted by the derive
//! as associated constants (`Contact::NAME`, `Page::PARENT`,
//! `Contact::PHONES`).

use std::fmt;
use std::marker::PhantomData;

use crate::meta::{ColumnMeta, ManyToManyMeta, ModelMeta};
use crate::model::Model;

/// The most foreign keys a column path may follow
/// (`Page::PARENT.then(Page::PARENT).then(Page::CODE)` follows two).
pub const MAX_HOPS: usize = 4;

/// One foreign key followed on the way to a column.
// Read by the query builder (not merged yet); keeps `-D warnings` green.
#[allow(dead_code)]
#[derive(Clone, Copy)]
pub(crate) struct Hop {
    /// The model holding the foreign key.
    pub(crate) model: fn() -> &'static ModelMeta,
    /// The foreign key's index in that model's columns.
    pub(crate) column: usize,
}

/// The foreign keys followed from the query's model to a column.
#[derive(Clone, Copy)]
pub(crate) struct Path {
    len: usize,
    hops: [Option<Hop>; MAX_HOPS],
}

impl Path {
    const EMPTY: Path = Path {
        len: 0,
        hops: [None; MAX_HOPS],
    };

    #[allow(dead_code)]
    pub(crate) fn hops(&self) -> impl Iterator<Item = Hop> + '_ {
        self.hops[..self.len].iter().flatten().copied()
    }

    fn prepend(self, hop: Hop) -> Path {
        let mut hops = [None; MAX_HOPS];
        hops[0] = Some(hop);
        let len = (self.len + 1).min(MAX_HOPS);
        hops[1..len].copy_from_slice(&self.hops[..len - 1]);
        Path { len, hops }
    }
}

/// A typed handle to a column of model `M` (possibly reached through
/// foreign keys) holding values of type `T`. Lookups on it build filters:
/// `Contact::NAME.starts_with("A")`.
pub struct Column<M, T> {
    pub(crate) leaf: fn() -> &'static ModelMeta,
    pub(crate) index: usize,
    pub(crate) path: Path,
    _marker: PhantomData<fn() -> (M, T)>,
}

impl<M, T> Clone for Column<M, T> {
    fn clone(&self) -> Self {
        *self
    }
}
impl<M, T> Copy for Column<M, T> {}

impl<M: Model, T> Column<M, T> {
    /// The handle of column `index` of `M`; emitted by the derive.
    #[doc(hidden)]
    pub const fn __new(index: usize) -> Self {
        Column {
            leaf: M::meta,
            index,
            path: Path::EMPTY,
            _marker: PhantomData,
        }
    }
}

impl<M, T> Column<M, T> {
    /// The column's metadata.
    pub fn meta(&self) -> &'static ColumnMeta {
        &(self.leaf)().columns[self.index]
    }

    /// The model holding the column (the end of the foreign key path).
    pub fn model(&self) -> &'static ModelMeta {
        (self.leaf)()
    }

    /// The number of foreign keys followed to reach the column.
    pub fn depth(&self) -> usize {
        self.path.len
    }
}

impl<M, T> fmt::Debug for Column<M, T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Column({}.{}", self.model().name, self.meta().field)?;
        if self.path.len > 0 {
            write!(f, " via {} foreign key(s)", self.path.len)?;
        }
        f.write_str(")")
    }
}

/// A typed handle to a foreign key of `M` pointing at `T` through a column
/// of type `K`.
pub struct ForeignKeyField<M, T, K> {
    column: Column<M, K>,
    _target: PhantomData<fn() -> T>,
}

impl<M, T, K> Clone for ForeignKeyField<M, T, K> {
    fn clone(&self) -> Self {
        *self
    }
}
impl<M, T, K> Copy for ForeignKeyField<M, T, K> {}

impl<M: Model, T: Model, K> ForeignKeyField<M, T, K> {
    /// The handle of the foreign key column `index` of `M`; emitted by the
    /// derive.
    #[doc(hidden)]
    pub const fn __new(index: usize) -> Self {
        ForeignKeyField {
            column: Column::__new(index),
            _target: PhantomData,
        }
    }

    /// A column of the referenced model, reached through this key:
    /// `Page::PARENT.then(Page::CODE).eq("home")` filters pages by their
    /// parent's code (a join, added by the query).
    pub fn then<U>(self, column: Column<T, U>) -> Column<M, U> {
        Column {
            leaf: column.leaf,
            index: column.index,
            path: column.path.prepend(Hop {
                model: self.column.leaf,
                column: self.column.index,
            }),
            _marker: PhantomData,
        }
    }

    /// A foreign key of the referenced model, reached through this one.
    pub fn then_key<U, L>(self, key: ForeignKeyField<T, U, L>) -> ForeignKeyField<M, U, L> {
        ForeignKeyField {
            column: self.then(key.column),
            _target: PhantomData,
        }
    }
}

impl<M, T, K> ForeignKeyField<M, T, K> {
    /// The foreign key column itself, holding the referenced key.
    pub fn key(self) -> Column<M, K> {
        self.column
    }

    /// The foreign key column's metadata.
    pub fn meta(&self) -> &'static ColumnMeta {
        self.column.meta()
    }

    /// The model holding the foreign key.
    pub fn model(&self) -> &'static ModelMeta {
        self.column.model()
    }

    #[allow(dead_code)]
    pub(crate) fn path_to_target(&self) -> Path {
        self.column.path.append(Hop {
            model: self.column.leaf,
            column: self.column.index,
        })
    }
}

impl Path {
    #[allow(dead_code)]
    fn append(self, hop: Hop) -> Path {
        let mut out = self;
        if out.len < MAX_HOPS {
            out.hops[out.len] = Some(hop);
            out.len += 1;
        }
        out
    }
}

impl<M, T, K> fmt::Debug for ForeignKeyField<M, T, K> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "ForeignKeyField({}.{})",
            self.model().name,
            self.meta().field
        )
    }
}

/// A typed handle to a many-to-many field of `M` relating it to `T`.
pub struct ManyToManyField<M, T> {
    pub(crate) index: usize,
    _marker: PhantomData<fn() -> (M, T)>,
}

impl<M, T> Clone for ManyToManyField<M, T> {
    fn clone(&self) -> Self {
        *self
    }
}
impl<M, T> Copy for ManyToManyField<M, T> {}

impl<M: Model, T: Model> ManyToManyField<M, T> {
    /// The handle of many-to-many field `index` of `M`; emitted by the
    /// derive.
    #[doc(hidden)]
    pub const fn __new(index: usize) -> Self {
        ManyToManyField {
            index,
            _marker: PhantomData,
        }
    }

    /// The field's metadata (junction table and columns included).
    pub fn meta(&self) -> &'static ManyToManyMeta {
        &M::META.many_to_many[self.index]
    }
}

impl<M: Model, T> fmt::Debug for ManyToManyField<M, T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "ManyToManyField({}.{})",
            M::META.name,
            M::META.many_to_many[self.index].field
        )
    }
}
