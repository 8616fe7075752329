use orm_core::prelude::*;

#[derive(Model)]
#[orm(translations(label = des, lang = lng, text = text))]
struct Translation {
    #[orm(primary_key, auto)]
    id: i64,
    lng: String,
    text: String,
}

fn main() {}
