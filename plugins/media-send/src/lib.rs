//! `media-send`: send a file from base64 bytes or an https URL (asks only
//! for telegram-write). Never a path: the host's files are out of reach, and
//! the URL is fetched by the host with size and time caps.
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use tgmcp_sdk::{
    write, Date, FileOptions, MediaSource, Message, ParseMode, Peer, Profile, SendOptions, Tool,
    ToolError,
};

/// Most bytes the host sends (base64 text is a third larger).
const MAX_BYTES: usize = 20 * 1024 * 1024;

#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
struct SendFileArgs {
    chat: Peer,
    /// The file's bytes, base64 (standard alphabet, padding optional); give this or `url`
    data_base64: Option<String>,
    /// An https URL the server downloads (public addresses only, at most 20 MB); give this or `data_base64`
    url: Option<String>,
    /// MIME type, e.g. image/png; guessed from the bytes when left out
    mime: Option<String>,
    /// File name shown in the chat, e.g. report.pdf
    #[schemars(length(max = 255))]
    file_name: Option<String>,
    /// Text under the file
    #[serde(default)]
    #[schemars(length(max = 1024))]
    caption: String,
    #[serde(default)]
    parse_mode: ParseMode,
    /// Id of the message to reply to
    reply_to: Option<i32>,
    /// Send without notification
    #[serde(default)]
    silent: bool,
    /// Forum topic to post into
    topic: Option<i32>,
    /// Send then instead of now
    schedule_at: Option<Date>,
    /// Send an image as a file (kept byte for byte) instead of a recompressed photo
    #[serde(default)]
    force_document: bool,
}

mod album;
mod stickers;

#[derive(Serialize, JsonSchema)]
pub(crate) struct Sent {
    /// The message's id in `chat_id`; download_media and the read tools take it.
    message_id: i32,
    chat_id: i64,
    message: Message,
}

/// The bytes of a file: decoded base64 or a URL the host fetches.
pub(crate) fn source_of(
    data: Option<String>,
    url: Option<String>,
    mime: Option<String>,
    file_name: Option<String>,
) -> Result<MediaSource, ToolError> {
    tgmcp_sdk::media_source(data, url, mime, file_name, MAX_BYTES)
}

fn source(a: &mut SendFileArgs) -> Result<MediaSource, ToolError> {
    source_of(
        a.data_base64.take(),
        a.url.take(),
        a.mime.take(),
        a.file_name.take(),
    )
}

fn send_file(mut a: SendFileArgs) -> Result<Sent, ToolError> {
    let src = source(&mut a)?;
    let opts = FileOptions {
        send: SendOptions {
            reply_to: a.reply_to,
            silent: a.silent,
            parse_mode: a.parse_mode,
            topic: a.topic,
            schedule_at: a.schedule_at.map(Date::unix),
            link_preview: None,
        },
        force_document: a.force_document,
    };
    let message = write::send_file(&a.chat, &src, &a.caption, opts)?;
    Ok(Sent {
        message_id: message.id,
        chat_id: message.chat_id,
        message,
    })
}

tgmcp_sdk::plugin![
    Tool::new(
        "send_file",
        "Send a photo or file to a chat from base64 bytes (data_base64, with mime and \
     file_name) or an https URL the server downloads; never a path on the server. \
     Images go as photos (recompressed by Telegram) unless force_document. Returns the \
     new message and its id.",
    )
    .title("Send file")
    .example(r#"{"chat": "me", "data_base64": "U2hvcHBpbmcgbGlzdDogb2F0IG1pbGs=", "file_name": "list.txt", "caption": "The list"}"#)
    .profile(Profile::Core)
    .sends()
    .run(send_file),
    album::album_tool(),
    album::voice_tool(),
    album::location_tool(),
    album::contact_tool(),
    album::dice_tool(),
    stickers::sticker_tool(),
    stickers::gif_tool(),
    stickers::video_note_tool(),
];
