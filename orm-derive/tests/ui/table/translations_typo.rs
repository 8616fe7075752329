use orm_core::prelude::*;

#[derive(Model)]
struct Label {
    #[orm(primary_key, auto)]
    id: i64,
}

#[derive(Model)]
#[orm(translations(label = des, language = lang, text = text))]
struct Translation {
    #[orm(primary_key, auto)]
    id: i64,
    des: ForeignKey<Label>,
    lng: String,
    text: String,
}

fn main() {}
