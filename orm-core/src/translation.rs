//! Translation lookups: the text of a label foreign key in a language, by
//! one LEFT JOIN of the translations table per field (the language in the
//! ON clause, so a missing translation never drops the row), with fallback
//! chains.

use crate::ir::{self, Func, Join, JoinType, Name, OrderItem, Source};
use crate::meta::{ModelMeta, TranslationsMeta};
use crate::query::{Param, param};
use crate::{Error, Result};

/// How a fallback chain (`translated(["ru", "en"])`) picks, per field, the
/// first language with a text. Both return identical results.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Fallback {
    /// One LEFT JOIN per language per field, `COALESCE(ru.text, en.text)`.
    Coalesce,
    /// One `LEFT JOIN LATERAL (... ORDER BY array_position(chain, lng)
    /// LIMIT 1)` per field.
    Lateral,
}

impl Fallback {
    /// The shape used when none is chosen: the one the benchmark in
    /// `docs/BENCHMARKS.md` measured faster.
    pub const DEFAULT: Fallback = Fallback::Coalesce;
}

/// Languages for `translated(...)`: one (`"ru"`) or a fallback chain
/// (`["ru", "en"]`).
pub trait Languages {
    /// The chain, most wanted first.
    fn into_languages(self) -> Vec<String>;
}

impl Languages for &str {
    fn into_languages(self) -> Vec<String> {
        vec![self.to_owned()]
    }
}

impl Languages for String {
    fn into_languages(self) -> Vec<String> {
        vec![self]
    }
}

impl<const N: usize> Languages for [&str; N] {
    fn into_languages(self) -> Vec<String> {
        self.iter().map(|s| (*s).to_owned()).collect()
    }
}

impl Languages for &[&str] {
    fn into_languages(self) -> Vec<String> {
        self.iter().map(|s| (*s).to_owned()).collect()
    }
}

impl Languages for Vec<String> {
    fn into_languages(self) -> Vec<String> {
        self
    }
}

/// What a query asked to translate.
#[derive(Clone, Debug)]
pub(crate) struct TranslationSpec {
    pub(crate) languages: Vec<String>,
    pub(crate) fallback: Fallback,
    /// Column indexes of the root model to translate; `None` for all.
    pub(crate) only: Option<Vec<usize>>,
    pub(crate) except: Vec<usize>,
    /// The translations model, when given explicitly.
    pub(crate) model: Option<fn() -> &'static ModelMeta>,
}

/// The translations model holding texts for `label`: found through a
/// `Reverse` field of the label whose source declares `translations(...)`.
pub fn translations_for(label: &'static ModelMeta) -> Option<&'static ModelMeta> {
    label.reverse.iter().find_map(|r| {
        let source = (r.source)();
        let t = source.translations.as_ref()?;
        (t.label_field == r.source_field).then_some(source)
    })
}

/// The label model a translations model points at.
pub(crate) fn label_of(translations: &'static ModelMeta) -> Option<&'static ModelMeta> {
    let t = translations.translations.as_ref()?;
    let fk = translations
        .column_by_field(t.label_field)?
        .foreign_key
        .as_ref()?;
    Some((fk.target)())
}

/// True when column `index` of `model` is a foreign key to `label`.
pub(crate) fn is_label_key(model: &ModelMeta, index: usize, label: &ModelMeta) -> bool {
    model
        .columns
        .get(index)
        .and_then(|c| c.foreign_key.as_ref())
        .is_some_and(|fk| (fk.target)().is(label))
}

/// The translation joins of one statement.
pub(crate) struct TranslationCtx {
    pub(crate) label: &'static ModelMeta,
    table: &'static str,
    label_column: &'static str,
    language_column: &'static str,
    text_column: &'static str,
    languages: Vec<String>,
    fallback: Fallback,
    /// Each language, bound once and shared by every field.
    language_values: Vec<Param>,
    /// The whole chain as one array, for [`Fallback::Lateral`].
    chain_value: Option<Param>,
    joins: Vec<(Vec<(usize, usize)>, ir::Expr)>,
}

impl TranslationCtx {
    /// Resolves the translations model for `root`.
    pub(crate) fn new(root: &'static ModelMeta, spec: &TranslationSpec) -> Result<TranslationCtx> {
        let model = match spec.model {
            Some(m) => Some(m()),
            None => root
                .foreign_keys()
                .find_map(|(_, _, fk)| translations_for((fk.target)())),
        };
        let Some(model) = model else {
            return Err(Error::invalid_input(format!(
                "{} has no foreign key to a label model with translations: declare \
                 `#[orm(translations(label = .., language = .., text = ..))]` on the translations \
                 model and a `#[orm(via = ..)] Reverse<..>` field on the label, or use `translated_via`",
                root.name
            )));
        };
        let (Some(meta), Some(label)) = (model.translations.as_ref(), label_of(model)) else {
            return Err(Error::invalid_input(format!(
                "{} is not a translations model",
                model.name
            )));
        };
        let column = |field: &str| -> Result<&'static str> {
            model
                .column_by_field(field)
                .map(|c| c.column)
                .ok_or_else(|| Error::schema(vec![format!("{}: no field `{field}`", model.name)]))
        };
        let TranslationsMeta {
            label_field,
            language_field,
            text_field,
        } = meta;
        if spec.languages.is_empty() {
            return Err(Error::invalid_input(
                "translated(...) needs at least one language",
            ));
        }
        Ok(TranslationCtx {
            label,
            table: model.table,
            label_column: column(label_field)?,
            language_column: column(language_field)?,
            text_column: column(text_field)?,
            languages: spec.languages.clone(),
            fallback: spec.fallback,
            language_values: Vec::new(),
            chain_value: None,
            joins: Vec::new(),
        })
    }

    /// The text expression for the label key `key` (a qualified column),
    /// adding its join(s) through `push_join` the first time.
    pub(crate) fn text(
        &mut self,
        key: Vec<(usize, usize)>,
        key_expr: ir::Expr,
        push_join: &mut dyn FnMut(Join),
    ) -> ir::Expr {
        if let Some((_, expr)) = self.joins.iter().find(|(k, _)| *k == key) {
            return expr.clone();
        }
        let n = self.joins.len() + 1;
        let expr = match (self.fallback, self.languages.len()) {
            (Fallback::Lateral, len) if len > 1 => self.lateral_join(n, key_expr, push_join),
            _ => self.coalesce_joins(n, &key_expr, push_join),
        };
        self.joins.push((key, expr.clone()));
        expr
    }

    fn coalesce_joins(
        &mut self,
        n: usize,
        key_expr: &ir::Expr,
        push_join: &mut dyn FnMut(Join),
    ) -> ir::Expr {
        if self.language_values.is_empty() {
            self.language_values = self.languages.iter().map(|l| param(l.as_str())).collect();
        }
        let single = self.language_values.len() == 1;
        let mut texts = Vec::new();
        for (i, language) in self.language_values.iter().enumerate() {
            let alias: Name = if single {
                Name::Owned(format!("tr{n}"))
            } else {
                Name::Owned(format!("tr{n}_{}", i + 1))
            };
            push_join(Join {
                kind: JoinType::Left,
                lateral: false,
                source: Source::Table {
                    name: Name::Borrowed(self.table),
                    alias: Some(alias.clone()),
                },
                on: ir::Expr::And(vec![
                    ir::Expr::column(alias.clone(), self.label_column).equals(key_expr.clone()),
                    ir::Expr::column(alias.clone(), self.language_column)
                        .equals(ir::Expr::Param(language.clone())),
                ]),
            });
            texts.push(ir::Expr::column(alias, self.text_column));
        }
        if texts.len() == 1 {
            texts.remove(0)
        } else {
            ir::Expr::call(Func::Coalesce, texts)
        }
    }

    fn lateral_join(
        &mut self,
        n: usize,
        key_expr: ir::Expr,
        push_join: &mut dyn FnMut(Join),
    ) -> ir::Expr {
        let chain = self
            .chain_value
            .get_or_insert_with(|| param(crate::Value::array(self.languages.iter())))
            .clone();
        let chain = || ir::Expr::Param(chain.clone()).cast("text", true);
        let alias: Name = Name::Owned(format!("tr{n}"));
        let col = |c: &'static str| ir::Expr::column("t", c);
        let mut inner = ir::Select::from(
            Source::Table {
                name: Name::Borrowed(self.table),
                alias: Some(Name::Borrowed("t")),
            },
            vec![ir::SelectItem::aliased(col(self.text_column), "text")],
        );
        inner.filter = Some(ir::Expr::And(vec![
            col(self.label_column).equals(key_expr),
            col(self.language_column).cast("text", false).any(chain()),
            ir::Expr::IsNull(Box::new(col(self.text_column)), false),
        ]));
        inner.order = vec![OrderItem::asc(ir::Expr::call(
            Func::ArrayPosition,
            vec![chain(), col(self.language_column).cast("text", false)],
        ))];
        inner.limit = Some(ir::Expr::Int(1));
        push_join(Join {
            kind: JoinType::Left,
            lateral: true,
            source: Source::Subquery {
                query: Box::new(inner),
                alias: alias.clone(),
            },
            on: ir::Expr::Bool(true),
        });
        ir::Expr::column(alias, "text")
    }
}
