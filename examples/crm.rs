//! The CRM example: 120 contacts with 1-3 phones (some shared) and 0-2
//! addresses, listed with their phones and addresses in a fixed number of
//! statements; the busiest contacts annotated with their phone counts in
//! one statement, a grouped projection, every contact streamed; then
//! symmetric relationships with types.
//!
//! `cargo run --example crm` (uses `DATABASE_URL` when set, otherwise a
//! throwaway PostgreSQL).

use futures_util::TryStreamExt;
use orm::prelude::*;
use orm::testing;
use orm_examples::crm::{Address, Contact, ContactRelationship, Phone, RelationshipType, schema};

const CONTACTS: usize = 120;

/// A small deterministic generator, so every run prints the same data.
struct Lcg(u64);

impl Lcg {
    fn below(&mut self, n: usize) -> usize {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        ((self.0 >> 33) as usize) % n
    }
}

async fn seed(db: &Db) -> Result<Vec<Contact>> {
    let mut rng = Lcg(42);
    let first = [
        "Ann", "Bob", "Cleo", "Dev", "Eva", "Finn", "Gus", "Hana", "Ivo", "Jude",
    ];
    let last = [
        "Adams", "Brook", "Cole", "Diaz", "Ellis", "Fox", "Gray", "Hale", "Ito", "Jones", "Khan",
        "Lund",
    ];
    let mut contacts: Vec<Contact> = (0..CONTACTS)
        .map(|i| {
            Contact::new(&format!(
                "{} {}",
                first[i % first.len()],
                last[i / first.len()]
            ))
        })
        .collect();
    Contact::insert_many(db, &mut contacts).await?;
    let mut phones: Vec<Phone> = (0..CONTACTS * 2)
        .map(|i| Phone {
            id: 0,
            number: format!("+44 20 7946 {i:04}"),
        })
        .collect();
    Phone::insert_many(db, &mut phones).await?;
    let streets = ["High St", "Station Rd", "Church Ln", "Mill Rd", "Park Ave"];
    for contact in &contacts {
        // 1-3 phones out of a pool smaller than the demand: some are shared.
        let picks: Vec<&Phone> = (0..1 + rng.below(3))
            .map(|_| &phones[rng.below(phones.len())])
            .collect();
        Contact::PHONES.add(db, contact, picks).await?;
        let mut addresses: Vec<Address> = (0..rng.below(3))
            .map(|_| Address {
                id: 0,
                street: format!(
                    "{} {}",
                    1 + rng.below(200),
                    streets[rng.below(streets.len())]
                ),
                city: Some("London".into()),
            })
            .collect();
        Address::insert_many(db, &mut addresses).await?;
        Contact::ADDRESSES.add(db, contact, &addresses).await?;
    }
    Ok(contacts)
}

/// Prints every contact with its phones and addresses: one query for the
/// contacts, one round trip for both collections.
async fn listing(db: &Db) -> Result<()> {
    let before = (db.statements_sent(), db.round_trips());
    let contacts = Contact::objects()
        .prefetch(Contact::PHONES)
        .prefetch(Contact::ADDRESSES)
        .all(db)
        .await?;
    let (statements, trips) = (db.statements_sent() - before.0, db.round_trips() - before.1);
    for contact in &contacts {
        println!("{}", contact.name);
        for phone in contact.phones.loaded()? {
            println!("    phone    {}", phone.number);
        }
        for address in contact.addresses.loaded()? {
            println!(
                "    address  {}, {}",
                address.street,
                address.city.as_deref().unwrap_or("?")
            );
        }
    }
    let phones: usize = contacts
        .iter()
        .map(|c| c.phones.loaded().map_or(0, <[Phone]>::len))
        .sum();
    let addresses: usize = contacts
        .iter()
        .map(|c| c.addresses.loaded().map_or(0, <[Address]>::len))
        .sum();
    println!(
        "\nlisted {} contacts, {phones} phones, {addresses} addresses in {statements} statements \
         and {trips} round trips (an N+1 loop would send {})\n",
        contacts.len(),
        1 + 2 * contacts.len()
    );
    Ok(())
}

/// The contacts with the most phones, counted in the same statement
/// (`annotate`), a projection into tuples (`values`), and every contact
/// streamed one at a time (`stream`).
async fn busiest(db: &Db) -> Result<()> {
    let before = db.statements_sent();
    let busy: Vec<(Contact, (i64, i64))> = Contact::objects()
        .filter(Contact::PHONES.count_each().gte(3))
        .order_by(Contact::PHONES.count_each().desc())
        .order_by(Contact::NAME.asc())
        .annotate((
            Contact::PHONES.count_each(),
            Contact::ADDRESSES.count_each(),
        ))
        .limit(5)
        .all(db)
        .await?;
    println!(
        "contacts with 3 phones or more ({} statement):",
        db.statements_sent() - before
    );
    for (contact, (phones, addresses)) in &busy {
        println!(
            "    {:<14} {phones} phones, {addresses} addresses",
            contact.name
        );
    }
    let per_count: Vec<(i64, i64)> = Contact::objects()
        .values((Contact::PHONES.count_each(), Contact::ID.count()))
        .group_by(Contact::PHONES.count_each())
        .order_by(Contact::PHONES.count_each().asc())
        .all(db)
        .await?;
    let shown: Vec<String> = per_count
        .iter()
        .map(|(phones, contacts)| format!("{contacts} with {phones}"))
        .collect();
    println!("contacts by number of phones: {}", shown.join(", "));
    let mut stream = std::pin::pin!(Contact::objects().stream(db));
    let (mut n, mut longest) = (0, String::new());
    while let Some(contact) = stream.try_next().await? {
        n += 1;
        if contact.name.len() > longest.len() {
            longest = contact.name;
        }
    }
    println!("streamed {n} contacts one at a time; the longest name is {longest}\n");
    Ok(())
}

/// Prints each of `names`' related contacts with the relationship types.
async fn relationships(db: &Db, names: &[&str]) -> Result<()> {
    let contacts = Contact::objects()
        .filter(Contact::NAME.is_in(names.iter().copied()))
        .prefetch(Prefetch::of(Contact::RELATIONSHIPS).prefetch(ContactRelationship::TYPES))
        .all(db)
        .await?;
    let ids: Vec<i64> = contacts
        .iter()
        .flat_map(|c| {
            c.relationships
                .loaded()
                .into_iter()
                .flatten()
                .map(|r| *r.to_contact.key())
        })
        .collect();
    let others = Contact::objects()
        .filter(Contact::ID.is_in(ids))
        .all(db)
        .await?;
    let name_of = |id: &i64| {
        others
            .iter()
            .find(|c| &c.id == id)
            .map_or("?", |c| c.name.as_str())
    };
    for contact in &contacts {
        let rels = contact.relationships.loaded()?;
        if rels.is_empty() {
            println!("{}: no related contacts", contact.name);
        }
        for rel in rels {
            let types: Vec<&str> = rel
                .types
                .loaded()?
                .iter()
                .map(|t| t.name.as_str())
                .collect();
            println!(
                "{} -> {} ({})",
                contact.name,
                name_of(rel.to_contact.key()),
                types.join(", ")
            );
        }
    }
    Ok(())
}

async fn run() -> Result<()> {
    let db = testing::example_database("crm").await?;
    schema()?.create_all(&db).await?;
    seed(&db).await?;

    // Filters: every value is a bound parameter.
    let a_names = Contact::objects()
        .filter(Contact::NAME.starts_with("A") & !Contact::NAME.ends_with("Cole"))
        .limit(3)
        .all(&db)
        .await?;
    let shown: Vec<&str> = a_names.iter().map(|c| c.name.as_str()).collect();
    println!(
        "first contacts starting with A (not Coles): {}\n",
        shown.join(", ")
    );

    listing(&db).await?;
    busiest(&db).await?;

    // Symmetric relationships through a model with its own many-to-many.
    let ann = Contact::objects()
        .filter(Contact::NAME.eq("Ann Adams"))
        .one(&db)
        .await?;
    let bob = Contact::objects()
        .filter(Contact::NAME.eq("Bob Adams"))
        .one(&db)
        .await?;
    let cleo = Contact::objects()
        .filter(Contact::NAME.eq("Cleo Adams"))
        .one(&db)
        .await?;
    let mut kinds = vec![
        RelationshipType {
            id: 0,
            name: "colleague".into(),
        },
        RelationshipType {
            id: 0,
            name: "family".into(),
        },
    ];
    RelationshipType::insert_many(&db, &mut kinds).await?;
    Contact::CONTACTS.add(&db, &ann, [&bob, &cleo]).await?; // writes both directions
    for rel in ContactRelationship::objects().all(&db).await? {
        let kind = if rel.to_contact.key() == &cleo.id || rel.from_contact.key() == &cleo.id {
            &kinds[1]
        } else {
            &kinds[0]
        };
        ContactRelationship::TYPES.add(&db, &rel, kind).await?;
    }
    let names = ["Ann Adams", "Bob Adams", "Cleo Adams"];
    relationships(&db, &names).await?;
    println!("\nremoving Bob's relationship to Ann (from Bob's side):");
    Contact::CONTACTS.remove(&db, &bob, &ann).await?;
    relationships(&db, &names).await?;
    println!("\n{} statements sent in all", db.statements_sent());
    Ok(())
}

#[tokio::main]
async fn main() {
    orm_examples::exit_on_error(run().await);
}
