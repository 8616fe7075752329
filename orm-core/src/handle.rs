//! Typed handles to a model's columns and relations, emitted by the derive
//! as associated constants (`Contact::NAME`, `Page::PARENT`,
//! `Contact::PHONES`).

use std::any::Any;
use std::fmt;
use std::marker::PhantomData;

use crate::Result;
use crate::backend::Row;
use crate::meta::{ColumnMeta, ManyToManyMeta, ModelMeta};
use crate::model::Model;

/// The most foreign keys a column path may follow
/// (`Page::PARENT.then(Page::PARENT).then(Page::CODE)` follows two).
pub const MAX_HOPS: usize = 4;

/// A decoded object whose type was erased, for relation loading.
pub(crate) type AnyBox = Box<dyn Any + Send>;

/// One foreign key followed on the way to a column, with what loading the
/// referenced object needs (decoding it, storing it in the holder).
#[derive(Clone, Copy)]
pub(crate) struct Hop {
    /// The model holding the foreign key.
    pub(crate) model: fn() -> &'static ModelMeta,
    /// The foreign key's index in that model's columns.
    pub(crate) column: usize,
    /// Decodes the referenced model from a row.
    pub(crate) decode_target: fn(&dyn Row, usize) -> Result<AnyBox>,
    /// Stores a decoded target in a holder object (`holder`, column).
    pub(crate) attach: fn(&mut (dyn Any + Send), usize, AnyBox) -> bool,
    /// Stores a translated text in a decoded target (`target`, column).
    pub(crate) translate_target: fn(&mut (dyn Any + Send), usize, Option<String>) -> bool,
}

impl Hop {
    /// Same foreign key of the same model.
    pub(crate) fn same(&self, other: &Hop) -> bool {
        std::ptr::eq((self.model)(), (other.model)()) && self.column == other.column
    }
}

fn decode_erased<T: Model>(row: &dyn Row, start: usize) -> Result<AnyBox> {
    T::decode(row, start).map(|t| Box::new(t) as AnyBox)
}

fn translate_erased<T: Model>(
    target: &mut (dyn Any + Send),
    column: usize,
    text: Option<String>,
) -> bool {
    target
        .downcast_mut::<T>()
        .is_some_and(|t| t.__set_translation(column, text))
}

fn attach_erased<H: Model>(holder: &mut (dyn Any + Send), column: usize, object: AnyBox) -> bool {
    holder
        .downcast_mut::<H>()
        .is_some_and(|h| h.__set_related(column, object))
}

/// The foreign keys followed from the query's model to a column.
#[derive(Clone, Copy)]
pub(crate) struct Path {
    len: usize,
    hops: [Option<Hop>; MAX_HOPS],
}

impl Path {
    pub(crate) const EMPTY: Path = Path {
        len: 0,
        hops: [None; MAX_HOPS],
    };

    pub(crate) fn len(&self) -> usize {
        self.len
    }

    /// The first `len` hops.
    pub(crate) fn prefix(&self, len: usize) -> Path {
        let mut out = *self;
        out.len = len.min(self.len);
        for slot in out.hops.iter_mut().skip(out.len) {
            *slot = None;
        }
        out
    }

    /// The model at the end of the path (its last foreign key's target),
    /// as a function.
    pub(crate) fn target_meta_fn(&self) -> fn() -> &'static ModelMeta {
        let target = self.hops().last().and_then(|hop| {
            let fk = (hop.model)()
                .columns
                .get(hop.column)?
                .foreign_key
                .as_ref()?;
            Some(fk.target)
        });
        match target {
            Some(f) => f,
            None => empty_path_meta,
        }
    }

    pub(crate) fn hops(&self) -> impl Iterator<Item = Hop> + '_ {
        self.hops[..self.len].iter().flatten().copied()
    }

    /// `self`, then `hop`, then `rest`; hops past [`MAX_HOPS`] are dropped.
    fn join(self, hop: Hop, rest: Path) -> Path {
        let mut out = self;
        for h in std::iter::once(hop).chain(rest.hops()) {
            if out.len < MAX_HOPS {
                out.hops[out.len] = Some(h);
                out.len += 1;
            }
        }
        out
    }
}

fn empty_path_meta() -> &'static ModelMeta {
    static EMPTY: ModelMeta = ModelMeta {
        name: "",
        table: "",
        columns: &[],
        primary_key: 0,
        many_to_many: &[],
        reverse: &[],
        unique_together: &[],
        indexes: &[],
        checks: &[],
        ordering: &[],
        managed: false,
        translations: None,
    };
    &EMPTY
}

/// A typed handle to a column of model `M` (possibly reached through
/// foreign keys) holding values of type `T`. Lookups on it build filters:
/// `Contact::NAME.starts_with("A")`.
pub struct Column<M, T> {
    pub(crate) leaf: fn() -> &'static ModelMeta,
    pub(crate) index: usize,
    pub(crate) path: Path,
    /// True for the translated text of a foreign key to a label model
    /// (`Page::TITLE.translated()`), not the key column itself.
    pub(crate) translated: bool,
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
            translated: false,
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
    hop: Hop,
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
            hop: Hop {
                model: M::meta,
                column: index,
                decode_target: decode_erased::<T>,
                attach: attach_erased::<M>,
                translate_target: translate_erased::<T>,
            },
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
            path: self.column.path.join(self.hop, column.path),
            translated: column.translated,
            _marker: PhantomData,
        }
    }

    /// A foreign key of the referenced model, reached through this one.
    pub fn then_key<U, L>(self, key: ForeignKeyField<T, U, L>) -> ForeignKeyField<M, U, L> {
        ForeignKeyField {
            column: self.then(key.column),
            hop: key.hop,
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

    /// The foreign key's index in its model's columns.
    pub(crate) fn meta_index(&self) -> usize {
        self.column.index
    }

    /// The translated text of this key's label, in the query's language
    /// (`query.translated("ru")`): filter and order by it like a text
    /// column, `Page::TITLE.translated().icontains("привет")`.
    pub fn translated(self) -> Column<M, String> {
        Column {
            leaf: self.column.leaf,
            index: self.column.index,
            path: self.column.path,
            translated: true,
            _marker: PhantomData,
        }
    }

    /// The foreign keys followed from the query's model to the referenced
    /// model, this one last.
    pub(crate) fn path_to_target(&self) -> Path {
        self.column.path.join(self.hop, Path::EMPTY)
    }

    /// The model holding the foreign key.
    pub fn model(&self) -> &'static ModelMeta {
        self.column.model()
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
    /// Stores loaded items in the field (emitted by the derive: typed, no
    /// downcasting).
    pub(crate) set: fn(&mut M, Vec<T>),
    _marker: PhantomData<fn() -> (M, T)>,
}

impl<M, T> Clone for ManyToManyField<M, T> {
    fn clone(&self) -> Self {
        *self
    }
}
impl<M, T> Copy for ManyToManyField<M, T> {}

impl<M: Model, T> ManyToManyField<M, T> {
    /// The handle of many-to-many field `index` of `M`; emitted by the
    /// derive.
    #[doc(hidden)]
    pub const fn __new(index: usize, set: fn(&mut M, Vec<T>)) -> Self {
        ManyToManyField {
            index,
            set,
            _marker: PhantomData,
        }
    }
}

impl<M: Model, T: Model> ManyToManyField<M, T> {
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

/// A typed handle to a reverse foreign key collection of `M`: the rows of
/// `T` whose foreign key points at `M` (a `Reverse<T>` field).
pub struct ReverseField<M, T> {
    pub(crate) index: usize,
    /// Stores loaded items in the field (emitted by the derive: typed, no
    /// downcasting).
    pub(crate) set: fn(&mut M, Vec<T>),
    _marker: PhantomData<fn() -> (M, T)>,
}

impl<M, T> Clone for ReverseField<M, T> {
    fn clone(&self) -> Self {
        *self
    }
}
impl<M, T> Copy for ReverseField<M, T> {}

impl<M: Model, T> ReverseField<M, T> {
    /// The handle of reverse collection `index` of `M`; emitted by the
    /// derive.
    #[doc(hidden)]
    pub const fn __new(index: usize, set: fn(&mut M, Vec<T>)) -> Self {
        ReverseField {
            index,
            set,
            _marker: PhantomData,
        }
    }
}

impl<M: Model, T: Model> ReverseField<M, T> {
    /// The field's metadata.
    pub fn meta(&self) -> &'static crate::meta::ReverseMeta {
        &M::META.reverse[self.index]
    }
}

impl<M: Model, T> fmt::Debug for ReverseField<M, T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "ReverseField({}.{})",
            M::META.name,
            M::META.reverse[self.index].field
        )
    }
}
