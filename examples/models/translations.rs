//! The translations example's models: labels, their translations per
//! language, and pages whose nullable foreign keys point at labels.

use orm::prelude::*;

/// A label: only an id; its texts live in [`Translation`].
#[derive(Model, Debug, Clone)]
#[orm(table = "tr_label")]
pub struct Label {
    /// The key.
    #[orm(primary_key, auto)]
    pub id: i64,
    /// Its texts, once prefetched.
    #[orm(via = des)]
    pub translations: Reverse<Translation>,
}

/// The text of a label in a language.
#[derive(Model, Debug, Clone)]
#[orm(table = "tr_translation", ordering(lng), translations(label = des, language = lng, text = text))]
pub struct Translation {
    /// The key.
    #[orm(primary_key, auto)]
    pub id: i64,
    /// The text.
    pub text: Option<String>,
    /// The language code.
    #[orm(max_length = 8, index)]
    pub lng: String,
    /// The label translated.
    #[orm(on_delete = Cascade)]
    pub des: ForeignKey<Label>,
}

/// A page with four translated fields and a parent.
#[derive(Model, Debug, Clone)]
#[orm(table = "tr_page", ordering(code))]
pub struct Page {
    /// The key.
    #[orm(primary_key, auto)]
    pub id: i64,
    /// A unique code.
    #[orm(max_length = 64, unique)]
    pub code: String,
    /// The body text.
    #[orm(on_delete = SetNull, related_name = "+")]
    pub content: Option<ForeignKey<Label>>,
    /// The keywords.
    #[orm(on_delete = SetNull, related_name = "+")]
    pub keywords: Option<ForeignKey<Label>>,
    /// The description.
    #[orm(on_delete = SetNull, related_name = "+")]
    pub description: Option<ForeignKey<Label>>,
    /// The title.
    #[orm(on_delete = SetNull, related_name = "+")]
    pub title: Option<ForeignKey<Label>>,
    /// The parent page.
    #[orm(on_delete = SetNull, related_name = "children")]
    pub parent: Option<ForeignKey<Page>>,
}

impl Page {
    /// A page with no translated text yet, under `parent`.
    pub fn new(code: &str, parent: Option<&Page>) -> Page {
        Page {
            id: 0,
            code: code.to_owned(),
            content: None,
            keywords: None,
            description: None,
            title: None,
            parent: parent.map(|p| ForeignKey::new(p.id)),
        }
    }
}
