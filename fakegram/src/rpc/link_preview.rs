//! Link previews: the first link of a text, when it is a page Telegram
//! knows (`perks.pages`), previewed as `messageMediaWebPage`. A sent message
//! carries the preview unless sent with `no_webpage`, as at Telegram; a page
//! with no metadata gets none.

use grammers_tl_types::{enums, types};

use crate::account::Account;

/// The first link of `text`: a bare URL or a text link's target.
fn first_link(text: &str, entities: &Option<Vec<enums::MessageEntity>>) -> Option<String> {
    let bare = text
        .split_whitespace()
        .find(|w| w.starts_with("http://") || w.starts_with("https://"))
        .map(str::to_string);
    bare.or_else(|| {
        entities.iter().flatten().find_map(|e| match e {
            enums::MessageEntity::TextUrl(t) => Some(t.url.clone()),
            _ => None,
        })
    })
}

/// The preview of the first link in `text`, if its page is known.
pub(crate) fn preview(
    acc: &Account,
    text: &str,
    entities: &Option<Vec<enums::MessageEntity>>,
) -> Option<enums::MessageMedia> {
    let url = first_link(text, entities)?;
    let p = acc.perks.pages.iter().find(|p| p.url == url)?;
    Some(
        types::MessageMediaWebPage {
            force_large_media: false,
            force_small_media: false,
            manual: false,
            safe: true,
            webpage: types::WebPage {
                has_large_media: false,
                video_cover_photo: false,
                id: 9_000_000_001,
                url: p.url.clone(),
                display_url: p.url.trim_start_matches("https://").into(),
                hash: 0,
                r#type: Some("article".into()),
                site_name: Some(p.site.clone()),
                title: Some(p.title.clone()),
                description: Some(p.description.clone()),
                photo: None,
                embed_url: None,
                embed_type: None,
                embed_width: None,
                embed_height: None,
                duration: None,
                author: None,
                document: None,
                cached_page: None,
                attributes: None,
            }
            .into(),
        }
        .into(),
    )
}
