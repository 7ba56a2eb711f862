//! What a message's media is ([`MediaInfo`]), from the raw TL media.

use grammers_client::tl::enums;

use crate::telegram::records::{MediaInfo, MediaKind};
use crate::telegram::untrusted;

fn info(kind: MediaKind) -> MediaInfo {
    MediaInfo {
        kind,
        mime: None,
        size: None,
        file_name: None,
        duration: None,
        width: None,
        height: None,
        summary: None,
    }
}

/// Non-negative sizes only: a negative one from the wire means "unknown".
fn u32_of(v: i32) -> Option<u32> {
    u32::try_from(v).ok()
}

fn photo(p: &enums::Photo) -> MediaInfo {
    let mut out = info(MediaKind::Photo);
    out.mime = Some("image/jpeg".into());
    if let enums::Photo::Photo(p) = p {
        // The largest size is what a download returns.
        let largest = p
            .sizes
            .iter()
            .filter_map(|s| match s {
                enums::PhotoSize::Size(s) => Some((s.w, s.h, s.size.max(0) as u64)),
                enums::PhotoSize::Progressive(s) => Some((
                    s.w,
                    s.h,
                    s.sizes.iter().copied().max().unwrap_or(0).max(0) as u64,
                )),
                _ => None,
            })
            .max_by_key(|(w, h, size)| (i64::from(*w) * i64::from(*h), *size));
        if let Some((w, h, size)) = largest {
            out.width = u32_of(w);
            out.height = u32_of(h);
            out.size = (size > 0).then_some(size);
        }
    }
    out
}

fn document(d: &enums::Document, voice: bool, round: bool, video: bool) -> MediaInfo {
    let enums::Document::Document(d) = d else {
        return info(MediaKind::Document);
    };
    let mut kind = if voice {
        MediaKind::Voice
    } else if round {
        MediaKind::Round
    } else if video {
        MediaKind::Video
    } else {
        MediaKind::Document
    };
    let mut out = info(kind);
    let mut animated = false;
    for a in &d.attributes {
        match a {
            enums::DocumentAttribute::Filename(f) => {
                out.file_name = untrusted::opt_name(Some(&f.file_name))
            }
            enums::DocumentAttribute::Audio(a) => {
                out.duration = Some(f64::from(a.duration));
                if kind == MediaKind::Document {
                    kind = if a.voice {
                        MediaKind::Voice
                    } else {
                        MediaKind::Audio
                    };
                }
            }
            enums::DocumentAttribute::Video(v) => {
                out.duration = Some(v.duration);
                out.width = u32_of(v.w);
                out.height = u32_of(v.h);
                if kind == MediaKind::Document {
                    kind = if v.round_message {
                        MediaKind::Round
                    } else {
                        MediaKind::Video
                    };
                }
            }
            enums::DocumentAttribute::ImageSize(s) => {
                out.width = u32_of(s.w);
                out.height = u32_of(s.h);
            }
            enums::DocumentAttribute::Sticker(_) => kind = MediaKind::Sticker,
            enums::DocumentAttribute::Animated => animated = true,
            _ => {}
        }
    }
    if animated && kind != MediaKind::Sticker {
        kind = MediaKind::Gif;
    }
    out.kind = kind;
    out.mime = untrusted::opt_name(Some(&d.mime_type));
    out.size = u64::try_from(d.size).ok();
    out
}

/// What `media` is; `None` for no media.
pub fn media_of(media: &enums::MessageMedia) -> Option<MediaInfo> {
    let mut info = kind_of(media)?;
    info.summary = super::describe::media_summary(media);
    Some(info)
}

fn kind_of(media: &enums::MessageMedia) -> Option<MediaInfo> {
    use enums::MessageMedia as M;
    Some(match media {
        M::Empty => return None,
        M::Photo(p) => match &p.photo {
            Some(ph) => photo(ph),
            None => info(MediaKind::Photo),
        },
        M::Document(d) => match &d.document {
            Some(doc) => document(doc, d.voice, d.round, d.video),
            None => info(MediaKind::Document),
        },
        M::Geo(_) | M::GeoLive(_) | M::Venue(_) => info(MediaKind::Location),
        M::Contact(_) => info(MediaKind::Contact),
        M::Poll(_) => info(MediaKind::Poll),
        M::WebPage(_) => info(MediaKind::Webpage),
        _ => info(MediaKind::Other),
    })
}

/// The search filter for one media kind.
pub fn filter_of(kind: MediaKind) -> enums::MessagesFilter {
    use enums::MessagesFilter as F;
    match kind {
        MediaKind::Photo => F::InputMessagesFilterPhotos,
        MediaKind::Video => F::InputMessagesFilterVideo,
        MediaKind::Document | MediaKind::Sticker | MediaKind::Other => {
            F::InputMessagesFilterDocument
        }
        MediaKind::Voice => F::InputMessagesFilterVoice,
        MediaKind::Audio => F::InputMessagesFilterMusic,
        MediaKind::Round => F::InputMessagesFilterRoundVideo,
        MediaKind::Gif => F::InputMessagesFilterGif,
        MediaKind::Location => F::InputMessagesFilterGeo,
        MediaKind::Contact => F::InputMessagesFilterContacts,
        MediaKind::Poll => F::InputMessagesFilterPoll,
        MediaKind::Webpage => F::InputMessagesFilterUrl,
    }
}
