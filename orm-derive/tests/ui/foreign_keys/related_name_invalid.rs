use orm_core::prelude::*;

#[derive(Model)]
struct Page {
    #[orm(primary_key, auto)]
    id: i64,
    #[orm(related_name = "child pages")]
    parent: Option<ForeignKey<Page>>,
    #[orm(related_name = "-")]
    links: ManyToMany<Page>,
}

fn main() {}
