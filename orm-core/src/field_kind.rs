//! What a model field is, decided by its type rather than by how the type
//! is spelled.
//!
//! `#[derive(Model)]` sees tokens, not types: `ForeignKey<User>`,
//! `Fk<User>` (after `use orm_core::ForeignKey as Fk;`) and `UserRef`
//! (after `type UserRef = ForeignKey<User>;`) are the same type but three
//! spellings. The derive therefore emits code that asks these items, and
//! the compiler answers once the type is known: a field is a foreign key
//! exactly when its type implements [`ForeignKeyType`], and nullable exactly
//! when it is an `Option`. Everything that depends on it (the `_id` column
//! name, the constraint, the index, the handle's type, relation loading) is
//! computed from the answer.

use std::any::Any;
use std::marker::PhantomData;

use crate::backend::Row;
use crate::meta::{ColumnMeta, ModelMeta};
use crate::model::{ForeignKey, ManyToMany, Model, SetLoaded, TranslationSlot};
use crate::value::{FromValue, ToValue, Value};
use crate::{Error, Result};

/// A type that makes a field a foreign key column: `ForeignKey<T, K>` and
/// `Option<ForeignKey<T, K>>`, however they are named.
#[doc(hidden)]
pub trait ForeignKeyType: SetLoaded<Self::Target> + TranslationSlot {
    /// The referenced model.
    type Target: Model;
    /// The type of the stored key.
    type Key;
}

impl<T: Model, K> ForeignKeyType for ForeignKey<T, K> {
    type Target = T;
    type Key = K;
}

impl<T: Model, K> ForeignKeyType for Option<ForeignKey<T, K>> {
    type Target = T;
    type Key = K;
}

/// Answers what a field of type `T` is, in constant expressions:
/// `FieldKind::<T>::FOREIGN_KEY`. An inherent item applies when its bound
/// holds; otherwise the item of [`FieldKindDefault`] (which the generated
/// code imports) answers.
#[doc(hidden)]
pub struct FieldKind<T: ?Sized>(PhantomData<T>);

impl<T: ForeignKeyType> FieldKind<T> {
    /// The referenced model's metadata.
    pub const FOREIGN_KEY: Option<fn() -> &'static ModelMeta> = Some(<T::Target as Model>::meta);
    /// True: the field is a foreign key column.
    pub const IS_FOREIGN_KEY: bool = true;
}

impl<T> FieldKind<Option<T>> {
    /// True: the column accepts NULL.
    pub const NULLABLE: bool = true;
}

/// The answers for a field type no inherent item of [`FieldKind`] applies
/// to: a plain, NOT NULL column.
#[doc(hidden)]
pub trait FieldKindDefault {
    /// Not a foreign key.
    const FOREIGN_KEY: Option<fn() -> &'static ModelMeta> = None;
    /// Not a foreign key.
    const IS_FOREIGN_KEY: bool = false;
    /// NOT NULL.
    const NULLABLE: bool = false;
    /// Not a text column.
    const IS_TEXT: bool = false;
}

impl<T: ?Sized> FieldKindDefault for FieldKind<T> {}

/// Chooses the code for a column field: `Select<true>` for a foreign key,
/// `Select<false>` for a plain column, the flag coming from
/// [`FieldKind::IS_FOREIGN_KEY`].
#[doc(hidden)]
pub struct Select<const FOREIGN_KEY: bool>;

/// The typed handle of column `I` of model `M`, a field of type `T` whose
/// value type (without `Option`) is written `V`.
#[doc(hidden)]
pub trait ColumnHandle<M, T, V, const I: usize> {
    /// `Column<M, V>` or `ForeignKeyField<M, Target, Key>`.
    type Handle;
    /// The handle.
    const HANDLE: Self::Handle;
}

impl<M: Model, T, V, const I: usize> ColumnHandle<M, T, V, I> for Select<false> {
    type Handle = crate::Column<M, V>;
    const HANDLE: Self::Handle = crate::Column::__new(I);
}

impl<M: Model, T: ForeignKeyType, V, const I: usize> ColumnHandle<M, T, V, I> for Select<true> {
    type Handle = crate::ForeignKeyField<M, T::Target, T::Key>;
    const HANDLE: Self::Handle = crate::ForeignKeyField::__new(I);
}

/// What relation loading does with a column field of type `T`.
#[doc(hidden)]
pub trait ColumnSlot<T> {
    /// Stores a loaded referenced object; false for a plain column or a
    /// NULL key.
    fn set_related(field: &mut T, object: Box<dyn Any + Send>) -> bool;
    /// Stores a translated text; false for a plain column.
    fn set_translation(field: &mut T, text: Option<String>) -> bool;
    /// The translated text.
    ///
    /// # Errors
    /// A plain column, or a text that was not loaded.
    fn translation(field: &T) -> Result<Option<&str>>;
}

impl<T> ColumnSlot<T> for Select<false> {
    fn set_related(_: &mut T, _: Box<dyn Any + Send>) -> bool {
        false
    }

    fn set_translation(_: &mut T, _: Option<String>) -> bool {
        false
    }

    fn translation(_: &T) -> Result<Option<&str>> {
        Err(Error::invalid_input(
            "this field is not a foreign key to a translated label",
        ))
    }
}

impl<T: ForeignKeyType> ColumnSlot<T> for Select<true> {
    fn set_related(field: &mut T, object: Box<dyn Any + Send>) -> bool {
        match object.downcast::<T::Target>() {
            Ok(object) => field.set_loaded_boxed(object),
            Err(_) => false,
        }
    }

    fn set_translation(field: &mut T, text: Option<String>) -> bool {
        field.set_text(text)
    }

    fn translation(field: &T) -> Result<Option<&str>> {
        field.text_slot()
    }
}

/// A type that makes a column a text column (what `max_length` limits):
/// `String`, and a foreign key stored as a `String`, each optionally in an
/// `Option`.
#[doc(hidden)]
pub trait TextType {}

impl TextType for String {}
impl TextType for Option<String> {}
impl<T: Model> TextType for ForeignKey<T, String> {}
impl<T: Model> TextType for Option<ForeignKey<T, String>> {}

impl<T: TextType> FieldKind<T> {
    /// True: a text column.
    pub const IS_TEXT: bool = true;
}

/// The type of a collection field: `ManyToMany<T>` (which `Reverse<T>`
/// also names), however it is spelled.
#[doc(hidden)]
#[diagnostic::on_unimplemented(
    message = "`{Self}` is not a collection of `{T}`",
    label = "expected `ManyToMany<{T}>` here",
    note = "`#[orm(many_to_many)]` and `#[orm(via = ...)]` mark a field whose type is `ManyToMany<T>` or `Reverse<T>`, under any name"
)]
pub trait Collection<T>: Sized {
    /// An empty, not yet loaded collection.
    fn unloaded(relation: &'static str) -> Self;
    /// Stores the loaded items.
    fn set_loaded(&mut self, items: Vec<T>);
}

impl<T> Collection<T> for ManyToMany<T> {
    fn unloaded(relation: &'static str) -> Self {
        ManyToMany::unloaded(relation)
    }

    fn set_loaded(&mut self, items: Vec<T>) {
        ManyToMany::set_loaded(self, items);
    }
}

/// The value of a `#[orm(db_type = "...")]` column: any type that converts
/// to and from a [`Value`] ([`ToValue`] and [`FromValue`]). Going through
/// this one trait makes a type that cannot fail once, with this message, on
/// the field's type.
#[doc(hidden)]
#[diagnostic::on_unimplemented(
    message = "`{Self}` cannot be a `db_type` column: it does not implement `ToValue` and `FromValue`",
    label = "the type of a `#[orm(db_type = ...)]` field",
    note = "implement `orm_core::ToValue` and `orm_core::FromValue` for it (mapping it onto the `Value` variant of its SQL type), or use a supported column type without `db_type`"
)]
pub trait DbTypeValue: Sized {
    /// Decodes the column at `index`.
    ///
    /// # Errors
    /// The column does not hold this type.
    fn decode_db<R: Row + ?Sized>(row: &R, index: usize, column: &ColumnMeta) -> Result<Self>;
    /// The value as a bound parameter.
    fn param_db(&self) -> Value;
    /// Decodes a column holding an array of this type.
    ///
    /// # Errors
    /// The column does not hold an array of this type.
    fn decode_db_array<R: Row + ?Sized>(
        row: &R,
        index: usize,
        column: &ColumnMeta,
    ) -> Result<Vec<Self>>;
}

impl<T> DbTypeValue for T
where
    T: ToValue + FromValue + Sync + Send,
{
    fn decode_db<R: Row + ?Sized>(row: &R, index: usize, column: &ColumnMeta) -> Result<Self> {
        crate::model::decode_column(row, index, column)
    }

    fn param_db(&self) -> Value {
        crate::model::sql_param(self)
    }

    fn decode_db_array<R: Row + ?Sized>(
        row: &R,
        index: usize,
        column: &ColumnMeta,
    ) -> Result<Vec<Self>> {
        crate::model::decode_array(row, index, column)
    }
}

/// The key a foreign key stores is the key of the model it references
/// (checked when the field has no `to_field`).
#[doc(hidden)]
#[diagnostic::on_unimplemented(
    message = "this foreign key stores `{Self}`, but the key of the model it references is `{K}`",
    label = "the key types differ",
    note = "write `ForeignKey<Target>` to store the target's key type, or add `#[orm(to_field = \"...\")]` naming the unique field of that type it references"
)]
pub trait SameKey<K> {}

impl<K> SameKey<K> for K {}

/// Passes for a plain column; for a foreign key, requires [`SameKey`].
#[doc(hidden)]
pub trait KeyCheck<T> {}

impl<T> KeyCheck<T> for Select<false> {}

impl<T: ForeignKeyType> KeyCheck<T> for Select<true> where T::Key: SameKey<<T::Target as Model>::Key>
{}

/// Named by the derive (`const _: fn() = check_key::<Select<..>, T>;`) so
/// that [`KeyCheck`] is proven for a field without `to_field`.
#[doc(hidden)]
pub fn check_key<S: KeyCheck<T>, T>() {}

/// [`check_key`] for a field written `ForeignKey<...>`.
#[doc(hidden)]
pub fn check_foreign_key<T: ForeignKeyType>()
where
    T::Key: SameKey<<T::Target as Model>::Key>,
{
}

/// What other models' generated code needs to know about a model, from its
/// own derive rather than from how its name is written where it is used
/// (`use crm::Phone as P; ManyToMany<P>` still names the junction column
/// `phone_id`).
#[doc(hidden)]
#[diagnostic::on_unimplemented(
    message = "`{Self}` is not a model",
    label = "not a `#[derive(Model)]` struct",
    note = "relations (`ForeignKey<T>`, `ManyToMany<T>`, `through = T`) point at structs that derive `Model`"
)]
pub trait ModelNames {
    /// The column an automatic junction table refers to this model by:
    /// `<model in snake case>_id`.
    const JUNCTION_COLUMN: &'static str;
    /// The model's metadata (what `Model::meta` returns; not requiring
    /// `Model` here keeps a broken model from being reported twice).
    fn __meta() -> &'static ModelMeta;
}

/// `T::meta`, reached through [`ModelNames`] so that a relation to a
/// non-model is reported once.
#[doc(hidden)]
pub fn model_meta<T: ModelNames>() -> &'static ModelMeta {
    T::__meta()
}
