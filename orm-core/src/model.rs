//! The `Model` trait and the relation field types.

use std::fmt;

use std::future::Future;

use crate::backend::{BoxError, Row};
use crate::column_type::ColumnType;
use crate::crud;
use crate::executor::Executor;
use crate::meta::{ColumnMeta, ModelMeta};
use crate::query::Query;
use crate::value::{FromValue, ToValue, Value};
use crate::{Error, Result};

/// A struct mapped to a table. Implement it with `#[derive(Model)]`.
///
/// The derive emits the metadata ([`Model::META`]), row decoding by column
/// position, the parameter list for writes, and typed handles as associated
/// constants (`Contact::NAME`, `Contact::PHONES`).
#[diagnostic::on_unimplemented(
    message = "`{Self}` is not a model",
    label = "not a `#[derive(Model)]` struct",
    note = "relations (`ForeignKey<T>`, `ManyToMany<T>`, `through = T`) point at structs that derive `Model`"
)]
pub trait Model: Sized + Send + Sync + 'static {
    /// The model's metadata.
    const META: &'static ModelMeta;

    /// The Rust type of the primary key.
    type Key: ColumnType + Clone + fmt::Debug + Eq + std::hash::Hash + 'static;

    /// The metadata, as a function (usable as a `fn` pointer).
    fn meta() -> &'static ModelMeta {
        Self::META
    }

    /// The primary key's value.
    fn key(&self) -> &Self::Key;

    /// False for an object whose `auto` key was not filled by an insert yet.
    fn has_key(&self) -> bool;

    /// Decodes an object from `row`, its columns starting at position
    /// `start` in [`ModelMeta::columns`] order. Relations start unloaded.
    ///
    /// # Errors
    /// A column could not be decoded into its field's type.
    fn decode<R: Row + ?Sized>(row: &R, start: usize) -> Result<Self>;

    /// Overwrites the column fields from `row` (as [`Model::decode`] reads
    /// it), keeping loaded relations that still match.
    ///
    /// # Errors
    /// A column could not be decoded.
    fn assign<R: Row + ?Sized>(&mut self, row: &R, start: usize) -> Result<()>;

    /// Every column's value, in [`ModelMeta::columns`] order.
    fn values(&self) -> Vec<Value>;

    /// Checks every column value before a write (text length, NUL bytes).
    ///
    /// # Errors
    /// The first value the database would reject, naming the field.
    fn validate(&self) -> Result<()>;

    /// Stores the object loaded for the foreign key column `column`.
    #[doc(hidden)]
    fn __set_related(&mut self, column: usize, object: Box<dyn std::any::Any + Send>) -> bool;

    /// Stores the translated text of the label foreign key `column`.
    #[doc(hidden)]
    fn __set_translation(&mut self, column: usize, text: Option<String>) -> bool;

    /// The translated text of the label foreign key `column`.
    #[doc(hidden)]
    fn __translation(&self, column: usize) -> Result<Option<&str>>;

    /// The translated text of a label foreign key, as a translated query
    /// loaded it: `page.translation(Page::TITLE)?`.
    ///
    /// # Errors
    /// [`Error::is_not_loaded`] when the query was not translated.
    fn translation<T: Model, K>(
        &self,
        field: crate::handle::ForeignKeyField<Self, T, K>,
    ) -> Result<Option<&str>> {
        self.__translation(field.meta_index())
    }

    /// Decodes objects from columns that hold arrays (one array per
    /// column, as `array_agg` returns them), starting at `start`.
    #[doc(hidden)]
    fn __decode_arrays<R: Row + ?Sized>(row: &R, start: usize) -> Result<Vec<Self>>;

    /// Runs hand-written SQL and decodes its rows as this model, reading
    /// the model's columns by name: select them in any order (`SELECT *`
    /// works), extra columns are ignored, a missing one is a database
    /// error naming it. The statement becomes a CTE the model's columns
    /// are selected from (`WITH "__orm_raw" AS (<sql>) SELECT "id", ...
    /// FROM "__orm_raw"`), so it may be any statement returning rows,
    /// `INSERT ... RETURNING *` included; its row order is kept. Values go
    /// in `params` (`$1`, `$2`, ...), never into `sql`.
    ///
    /// # Errors
    /// The database rejected the statement, or a row did not decode.
    fn raw(
        exec: &impl Executor,
        sql: &str,
        params: &[Value],
    ) -> impl Future<Output = Result<Vec<Self>>> + Send {
        async move {
            let wrapped = crud::raw_select(Self::META, sql);
            let rows = exec.query(&wrapped.sql, params).await?;
            rows.iter().map(|row| Self::decode(row, 0)).collect()
        }
    }

    /// A query on every row of this model.
    fn objects() -> Query<Self> {
        Query::new()
    }

    /// The object whose primary key is `key`.
    ///
    /// # Errors
    /// [`Error::is_not_found`] when there is none; database errors.
    fn get(
        exec: &impl Executor,
        key: impl Into<Self::Key>,
    ) -> impl Future<Output = Result<Self>> + Send {
        crud::get(exec, key.into())
    }

    /// Inserts the object; an `auto` key and every column the database
    /// fills (defaults, `read_only`) are read back into it (`RETURNING`).
    ///
    /// # Errors
    /// [`Error::is_invalid_input`] before anything is sent when a value is
    /// invalid (too long, a NUL byte); constraint violations from the
    /// database.
    fn insert(&mut self, exec: &impl Executor) -> impl Future<Output = Result<()>> + Send {
        crud::insert(self, exec)
    }

    /// Inserts many objects in one statement per 10 000 rows (one array
    /// parameter per column, `INSERT ... SELECT * FROM unnest(...)`, so
    /// one statement shape whatever the batch size and no parameter
    /// limit), and reads keys back into them, in order. Every object is
    /// validated before the first statement; run it in a transaction when
    /// a constraint failure in one statement must undo the others.
    ///
    /// # Errors
    /// As for [`Model::insert`].
    fn insert_many(
        exec: &impl Executor,
        objects: &mut [Self],
    ) -> impl Future<Output = Result<()>> + Send {
        crud::insert_many(exec, objects)
    }

    /// Inserts the object unless it conflicts with a stored row, in one
    /// statement (`INSERT ... ON CONFLICT ... RETURNING`): with
    /// [`OnConflict::do_update`](crate::OnConflict::do_update) the stored row is updated instead, and
    /// either way the row is read back into the object; with
    /// [`OnConflict::do_nothing`](crate::OnConflict::do_nothing) a conflicting object is left as it was.
    /// Returns true when a row was inserted.
    ///
    /// # Errors
    /// As for [`Model::insert`]; a conflict target that is not a unique
    /// constraint is a database error.
    fn upsert(
        &mut self,
        exec: &impl Executor,
        on_conflict: &crate::OnConflict<Self>,
    ) -> impl Future<Output = Result<bool>> + Send {
        async move {
            let inserted =
                crate::upsert::upsert_many(exec, std::slice::from_mut(self), on_conflict).await?;
            Ok(inserted == 1)
        }
    }

    /// Upserts many objects, one statement per chunk of rows; returns how
    /// many were inserted (the rest conflicted). With `do_update` every
    /// object is read back; with `do_nothing` objects are not (a
    /// multi-row insert does not say which rows it skipped): use
    /// [`Model::upsert`] per object when you need that.
    ///
    /// # Errors
    /// As for [`Model::upsert`]; the same conflict key twice in one call
    /// with `do_update` is a database error.
    fn upsert_many(
        exec: &impl Executor,
        objects: &mut [Self],
        on_conflict: &crate::OnConflict<Self>,
    ) -> impl Future<Output = Result<u64>> + Send {
        crate::upsert::upsert_many(exec, objects, on_conflict)
    }

    /// The stored row whose `columns` equal this object's, read into it,
    /// or this object inserted: race-free (an `INSERT ... ON CONFLICT
    /// (columns) DO NOTHING`, then a read of the winner when it
    /// conflicted; 1 statement when created, 2 when found). `columns` must
    /// be a unique constraint's. Returns true when created.
    ///
    /// # Errors
    /// As for [`Model::upsert`]; NULL in a conflict column never conflicts
    /// (SQL), so such an object is always created.
    fn get_or_create(
        &mut self,
        exec: &impl Executor,
        columns: impl crate::Columns<Self> + Send,
    ) -> impl Future<Output = Result<bool>> + Send {
        let columns = columns.__operands();
        crate::upsert::get_or_create(exec, self, columns)
    }

    /// Inserts the object, or updates the `update` columns of the stored
    /// row whose `columns` equal its own, in one race-free statement
    /// (`ON CONFLICT (columns) DO UPDATE`); the row is read back. Returns
    /// true when created.
    ///
    /// # Errors
    /// As for [`Model::upsert`].
    fn update_or_create(
        &mut self,
        exec: &impl Executor,
        columns: impl crate::Columns<Self>,
        update: impl crate::Columns<Self>,
    ) -> impl Future<Output = Result<bool>> + Send {
        let on_conflict = crate::OnConflict::columns(columns).do_update(update);
        async move { self.upsert(exec, &on_conflict).await }
    }

    /// Writes every updatable column of the object by its key, and reads
    /// back what the database filled.
    ///
    /// # Errors
    /// [`Error::is_invalid_input`] for an unsaved object or an invalid
    /// value (nothing sent); [`Error::is_not_found`] when no row has the key.
    fn update(&mut self, exec: &impl Executor) -> impl Future<Output = Result<()>> + Send {
        crud::update(self, exec)
    }

    /// Deletes the object's row.
    ///
    /// # Errors
    /// [`Error::is_invalid_input`] for an unsaved object;
    /// [`Error::is_not_found`] when no row has the key; foreign key
    /// violations from the database.
    fn delete(&self, exec: &impl Executor) -> impl Future<Output = Result<()>> + Send {
        crud::delete(self, exec)
    }

    /// Reloads the object's columns from its row.
    ///
    /// # Errors
    /// As for [`Model::delete`].
    fn refresh(&mut self, exec: &impl Executor) -> impl Future<Output = Result<()>> + Send {
        crud::refresh(self, exec)
    }
}

/// Stores a loaded object in a `ForeignKey` or `Option<ForeignKey>` field.
#[doc(hidden)]
pub trait SetLoaded<T> {
    /// Stores `object`; false when there is no key to attach it to.
    fn set_loaded_boxed(&mut self, object: Box<T>) -> bool;
}

impl<T: Model, K> SetLoaded<T> for ForeignKey<T, K> {
    fn set_loaded_boxed(&mut self, object: Box<T>) -> bool {
        self.loaded = Some(object);
        true
    }
}

impl<T: Model, K> SetLoaded<T> for Option<ForeignKey<T, K>> {
    fn set_loaded_boxed(&mut self, object: Box<T>) -> bool {
        match self {
            Some(fk) => fk.set_loaded_boxed(object),
            None => false,
        }
    }
}

/// A `ForeignKey` or `Option<ForeignKey>` field that can hold a translated
/// text.
#[doc(hidden)]
pub trait TranslationSlot {
    /// Stores the text; false when there is no key to hold it.
    fn set_text(&mut self, text: Option<String>) -> bool;
    /// The stored text.
    ///
    /// # Errors
    /// Not loaded.
    fn text_slot(&self) -> Result<Option<&str>>;
}

impl<T: Model, K> TranslationSlot for ForeignKey<T, K> {
    fn set_text(&mut self, text: Option<String>) -> bool {
        self.translation = Some(text);
        true
    }

    fn text_slot(&self) -> Result<Option<&str>> {
        self.text()
    }
}

impl<T: Model, K> TranslationSlot for Option<ForeignKey<T, K>> {
    fn set_text(&mut self, text: Option<String>) -> bool {
        match self {
            Some(fk) => fk.set_text(text),
            // No label: nothing to translate, and nothing lost.
            None => true,
        }
    }

    fn text_slot(&self) -> Result<Option<&str>> {
        match self {
            Some(fk) => fk.text(),
            None => Ok(None),
        }
    }
}

/// True when column `index` of `row` is not NULL (false when there is no
/// such column).
#[doc(hidden)]
#[inline]
pub fn is_present<R: Row + ?Sized>(row: &R, index: usize) -> bool {
    row.is_null(index).is_ok_and(|null| !null)
}

/// The length of the array in column `index` (NULL counts as empty).
#[doc(hidden)]
pub fn array_len<R: Row + ?Sized>(row: &R, index: usize, column: &ColumnMeta) -> Result<usize> {
    let mut len = 0;
    row.with_array(index, &mut |items| {
        len = items.len();
        Ok(())
    })
    .map_err(|e| Error::decode(column.column, e))?;
    Ok(len)
}

/// Decodes the array in column `index` (NULL is empty).
#[doc(hidden)]
pub fn decode_array<T: FromValue>(
    row: &(impl Row + ?Sized),
    index: usize,
    column: &ColumnMeta,
) -> Result<Vec<T>> {
    let mut out = Vec::new();
    row.with_array(index, &mut |items| {
        out.reserve_exact(items.len());
        for i in 0..items.len() {
            out.push(decode_value::<T, _>(items, i)?);
        }
        Ok(())
    })
    .map_err(|e| Error::decode(column.column, e))?;
    Ok(out)
}

/// The error for arrays of different lengths in one aggregated row.
#[doc(hidden)]
pub fn ragged_arrays(column: &ColumnMeta) -> Error {
    Error::decode(column.column, "aggregated columns have different lengths")
}

/// The next element of a decoded column array.
#[doc(hidden)]
pub fn next_item<T>(items: &mut std::vec::IntoIter<T>, column: &ColumnMeta) -> Result<T> {
    items.next().ok_or_else(|| ragged_arrays(column))
}

/// Decodes column `index` of `row`; NULL is an error unless `T` is an
/// `Option`.
#[inline]
pub(crate) fn decode_value<T: FromValue, R: Row + ?Sized>(
    row: &R,
    index: usize,
) -> std::result::Result<T, BoxError> {
    match T::__decode_nullable(row, index)? {
        Some(value) => Ok(value),
        None => Err("unexpected NULL".into()),
    }
}

/// Decodes column `index` of `row`, naming the column on failure.
#[doc(hidden)]
#[inline]
pub fn decode_column<T: FromValue>(
    row: &(impl Row + ?Sized),
    index: usize,
    column: &ColumnMeta,
) -> Result<T> {
    decode_value(row, index).map_err(|e| Error::decode(column.column, e))
}

/// A field with `db_type` as a bound parameter: any [`ToValue`] type.
#[doc(hidden)]
pub fn sql_param<T: ToValue>(value: &T) -> Value {
    value.to_value()
}

/// A foreign key: the referenced row's key, and that row once loaded.
///
/// `K` is the referenced column's type: the target's primary key by default,
/// or the type of its `to_field` column.
///
/// Declare what deleting the referenced row does with `#[orm(on_delete =
/// Cascade | Restrict | SetNull | SetDefault | NoAction)]`. Left out, it is
/// `NoAction` (PostgreSQL's default): deleting a row that is still
/// referenced fails with [`Error::is_foreign_key_violation`], where Django
/// would have made you choose.
pub struct ForeignKey<T: Model, K = <T as Model>::Key> {
    key: K,
    loaded: Option<Box<T>>,
    /// The label's text in the query's language, once a translated query
    /// loaded it (`Some(None)`: no translation).
    translation: Option<Option<String>>,
}

impl<T: Model, K> ForeignKey<T, K> {
    /// A reference to the row whose key (or `to_field` column) is `key`.
    pub fn new(key: K) -> Self {
        ForeignKey {
            key,
            loaded: None,
            translation: None,
        }
    }

    /// The referenced key.
    pub fn key(&self) -> &K {
        &self.key
    }

    /// The referenced object, when the query loaded it
    /// (`select_related`).
    ///
    /// # Errors
    /// [`Error::is_not_loaded`] when it was not loaded; the ORM never runs a
    /// hidden query.
    pub fn loaded(&self) -> Result<&T> {
        self.loaded
            .as_deref()
            .ok_or_else(|| Error::not_loaded(T::META.name, "`.select_related(...)` on the query"))
    }

    /// The referenced label's text in the query's language, when the query
    /// was translated (`query.translated("ru")`); `Ok(None)` when no
    /// language of the chain has a text.
    ///
    /// # Errors
    /// [`Error::is_not_loaded`] when the query was not translated.
    pub fn text(&self) -> Result<Option<&str>> {
        match &self.translation {
            Some(text) => Ok(text.as_deref()),
            None => Err(Error::not_loaded(
                &format!("{} translation", T::META.name),
                "`.translated(\"<language>\")` on the query",
            )),
        }
    }

    /// True when the referenced object was loaded.
    pub fn is_loaded(&self) -> bool {
        self.loaded.is_some()
    }

    /// Stores the referenced object (done by relation loading).
    pub fn set_loaded(&mut self, object: T) {
        self.loaded = Some(Box::new(object));
    }
}

impl<T: Model> ForeignKey<T> {
    /// A reference to `object`, loaded.
    ///
    /// # Errors
    /// [`Error::is_invalid_input`] when `object` was not saved yet.
    pub fn to(object: T) -> Result<Self> {
        if !object.has_key() {
            return Err(Error::invalid_input(format!(
                "cannot reference an unsaved {}: insert it first",
                T::META.name
            )));
        }
        Ok(ForeignKey {
            key: object.key().clone(),
            loaded: Some(Box::new(object)),
            translation: None,
        })
    }

    /// A reference to the saved `object`, not loaded.
    ///
    /// # Errors
    /// [`Error::is_invalid_input`] when `object` was not saved yet.
    pub fn key_of(object: &T) -> Result<Self> {
        if !object.has_key() {
            return Err(Error::invalid_input(format!(
                "cannot reference an unsaved {}: insert it first",
                T::META.name
            )));
        }
        Ok(ForeignKey::new(object.key().clone()))
    }
}

impl<T: Model, K> From<K> for ForeignKey<T, K> {
    fn from(key: K) -> Self {
        ForeignKey::new(key)
    }
}

impl<T: Model + Clone, K: Clone> Clone for ForeignKey<T, K> {
    fn clone(&self) -> Self {
        ForeignKey {
            key: self.key.clone(),
            loaded: self.loaded.clone(),
            translation: self.translation.clone(),
        }
    }
}

impl<T: Model, K: fmt::Debug> fmt::Debug for ForeignKey<T, K> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ForeignKey")
            .field("model", &T::META.name)
            .field("key", &self.key)
            .field("loaded", &self.loaded.is_some())
            .finish()
    }
}

impl<T: Model, K: PartialEq> PartialEq for ForeignKey<T, K> {
    fn eq(&self, other: &Self) -> bool {
        self.key == other.key
    }
}

impl<T: Model, K: Default> Default for ForeignKey<T, K> {
    fn default() -> Self {
        ForeignKey::new(K::default())
    }
}

impl<T: Model, K: ToValue> ToValue for ForeignKey<T, K> {
    fn to_value(&self) -> Value {
        self.key.to_value()
    }

    fn into_value(self) -> Value {
        self.key.into_value()
    }
}

impl<T: Model, K: FromValue> FromValue for ForeignKey<T, K> {
    fn from_value(value: Value) -> std::result::Result<Self, BoxError> {
        K::from_value(value).map(ForeignKey::new)
    }

    #[inline]
    fn __decode_nullable<R: Row + ?Sized>(
        row: &R,
        index: usize,
    ) -> std::result::Result<Option<Self>, BoxError> {
        Ok(K::__decode_nullable(row, index)?.map(ForeignKey::new))
    }
}

impl<T: Model, K: ColumnType> ColumnType for ForeignKey<T, K> {
    const SQL_TYPE: &'static str = K::SQL_TYPE;

    fn validate(&self, column: &ColumnMeta) -> Result<()> {
        self.key.validate(column)
    }
}

/// A reverse foreign key collection field: the rows of `T` whose foreign
/// key points at this object, once loaded (`#[orm(via = fk_field)]`).
pub type Reverse<T> = ManyToMany<T>;

/// A many-to-many field: not a column, the related rows once loaded.
pub struct ManyToMany<T> {
    items: Option<Vec<T>>,
    relation: &'static str,
}

impl<T> ManyToMany<T> {
    /// An unloaded relation; `relation` names it in errors
    /// (`"Contact.phones"`).
    pub fn unloaded(relation: &'static str) -> Self {
        ManyToMany {
            items: None,
            relation,
        }
    }

    /// The related rows, when the query loaded them (`prefetch`).
    ///
    /// # Errors
    /// [`Error::is_not_loaded`], naming the relation, when it was not
    /// loaded; the ORM never runs a hidden query.
    pub fn loaded(&self) -> Result<&[T]> {
        self.items
            .as_deref()
            .ok_or_else(|| Error::not_loaded(self.relation, "`.prefetch(...)` on the query"))
    }

    /// True when the related rows were loaded.
    pub fn is_loaded(&self) -> bool {
        self.items.is_some()
    }

    /// Stores loaded rows (done by relation loading).
    pub fn set_loaded(&mut self, items: Vec<T>) {
        self.items = Some(items);
    }

    /// Takes the loaded rows out, leaving the relation unloaded.
    pub fn take(&mut self) -> Option<Vec<T>> {
        self.items.take()
    }
}

impl<T> Default for ManyToMany<T> {
    fn default() -> Self {
        ManyToMany::unloaded("many-to-many relation")
    }
}

impl<T: Clone> Clone for ManyToMany<T> {
    fn clone(&self) -> Self {
        ManyToMany {
            items: self.items.clone(),
            relation: self.relation,
        }
    }
}

impl<T: fmt::Debug> fmt::Debug for ManyToMany<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.items {
            Some(items) => f.debug_list().entries(items).finish(),
            None => write!(f, "ManyToMany(<not loaded>)"),
        }
    }
}

impl<T: PartialEq> PartialEq for ManyToMany<T> {
    fn eq(&self, other: &Self) -> bool {
        self.items == other.items
    }
}
