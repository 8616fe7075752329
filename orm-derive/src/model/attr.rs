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

/// PostgreSQL's longest `varchar(n)`.
const MAX_VARCHAR: u32 = 10_485_760;

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
    pub(crate) renamed_from: Option<(TokenStream, LitStr)>,
    /// `crate = "path"`, else the default found by [`crate::crate_path`].
    pub(crate) krate: syn::Path,
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
    pub(crate) auto_now_add: Option<TokenStream>,
    pub(crate) auto_now: Option<TokenStream>,
    pub(crate) db_default: Option<(TokenStream, LitStr)>,
    pub(crate) to_field: Option<(TokenStream, LitStr)>,
    pub(crate) on_delete: Option<(TokenStream, Ident)>,
    pub(crate) related_name: Option<(TokenStream, LitStr)>,
    pub(crate) db_table: Option<(TokenStream, LitStr)>,
    pub(crate) through: Option<(TokenStream, syn::Path)>,
    pub(crate) source: Option<(TokenStream, Ident)>,
    pub(crate) target: Option<(TokenStream, Ident)>,
    pub(crate) symmetrical: Option<TokenStream>,
    pub(crate) via: Option<(TokenStream, Ident)>,
    /// `many_to_many`: the field is a `ManyToMany` collection whatever its
    /// type is called.
    pub(crate) many_to_many: Option<TokenStream>,
    pub(crate) renamed_from: Option<(TokenStream, LitStr)>,
    /// Keys that were given but rejected (unknown, or with a bad value);
    /// checks that would only repeat the problem skip them.
    pub(crate) rejected: Vec<String>,
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
        flag(AUTO_NOW_ADD, &self.auto_now_add);
        flag(AUTO_NOW, &self.auto_now);
        flag(SYMMETRICAL, &self.symmetrical);
        flag(MANY_TO_MANY, &self.many_to_many);
        let mut value = |name, t: Option<&TokenStream>| {
            if let Some(t) = t {
                out.push((name, t.clone()));
            }
        };
        value(COLUMN, self.column.as_ref().map(|v| &v.0));
        value(DEFAULT, self.default.as_ref().map(|v| &v.0));
        value(DB_DEFAULT, self.db_default.as_ref().map(|v| &v.0));
        value(MAX_LENGTH, self.max_length.as_ref().map(|v| &v.0));
        value(DB_TYPE, self.db_type.as_ref().map(|v| &v.0));
        value(TO_FIELD, self.to_field.as_ref().map(|v| &v.0));
        value(ON_DELETE, self.on_delete.as_ref().map(|v| &v.0));
        value(RELATED_NAME, self.related_name.as_ref().map(|v| &v.0));
        value(DB_TABLE, self.db_table.as_ref().map(|v| &v.0));
        value(THROUGH, self.through.as_ref().map(|v| &v.0));
        value(RENAMED_FROM, self.renamed_from.as_ref().map(|v| &v.0));
        value(SOURCE, self.source.as_ref().map(|v| &v.0));
        value(TARGET, self.target.as_ref().map(|v| &v.0));
        value(VIA, self.via.as_ref().map(|v| &v.0));
        out
    }
}

/// Reports an unknown key on its path, listing the valid keys and, when one
/// is close or the key belongs elsewhere, what was probably meant.
fn unknown_key(
    cx: &Ctxt,
    meta: &ParseNestedMeta<'_>,
    valid: &[&str],
    level: Level,
) -> syn::Result<()> {
    let path = meta.path.to_token_stream().to_string().replace(' ', "");
    let hint = key_hint(&path, valid, level);
    cx.error_spanned_by(
        &meta.path,
        format!(
            "unknown orm attribute `{path}`{hint}; expected one of: {}",
            valid.join(", ")
        ),
    );
    skip_value(meta)
}

/// Where an attribute list sits, for hints about keys put in the wrong place.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Level {
    Container,
    Field,
    Nested,
}

fn key_hint(key: &str, valid: &[&str], level: Level) -> String {
    match (level, key) {
        (Level::Container, k) if FIELD_KEYS.contains(&k) => {
            return format!(" on a struct (`{k}` is a field attribute: put it on a field)");
        }
        (Level::Field, k) if CONTAINER_KEYS.contains(&k) => {
            return format!(" on a field (`{k}` is a struct attribute: put it on the struct)");
        }
        (Level::Field, "null" | "nullable" | "blank" | "optional") => {
            return " (a column is nullable when the field's type is `Option<T>`)".to_owned();
        }
        (Level::Field, "db_column" | "rename" | "column_name") => {
            return " (did you mean `column`?)".to_owned();
        }
        (Level::Field, "pk" | "primary" | "id") => {
            return " (did you mean `primary_key`?)".to_owned();
        }
        (Level::Container, "db_table" | "table_name" | "name") => {
            return " (did you mean `table`?)".to_owned();
        }
        _ => {}
    }
    if key.len() >= 3 {
        if let Some(v) = valid.iter().find(|v| v.starts_with(key)) {
            return format!(" (did you mean `{v}`?)");
        }
    }
    valid
        .iter()
        .map(|v| (edit_distance(key, v), *v))
        .filter(|(d, v)| *d <= 2 && *d < v.len() / 2 + 1)
        .min()
        .map(|(_, v)| format!(" (did you mean `{v}`?)"))
        .unwrap_or_default()
}

/// Edit distance counting a swap of two neighbours as one edit (optimal
/// string alignment), for "did you mean" hints: `slgu` is one edit from
/// `slug`.
pub(crate) fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let mut d = vec![vec![0usize; b.len() + 1]; a.len() + 1];
    for (i, row) in d.iter_mut().enumerate() {
        row[0] = i;
    }
    for (j, cell) in d[0].iter_mut().enumerate() {
        *cell = j;
    }
    for i in 1..=a.len() {
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut best = (d[i - 1][j] + 1)
                .min(d[i][j - 1] + 1)
                .min(d[i - 1][j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                best = best.min(d[i - 2][j - 2] + 1);
            }
            d[i][j] = best;
        }
    }
    d[a.len()][b.len()]
}

/// Consumes `= value` or `(...)` after a key so parsing continues.
fn skip_value(meta: &ParseNestedMeta<'_>) -> syn::Result<()> {
    if meta.input.peek(Token![=]) {
        let _: syn::Expr = meta.value()?.parse()?;
    } else if meta.input.peek(syn::token::Paren) {
        let _content;
        syn::parenthesized!(_content in meta.input);
    }
    Ok(())
}

/// The expression after `key =`; a missing value is reported on the key.
fn value_expr(
    cx: &Ctxt,
    meta: &ParseNestedMeta<'_>,
    key: &str,
    example: &str,
) -> syn::Result<Option<syn::Expr>> {
    if !meta.input.peek(Token![=]) {
        cx.error_spanned_by(
            &meta.path,
            format!("`{key}` needs a value: the correct form is `#[orm({key} = {example})]`"),
        );
        skip_value(meta)?;
        return Ok(None);
    }
    Ok(Some(meta.value()?.parse()?))
}

fn lit_str(
    cx: &Ctxt,
    meta: &ParseNestedMeta<'_>,
    key: &str,
    example: &str,
) -> syn::Result<Option<LitStr>> {
    match value_expr(cx, meta, key, example)? {
        Some(syn::Expr::Lit(syn::ExprLit {
            lit: syn::Lit::Str(s),
            ..
        })) => {
            if s.value().trim().is_empty() {
                cx.error_spanned_by(&s, format!("`{key}` cannot be empty"));
                return Ok(None);
            }
            Ok(Some(s))
        }
        Some(other) => {
            cx.error_spanned_by(
                other,
                format!("expected a string: the correct form is `#[orm({key} = {example})]`"),
            );
            Ok(None)
        }
        None => Ok(None),
    }
}

/// A bare identifier, as in `source = from_contact`.
fn as_ident(expr: &syn::Expr) -> Option<&Ident> {
    match expr {
        syn::Expr::Path(p) if p.qself.is_none() && p.attrs.is_empty() => p.path.get_ident(),
        _ => None,
    }
}

fn ident_value(
    cx: &Ctxt,
    meta: &ParseNestedMeta<'_>,
    key: &str,
    example: &str,
) -> syn::Result<Option<Ident>> {
    let Some(expr) = value_expr(cx, meta, key, example)? else {
        return Ok(None);
    };
    match as_ident(&expr) {
        Some(ident) => Ok(Some(ident.clone())),
        None => {
            cx.error_spanned_by(
                expr,
                format!(
                    "expected a field name, without quotes: the correct form is `#[orm({key} = {example})]`"
                ),
            );
            Ok(None)
        }
    }
}

/// One comma-separated item of a list: its tokens, and the expression they
/// form when they form one.
struct ListItem {
    tokens: TokenStream,
    expr: Option<syn::Expr>,
}

/// The comma-separated items inside `key(...)`; a missing or empty list is
/// reported on the key. Items are split on commas before being read, so one
/// malformed item is reported on its own tokens and the others are still
/// read.
fn list(
    cx: &Ctxt,
    meta: &ParseNestedMeta<'_>,
    key: &str,
    example: &str,
) -> syn::Result<Option<Vec<ListItem>>> {
    if !meta.input.peek(syn::token::Paren) {
        cx.error_spanned_by(
            &meta.path,
            format!(
                "`{key}` takes a list of fields: the correct form is `#[orm({key}({example}))]`"
            ),
        );
        skip_value(meta)?;
        return Ok(None);
    }
    let content;
    syn::parenthesized!(content in meta.input);
    let tokens: TokenStream = content.parse()?;
    let mut items = Vec::new();
    let mut current = TokenStream::new();
    for tree in tokens
        .into_iter()
        .chain([proc_macro2::TokenTree::Punct(proc_macro2::Punct::new(
            ',',
            proc_macro2::Spacing::Alone,
        ))])
    {
        match &tree {
            proc_macro2::TokenTree::Punct(p) if p.as_char() == ',' => {
                let tokens = std::mem::take(&mut current);
                if !tokens.is_empty() {
                    let expr = syn::parse2(tokens.clone()).ok();
                    items.push(ListItem { tokens, expr });
                }
            }
            _ => current.extend([tree]),
        }
    }
    if items.is_empty() {
        cx.error_spanned_by(
            &meta.path,
            format!(
                "`{key}` needs at least one field: the correct form is `#[orm({key}({example}))]`"
            ),
        );
        return Ok(None);
    }
    Ok(Some(items))
}

/// `key(a, b)`: field names.
fn ident_list(
    cx: &Ctxt,
    meta: &ParseNestedMeta<'_>,
    key: &str,
    example: &str,
) -> syn::Result<Option<Vec<Ident>>> {
    let Some(items) = list(cx, meta, key, example)? else {
        return Ok(None);
    };
    let mut out = Vec::new();
    for item in items {
        match item.expr.as_ref().and_then(as_ident) {
            Some(ident) => out.push(ident.clone()),
            None => cx.error_spanned_by(
                item.tokens,
                format!(
                    "expected a field name, without quotes: the correct form is `#[orm({key}({example}))]`"
                ),
            ),
        }
    }
    Ok(Some(out))
}

/// A flag given a value (`unique = true`) is reported on the value; the
/// flag is still taken as set so no second error follows from its absence.
fn no_value(cx: &Ctxt, meta: &ParseNestedMeta<'_>, key: &str) -> syn::Result<()> {
    let message =
        format!("`{key}` is a flag and takes no value: write `#[orm({key})]`, or leave it out");
    if meta.input.peek(Token![=]) {
        let eq: Token![=] = meta.input.parse()?;
        let value: syn::Expr = meta.input.parse()?;
        cx.error_spanned_by(quote::quote!(#eq #value), message);
    } else if meta.input.peek(syn::token::Paren) {
        let group: proc_macro2::Group = meta.input.parse()?;
        cx.error_spanned_by(group, message);
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
        let mut renamed_from = Attr::none(cx, RENAMED_FROM);
        let mut krate = Attr::none(cx, CRATE);

        for attr in input.attrs.iter().filter(|a| a.path().is_ident(ORM)) {
            let result = attr.parse_nested_meta(|meta| {
                if meta.path.is_ident(TABLE) {
                    if let Some(s) = lit_str(cx, &meta, TABLE, "\"my_table\"")? {
                        table.set(&meta.path, s);
                    }
                } else if meta.path.is_ident(UNIQUE_TOGETHER) {
                    let group = ident_list(cx, &meta, UNIQUE_TOGETHER, "a, b")?;
                    unique_together.extend(group);
                } else if meta.path.is_ident(INDEX) {
                    let group = ident_list(cx, &meta, INDEX, "a, b")?;
                    indexes.extend(group);
                } else if meta.path.is_ident(CHECK) {
                    checks.extend(parse_check(cx, &meta)?);
                } else if meta.path.is_ident(ORDERING) {
                    if let Some(terms) = parse_ordering(cx, &meta)? {
                        ordering.set(&meta.path, terms);
                    }
                } else if meta.path.is_ident(MANAGED) {
                    match value_expr(cx, &meta, MANAGED, "false")? {
                        Some(syn::Expr::Lit(syn::ExprLit {
                            lit: syn::Lit::Bool(b),
                            ..
                        })) => managed.set(&meta.path, b.value),
                        Some(other) => cx.error_spanned_by(
                            other,
                            "expected `true` or `false`: the correct form is `#[orm(managed = false)]`",
                        ),
                        None => {}
                    }
                } else if meta.path.is_ident(RENAMED_FROM) {
                    if let Some(s) = lit_str(cx, &meta, RENAMED_FROM, "\"old_table\"")? {
                        renamed_from.set(&meta.path, s);
                    }
                } else if meta.path.is_ident(TRANSLATIONS) {
                    if let Some(t) = parse_translations(cx, &meta)? {
                        translations.set(&meta.path, t);
                    }
                } else if meta.path.is_ident(CRATE) {
                    if let Some(path) = parse_crate_path(cx, &meta)? {
                        krate.set(&meta.path, path);
                    }
                } else {
                    unknown_key(cx, &meta, CONTAINER_KEYS, Level::Container)?;
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
            renamed_from: renamed_from.get(),
            krate: krate
                .get()
                .map_or_else(crate::crate_path::for_model, |(_, path)| path),
        }
    }
}

/// `crate = "path"`: where generated code finds the runtime, for crates that
/// re-export the ORM under another path.
fn parse_crate_path(cx: &Ctxt, meta: &ParseNestedMeta<'_>) -> syn::Result<Option<syn::Path>> {
    const EXAMPLE: &str = "\"my_crate::orm\"";
    let Some(s) = lit_str(cx, meta, CRATE, EXAMPLE)? else {
        return Ok(None);
    };
    match s.parse_with(syn::Path::parse_mod_style) {
        Ok(path) => Ok(Some(path)),
        Err(_) => {
            cx.error_spanned_by(
                &s,
                format!(
                    "expected a path to the crate that re-exports the ORM: the correct form is `#[orm(crate = {EXAMPLE})]`"
                ),
            );
            Ok(None)
        }
    }
}

const CHECK_FORMS: &str = "`#[orm(check = \"price >= 0\")]` or `#[orm(check(name = \"price_nonnegative\", sql = \"price >= 0\"))]`";

fn parse_check(cx: &Ctxt, meta: &ParseNestedMeta<'_>) -> syn::Result<Option<Check>> {
    if meta.input.peek(Token![=]) {
        let sql = lit_str(cx, meta, CHECK, "\"price >= 0\"")?;
        return Ok(sql.map(|sql| Check { name: None, sql }));
    }
    if !meta.input.peek(syn::token::Paren) {
        cx.error_spanned_by(
            &meta.path,
            format!("`check` needs its SQL: the correct form is {CHECK_FORMS}"),
        );
        return Ok(None);
    }
    let mut name = Attr::none(cx, NAME);
    let mut sql = Attr::none(cx, SQL);
    let mut unknown = false;
    meta.parse_nested_meta(|inner| {
        if inner.path.is_ident(NAME) {
            if let Some(s) = lit_str(cx, &inner, NAME, "\"price_nonnegative\"")? {
                name.set(&inner.path, s);
            }
        } else if inner.path.is_ident(SQL) {
            if let Some(s) = lit_str(cx, &inner, SQL, "\"price >= 0\"")? {
                sql.set(&inner.path, s);
            }
        } else {
            unknown = true;
            unknown_key(cx, &inner, &[NAME, SQL], Level::Nested)?;
        }
        Ok(())
    })?;
    match sql.get() {
        // A misspelt `sql` was reported as unknown; "missing" would repeat it.
        None if unknown => Ok(None),
        Some((_, sql)) => Ok(Some(Check {
            name: name.get().map(|(_, n)| n),
            sql,
        })),
        None => {
            cx.error_spanned_by(
                &meta.path,
                format!("`check` is missing `sql`: the correct form is {CHECK_FORMS}"),
            );
            Ok(None)
        }
    }
}

fn parse_ordering(
    cx: &Ctxt,
    meta: &ParseNestedMeta<'_>,
) -> syn::Result<Option<Vec<(Ident, bool)>>> {
    let example = "name, -created_at";
    let Some(items) = list(cx, meta, ORDERING, example)? else {
        return Ok(None);
    };
    let mut out = Vec::new();
    for item in items {
        let term = match &item.expr {
            Some(syn::Expr::Unary(syn::ExprUnary {
                op: syn::UnOp::Neg(_),
                expr,
                ..
            })) => as_ident(expr).map(|i| (i.clone(), true)),
            Some(other) => as_ident(other).map(|i| (i.clone(), false)),
            None => None,
        };
        match term {
            Some(term) => out.push(term),
            None => cx.error_spanned_by(
                item.tokens,
                format!(
                    "expected a field name, with `-` in front for descending order: the correct form is `#[orm(ordering({example}))]`"
                ),
            ),
        }
    }
    Ok(Some(out))
}

fn parse_translations(cx: &Ctxt, meta: &ParseNestedMeta<'_>) -> syn::Result<Option<Translations>> {
    const FORM: &str = "`#[orm(translations(label = des, language = lng, text = text))]`";
    if !meta.input.peek(syn::token::Paren) {
        cx.error_spanned_by(
            &meta.path,
            format!("`translations` names three fields: the correct form is {FORM}"),
        );
        skip_value(meta)?;
        return Ok(None);
    }
    let mut label = Attr::none(cx, LABEL);
    let mut language = Attr::none(cx, LANGUAGE);
    let mut text = Attr::none(cx, TEXT);
    let mut unknown = false;
    meta.parse_nested_meta(|inner| {
        let slots: [(&str, &str, &mut Attr<'_, Ident>); 3] = [
            (LABEL, "des", &mut label),
            (LANGUAGE, "lng", &mut language),
            (TEXT, "text", &mut text),
        ];
        for (key, example, slot) in slots {
            if inner.path.is_ident(key) {
                if let Some(ident) = ident_value(cx, &inner, key, example)? {
                    slot.set(&inner.path, ident);
                }
                return Ok(());
            }
        }
        unknown = true;
        unknown_key(cx, &inner, &[LABEL, LANGUAGE, TEXT], Level::Nested)
    })?;
    let (label, language, text) = (label.get(), language.get(), text.get());
    let missing: Vec<String> = [
        (LABEL, label.is_none()),
        (LANGUAGE, language.is_none()),
        (TEXT, text.is_none()),
    ]
    .iter()
    .filter(|(_, absent)| *absent)
    .map(|(key, _)| format!("`{key}`"))
    .collect();
    match (label, language, text) {
        (Some((_, label)), Some((_, language)), Some((_, text))) => Ok(Some(Translations {
            label,
            language,
            text,
        })),
        // A misspelt key was reported as unknown; "missing" would repeat it.
        _ if unknown => Ok(None),
        _ => {
            cx.error_spanned_by(
                &meta.path,
                format!(
                    "`translations` is missing {}: the correct form is {FORM}",
                    missing.join(" and ")
                ),
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
        let mut auto_now_add: Flag<'_> = Attr::none(cx, AUTO_NOW_ADD);
        let mut auto_now: Flag<'_> = Attr::none(cx, AUTO_NOW);
        let mut db_default = Attr::none(cx, DB_DEFAULT);
        let mut to_field = Attr::none(cx, TO_FIELD);
        let mut on_delete = Attr::none(cx, ON_DELETE);
        let mut related_name = Attr::none(cx, RELATED_NAME);
        let mut db_table = Attr::none(cx, DB_TABLE);
        let mut through = Attr::none(cx, THROUGH);
        let mut source = Attr::none(cx, SOURCE);
        let mut target = Attr::none(cx, TARGET);
        let mut symmetrical: Flag<'_> = Attr::none(cx, SYMMETRICAL);
        let mut via = Attr::none(cx, VIA);
        let mut many_to_many: Flag<'_> = Attr::none(cx, MANY_TO_MANY);
        let mut renamed_from = Attr::none(cx, RENAMED_FROM);

        let mut parse_field_key = |meta: &ParseNestedMeta<'_>| -> syn::Result<()> {
            let flags: [(&str, &mut Flag<'_>); 10] = [
                (PRIMARY_KEY, &mut primary_key),
                (AUTO, &mut auto),
                (UNIQUE, &mut unique),
                (INDEX, &mut index),
                (SKIP, &mut skip),
                (READ_ONLY, &mut read_only),
                (AUTO_NOW_ADD, &mut auto_now_add),
                (AUTO_NOW, &mut auto_now),
                (SYMMETRICAL, &mut symmetrical),
                (MANY_TO_MANY, &mut many_to_many),
            ];
            for (key, slot) in flags {
                if meta.path.is_ident(key) {
                    no_value(cx, meta, key)?;
                    slot.set(&meta.path, ());
                    return Ok(());
                }
            }
            let strings: [(&str, &str, &mut Attr<'_, LitStr>); 8] = [
                (RENAMED_FROM, "\"old_column\"", &mut renamed_from),
                (COLUMN, "\"column_name\"", &mut column),
                (DEFAULT, "\"now()\"", &mut default),
                (DB_DEFAULT, "\"gen_random_uuid()\"", &mut db_default),
                (DB_TYPE, "\"inet\"", &mut db_type),
                (TO_FIELD, "\"uniqueid\"", &mut to_field),
                (RELATED_NAME, "\"contacts\"", &mut related_name),
                (DB_TABLE, "\"app_contact_phones\"", &mut db_table),
            ];
            for (key, example, slot) in strings {
                if meta.path.is_ident(key) {
                    if let Some(s) = lit_str(cx, meta, key, example)? {
                        slot.set(&meta.path, s);
                    }
                    return Ok(());
                }
            }
            let idents: [(&str, &str, &mut Attr<'_, Ident>); 3] = [
                (SOURCE, "from_contact", &mut source),
                (TARGET, "to_contact", &mut target),
                (VIA, "from_contact", &mut via),
            ];
            for (key, example, slot) in idents {
                if meta.path.is_ident(key) {
                    if let Some(ident) = ident_value(cx, meta, key, example)? {
                        slot.set(&meta.path, ident);
                    }
                    return Ok(());
                }
            }
            if meta.path.is_ident(MAX_LENGTH) {
                if let Some(n) = parse_max_length(cx, meta)? {
                    max_length.set(&meta.path, n);
                }
            } else if meta.path.is_ident(ON_DELETE) {
                if let Some(action) = parse_on_delete(cx, meta)? {
                    on_delete.set(&meta.path, action);
                }
            } else if meta.path.is_ident(THROUGH) {
                match value_expr(cx, meta, THROUGH, "Membership")? {
                Some(syn::Expr::Path(p)) if p.qself.is_none() => {
                    through.set(&meta.path, p.path);
                }
                Some(other) => cx.error_spanned_by(
                    other,
                    "expected a model type, without quotes: the correct form is `#[orm(through = Membership)]`",
                ),
                None => {}
            }
            } else {
                unknown_key(cx, meta, FIELD_KEYS, Level::Field)?;
            }
            Ok(())
        };
        let mut rejected = Vec::new();
        for attr in field.attrs.iter().filter(|a| a.path().is_ident(ORM)) {
            let result = attr.parse_nested_meta(|meta| {
                let before = cx.error_count();
                let result = parse_field_key(&meta);
                if cx.error_count() > before {
                    rejected.push(meta.path.to_token_stream().to_string());
                }
                result
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
            auto_now_add: flag(auto_now_add),
            auto_now: flag(auto_now),
            db_default: db_default.get(),
            to_field: to_field.get(),
            on_delete: on_delete.get(),
            related_name: related_name.get(),
            db_table: db_table.get(),
            through: through.get(),
            source: source.get(),
            target: target.get(),
            symmetrical: flag(symmetrical),
            via: via.get(),
            many_to_many: flag(many_to_many),
            renamed_from: renamed_from.get(),
            rejected,
        }
    }
}

fn parse_max_length(cx: &Ctxt, meta: &ParseNestedMeta<'_>) -> syn::Result<Option<u32>> {
    let Some(expr) = value_expr(cx, meta, MAX_LENGTH, "255")? else {
        return Ok(None);
    };
    let positive = "`max_length` must be a positive integer (a number of characters), e.g. `#[orm(max_length = 255)]`";
    match &expr {
        syn::Expr::Lit(syn::ExprLit {
            lit: syn::Lit::Int(i),
            ..
        }) => match i.base10_parse::<u32>() {
            Ok(n) if n > 0 && n <= MAX_VARCHAR => Ok(Some(n)),
            Ok(n) if n > MAX_VARCHAR => {
                cx.error_spanned_by(
                    i,
                    format!("`max_length` is at most {MAX_VARCHAR}, PostgreSQL's varchar limit; use a `String` without `max_length` for longer text"),
                );
                Ok(None)
            }
            _ => {
                cx.error_spanned_by(i, positive);
                Ok(None)
            }
        },
        syn::Expr::Unary(syn::ExprUnary {
            op: syn::UnOp::Neg(_),
            ..
        }) => {
            cx.error_spanned_by(expr, positive);
            Ok(None)
        }
        _ => {
            cx.error_spanned_by(
                expr,
                "expected an integer: the correct form is `#[orm(max_length = 255)]`",
            );
            Ok(None)
        }
    }
}

fn parse_on_delete(cx: &Ctxt, meta: &ParseNestedMeta<'_>) -> syn::Result<Option<Ident>> {
    let Some(expr) = value_expr(cx, meta, ON_DELETE, "Cascade")? else {
        return Ok(None);
    };
    let actions = ON_DELETE_VALUES.join(", ");
    match as_ident(&expr) {
        Some(ident) if ON_DELETE_VALUES.iter().any(|v| ident == v) => Ok(Some(ident.clone())),
        Some(ident) => {
            cx.error_spanned_by(
                ident,
                format!("unknown on_delete action `{ident}`; expected one of: {actions}"),
            );
            Ok(None)
        }
        None => {
            cx.error_spanned_by(
                expr,
                format!("expected one of {actions}, without quotes: the correct form is `#[orm(on_delete = Cascade)]`"),
            );
            Ok(None)
        }
    }
}
