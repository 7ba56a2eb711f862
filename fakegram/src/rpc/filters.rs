//! What messages.search and messages.searchGlobal match: words and
//! Telegram's media filters, over stored media (seeded with bytes, or sent)
//! and media only described; service messages are never found.

use grammers_tl_types::enums;

use crate::account::{Account, Message};
use crate::extras::Media as StoredMedia;

/// What kind of media a message has, for the search filters: stored media
/// (seeded with bytes, or sent) first, then media only described.
#[derive(PartialEq)]
enum Kind {
    None,
    Photo,
    Video,
    Document,
    Voice,
    Round,
    Music,
    Gif,
    Geo,
    Contact,
    Poll,
    /// A link preview.
    Link,
    Other,
}

fn kind_of(acc: &Account, m: &Message) -> Kind {
    use enums::MessageMedia as M;
    match acc.ext.media.get(&(m.peer, m.id)) {
        Some(StoredMedia::Photo { .. }) => return Kind::Photo,
        Some(StoredMedia::Document { voice: Some(_), .. }) => return Kind::Voice,
        Some(StoredMedia::Document { id, mime, .. }) => {
            return if acc.social.round.contains(id) {
                Kind::Round
            } else if mime.starts_with("video/") {
                Kind::Video
            } else if mime.starts_with("audio/") {
                Kind::Music
            } else {
                Kind::Document
            }
        }
        Some(StoredMedia::Poll(_)) => return Kind::Poll,
        Some(StoredMedia::Other(o)) => {
            return match o.as_ref() {
                M::Geo(_) | M::GeoLive(_) | M::Venue(_) => Kind::Geo,
                M::Contact(_) => Kind::Contact,
                M::WebPage(_) => Kind::Link,
                M::Poll(_) => Kind::Poll,
                M::Photo(_) => Kind::Photo,
                M::Document(d) if d.round => Kind::Round,
                M::Document(d) if d.voice => Kind::Voice,
                M::Document(d) if d.video => Kind::Video,
                M::Document(d) => match &d.document {
                    Some(enums::Document::Document(doc))
                        if doc
                            .attributes
                            .iter()
                            .any(|a| matches!(a, enums::DocumentAttribute::Animated)) =>
                    {
                        Kind::Gif
                    }
                    _ => Kind::Document,
                },
                _ => Kind::Other,
            }
        }
        None => {}
    }
    match &m.media {
        Some(crate::Media::Photo { .. }) => Kind::Photo,
        Some(crate::Media::Document { voice: Some(_), .. }) => Kind::Voice,
        // Described media is told apart by its type as stored media is.
        Some(crate::Media::Document { mime, .. }) if mime.starts_with("video/") => Kind::Video,
        Some(crate::Media::Document { mime, .. }) if mime.starts_with("audio/") => Kind::Music,
        Some(crate::Media::Document { .. }) => Kind::Document,
        None => Kind::None,
    }
}

pub(super) fn text_matches(
    acc: &Account,
    m: &Message,
    q: &str,
    filter: &enums::MessagesFilter,
) -> bool {
    use enums::MessagesFilter as F;
    let kind = kind_of(acc, m);
    let links = acc.ext.entities.get(&(m.peer, m.id)).is_some_and(|e| {
        e.iter().any(|e| {
            matches!(
                e,
                enums::MessageEntity::TextUrl(_) | enums::MessageEntity::Url(_)
            )
        })
    });
    let by_filter = match filter {
        F::InputMessagesFilterEmpty => true,
        F::InputMessagesFilterUrl => {
            links || kind == Kind::Link || m.text.contains("http://") || m.text.contains("https://")
        }
        F::InputMessagesFilterPinned => m.pinned,
        F::InputMessagesFilterPhotos => kind == Kind::Photo,
        F::InputMessagesFilterPhotoVideo => matches!(kind, Kind::Photo | Kind::Video),
        F::InputMessagesFilterVideo => kind == Kind::Video,
        // Telegram's file filter: documents that are not voice, round, GIF or sticker.
        F::InputMessagesFilterDocument => matches!(kind, Kind::Document | Kind::Music),
        F::InputMessagesFilterMusic => kind == Kind::Music,
        F::InputMessagesFilterVoice => kind == Kind::Voice,
        F::InputMessagesFilterRoundVideo => kind == Kind::Round,
        F::InputMessagesFilterRoundVoice => matches!(kind, Kind::Voice | Kind::Round),
        F::InputMessagesFilterGif => kind == Kind::Gif,
        F::InputMessagesFilterGeo => kind == Kind::Geo,
        F::InputMessagesFilterContacts => kind == Kind::Contact,
        F::InputMessagesFilterPoll => kind == Kind::Poll,
        _ => false,
    };
    // Searches find messages, not service messages.
    let service = m.topic_created.is_some()
        || acc.ext.actions.contains_key(&(m.peer, m.id))
        || acc.ext.groups.created.contains_key(&(m.peer, m.id));
    by_filter && !service && (q.is_empty() || m.text.to_lowercase().contains(&q.to_lowercase()))
}
