//! Photos and files attached to messages: the account's record and its TL
//! shape (metadata only; fakegram serves no file bytes).

use grammers_tl_types::{enums, types};

/// A message's photo or file (metadata only: fakegram serves no file bytes).
#[derive(Clone, Debug, PartialEq)]
pub enum Media {
    Photo {
        id: i64,
        w: i32,
        h: i32,
        size: i32,
    },
    Document {
        id: i64,
        mime: String,
        size: i64,
        file_name: Option<String>,
        /// A voice note (with its duration in seconds).
        voice: Option<i32>,
    },
}

/// A photo or document as Telegram describes it (no file bytes behind it).
pub(crate) fn to_tl(m: &Media) -> enums::MessageMedia {
    match m {
        Media::Photo { id, w, h, size } => types::MessageMediaPhoto {
            spoiler: false,
            live_photo: false,
            photo: Some(
                types::Photo {
                    has_stickers: false,
                    id: *id,
                    access_hash: crate::access_hash(*id),
                    file_reference: vec![1, 2, 3, 4],
                    date: 0,
                    sizes: vec![
                        types::PhotoSize {
                            r#type: "m".into(),
                            w: w / 4,
                            h: h / 4,
                            size: size / 10,
                        }
                        .into(),
                        types::PhotoSize {
                            r#type: "y".into(),
                            w: *w,
                            h: *h,
                            size: *size,
                        }
                        .into(),
                    ],
                    video_sizes: None,
                    dc_id: 2,
                }
                .into(),
            ),
            ttl_seconds: None,
            video: None,
        }
        .into(),
        Media::Document {
            id,
            mime,
            size,
            file_name,
            voice,
        } => {
            let mut attributes: Vec<enums::DocumentAttribute> = Vec::new();
            if let Some(name) = file_name {
                attributes.push(
                    types::DocumentAttributeFilename {
                        file_name: name.clone(),
                    }
                    .into(),
                );
            }
            if let Some(duration) = voice {
                attributes.push(
                    types::DocumentAttributeAudio {
                        voice: true,
                        duration: *duration,
                        title: None,
                        performer: None,
                        waveform: None,
                    }
                    .into(),
                );
            }
            types::MessageMediaDocument {
                nopremium: false,
                spoiler: false,
                video: false,
                round: false,
                voice: voice.is_some(),
                document: Some(
                    types::Document {
                        id: *id,
                        access_hash: crate::access_hash(*id),
                        file_reference: vec![1, 2, 3, 4],
                        date: 0,
                        mime_type: mime.clone(),
                        size: *size,
                        thumbs: None,
                        video_thumbs: None,
                        dc_id: 2,
                        attributes,
                    }
                    .into(),
                ),
                alt_documents: None,
                video_cover: None,
                video_timestamp: None,
                ttl_seconds: None,
            }
            .into()
        }
    }
}
