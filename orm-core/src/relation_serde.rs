//! `Serialize`/`Deserialize` for the relation field types (feature
//! `serde`), so `#[derive(Model, Serialize, Deserialize)]` works on a model
//! with relations:
//!
//! - a [`ForeignKey`] serialises the object it points at when that was
//!   loaded (`select_related`, `set_loaded`), else its key; it
//!   deserialises from the key (the object is then not loaded);
//! - a [`ManyToMany`] or [`Reverse`](crate::Reverse) serialises its loaded
//!   objects as a sequence, or `null` when it was not loaded; it
//!   deserialises from a sequence (loaded) or `null` (not loaded).

use serde::de::{Deserialize, Deserializer};
use serde::ser::{Serialize, Serializer};

use crate::model::{ForeignKey, ManyToMany, Model};

impl<T: Model + Serialize, K: Serialize> Serialize for ForeignKey<T, K> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self.loaded() {
            Ok(object) => object.serialize(serializer),
            Err(_) => self.key().serialize(serializer),
        }
    }
}

impl<'de, T: Model, K: Deserialize<'de>> Deserialize<'de> for ForeignKey<T, K> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        K::deserialize(deserializer).map(ForeignKey::new)
    }
}

impl<T: Serialize> Serialize for ManyToMany<T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self.loaded() {
            Ok(items) => items.serialize(serializer),
            Err(_) => serializer.serialize_none(),
        }
    }
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for ManyToMany<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let items = Option::<Vec<T>>::deserialize(deserializer)?;
        let mut relation = ManyToMany::default();
        if let Some(items) = items {
            relation.set_loaded(items);
        }
        Ok(relation)
    }
}
