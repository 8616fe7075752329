//! Models with relation fields through serde (feature `serde`): loaded
//! relations serialise their objects, unloaded ones their key or `null`.

use orm::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Model, Debug, Clone, Serialize, Deserialize)]
#[orm(table = "sd_tag")]
pub struct Tag {
    #[orm(primary_key, auto)]
    pub id: i64,
    pub name: String,
}

#[derive(Model, Debug, Clone, Serialize, Deserialize)]
#[orm(table = "sd_author")]
pub struct Author {
    #[orm(primary_key, auto)]
    pub id: i64,
    pub name: String,
}

#[derive(Model, Debug, Clone, Serialize, Deserialize)]
#[orm(table = "sd_post")]
pub struct Post {
    #[orm(primary_key, auto)]
    pub id: i64,
    pub title: String,
    #[orm(related_name = "posts")]
    pub author: ForeignKey<Author>,
    pub tags: ManyToMany<Tag>,
}

#[orm::test]
async fn loaded_relations_serialise_objects_unloaded_their_key(db: Db) {
    Schema::new([Tag::META, Author::META, Post::META])
        .unwrap()
        .create_all(&db)
        .await
        .unwrap();
    let mut ann = Author {
        id: 0,
        name: "Ann".into(),
    };
    ann.insert(&db).await.unwrap();
    let mut tag = Tag {
        id: 0,
        name: "rust".into(),
    };
    tag.insert(&db).await.unwrap();
    let mut post = Post {
        id: 0,
        title: "Hello".into(),
        author: ForeignKey::key_of(&ann).unwrap(),
        tags: ManyToMany::default(),
    };
    post.insert(&db).await.unwrap();
    Post::TAGS.add(&db, &post, [&tag]).await.unwrap();

    let plain = Post::get(&db, post.id).await.unwrap();
    let json = serde_json::to_value(&plain).unwrap();
    assert_eq!(
        json,
        serde_json::json!({"id": post.id, "title": "Hello", "author": ann.id, "tags": null})
    );

    let full = Post::objects()
        .select_related(Post::AUTHOR)
        .prefetch(Post::TAGS)
        .one(&db)
        .await
        .unwrap();
    let json = serde_json::to_value(&full).unwrap();
    assert_eq!(
        json,
        serde_json::json!({
            "id": post.id,
            "title": "Hello",
            "author": {"id": ann.id, "name": "Ann"},
            "tags": [{"id": tag.id, "name": "rust"}],
        })
    );

    let back: Post = serde_json::from_value(serde_json::json!({
        "id": 7, "title": "T", "author": ann.id, "tags": [{"id": tag.id, "name": "rust"}]
    }))
    .unwrap();
    assert_eq!(*back.author.key(), ann.id);
    assert!(!back.author.is_loaded());
    assert_eq!(back.tags.loaded().unwrap().len(), 1);
    let unloaded: Post = serde_json::from_value(serde_json::json!({
        "id": 7, "title": "T", "author": ann.id, "tags": null
    }))
    .unwrap();
    assert!(unloaded.tags.loaded().unwrap_err().is_not_loaded());
}
