//! Writing translations: set the text of a label foreign key in a
//! language, creating the label when the key is NULL, in one transaction.

use orm_core::__private::decode_column;
use orm_core::{ColumnType, Error, Executor, ForeignKeyField, Model, Result, ToValue};

use crate::Db;

impl Db {
    /// Sets the text of `field`'s label in `language` (`None` stores a NULL
    /// text), creating the label and pointing `object` at it when the key
    /// is NULL. Runs in one transaction: the object's row is locked, the
    /// label created if needed, and the translation upserted on
    /// `UNIQUE (label, language)` (which the DDL creates). `object` is
    /// reloaded afterwards so it carries the new key.
    ///
    /// ```no_run
    /// # use orm_core::prelude::*;
    /// # #[derive(Model)] #[orm(table = "l")] struct Label { #[orm(primary_key, auto)] id: i64,
    /// #   #[orm(via = des)] translations: Reverse<Translation> }
    /// # #[derive(Model)] #[orm(table = "t", translations(label = des, language = lng, text = text))]
    /// # struct Translation { #[orm(primary_key, auto)] id: i64, text: Option<String>, lng: String,
    /// #   des: ForeignKey<Label> }
    /// # #[derive(Model)] #[orm(table = "p")] struct Page { #[orm(primary_key, auto)] id: i64,
    /// #   #[orm(on_delete = SetNull)] title: Option<ForeignKey<Label>> }
    /// # async fn demo(db: &orm_postgres::Db, page: &mut Page) -> orm_core::Result<()> {
    /// db.set_translation(page, Page::TITLE, "ru", Some("Привет")).await?;
    /// # Ok(()) }
    /// ```
    ///
    /// # Errors
    /// [`Error::is_invalid_input`] for an unsaved object, a label model
    /// without a translations model, or a text the column would reject
    /// (nothing is written); database errors roll everything back.
    pub async fn set_translation<M: Model, L: Model, K>(
        &self,
        object: &mut M,
        field: ForeignKeyField<M, L, K>,
        language: &str,
        text: Option<&str>,
    ) -> Result<()> {
        if !object.has_key() {
            return Err(Error::invalid_input(format!(
                "cannot translate a field of an unsaved {}: insert it first",
                M::META.name
            )));
        }
        let plan = Plan::new::<M, L>(field.meta())?;
        let owned = text.map(str::to_owned);
        owned.validate(plan.text_meta)?;
        language.to_owned().validate(plan.language_meta)?;
        let key = object.key().clone();
        self.transaction(|tx| {
            Box::pin(async move {
                let rows = tx.query(&plan.lock_row, &[key.to_value()]).await?;
                let row = rows.first().ok_or_else(|| Error::not_found(M::META.name))?;
                let current: Option<L::Key> = decode_column(row, 0, plan.fk_meta)?;
                let label = match current {
                    Some(label) => label,
                    None => {
                        let rows = tx.query(&plan.create_label, &[]).await?;
                        let row = rows.first().ok_or_else(|| Error::not_found(L::META.name))?;
                        let label: L::Key = decode_column(row, 0, L::META.pk())?;
                        tx.execute(&plan.point_at_label, &[label.to_value(), key.to_value()])
                            .await?;
                        label
                    }
                };
                tx.execute(
                    &plan.upsert,
                    &[label.into_value(), language.into(), owned.into()],
                )
                .await?;
                Ok(())
            })
        })
        .await?;
        object.refresh(self).await
    }
}

/// The statements of one `set_translation`.
struct Plan {
    fk_meta: &'static orm_core::ColumnMeta,
    lock_row: String,
    create_label: String,
    point_at_label: String,
    upsert: String,
    text_meta: &'static orm_core::ColumnMeta,
    language_meta: &'static orm_core::ColumnMeta,
}

impl Plan {
    fn new<M: Model, L: Model>(fk: &'static orm_core::ColumnMeta) -> Result<Plan> {
        let translations = orm_core::translations_for(L::META).ok_or_else(|| {
            Error::invalid_input(format!(
                "{} has no translations model: declare `#[orm(translations(...))]` on it and a \
                 `#[orm(via = ..)] Reverse<..>` field on {}",
                L::META.name,
                L::META.name
            ))
        })?;
        let meta = translations
            .translations
            .as_ref()
            .ok_or_else(|| Error::invalid_input("not a translations model"))?;
        let column = |field: &str| {
            translations.column_by_field(field).ok_or_else(|| {
                Error::schema(vec![format!("{}: no field `{field}`", translations.name)])
            })
        };
        let (label_col, language_col, text_col) = (
            column(meta.label_field)?,
            column(meta.language_field)?,
            column(meta.text_field)?,
        );
        let statements = orm_core::__private::sql::translation_write(
            M::META,
            fk,
            L::META,
            translations,
            [label_col, language_col, text_col],
        );
        Ok(Plan {
            lock_row: statements.lock_row,
            create_label: statements.create_label,
            point_at_label: statements.point_at_label,
            upsert: statements.upsert,
            fk_meta: fk,
            text_meta: text_col,
            language_meta: language_col,
        })
    }
}
