//! ER diagrams of the CRM and translations schemas, from the models (no
//! database needed): Mermaid and Graphviz DOT.
//!
//! `cargo run --example er_diagrams` prints them; with a folder argument
//! (`cargo run --example er_diagrams -- docs/er`) it writes
//! `crm.mmd`, `crm.dot`, `translations.mmd` and `translations.dot` there,
//! which `dot -Tsvg crm.dot -o crm.svg` renders (the pictures in
//! `docs/migrations.md` were made so).

use orm::schema::ModelMeta;
use orm::{Model, Result, Schema};
use orm_examples::crm::{Address, Contact, ContactRelationship, Phone, RelationshipType};
use orm_examples::translations::{Label, Page, Translation};

fn run() -> Result<()> {
    let crm: Vec<&'static ModelMeta> = vec![
        Contact::META,
        Phone::META,
        Address::META,
        ContactRelationship::META,
        RelationshipType::META,
    ];
    let translations: Vec<&'static ModelMeta> = vec![Page::META, Translation::META, Label::META];
    let out = std::env::args().nth(1);
    for (name, models) in [("crm", crm), ("translations", translations)] {
        let model = Schema::new(models)?.model();
        let (mermaid, dot) = (model.to_mermaid(), model.to_dot());
        match &out {
            Some(dir) => {
                let write = |ext: &str, text: &str| {
                    let path = std::path::Path::new(dir).join(format!("{name}.{ext}"));
                    std::fs::write(&path, text).map_err(|e| {
                        orm::Error::config(
                            format!("cannot write {}", path.display()),
                            Some(Box::new(e)),
                        )
                    })
                };
                write("mmd", &mermaid)?;
                write("dot", &dot)?;
            }
            None => println!("{mermaid}\n{dot}"),
        }
    }
    Ok(())
}

fn main() {
    orm_examples::exit_on_error(run());
}
