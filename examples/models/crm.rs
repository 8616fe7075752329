//! The CRM scenario: contacts with phones and addresses, and symmetric
//! relationships between contacts that carry their own types.

use orm::prelude::*;

/// A phone number; several contacts may share one (a switchboard).
#[derive(Model, Debug, Clone)]
#[orm(table = "crm_phone", ordering(number))]
pub struct Phone {
    /// Identity key.
    #[orm(primary_key, auto)]
    pub id: i64,
    /// The number as dialled.
    #[orm(max_length = 32, unique)]
    pub number: String,
}

/// A postal address.
#[derive(Model, Debug, Clone)]
#[orm(table = "crm_address", ordering(street))]
pub struct Address {
    /// Identity key.
    #[orm(primary_key, auto)]
    pub id: i64,
    /// Street and number.
    #[orm(max_length = 255)]
    pub street: String,
    /// City, when known.
    pub city: Option<String>,
}

/// A person in the CRM.
#[derive(Model, Debug, Clone)]
#[orm(table = "crm_contact", ordering(name))]
pub struct Contact {
    /// Identity key.
    #[orm(primary_key, auto)]
    pub id: i64,
    /// Full name.
    #[orm(max_length = 255, index)]
    pub name: String,
    /// Phones (junction `crm_contact_phones`).
    pub phones: ManyToMany<Phone>,
    /// Addresses (junction `crm_contact_addresses`).
    pub addresses: ManyToMany<Address>,
    /// Other contacts, symmetrically, through [`ContactRelationship`].
    #[orm(through = ContactRelationship, source = from_contact, target = to_contact,
          symmetrical, related_name = "+")]
    pub contacts: ManyToMany<Contact>,
    /// This contact's relationship rows (one per related contact).
    #[orm(via = from_contact)]
    pub relationships: Reverse<ContactRelationship>,
}

impl Contact {
    /// A new, unsaved contact.
    pub fn new(name: &str) -> Contact {
        Contact {
            id: 0,
            name: name.to_owned(),
            phones: ManyToMany::default(),
            addresses: ManyToMany::default(),
            contacts: ManyToMany::default(),
            relationships: Reverse::default(),
        }
    }
}

/// A kind of relationship: colleague, family, ...
#[derive(Model, Debug, Clone)]
#[orm(table = "crm_relationshiptype", ordering(name))]
pub struct RelationshipType {
    /// Identity key.
    #[orm(primary_key, auto)]
    pub id: i64,
    /// The kind's name.
    #[orm(max_length = 64, unique)]
    pub name: String,
}

/// One direction of a relationship between two contacts; symmetric
/// writes keep both directions.
#[derive(Model, Debug, Clone)]
#[orm(
    table = "crm_contactrelationship",
    unique_together(from_contact, to_contact)
)]
pub struct ContactRelationship {
    /// Identity key.
    #[orm(primary_key, auto)]
    pub id: i64,
    /// The kinds of this relationship.
    #[orm(related_name = "contact_relationships")]
    pub types: ManyToMany<RelationshipType>,
    /// The contact the relationship starts from.
    #[orm(related_name = "from_contacts", on_delete = Cascade)]
    pub from_contact: ForeignKey<Contact>,
    /// The related contact.
    #[orm(related_name = "to_contacts", on_delete = Cascade)]
    pub to_contact: ForeignKey<Contact>,
}

/// Every model of the scenario, verified together.
///
/// # Errors
/// The models are inconsistent (they are not).
pub fn schema() -> Result<Schema> {
    Schema::new([
        Contact::META,
        Phone::META,
        Address::META,
        ContactRelationship::META,
        RelationshipType::META,
    ])
}
