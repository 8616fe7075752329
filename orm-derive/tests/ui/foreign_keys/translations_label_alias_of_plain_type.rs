use orm_core::prelude::*;

type LabelId = i64;

#[derive(Model)]
#[orm(translations(label = des, language = lng, text = text))]
struct Translation {
    #[orm(primary_key, auto)]
    id: i64,
    des: LabelId,
    lng: String,
    text: String,
}

fn main() {}
