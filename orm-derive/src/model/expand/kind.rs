//! Questions the generated code asks of a field's type (see
//! `orm_core::__private::FieldKind`): the answer comes from the compiler,
//! not from how the type is spelled.

use proc_macro2::TokenStream;
use quote::{format_ident, quote_spanned};
use syn::Type;
use syn::spanned::Spanned;

/// `FieldKind::<T>::ITEM`: `NULLABLE`, `IS_FOREIGN_KEY`, `FOREIGN_KEY`,
/// `IS_TEXT`.
pub(super) fn probe(ty: &Type, item: &str) -> TokenStream {
    let item = format_ident!("{item}");
    quote_spanned!(ty.span()=> __orm::FieldKind::<#ty>::#item)
}

/// `Select<{ is foreign key }>`: picks the foreign key or plain column
/// implementation of `ColumnHandle` and `ColumnSlot`.
pub(super) fn select(ty: &Type) -> TokenStream {
    let is_fk = probe(ty, "IS_FOREIGN_KEY");
    quote_spanned!(ty.span()=> __orm::Select<{ #is_fk }>)
}
