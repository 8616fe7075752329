//! The models of the scenarios the ORM serves.

#![allow(dead_code)]

use orm::prelude::*;

// ---- CRM: contacts, phones, addresses, symmetric relationships ----

#[derive(Model, Debug, Clone, PartialEq)]
#[orm(table = "crm_phone")]
pub struct Phone {
    #[orm(primary_key, auto)]
    pub id: i64,
    #[orm(max_length = 32, unique)]
    pub number: String,
}

#[derive(Model, Debug, Clone, PartialEq)]
#[orm(table = "crm_address")]
pub struct Address {
    #[orm(primary_key, auto)]
    pub id: i64,
    #[orm(max_length = 255)]
    pub street: String,
    pub city: Option<String>,
}

#[derive(Model, Debug, Clone, PartialEq)]
#[orm(table = "crm_contact", ordering(name))]
pub struct Contact {
    #[orm(primary_key, auto)]
    pub id: i64,
    #[orm(max_length = 255, index)]
    pub name: String,
    pub email: Option<String>,
    #[orm(default = "0")]
    pub score: i32,
    pub phones: ManyToMany<Phone>,
    pub addresses: ManyToMany<Address>,
    #[orm(through = ContactRelationship, source = from_contact, target = to_contact,
          symmetrical, related_name = "+")]
    pub contacts: ManyToMany<Contact>,
    /// The contact's outgoing relationship rows.
    #[orm(via = from_contact)]
    pub relationships: Reverse<ContactRelationship>,
}

#[derive(Model, Debug, Clone, PartialEq)]
#[orm(table = "crm_relationshiptype")]
pub struct RelationshipType {
    #[orm(primary_key, auto)]
    pub id: i64,
    #[orm(max_length = 64, unique)]
    pub name: String,
}

#[derive(Model, Debug, Clone, PartialEq)]
#[orm(
    table = "crm_contactrelationship",
    unique_together(from_contact, to_contact)
)]
pub struct ContactRelationship {
    #[orm(primary_key, auto)]
    pub id: i64,
    #[orm(related_name = "contact_relationships")]
    pub types: ManyToMany<RelationshipType>,
    #[orm(related_name = "from_contacts", on_delete = Cascade)]
    pub from_contact: ForeignKey<Contact>,
    #[orm(related_name = "to_contacts", on_delete = Cascade)]
    pub to_contact: ForeignKey<Contact>,
    pub since: Option<i32>,
}

/// An asymmetric self-relation: followers.
#[derive(Model, Debug, Clone, PartialEq)]
#[orm(table = "social_user")]
pub struct User {
    #[orm(primary_key, auto)]
    pub id: i64,
    pub name: String,
    #[orm(related_name = "followers")]
    pub follows: ManyToMany<User>,
}

// ---- translations: labels, translations, pages ----

#[derive(Model, Debug, Clone, PartialEq)]
#[orm(table = "tr_label")]
pub struct Label {
    #[orm(primary_key, auto)]
    pub id: i64,
    #[orm(via = des)]
    pub translations: Reverse<Translation>,
}

#[derive(Model, Debug, Clone, PartialEq)]
#[orm(table = "tr_translation", ordering(lng), unique_together(des, lng),
      translations(label = des, language = lng, text = text))]
pub struct Translation {
    #[orm(primary_key, auto)]
    pub id: i64,
    pub text: Option<String>,
    #[orm(max_length = 8, index)]
    pub lng: String,
    #[orm(on_delete = Cascade, related_name = "translations")]
    pub des: ForeignKey<Label>,
}

#[derive(Model, Debug, Clone, PartialEq)]
#[orm(table = "tr_page")]
pub struct Page {
    #[orm(primary_key, auto)]
    pub id: i64,
    #[orm(max_length = 64, unique)]
    pub code: String,
    #[orm(on_delete = SetNull, related_name = "+")]
    pub content: Option<ForeignKey<Label>>,
    #[orm(on_delete = SetNull, related_name = "+")]
    pub keywords: Option<ForeignKey<Label>>,
    #[orm(on_delete = SetNull, related_name = "+")]
    pub description: Option<ForeignKey<Label>>,
    #[orm(on_delete = SetNull, related_name = "+")]
    pub title: Option<ForeignKey<Label>>,
    #[orm(on_delete = SetNull, related_name = "children")]
    pub parent: Option<ForeignKey<Page>>,
}

// ---- legacy telephony: text primary key, foreign key to a unique column ----

#[derive(Model, Debug, Clone, PartialEq)]
#[orm(
    table = "cdr",
    check(name = "cdr_duration_nonnegative", sql = "duration >= 0")
)]
pub struct CallRecord {
    #[orm(primary_key, max_length = 64)]
    pub call_id: String,
    #[orm(unique, max_length = 64)]
    pub uniqueid: String,
    #[orm(read_only, default = "now()", db_type = "timestamptz")]
    pub received_at: Option<std::time::SystemTime>,
    pub duration: i32,
}

#[derive(Model, Debug, Clone, PartialEq)]
#[orm(table = "crm_interaction")]
pub struct Interaction {
    #[orm(primary_key, auto)]
    pub id: i64,
    #[orm(to_field = "uniqueid", column = "call_uniqueid", on_delete = Cascade)]
    pub call: ForeignKey<CallRecord, String>,
    #[orm(on_delete = Cascade)]
    pub contact: ForeignKey<Contact>,
    pub note: Option<String>,
}
