//! `#[orm(...)]` attributes parsed into typed values, each keeping the span
//! of its keyword so errors point at it.

use proc_macro2::TokenStream;
use quote::ToTokens;
use syn::meta::ParseNestedMeta;
use syn::{Ident, LitStr, Token};

use super::ctxt::Ctxt;
use super::symbol::*;

/// A value that may be set once; a second setting is reported.
pub(crate) struct Attr<'c, T> {
    cx: &'c Ctxt,
    name: &'static str,
    tokens: TokenStream,
    value: Option<T>,
}

impl<'c, T> Attr<'c, T> {
    fn none(cx: &'c Ctxt, name: &'static str) -> Self {
        Attr {
            cx,
            name,
            tokens: TokenStream::new(),
            value: None,
        }
    }

    fn set<A: ToTokens>(&mut self, obj: A, value: T) {
        let tokens = obj.into_token_stream();
        if self.value.is_some() {
            self.cx
                .error_spanned_by(tokens, format!("duplicate orm attribute `{}`", self.name));
        } else {
            self.tokens = tokens;
            self.value = Some(value);
        }
    }

    pub(crate) fn get(self) -> Option<(TokenStream, T)> {
        let tokens = self.tokens;
        self.value.map(|v| (tokens, v))
    }
}

type Flag<'c> = Attr<'c, ()>;

/// A named check constraint.
pub(crate) struct Check {
    pub(crate) name: Option<LitStr>,
    pub(crate) sql: LitStr,
}

/// `translations(label = f, language = f, text = f)`.
pub(crate) struct Translations {
    pub(crate) label: Ident,
    pub(crate) language: Ident,
    pub(crate) text: Ident,
}

/// The container attributes.
pub(crate) struct Container {
    pub(crate) table: Option<(TokenStream, LitStr)>,
    pub(crate) unique_together: Vec<Vec<Ident>>,
    pub(crate) indexes: Vec<Vec<Ident>>,
    pub(crate) checks: Vec<Check>,
    pub(crate) ordering: Option<(TokenStream, Vec<(Ident, bool)>)>,
    pub(crate) managed: bool,
    pub(crate) translations: Option<(TokenStream, Translations)>,
}

/// The field attributes.
pub(crate) struct Field {
    pub(crate) primary_key: Option<TokenStream>,
    pub(crate) auto: Option<TokenStream>,
    pub(crate) column: Option<(TokenStream, LitStr)>,
    pub(crate) unique: Option<TokenStream>,
    pub(crate) index: Option<TokenStream>,
    pub(crate) default: Option<(TokenStream, LitStr)>,
    pub(crate) max_length: Option<(TokenStream, u32)>,
    pub(crate) db_type: Option<(TokenStream, LitStr)>,
    pub(crate) skip: Option<TokenStream>,
    pub(crate) read_only: Option<TokenStream>,
    pub(crate) to_field: Option<(TokenStream, LitStr)>,
    pub(crate) on_delete: Option<(TokenStream, Ident)>,
    pub(crate) related_name: Option<(TokenStream, LitStr)>,
    pub(crate) db_table: Option<(TokenStream, LitStr)>,
    pub(crate) through: Option<(TokenStream, syn::Path)>,
    pub(crate) source: Option<(TokenStream, Ident)>,
    pub(crate) target: Option<(TokenStream, Ident)>,
    pub(crate) symmetrical: Option<TokenStream>,
    pub(crate) via: Option<(TokenStream, Ident)>,
}

impl Field {
    /// Every keyword given, with its tokens, for "does not apply" checks.
    pub(crate) fn given(&self) -> Vec<(&'static str, TokenStream)> {
        let mut out = Vec::new();
        let mut flag = |name, t: &Option<TokenStream>| {
            if let Some(t) = t {
                out.push((name, t.clone()));
            }
        };
        flag(PRIMARY_KEY, &self.primary_key);
        flag(AUTO, &self.auto);
        flag(UNIQUE, &self.unique);
        flag(INDEX, &self.index);
        flag(READ_ONLY, &self.read_only);
        flag(SYMMETRICAL, &self.symmetrical);
        let mut value = |name, t: Option<&TokenStream>| {
            if let Some(t) = t {
                out.push((name, t.clone()));
            }
        };
        value(COLUMN, self.column.as_ref().map(|v| &v.0));
        value(DEFAULT, self.default.as_ref().map(|v| &v.0));
        value(MAX_LENGTH, self.max_length.as_ref().map(|v| &v.0));
        value(DB_TYPE, self.db_type.as_ref().map(|v| &v.0));
        value(TO_FIELD, self.to_field.as_ref().map(|v| &v.0));
        value(ON_DELETE, self.on_delete.as_ref().map(|v| &v.0));
        value(RELATED_NAME, self.related_name.as_ref().map(|v| &v.0));
        value(DB_TABLE, self.db_table.as_ref().map(|v| &v.0));
        value(THROUGH, self.through.as_ref().map(|v| &v.0));
        value(SOURCE, self.source.as_ref().map(|v| &v.0));
        value(TARGET, self.target.as_ref().map(|v| &v.0));
        value(VIA, self.via.as_ref().map(|v| &v.0));
        out
    }
}

fn unknown_key(cx: &Ctxt, meta: &ParseNestedMeta<'_>, valid: &[&str]) -> syn::Result<()> {
    let path = meta.path.to_token_stream().to_string().replace(' ', "");
    cx.error_spanned_by(
        &meta.path,
        format!(
            "unknown orm attribute `{path}`; expected one of: {}",
            valid.join(", ")
        ),
    );
    skip_value(meta)
}

/// Consumes `= value` or `(...)` after an unknown key so parsing continues.
fn skip_value(meta: &ParseNestedMeta<'_>) -> syn::Result<()> {
    if meta.input.peek(Token![=]) {
        let _: syn::Expr = meta.value()?.parse()?;
    } else if meta.input.peek(syn::token::Paren) {
        let _content;
        syn::parenthesized!(_content in meta.input);
    }
    Ok(())
}

fn lit_str(
    cx: &Ctxt,
    meta: &ParseNestedMeta<'_>,
    key: &str,
    example: &str,
) -> syn::Result<Option<LitStr>> {
    let lit: syn::Lit = meta.value()?.parse()?;
    match lit {
        syn::Lit::Str(s) => Ok(Some(s)),
        other => {
            cx.error_spanned_by(
                other,
                format!("expected a string: the correct form is `#[orm({key} = {example})]`"),
            );
            Ok(None)
        }
    }
}

fn ident_value(meta: &ParseNestedMeta<'_>, key: &str) -> syn::Result<Ident> {
    let input = meta.value()?;
    input.parse::<Ident>().map_err(|e| {
        syn::Error::new(
            e.span(),
            format!("expected a field name: the correct form is `#[orm({key} = field_name)]`"),
        )
    })
}

fn ident_list(meta: &ParseNestedMeta<'_>) -> syn::Result<Vec<Ident>> {
    let content;
    syn::parenthesized!(content in meta.input);
    let list = content.parse_terminated(<Ident as syn::parse::Parse>::parse, Token![,])?;
    Ok(list.into_iter().collect())
}

fn no_value(meta: &ParseNestedMeta<'_>, key: &str) -> syn::Result<()> {
    if meta.input.peek(Token![=]) || meta.input.peek(syn::token::Paren) {
        return Err(meta.error(format!(
            "`{key}` takes no value: the correct form is `#[orm({key})]`"
        )));
    }
    Ok(())
}

impl Container {
    pub(crate) fn from_ast(cx: &Ctxt, input: &syn::DeriveInput) -> Self {
        let mut table = Attr::none(cx, TABLE);
        let mut unique_together = Vec::new();
        let mut indexes = Vec::new();
        let mut checks = Vec::new();
        let mut ordering = Attr::none(cx, ORDERING);
        let mut managed = Attr::none(cx, MANAGED);
        let mut translations = Attr::none(cx, TRANSLATIONS);

        for attr in input.attrs.iter().filter(|a| a.path().is_ident(ORM)) {
            let result = attr.parse_nested_meta(|meta| {
                if meta.path.is_ident(TABLE) {
                    if let Some(s) = lit_str(cx, &meta, TABLE, "\"my_table\"")? {
                        table.set(&meta.path, s);
                    }
                } else if meta.path.is_ident(UNIQUE_TOGETHER) {
                    unique_together.push(ident_list(&meta)?);
                } else if meta.path.is_ident(INDEX) {
                    indexes.push(ident_list(&meta)?);
                } else if meta.path.is_ident(CHECK) {
                    checks.push(parse_check(cx, &meta)?);
                } else if meta.path.is_ident(ORDERING) {
                    let path = meta.path.clone();
                    ordering.set(path, parse_ordering(&meta)?);
                } else if meta.path.is_ident(MANAGED) {
                    let lit: syn::Lit = meta.value()?.parse()?;
                    match lit {
                        syn::Lit::Bool(b) => managed.set(&meta.path, b.value),
                        other => cx.error_spanned_by(
                            other,
                            "expected `true` or `false`: the correct form is `#[orm(managed = false)]`",
                        ),
                    }
                } else if meta.path.is_ident(TRANSLATIONS) {
                    let path = meta.path.clone();
                    if let Some(t) = parse_translations(cx, &meta)? {
                        translations.set(path, t);
                    }
                } else {
                    unknown_key(cx, &meta, CONTAINER_KEYS)?;
                }
                Ok(())
            });
            if let Err(e) = result {
                cx.syn_error(e);
            }
        }
        Container {
            table: table.get(),
            unique_together,
            indexes,
            checks,
            ordering: ordering.get(),
            managed: managed.get().is_none_or(|(_, m)| m),
            translations: translations.get(),
        }
    }
}

fn parse_check(cx: &Ctxt, meta: &ParseNestedMeta<'_>) -> syn::Result<Check> {
    if meta.input.peek(Token![=]) {
        let sql: LitStr = meta.value()?.parse().map_err(|e| {
            syn::Error::new(
                e.span(),
                "expected SQL text: `#[orm(check = \"price >= 0\")]`",
            )
        })?;
        return Ok(Check { name: None, sql });
    }
    let mut name = None;
    let mut sql = None;
    meta.parse_nested_meta(|inner| {
        if inner.path.is_ident(NAME) {
            name = lit_str(cx, &inner, NAME, "\"price_positive\"")?;
        } else if inner.path.is_ident(SQL) {
            sql = lit_str(cx, &inner, SQL, "\"price >= 0\"")?;
        } else {
            unknown_key(cx, &inner, &[NAME, SQL])?;
        }
        Ok(())
    })?;
    match sql {
        Some(sql) => Ok(Check { name, sql }),
        None => Err(meta.error(
            "check needs its SQL: `#[orm(check(name = \"price_positive\", sql = \"price >= 0\"))]`",
        )),
    }
}

fn parse_ordering(meta: &ParseNestedMeta<'_>) -> syn::Result<Vec<(Ident, bool)>> {
    let content;
    syn::parenthesized!(content in meta.input);
    let mut out = Vec::new();
    while !content.is_empty() {
        let descending = content.parse::<Option<Token![-]>>()?.is_some();
        let ident: Ident = content.parse()?;
        out.push((ident, descending));
        if content.is_empty() {
            break;
        }
        content.parse::<Token![,]>()?;
    }
    Ok(out)
}

fn parse_translations(cx: &Ctxt, meta: &ParseNestedMeta<'_>) -> syn::Result<Option<Translations>> {
    let mut label = None;
    let mut language = None;
    let mut text = None;
    meta.parse_nested_meta(|inner| {
        if inner.path.is_ident(LABEL) {
            label = Some(ident_value(&inner, LABEL)?);
        } else if inner.path.is_ident(LANGUAGE) {
            language = Some(ident_value(&inner, LANGUAGE)?);
        } else if inner.path.is_ident(TEXT) {
            text = Some(ident_value(&inner, TEXT)?);
        } else {
            unknown_key(cx, &inner, &[LABEL, LANGUAGE, TEXT])?;
        }
        Ok(())
    })?;
    match (label, language, text) {
        (Some(label), Some(language), Some(text)) => Ok(Some(Translations {
            label,
            language,
            text,
        })),
        _ => {
            cx.error_spanned_by(
                &meta.path,
                "translations needs all three fields: `#[orm(translations(label = des, language = lng, text = text))]`",
            );
            Ok(None)
        }
    }
}

impl Field {
    pub(crate) fn from_ast(cx: &Ctxt, field: &syn::Field) -> Self {
        let mut primary_key: Flag<'_> = Attr::none(cx, PRIMARY_KEY);
        let mut auto: Flag<'_> = Attr::none(cx, AUTO);
        let mut column = Attr::none(cx, COLUMN);
        let mut unique: Flag<'_> = Attr::none(cx, UNIQUE);
        let mut index: Flag<'_> = Attr::none(cx, INDEX);
        let mut default = Attr::none(cx, DEFAULT);
        let mut max_length = Attr::none(cx, MAX_LENGTH);
        let mut db_type = Attr::none(cx, DB_TYPE);
        let mut skip: Flag<'_> = Attr::none(cx, SKIP);
        let mut read_only: Flag<'_> = Attr::none(cx, READ_ONLY);
        let mut to_field = Attr::none(cx, TO_FIELD);
        let mut on_delete = Attr::none(cx, ON_DELETE);
        let mut related_name = Attr::none(cx, RELATED_NAME);
        let mut db_table = Attr::none(cx, DB_TABLE);
        let mut through = Attr::none(cx, THROUGH);
        let mut source = Attr::none(cx, SOURCE);
        let mut target = Attr::none(cx, TARGET);
        let mut symmetrical: Flag<'_> = Attr::none(cx, SYMMETRICAL);
        let mut via = Attr::none(cx, VIA);

        for attr in field.attrs.iter().filter(|a| a.path().is_ident(ORM)) {
            let result = attr.parse_nested_meta(|meta| {
                let flags: [(&str, &mut Flag<'_>); 7] = [
                    (PRIMARY_KEY, &mut primary_key),
                    (AUTO, &mut auto),
                    (UNIQUE, &mut unique),
                    (INDEX, &mut index),
                    (SKIP, &mut skip),
                    (READ_ONLY, &mut read_only),
                    (SYMMETRICAL, &mut symmetrical),
                ];
                for (key, slot) in flags {
                    if meta.path.is_ident(key) {
                        no_value(&meta, key)?;
                        slot.set(&meta.path, ());
                        return Ok(());
                    }
                }
                let strings: [(&str, &str, &mut Attr<'_, LitStr>); 6] = [
                    (COLUMN, "\"column_name\"", &mut column),
                    (DEFAULT, "\"now()\"", &mut default),
                    (DB_TYPE, "\"inet\"", &mut db_type),
                    (TO_FIELD, "\"uniqueid\"", &mut to_field),
                    (RELATED_NAME, "\"contacts\"", &mut related_name),
                    (DB_TABLE, "\"app_contact_phones\"", &mut db_table),
                ];
                for (key, example, slot) in strings {
                    if meta.path.is_ident(key) {
                        if let Some(s) = lit_str(cx, &meta, key, example)? {
                            slot.set(&meta.path, s);
                        }
                        return Ok(());
                    }
                }
                if meta.path.is_ident(MAX_LENGTH) {
                    let lit: syn::Lit = meta.value()?.parse()?;
                    match &lit {
                        syn::Lit::Int(i) => match i.base10_parse::<u32>() {
                            Ok(n) if n > 0 => max_length.set(&meta.path, n),
                            _ => cx.error_spanned_by(lit, "max_length must be a positive integer"),
                        },
                        _ => cx.error_spanned_by(
                            lit,
                            "expected an integer: the correct form is `#[orm(max_length = 255)]`",
                        ),
                    }
                } else if meta.path.is_ident(ON_DELETE) {
                    let value = meta.value()?;
                    let ident: Ident = value.parse().map_err(|e| {
                        syn::Error::new(
                            e.span(),
                            format!(
                                "expected one of {}: `#[orm(on_delete = Cascade)]`",
                                ON_DELETE_VALUES.join(", ")
                            ),
                        )
                    })?;
                    if ON_DELETE_VALUES.iter().any(|v| ident == v) {
                        on_delete.set(&meta.path, ident);
                    } else {
                        cx.error_spanned_by(
                            &ident,
                            format!(
                                "unknown on_delete action `{ident}`; expected one of: {}",
                                ON_DELETE_VALUES.join(", ")
                            ),
                        );
                    }
                } else if meta.path.is_ident(THROUGH) {
                    let path: syn::Path = meta.value()?.parse().map_err(|e| {
                        syn::Error::new(
                            e.span(),
                            "expected a model type: `#[orm(through = ContactRelationship)]`",
                        )
                    })?;
                    through.set(&meta.path, path);
                } else if meta.path.is_ident(SOURCE) {
                    source.set(&meta.path, ident_value(&meta, SOURCE)?);
                } else if meta.path.is_ident(TARGET) {
                    target.set(&meta.path, ident_value(&meta, TARGET)?);
                } else if meta.path.is_ident(VIA) {
                    via.set(&meta.path, ident_value(&meta, VIA)?);
                } else {
                    unknown_key(cx, &meta, FIELD_KEYS)?;
                }
                Ok(())
            });
            if let Err(e) = result {
                cx.syn_error(e);
            }
        }
        let flag = |a: Flag<'_>| a.get().map(|(t, ())| t);
        Field {
            primary_key: flag(primary_key),
            auto: flag(auto),
            column: column.get(),
            unique: flag(unique),
            index: flag(index),
            default: default.get(),
            max_length: max_length.get(),
            db_type: db_type.get(),
            skip: flag(skip),
            read_only: flag(read_only),
            to_field: to_field.get(),
            on_delete: on_delete.get(),
            related_name: related_name.get(),
            db_table: db_table.get(),
            through: through.get(),
            source: source.get(),
            target: target.get(),
            symmetrical: flag(symmetrical),
            via: via.get(),
        }
    }
}
