//! Rules that depend on what a field's type is, where its spelling does
//! not settle it (`Fk<User>`, `type UserRef = ForeignKey<User>`): constant
//! assertions the compiler evaluates once the type is known, each failing
//! with its message on the attribute that breaks the rule.

use proc_macro2::TokenStream;
use quote::{ToTokens, quote, quote_spanned};
use syn::spanned::Spanned;

use super::kind;
use crate::model::ast::{FieldDef, FieldKind, ModelDef};
use crate::model::symbol::*;

pub(super) fn expand(model: &ModelDef<'_>) -> TokenStream {
    let mut out = TokenStream::new();
    for field in model.columns() {
        if field.seen_plain() {
            continue;
        }
        column(field, &mut out);
    }
    if let Some((_, t)) = &model.attrs.translations {
        if let Some(label) = model.field(&t.label) {
            if matches!(label.kind, FieldKind::Column { .. }) && !label.seen_foreign_key() {
                let message = format!(
                    "the translations `label` must be a foreign key to the label model, and the type of `{}` is not one",
                    label.name()
                );
                out.extend(assert_that(
                    &t.label,
                    kind::probe(label.ty, "IS_FOREIGN_KEY"),
                    &message,
                ));
            }
        }
    }
    out
}

fn column(field: &FieldDef<'_>, out: &mut TokenStream) {
    let a = &field.attrs;
    let name = field.name();
    let ty = field.ty;
    if !field.seen_foreign_key() {
        let fk_only = [
            (TO_FIELD, a.to_field.as_ref().map(|v| &v.0)),
            (ON_DELETE, a.on_delete.as_ref().map(|v| &v.0)),
            (RELATED_NAME, a.related_name.as_ref().map(|v| &v.0)),
        ];
        for (key, tokens) in fk_only {
            if let Some(tokens) = tokens {
                let message = format!(
                    "`{key}` applies to a foreign key, and the type of `{name}` is not one (it does not implement `ForeignKeyType`)"
                );
                out.extend(assert_that(
                    tokens,
                    kind::probe(ty, "IS_FOREIGN_KEY"),
                    &message,
                ));
            }
        }
    }
    if a.to_field.is_none() {
        // `ForeignKey<Country, i64>` to a `String` key: a compile error here
        // rather than PostgreSQL refusing the constraint.
        if field.seen_foreign_key() {
            out.extend(quote_spanned! {ty.span()=>
                const _: fn() = __orm::check_foreign_key::<#ty>;
            });
        } else {
            let select = kind::select(ty);
            out.extend(quote_spanned! {ty.span()=>
                const _: fn() = __orm::check_key::<#select, #ty>;
            });
        }
    }
    if let Some((tokens, _)) = &a.max_length {
        if field.seen_text().is_none() {
            let message = format!(
                "`max_length` applies to text fields (`String`), and the type of `{name}` is not text"
            );
            out.extend(assert_that(tokens, kind::probe(ty, "IS_TEXT"), &message));
        }
    }
    if let Some((_, action)) = &a.on_delete {
        let spelled_option = matches!(
            field.kind,
            FieldKind::Column {
                spelled_option: true,
                ..
            }
        );
        if action == "SetNull" && !field.seen_foreign_key() && !spelled_option {
            let message = format!(
                "`on_delete = SetNull` needs a nullable column, and the type of `{name}` is not an `Option`"
            );
            out.extend(assert_that(action, kind::probe(ty, "NULLABLE"), &message));
        }
    }
}

/// `const _: () = if !cond { panic!(message) };`, the panic spanned on
/// `at` so the error shows there.
fn assert_that(at: impl ToTokens, cond: TokenStream, message: &str) -> TokenStream {
    let span = at.to_token_stream().span();
    let panic = quote_spanned!(span=> ::core::panic!(#message));
    quote! {
        const _: () = if !(#cond) { #panic };
    }
}
